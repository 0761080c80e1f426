#include "landauer/core/float_math.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>

namespace landauer {
namespace {

// Every uniform FillStandardNormalFloat can draw, u = (2j + 1) 2^-24, j < 2^23.
float Uniform(std::uint32_t j) { return static_cast<float>((j << 1) | 1u) / 16777216.0f; }

TEST(FloatMath, LogMatchesDoubleOverEveryUniform) {
  double worst = 0.0;
  for (std::uint32_t j = 0; j < (1u << 23); ++j) {
    const float u = Uniform(j);
    const double exact = std::log(static_cast<double>(u));
    worst = std::max(worst, std::abs(LogFloat(u) - exact) / std::abs(exact));
  }
  EXPECT_LT(worst, 1.2e-7);
}

TEST(FloatMath, LogMatchesDoubleOverTheNormalFloats) {
  // Every exponent, mantissas on a grid, and the reduction's edges at √½ and √2.
  double worst = 0.0;
  for (float x = std::numeric_limits<float>::min(); x < 1e38f; x *= 1.0001373f) {
    const double exact = std::log(static_cast<double>(x));
    // Near x = 1 the result is tiny: measure it against max(|ln x|, |x − 1|), the scale of f.
    const double scale = std::max(std::abs(exact), std::abs(static_cast<double>(x) - 1.0));
    worst = std::max(worst, std::abs(LogFloat(x) - exact) / scale);
  }
  EXPECT_LT(worst, 1.2e-7);
  EXPECT_EQ(LogFloat(1.0f), 0.0f);
  // Outside the domain: a finite number, computed without overflow (UBSan checks the shift and
  // the subtraction in the sanitised build).
  for (const float x : {-0.0f, 0.0f, -1.0f, -1e-30f, std::numeric_limits<float>::denorm_min()}) {
    EXPECT_TRUE(std::isfinite(LogFloat(x))) << x;
  }
  EXPECT_NEAR(LogFloat(std::numbers::sqrt2_v<float>), std::numbers::ln2 / 2, 1e-7);
  EXPECT_NEAR(LogFloat(1.0f / std::numbers::sqrt2_v<float>), -std::numbers::ln2 / 2, 1e-7);
}

TEST(FloatMath, ExpMatchesDoubleAndClamps) {
  double worst = 0.0;
  for (float x = -80.0f; x <= 80.0f; x += 1.0e-3f) {
    const double exact = std::exp(static_cast<double>(x));
    worst = std::max(worst, std::abs(ExpFloat(x) - exact) / exact);
  }
  EXPECT_LT(worst, 1.2e-7);
  EXPECT_EQ(ExpFloat(0.0f), 1.0f);
  // Clamped to [−87, 88]: finite and normal at both ends, whatever the argument.
  EXPECT_NEAR(ExpFloat(1e30f) / std::exp(88.0), 1.0, 1.2e-7);
  EXPECT_NEAR(ExpFloat(-1e30f) / std::exp(-87.0), 1.0, 1.2e-7);
  EXPECT_TRUE(std::isnormal(ExpFloat(-1e30f)));
  EXPECT_EQ(ExpFloat(std::numeric_limits<float>::quiet_NaN()), ExpFloat(-87.0f));
  EXPECT_EQ(ExpFloat(-std::numeric_limits<float>::infinity()), ExpFloat(-87.0f));
  EXPECT_EQ(ExpFloat(std::numeric_limits<float>::infinity()), ExpFloat(88.0f));
}

TEST(FloatMath, SinCosTurnMatchesDoubleOverEveryUniform) {
  double worst = 0.0;
  for (std::uint32_t j = 0; j < (1u << 23); ++j) {
    const float u = Uniform(j);
    const double theta = 2.0 * std::numbers::pi * static_cast<double>(u);
    float s = 0.0f, c = 0.0f;
    SinCosTurn(u, s, c);
    worst = std::max({worst, std::abs(s - std::sin(theta)), std::abs(c - std::cos(theta))});
  }
  EXPECT_LT(worst, 1.2e-7);
  // Every quadrant's signs and the swap: the quarter turns are exact.
  const float expected[][3] = {{0.0f, 0.0f, 1.0f},
                               {0.25f, 1.0f, 0.0f},
                               {0.5f, 0.0f, -1.0f},
                               {0.75f, -1.0f, 0.0f},
                               {-0.25f, -1.0f, 0.0f}};
  for (const auto& [u, sine, cosine] : expected) {
    float s = 2.0f, c = 2.0f;
    SinCosTurn(u, s, c);
    EXPECT_EQ(std::abs(s - sine), 0.0f) << u;
    EXPECT_EQ(std::abs(c - cosine), 0.0f) << u;
  }
  // Beyond one turn: sin and cos of 2π u for u up to 2^20 (u − k/4 is exact).
  for (const float u : {1.1f, -3.3f, 1000.37f, 1048575.75f}) {
    float s = 0.0f, c = 0.0f;
    SinCosTurn(u, s, c);
    const double turn = static_cast<double>(u) - std::floor(static_cast<double>(u));
    EXPECT_NEAR(s, std::sin(2.0 * std::numbers::pi * turn), 1.2e-7) << u;
    EXPECT_NEAR(c, std::cos(2.0 * std::numbers::pi * turn), 1.2e-7) << u;
  }
}

TEST(FloatMath, RoundHalfAwayIsStdRound) {
  const float specials[] = {0.0f,
                            -0.0f,
                            0.5f,
                            -0.5f,
                            1.5f,
                            -2.5f,
                            0.49999997f,
                            -0.49999997f,
                            8388607.5f,
                            -8388607.5f,
                            8388609.0f,
                            3e38f,
                            std::numeric_limits<float>::denorm_min(),
                            std::numeric_limits<float>::infinity(),
                            -std::numeric_limits<float>::infinity()};
  for (const float x : specials) {
    EXPECT_EQ(std::bit_cast<std::uint32_t>(RoundHalfAway(x)),
              std::bit_cast<std::uint32_t>(std::round(x)))
        << x;
  }
  EXPECT_TRUE(std::isnan(RoundHalfAway(std::numeric_limits<float>::quiet_NaN())));
  // Every float in [−130, 130] on a fine grid, the halves among them.
  for (float x = -130.0f; x <= 130.0f; x = std::nextafter(x, 200.0f) + 1.0e-4f) {
    ASSERT_EQ(std::bit_cast<std::uint32_t>(RoundHalfAway(x)),
              std::bit_cast<std::uint32_t>(std::round(x)))
        << x;
  }
  for (int k = -300; k <= 300; ++k) {
    const float half = static_cast<float>(k) + 0.5f;
    EXPECT_EQ(RoundHalfAway(half), std::round(half)) << half;
  }
}

}  // namespace
}  // namespace landauer

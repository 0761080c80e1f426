#include "landauer/core/rng.h"

#include <algorithm>
#include <cmath>
#if defined(__AVX2__)
#include <immintrin.h>
#endif
#include <numbers>
#include <vector>

#include "landauer/core/argument_checks.h"
#include "landauer/core/check.h"
#include "landauer/core/float_math.h"
#include "landauer/core/matrix.h"
#include "landauer/core/parallel.h"

namespace landauer {
namespace {

// Philox constants (Salmon et al. 2011, Random123 philox.h).
constexpr std::uint32_t kPhiloxM0 = 0xD2511F53u;
constexpr std::uint32_t kPhiloxM1 = 0xCD9E8D57u;
constexpr std::uint32_t kPhiloxW0 = 0x9E3779B9u;  // golden ratio
constexpr std::uint32_t kPhiloxW1 = 0xBB67AE85u;  // sqrt(3) - 1

inline void MulHiLo(std::uint32_t a, std::uint32_t b, std::uint32_t& hi, std::uint32_t& lo) {
  const std::uint64_t product = static_cast<std::uint64_t>(a) * b;
  hi = static_cast<std::uint32_t>(product >> 32);
  lo = static_cast<std::uint32_t>(product);
}

constexpr std::uint64_t SplitMix64(std::uint64_t z) {
  z += 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ull;
constexpr std::uint64_t kFnvPrime = 0x100000001b3ull;

std::uint64_t Fnv1a(std::uint64_t hash, std::string_view bytes) {
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= kFnvPrime;
  }
  // A separator byte so ("ab","c") and ("a","bc") differ.
  hash ^= 0xFFu;
  hash *= kFnvPrime;
  return hash;
}

// 128-bit product for Lemire's method (a GCC/Clang extension; spelled so -Wpedantic accepts it).
__extension__ typedef unsigned __int128 Uint128;

constexpr double kTwoPow53Inv = 1.0 / 9007199254740992.0;  // 2^-53

}  // namespace

PhiloxCounter Philox4x32_10(PhiloxCounter counter, PhiloxKey key) {
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      key[0] += kPhiloxW0;
      key[1] += kPhiloxW1;
    }
    std::uint32_t hi0, lo0, hi1, lo1;
    MulHiLo(kPhiloxM0, counter[0], hi0, lo0);
    MulHiLo(kPhiloxM1, counter[2], hi1, lo1);
    counter = {hi1 ^ counter[1] ^ key[0], lo1, hi0 ^ counter[3] ^ key[1], lo0};
  }
  return counter;
}

std::uint64_t StreamKey(std::uint64_t run_seed,
                        std::string_view component,
                        std::string_view purpose) {
  std::uint64_t hash = kFnvOffset;
  for (int byte = 0; byte < 8; ++byte) {
    hash ^= (run_seed >> (8 * byte)) & 0xFFu;
    hash *= kFnvPrime;
  }
  hash = Fnv1a(hash, component);
  hash = Fnv1a(hash, purpose);
  return SplitMix64(hash);
}

Rng::Rng(std::uint64_t run_seed, std::string_view component, std::string_view purpose)
    : Rng(StreamKey(run_seed, component, purpose)) {}

Rng::Rng(std::uint64_t key, std::uint64_t substream) : key_(key), substream_(substream) {}

Rng Rng::Substream(std::uint64_t index) const {
  // Nesting: child index = SplitMix64(parent substream) + index, so a substream of a substream
  // does not collide with a direct substream of the root in practice (distinct 64-bit values).
  const std::uint64_t child = substream_ == 0 ? index + 1 : SplitMix64(substream_) + index + 1;
  return Rng(key_, child);
}

void Rng::Refill() {
  const PhiloxCounter counter = {static_cast<std::uint32_t>(block_),
                                 static_cast<std::uint32_t>(block_ >> 32),
                                 static_cast<std::uint32_t>(substream_),
                                 static_cast<std::uint32_t>(substream_ >> 32)};
  const PhiloxKey key = {static_cast<std::uint32_t>(key_), static_cast<std::uint32_t>(key_ >> 32)};
  buffer_ = Philox4x32_10(counter, key);
  buffered_ = 4;
  ++block_;
}

std::uint32_t Rng::NextU32() {
  if (buffered_ == 0) Refill();
  return buffer_[4 - buffered_--];
}

namespace {

// The ten Philox4x32 rounds on `lanes` blocks held as structure of arrays, one 32-bit word per
// 64-bit lane (c0[l] … c3[l] < 2^32 on input; on output only the low 32 bits of each lane are the
// word). With AVX2 or AVX-512 the 32 × 32 → 64-bit products are explicit vpmuludq (written as
// 64-bit multiplies, GCC 12 picks the slow vpmullq), which read only the low 32 bits of a lane:
// so the vector paths leave garbage in the high halves instead of masking them every round, and
// AVX-512 XORs three operands in one vpternlogq. Per round and 8 blocks that is 6 vector
// operations where masking and two XORs took 10 (the rounds are bound by the vector ports, not
// the multiplier). Integer arithmetic, so every path gives the same words.
template <std::size_t lanes>
void PhiloxRounds(std::uint64_t* c0,
                  std::uint64_t* c1,
                  std::uint64_t* c2,
                  std::uint64_t* c3,
                  std::uint32_t key0,
                  std::uint32_t key1) {
  constexpr std::uint64_t kLow = 0xFFFFFFFFu;
#if defined(__AVX512F__)
  constexpr std::size_t kWidth = 8;
  using V = __m512i;
  const auto load = [](const std::uint64_t* p) { return _mm512_load_si512(p); };
  const auto store = [](std::uint64_t* p, V v) { _mm512_store_si512(p, v); };
  const auto set1 = [](std::uint64_t x) { return _mm512_set1_epi64(static_cast<long long>(x)); };
  const auto mul = [](V a, V b) { return _mm512_mul_epu32(a, b); };
  const auto hi = [](V a) { return _mm512_srli_epi64(a, 32); };
  // a ^ b ^ c: truth table 0x96.
  const auto xor3 = [](V a, V b, V c) { return _mm512_ternarylogic_epi64(a, b, c, 0x96); };
#elif defined(__AVX2__)
  constexpr std::size_t kWidth = 4;
  using V = __m256i;
  const auto load = [](const std::uint64_t* p) {
    return _mm256_load_si256(reinterpret_cast<const __m256i*>(p));
  };
  const auto store = [](std::uint64_t* p, V v) {
    _mm256_store_si256(reinterpret_cast<__m256i*>(p), v);
  };
  const auto set1 = [](std::uint64_t x) { return _mm256_set1_epi64x(static_cast<long long>(x)); };
  const auto mul = [](V a, V b) { return _mm256_mul_epu32(a, b); };
  const auto hi = [](V a) { return _mm256_srli_epi64(a, 32); };
  const auto xor3 = [](V a, V b, V c) { return _mm256_xor_si256(_mm256_xor_si256(a, b), c); };
#endif
#if defined(__AVX2__)
  static_assert(lanes % kWidth == 0);
  const V m0 = set1(kPhiloxM0), m1 = set1(kPhiloxM1);
  for (std::size_t l = 0; l < lanes; l += kWidth) {
    V a = load(c0 + l), b = load(c1 + l), c = load(c2 + l), d = load(c3 + l);
    std::uint64_t k0 = key0, k1 = key1;
    for (int round = 0; round < 10; ++round) {
      if (round > 0) {
        k0 = (k0 + kPhiloxW0) & kLow;
        k1 = (k1 + kPhiloxW1) & kLow;
      }
      const V p0 = mul(a, m0), p1 = mul(c, m1);
      a = xor3(hi(p1), b, set1(k0));
      b = p1;  // its high half is the product's: ignored by mul, shifted out by hi
      c = xor3(hi(p0), d, set1(k1));
      d = p0;
    }
    store(c0 + l, a);
    store(c1 + l, b);
    store(c2 + l, c);
    store(c3 + l, d);
  }
#else
  std::uint64_t k0 = key0, k1 = key1;
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k0 = (k0 + kPhiloxW0) & kLow;
      k1 = (k1 + kPhiloxW1) & kLow;
    }
    for (std::size_t l = 0; l < lanes; ++l) {
      const std::uint64_t p0 = kPhiloxM0 * (c0[l] & kLow);
      const std::uint64_t p1 = kPhiloxM1 * (c2[l] & kLow);
      c0[l] = ((p1 >> 32) ^ c1[l] ^ k0) & kLow;
      c1[l] = p1 & kLow;
      c2[l] = ((p0 >> 32) ^ c3[l] ^ k1) & kLow;
      c3[l] = p0 & kLow;
    }
  }
#endif
}

}  // namespace

void Rng::FillU32(std::uint32_t* out, std::size_t n) {
  std::size_t i = 0;
  while (i < n && buffered_ > 0) out[i++] = NextU32();  // drain the current block
  constexpr std::size_t kLanes = 32;
  const std::uint32_t s0 = static_cast<std::uint32_t>(substream_),
                      s1 = static_cast<std::uint32_t>(substream_ >> 32);
  const std::uint32_t key0 = static_cast<std::uint32_t>(key_),
                      key1 = static_cast<std::uint32_t>(key_ >> 32);
  while (n - i >= 4 * kLanes) {
    // Structure of arrays over 32 consecutive blocks, one 32-bit word per 64-bit lane so the
    // 32 × 32 → 64-bit products vectorise (vpmuludq); the same rounds as Philox4x32_10.
    constexpr std::uint64_t kLow = 0xFFFFFFFFu;
    alignas(64) std::uint64_t c0[kLanes], c1[kLanes], c2[kLanes], c3[kLanes];
    for (std::size_t l = 0; l < kLanes; ++l) {
      const std::uint64_t block = block_ + l;
      c0[l] = block & kLow;
      c1[l] = block >> 32;
      c2[l] = s0;
      c3[l] = s1;
    }
    PhiloxRounds<kLanes>(c0, c1, c2, c3, key0, key1);
    for (std::size_t l = 0; l < kLanes; ++l) {
      out[i + 4 * l] = static_cast<std::uint32_t>(c0[l]);
      out[i + 4 * l + 1] = static_cast<std::uint32_t>(c1[l]);
      out[i + 4 * l + 2] = static_cast<std::uint32_t>(c2[l]);
      out[i + 4 * l + 3] = static_cast<std::uint32_t>(c3[l]);
    }
    block_ += kLanes;
    i += 4 * kLanes;
  }
  while (i < n) out[i++] = NextU32();
}

std::uint64_t Rng::NextU64() {
  const std::uint64_t hi = NextU32();
  const std::uint64_t lo = NextU32();
  return (hi << 32) | lo;
}

double Rng::Uniform() { return static_cast<double>(NextU64() >> 11) * kTwoPow53Inv; }

double Rng::UniformOpen() {
  // (k + 0.5) / 2^53 for k in [0, 2^53): symmetric, never 0 or 1.
  return (static_cast<double>(NextU64() >> 11) + 0.5) * kTwoPow53Inv;
}

std::uint64_t Rng::UniformInt(std::uint64_t n) {
  LANDAUER_CHECK(n > 0) << "UniformInt needs a positive range";
  // Lemire, "Fast random integer generation in an interval", ACM TOMACS 2019.
  Uint128 product = static_cast<Uint128>(NextU64()) * n;
  auto low = static_cast<std::uint64_t>(product);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      product = static_cast<Uint128>(NextU64()) * n;
      low = static_cast<std::uint64_t>(product);
    }
  }
  return static_cast<std::uint64_t>(product >> 64);
}

double Rng::Normal() {
  if (has_spare_normal_) {
    has_spare_normal_ = false;
    return spare_normal_;
  }
  // Box–Muller: r = sqrt(-2 ln u1), theta = 2 pi u2 gives two independent N(0,1).
  const double radius = std::sqrt(-2.0 * std::log(UniformOpen()));
  const double angle = 2.0 * std::numbers::pi * Uniform();
  spare_normal_ = radius * std::sin(angle);
  has_spare_normal_ = true;
  return radius * std::cos(angle);
}

namespace {

template <typename Draw>
void FillBlocks(const Rng& rng, std::span<double> out, int threads, Draw draw) {
  const std::size_t blocks = (out.size() + kRngFillBlock - 1) / kRngFillBlock;
  const double work = 4.0 * static_cast<double>(out.size());  // a draw costs a few operations
  ParallelFor(0,
              static_cast<std::int64_t>(blocks),
              threads,
              work,
              [&](std::int64_t begin, std::int64_t end) {
                for (std::int64_t block_index = begin; block_index < end; ++block_index) {
                  Rng block_rng = rng.Substream(static_cast<std::uint64_t>(block_index));
                  const std::size_t first = static_cast<std::size_t>(block_index) * kRngFillBlock;
                  const std::size_t last = std::min(out.size(), first + kRngFillBlock);
                  for (std::size_t i = first; i < last; ++i) out[i] = draw(block_rng);
                }
              });
}

}  // namespace

void FillNormal(const Rng& rng, std::span<double> out, double mean, double stddev, int threads) {
  CheckFinite("FillNormal", "mean", mean, "");
  CheckNonNegative("FillNormal", "stddev", stddev, "");
  FillBlocks(rng, out, threads, [=](Rng& r) { return r.Normal(mean, stddev); });
}

void FillUniform(const Rng& rng, std::span<double> out, int threads) {
  FillBlocks(rng, out, threads, [](Rng& r) { return r.Uniform(); });
}

void FillStandardNormalFloat(Rng& rng, std::span<float> out) {
  const std::size_t n = out.size(), pairs = (n + 1) / 2;
  if (pairs == 0) return;
  // Grown as needed and never zeroed: FillU32 writes every word used.
  thread_local std::vector<std::uint32_t, DefaultInitAllocator<std::uint32_t>> words;
  words.resize(2 * pairs);
  rng.FillU32(words.data(), words.size());
  // In chunks that stay in L1, on aligned buffers: the vectorised loop's split into packets and
  // remainder depends only on the chunk's length, so the values do not depend on where `out`
  // lies. LogFloat and SinCosTurn are branch-free (core/float_math.h).
  constexpr std::size_t kChunk = 1024;  // a multiple of every packet size
  alignas(64) float cosines[kChunk], sines[kChunk];
  constexpr float kScale = 1.0f / 16777216.0f;  // 2^-24
  const std::uint32_t* w = words.data();
  for (std::size_t k0 = 0; k0 < pairs; k0 += kChunk) {
    const std::size_t len = std::min(kChunk, pairs - k0);
    const std::uint32_t* w1 = w + k0;
    const std::uint32_t* w2 = w + pairs + k0;
    for (std::size_t k = 0; k < len; ++k) {
      // (2j + 1) 2^-24 for the top 23 bits j: exact in float, strictly inside (0, 1).
      const float u1 = static_cast<float>(((w1[k] >> 9) << 1) | 1u) * kScale;
      const float u2 = static_cast<float>(((w2[k] >> 9) << 1) | 1u) * kScale;
      const float r = std::sqrt(-2.0f * LogFloat(u1));
      float s, c;
      SinCosTurn(u2, s, c);
      cosines[k] = r * c;
      sines[k] = r * s;
    }
    std::copy_n(cosines, len, out.begin() + static_cast<std::ptrdiff_t>(k0));
    // The sines fill out[pairs …]; an odd n drops the last.
    const std::size_t kept = std::min(len, n - pairs - std::min(n - pairs, k0));
    std::copy_n(sines, kept, out.begin() + static_cast<std::ptrdiff_t>(pairs + k0));
  }
}

}  // namespace landauer

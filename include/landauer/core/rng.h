// landauer/core/rng.h — the one random number generator: counter-based Philox4x32-10.
//
// Every random choice in landauer comes from here. There is no global generator. A stream is
// named by (run seed, component, purpose), so device-to-device variation and cycle-to-cycle noise
// draw from separate, reproducible streams (ggml tensor_seed; aihwkit RealWorldRNG vs RNG):
//
//   Rng d2d(seed, "analog.crossbar", "programming_d2d");
//   Rng c2c(seed, "analog.crossbar", "read_noise_c2c");
//   double g = d2d.Normal(0.0, 0.05);
//
// Why counter-based: the value at position i of a stream is a pure function of (key, i)
// (Salmon, Moraes, Dror & Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC'11). Parallel
// code splits work into fixed blocks and gives block j the substream Substream(j), so the numbers
// do not depend on how many threads run the blocks. FillNormal/FillUniform do exactly that.
//
// The uniform and normal transforms are our own (standard-library distributions differ between
// implementations, C++ [rand.dist.general]/3). Normal() uses Box–Muller with std::log, std::sqrt,
// std::sin and std::cos: bit-identical on one platform and libm, within 1 ulp-ish across libms.
//
// Counter layout of a Philox block: words 0–1 hold the block index inside the substream, words
// 2–3 the substream index. The 64-bit key is the stream's hash.
#ifndef LANDAUER_CORE_RNG_H_
#define LANDAUER_CORE_RNG_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace landauer {

using PhiloxCounter = std::array<std::uint32_t, 4>;
using PhiloxKey = std::array<std::uint32_t, 2>;

// The Philox4x32 block function with 10 rounds (Random123 philox4x32_R(10, ctr, key)).
PhiloxCounter Philox4x32_10(PhiloxCounter counter, PhiloxKey key);

// Stream key = SplitMix64 finaliser over FNV-1a of the run seed, the component and the purpose.
// Stable across platforms and releases: changing it changes every published result.
std::uint64_t StreamKey(std::uint64_t run_seed,
                        std::string_view component,
                        std::string_view purpose);

class Rng {
 public:
  // A named stream of a run.
  Rng(std::uint64_t run_seed, std::string_view component, std::string_view purpose);
  // A stream with an explicit 64-bit key (e.g. from StreamKey) and substream index.
  explicit Rng(std::uint64_t key, std::uint64_t substream = 0);

  // The independent stream `index` of this stream: same key, substream index mixed with this
  // one's. Its values depend only on (key, substream path, index), never on draws made here.
  Rng Substream(std::uint64_t index) const;

  std::uint32_t NextU32();
  // The next n words of the stream: exactly what n calls of NextU32 return, generated 32 Philox
  // blocks at a time in a loop the compiler vectorises.
  void FillU32(std::uint32_t* out, std::size_t n);
  std::uint64_t NextU64();
  // Uniform on [0, 1) with 53 random bits.
  double Uniform();
  // Uniform on (0, 1): never 0, safe for log.
  double UniformOpen();
  // Uniform integer on [0, n), unbiased (Lemire's multiply-and-reject). n must be > 0.
  std::uint64_t UniformInt(std::uint64_t n);
  // Standard normal by Box–Muller; the second value of each pair is kept for the next call.
  double Normal();
  double Normal(double mean, double stddev) { return mean + stddev * Normal(); }

  std::uint64_t key() const { return key_; }
  std::uint64_t substream() const { return substream_; }

 private:
  void Refill();

  std::uint64_t key_;
  std::uint64_t substream_;
  std::uint64_t block_ = 0;  // next Philox block to generate
  PhiloxCounter buffer_{};
  int buffered_ = 0;  // unread words at the end of buffer_
  double spare_normal_ = 0.0;
  bool has_spare_normal_ = false;
};

// Elements per block in the parallel fills; part of the output definition, do not change.
inline constexpr std::size_t kRngFillBlock = 4096;

// Fill `out` with N(mean, stddev²) / U[0,1). Element i comes from rng.Substream(i / kRngFillBlock),
// so the result is identical for any `threads` ≥ 1. `rng` itself is not advanced.
void FillNormal(
    const Rng& rng, std::span<double> out, double mean = 0.0, double stddev = 1.0, int threads = 1);
void FillUniform(const Rng& rng, std::span<double> out, int threads = 1);

// Standard normals in float, fast: Box–Muller on the next 2m words of `rng` (m = ⌈n/2⌉ for
// n = out.size()), vectorised (core/float_math.h's log and sin/cos of a turn, and sqrt). Words k
// and m + k give out[k] = r cos θ and out[m + k] = r sin θ (the last dropped for odd n), with u =
// (2 (word >> 9) + 1) / 2^24 ∈ (0, 1) (exact in float), r = √(−2 ln u₁), θ = 2π u₂: 23-bit
// uniforms, so the tails end at |z| ≈ 5.8 (a 1e-8 tail probability is lost). The transforms run
// in L1-sized chunks on aligned buffers, so the values do not depend on where `out` lies.
// For noise in large simulated arrays (analog/), where Normal()'s double-precision transforms
// would cost more than the arithmetic they perturb. Advances `rng` like that many NextU32 calls.
void FillStandardNormalFloat(Rng& rng, std::span<float> out);

}  // namespace landauer

#endif  // LANDAUER_CORE_RNG_H_

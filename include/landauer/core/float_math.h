// landauer/core/float_math.h — float log, exp and sin/cos of a turn as branch-free arithmetic, so
// that a loop over arrays calling them vectorises (the analog devices' noise: rng.cc's
// Box–Muller, analog/device_model.cc's read-noise power law and drift).
//
//   for (std::size_t i = 0; i < n; ++i) y[i] = ExpFloat(-0.65f * LogFloat(x[i]));  // x^−0.65
//
// Cephes's single-precision polynomials (S. L. Moshier, Cephes Math Library, logf.c, expf.c,
// sinf.c, cosf.c), with the argument reductions written as integer and select-free arithmetic:
//   LogFloat(x)  = e ln 2 + ln(1 + f),  x = 2^e (1 + f), 1 + f ∈ [√½, √2); ln(1 + f) = f − f²/2 +
//                  f³ P(f) with P of degree 8; ln 2 split in two so e ln 2 carries no rounding.
//   ExpFloat(x)  = 2^k e^r, k = round(x / ln 2), r = x − k ln 2 (ln 2 in two parts), e^r =
//                  1 + r + r² Q(r) with Q of degree 5; 2^k written into the exponent bits.
//   SinCosTurn(u) = sin, cos of θ = 2π u: k = round(4u), x = 2π (u − k/4) ∈ [−π/4, π/4] (u − k/4
//                  is exact), the Cephes polynomials on x, then the quadrant k mod 4 swaps the
//                  pair and sets the signs with bit operations.
// Accuracy (float_math_test.cc, against double): relative error ≤ 1.2e-7 for LogFloat over
// every u = (2j + 1) 2^−24 in (0, 1) and over the normal floats (a geometric grid), for ExpFloat
// on a 1e-3 grid of [−80, 80]; absolute ≤ 1.2e-7 for SinCosTurn over every such u. Domains:
// LogFloat takes finite normal x > 0 (no check: a zero, negative or denormal x gives a wrong
// finite number, not NaN); ExpFloat clamps x to [−87, 88] (normal results; NaN gives e^−87);
// SinCosTurn takes |u| ≤ 2^20.
//
// Vectorising: GCC's loop vectoriser if-converts the min/max and rounding here only under
// -fno-trapping-math, emits the sqrt instruction only under -fno-math-errno, and uses 512-bit
// registers for such loops only under -mprefer-vector-width=512. The sources that loop over
// these (core/rng.cc, analog/device_model.cc, analog/crossbar.cc, and nn/optimizer.cc for its
// sqrt) are built with them (LANDAUER_VECTOR_MATH_FLAGS, cmake/LandauerCompilerChecks.cmake, set
// in each folder's CMakeLists.txt). None changes a value: they let the compiler assume that no
// floating-point trap is enabled and that errno is not read. Rounding to integer adds and
// subtracts 1.5·2^23 under the default round-to-nearest mode, so these functions must not be
// built with -ffast-math or -fassociative-math (which would fold (x + s) − s to x).
#ifndef LANDAUER_CORE_FLOAT_MATH_H_
#define LANDAUER_CORE_FLOAT_MATH_H_

#include <bit>
#include <cmath>
#include <cstdint>

namespace landauer {

namespace float_math_detail {
inline constexpr float kShifter = 12582912.0f;  // 1.5·2^23: x + s − s rounds |x| < 2^22 to integer
inline float RoundToInt(float x) { return (x + kShifter) - kShifter; }
}  // namespace float_math_detail

// ln x for finite normal x > 0.
inline float LogFloat(float x) {
  // x's bits minus √½'s: the exponent e of 2^e (1 + f) with 1 + f ∈ [√½, √2).
  constexpr std::int32_t kSqrtHalf = 0x3f3504f3;
  // (In unsigned arithmetic, then two's complement: no signed overflow for any x.)
  const auto b = static_cast<std::int32_t>(std::bit_cast<std::uint32_t>(x) -
                                           static_cast<std::uint32_t>(kSqrtHalf));
  const auto e = static_cast<float>(b >> 23);
  const float f = std::bit_cast<float>((b & 0x007fffff) + kSqrtHalf) - 1.0f;
  float p = 7.0376836292e-2f;
  p = p * f - 1.1514610310e-1f;
  p = p * f + 1.1676998740e-1f;
  p = p * f - 1.2420140846e-1f;
  p = p * f + 1.4249322787e-1f;
  p = p * f - 1.6668057665e-1f;
  p = p * f + 2.0000714765e-1f;
  p = p * f - 2.4999993993e-1f;
  p = p * f + 3.3333331174e-1f;
  const float f2 = f * f;
  const float log1pf = f2 * f * p - 0.5f * f2 + f;
  // ln 2 = 0.693145751953125 (22713 / 2^15: e times it is exact for |e| ≤ 128) + 1.4286068e-6.
  return e * 0.693145751953125f + (e * 1.428606820309417e-06f + log1pf);
}

// e^x, x clamped to [−87, 88] (a normal float result; NaN is taken as −87).
inline float ExpFloat(float x) {
  x = x > -87.0f ? x : -87.0f;  // NaN fails the test: the conversion of k below stays defined
  x = x < 88.0f ? x : 88.0f;
  const float k = float_math_detail::RoundToInt(x * 1.44269504088896341f);
  // r = x − k ln 2, ln 2 = 0.693359375 − 2.12194440e-4 (Cephes's C1, C2).
  const float r = (x - k * 0.693359375f) + k * 2.12194440e-4f;
  float q = 1.9875691500e-4f;
  q = q * r + 1.3981999507e-3f;
  q = q * r + 8.3334519073e-3f;
  q = q * r + 4.1665795894e-2f;
  q = q * r + 1.6666665459e-1f;
  q = q * r + 5.0000001201e-1f;
  const float er = q * r * r + r + 1.0f;
  // 2^k for k ∈ [−126, 127] (|x| ≤ 88 and the clamp keep k there; e^r ∈ [0.7, 1.42]).
  return er * std::bit_cast<float>((static_cast<std::int32_t>(k) + 127) << 23);
}

// sin(2πu) and cos(2πu), for |u| ≤ 2^20.
inline void SinCosTurn(float u, float& sine, float& cosine) {
  const float k = float_math_detail::RoundToInt(4.0f * u);
  const float x = (u - 0.25f * k) * 6.28318530717958648f;
  const float x2 = x * x;
  float sp = -1.9515295891e-4f;
  sp = sp * x2 + 8.3321608736e-3f;
  sp = sp * x2 - 1.6666654611e-1f;
  const float s = sp * x2 * x + x;
  float cp = 2.443315711809948e-5f;
  cp = cp * x2 - 1.388731625493765e-3f;
  cp = cp * x2 + 4.166664568298827e-2f;
  const float c = cp * x2 * x2 - 0.5f * x2 + 1.0f;
  // Quadrant q = k mod 4 (two's complement): odd q swaps sin and cos; sin is negated in q = 2, 3
  // and cos in q = 1, 2.
  const auto q = static_cast<std::uint32_t>(static_cast<std::int32_t>(k));
  const std::uint32_t swap = 0u - (q & 1u);
  const auto sb = std::bit_cast<std::uint32_t>(s), cb = std::bit_cast<std::uint32_t>(c);
  sine = std::bit_cast<float>(((sb & ~swap) | (cb & swap)) ^ ((q & 2u) << 30));
  cosine = std::bit_cast<float>(((cb & ~swap) | (sb & swap)) ^ (((q + 1u) & 2u) << 30));
}

// std::round(x) — halves away from zero — as trunc, a compare and an add, which vectorise (GCC
// calls roundf for std::round and for Eigen's round()). Exact for every float: x − trunc(x) is
// exact, integers (|x| ≥ 2^23 among them) come back unchanged, and NaN, ±inf and −0 pass through.
inline float RoundHalfAway(float x) {
  const float t = std::trunc(x);
  return t + std::copysign(static_cast<float>(std::abs(x - t) >= 0.5f), x);
}

}  // namespace landauer

#endif  // LANDAUER_CORE_FLOAT_MATH_H_

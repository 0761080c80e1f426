// landauer/reversible/exact_vector.h — fixed-point vectors whose updates can be undone exactly.
//
// Values are int64 with an implied radix point (2^-radix_bits, 2^-52 by default as in HIPS/
// hypergrad's ExactRep), so a value must stay within ±2^(63 − radix_bits) (±2048 at 52 bits).
//   Add(x) / Sub(x):   i ← i ± trunc(x · 2^radix)   — a shear: Sub undoes Add bit for bit as long
//                      as x is recomputed bit-identically (it is: it depends only on exact state).
//   Multiply(n/d):     Maclaurin et al.'s Alg. 3, with a per-element InformationBuffer:
//                        push(i mod d, d); i ← i div d; i ← i · n; i ← i + pop(n)
//   Divide(n/d):       its exact inverse: push(i mod n, n); i ← i div n; i ← i · d; i ← i + pop(d)
// Each Multiply grows a buffer by log2(d/n) bits on average: 0.152 bits at γ = 0.9.
// Leaving the range is bad input (a learning rate too large for the fixed-point scheme): Add and
// Sub throw std::domain_error naming the element and the value.
#ifndef LANDAUER_REVERSIBLE_EXACT_VECTOR_H_
#define LANDAUER_REVERSIBLE_EXACT_VECTOR_H_

#include <cstdint>
#include <span>
#include <vector>

#include "landauer/reversible/information_buffer.h"

namespace landauer::reversible {

struct Rational {
  std::uint32_t numerator = 1, denominator = 1;
  // γ as n/d the way hypergrad does it: d = 2^16 / floor(γ + 1), n = floor(γ d + 1); γ in (0, 1].
  static Rational FromGamma(double gamma);
  double value() const { return static_cast<double>(numerator) / denominator; }
};

class ExactVector {
 public:
  explicit ExactVector(std::span<const double> values, int radix_bits = 52);

  std::size_t size() const { return raw_.size(); }
  double Value(std::size_t i) const;
  void Values(std::span<double> out) const;
  std::vector<double> Values() const;
  const std::vector<std::int64_t>& raw() const { return raw_; }

  void Add(std::span<const double> x);
  void Sub(std::span<const double> x);
  void Multiply(Rational r);
  void Divide(Rational r);

  // Σ log2 of the buffers: the information stored, in bits.
  double BufferBits() const;
  bool BuffersEmpty() const;
  // Σ limbs × 32: the memory the buffers occupy.
  std::int64_t BufferBitsAllocated() const;

 private:
  void Shear(std::span<const double> x, int sign);
  void Rescale(std::uint32_t up, std::uint32_t down);
  int radix_bits_;
  double scale_, inverse_scale_;
  std::vector<std::int64_t> raw_;
  std::vector<InformationBuffer> buffers_;
};

}  // namespace landauer::reversible

#endif  // LANDAUER_REVERSIBLE_EXACT_VECTOR_H_

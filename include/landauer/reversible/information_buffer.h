// landauer/reversible/information_buffer.h — where the bits a contraction destroys are kept.
//
// Multiplying a fixed-point number by γ < 1 discards about log2(1/γ) bits. Maclaurin, Duvenaud &
// Adams ("Gradient-based hyperparameter optimization through reversible learning", ICML 2015,
// arXiv 1502.03492, Alg. 3; HIPS/hypergrad exact_rep.py) keep them in an arbitrary-precision
// integer per number, used as a stack of mixed-radix digits:
//   Push(r, m):  store ← store · m + r        (0 ≤ r < m)
//   Pop(m):      r ← store mod m; store ← store div m
// Pop(m) after Push(r, m) returns r and restores the store exactly.
//
// Stored as 32-bit limbs, least significant first, with no leading zero limbs; 0 is empty.
#ifndef LANDAUER_REVERSIBLE_INFORMATION_BUFFER_H_
#define LANDAUER_REVERSIBLE_INFORMATION_BUFFER_H_

#include <cstdint>
#include <vector>

namespace landauer::reversible {

class InformationBuffer {
 public:
  // 0 ≤ r < m, 1 ≤ m < 2^32.
  void Push(std::uint32_t r, std::uint32_t m);
  std::uint32_t Pop(std::uint32_t m);

  bool empty() const { return limbs_.empty(); }
  // log2 of the stored integer (0 for 0 and 1): the information it holds, in bits.
  double Log2() const;
  // Limbs in use × 32: the memory it occupies.
  std::int64_t bits_allocated() const { return static_cast<std::int64_t>(limbs_.size()) * 32; }
  bool operator==(const InformationBuffer&) const = default;

 private:
  std::vector<std::uint32_t> limbs_;
};

}  // namespace landauer::reversible

#endif  // LANDAUER_REVERSIBLE_INFORMATION_BUFFER_H_

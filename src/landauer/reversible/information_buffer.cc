#include "landauer/reversible/information_buffer.h"

#include <cmath>

#include "landauer/core/check.h"

namespace landauer::reversible {

void InformationBuffer::Push(std::uint32_t r, std::uint32_t m) {
  LANDAUER_CHECK(m >= 1 && r < m) << "InformationBuffer::Push(" << r << ", " << m << ")";
  std::uint64_t carry = r;
  for (std::uint32_t& limb : limbs_) {
    const std::uint64_t x = static_cast<std::uint64_t>(limb) * m + carry;
    limb = static_cast<std::uint32_t>(x);
    carry = x >> 32;
  }
  if (carry) limbs_.push_back(static_cast<std::uint32_t>(carry));
}

std::uint32_t InformationBuffer::Pop(std::uint32_t m) {
  LANDAUER_CHECK(m >= 1) << "InformationBuffer::Pop(" << m << ")";
  std::uint64_t remainder = 0;
  for (std::size_t i = limbs_.size(); i-- > 0;) {
    const std::uint64_t x = (remainder << 32) | limbs_[i];
    limbs_[i] = static_cast<std::uint32_t>(x / m);
    remainder = x % m;
  }
  while (!limbs_.empty() && limbs_.back() == 0) limbs_.pop_back();
  return static_cast<std::uint32_t>(remainder);
}

double InformationBuffer::Log2() const {
  if (limbs_.empty()) return 0.0;
  // The top two limbs give 33+ significant bits; the rest only shift the exponent.
  const std::size_t n = limbs_.size();
  double top = limbs_[n - 1];
  if (n >= 2) top = top * 4294967296.0 + limbs_[n - 2];
  const double shift = 32.0 * static_cast<double>(n >= 2 ? n - 2 : 0);
  return std::log2(top) + shift;
}

}  // namespace landauer::reversible

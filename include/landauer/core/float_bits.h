// landauer/core/float_bits.h — |x| of a float as an unsigned integer that orders like the value.
//
// For an IEEE-754 binary32 x, the bits of |x| (x's with the sign bit cleared), read as an unsigned
// integer, grow with |x| over the finite floats; +inf is 0x7f800000 and every NaN lies above it.
// So one max over MagnitudeBits gives both the largest |x| (bit_cast back to float) and a
// finiteness check (the max is below kNonFiniteBits), in integer operations that GCC vectorises —
// where a float max reduction does not, without -ffinite-math-only (which landauer does not use:
// it must see NaN).
//
//   std::uint32_t peak = 0;
//   for (float v : row) peak = std::max(peak, MagnitudeBits(v));
//   if (peak >= kNonFiniteBits) ...;            // a NaN or ±inf in row
//   const float largest = std::bit_cast<float>(peak);
#ifndef LANDAUER_CORE_FLOAT_BITS_H_
#define LANDAUER_CORE_FLOAT_BITS_H_

#include <bit>
#include <cstdint>

namespace landauer {

// The bit pattern of +inf: MagnitudeBits(x) >= kNonFiniteBits exactly when x is NaN or ±inf.
inline constexpr std::uint32_t kNonFiniteBits = 0x7f800000u;

inline std::uint32_t MagnitudeBits(float x) {
  return std::bit_cast<std::uint32_t>(x) & 0x7fffffffu;
}

}  // namespace landauer

#endif  // LANDAUER_CORE_FLOAT_BITS_H_

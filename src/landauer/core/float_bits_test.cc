#include "landauer/core/float_bits.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <vector>

namespace landauer {
namespace {

// The magnitude bits order like |x| over every kind of finite float, and sit at or above
// kNonFiniteBits exactly for NaN and ±inf.
TEST(FloatBits, MagnitudeBitsOrderLikeTheMagnitude) {
  using L = std::numeric_limits<float>;
  const std::vector<float> ascending = {
      0.0f, L::denorm_min(), 1e-40f, L::min(), 1e-30f, 0.5f, 1.0f, 3.0f, 1e30f, L::max()};
  for (std::size_t i = 0; i + 1 < ascending.size(); ++i) {
    for (const float sign : {1.0f, -1.0f}) {
      EXPECT_LT(MagnitudeBits(sign * ascending[i]), MagnitudeBits(ascending[i + 1])) << i;
      EXPECT_LT(MagnitudeBits(ascending[i]), MagnitudeBits(-ascending[i + 1])) << i;
      EXPECT_LT(MagnitudeBits(sign * ascending[i]), kNonFiniteBits) << i;
    }
    EXPECT_EQ(std::bit_cast<float>(MagnitudeBits(-ascending[i])), ascending[i]) << i;
  }
  EXPECT_EQ(MagnitudeBits(-0.0f), 0u);
  for (const float bad : {L::infinity(),
                          -L::infinity(),
                          L::quiet_NaN(),
                          -L::quiet_NaN(),
                          L::signaling_NaN(),
                          std::bit_cast<float>(0xffffffffu)}) {
    EXPECT_GE(MagnitudeBits(bad), kNonFiniteBits) << bad;
  }
  EXPECT_EQ(MagnitudeBits(L::infinity()), kNonFiniteBits);
  // The idiom: one max over a row gives its largest |x|, or flags a non-finite element.
  std::vector<float> row = {-3.5f, 2.0f, 0.25f, -0.0f};
  std::uint32_t peak = 0;
  for (const float v : row) peak = std::max(peak, MagnitudeBits(v));
  EXPECT_EQ(std::bit_cast<float>(peak), 3.5f);
  row.push_back(std::nanf(""));
  for (const float v : row) peak = std::max(peak, MagnitudeBits(v));
  EXPECT_GE(peak, kNonFiniteBits);
}

}  // namespace
}  // namespace landauer

#include "landauer/core/matrix.h"

#include <gtest/gtest.h>

#include <limits>

namespace landauer {
namespace {

TEST(Matrix, AllFiniteFindsEveryNonFiniteValue) {
  MatrixF m = MatrixF::Constant(5, 37, 1.5f);
  m(0, 0) = std::numeric_limits<float>::max();
  m(1, 1) = -std::numeric_limits<float>::max();
  m(2, 2) = std::numeric_limits<float>::denorm_min();
  m(3, 3) = -0.0f;
  EXPECT_TRUE(AllFinite(m));
  for (const float bad : {std::numeric_limits<float>::infinity(),
                          -std::numeric_limits<float>::infinity(),
                          std::numeric_limits<float>::quiet_NaN(),
                          -std::numeric_limits<float>::quiet_NaN()}) {
    for (const auto& [r, c] : {std::pair{0, 0}, std::pair{4, 36}, std::pair{2, 17}}) {
      MatrixF copy = m;
      copy(r, c) = bad;
      EXPECT_FALSE(AllFinite(copy)) << bad << " at " << r << ", " << c;
    }
  }
  // A block (outer stride 37) sees only its own elements.
  MatrixF outside = m;
  outside(4, 36) = std::numeric_limits<float>::quiet_NaN();
  EXPECT_TRUE(AllFinite(outside.block(1, 2, 3, 30)));
  EXPECT_FALSE(AllFinite(outside.block(1, 2, 4, 35)));
  EXPECT_TRUE(AllFinite(MatrixF(0, 3)));
}

}  // namespace
}  // namespace landauer

// tests/support/expect_near_rel.h — relative comparison with an absolute floor near zero
// (after Stan Math test/unit/math/expect_near_rel.hpp).
//
//   ExpectNearRel("kT ln 2 at 300 K", LandauerBound(Kelvin(300)).value(), 2.8710e-21, 5e-5);
//
// Passes when |actual − expected| ≤ tolerance · max(|expected|, |actual|), or both are within
// `tolerance` of zero in absolute terms when `expected` is 0. NaN never passes; equal infinities
// do.
#ifndef LANDAUER_TESTS_SUPPORT_EXPECT_NEAR_REL_H_
#define LANDAUER_TESTS_SUPPORT_EXPECT_NEAR_REL_H_

#include <gtest/gtest.h>

#include <string>

namespace landauer::testing {

::testing::AssertionResult NearRel(double actual, double expected, double tolerance);

#define EXPECT_NEAR_REL(actual, expected, tolerance) \
  EXPECT_TRUE(::landauer::testing::NearRel((actual), (expected), (tolerance)))

}  // namespace landauer::testing

#endif  // LANDAUER_TESTS_SUPPORT_EXPECT_NEAR_REL_H_

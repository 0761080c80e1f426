// tests/support/tolerances.h — every numerical tolerance the tests use, in one place
// (after Stan Math test/unit/math/ad_tolerances.hpp and Eigen's test_precision<T>).
#ifndef LANDAUER_TESTS_SUPPORT_TOLERANCES_H_
#define LANDAUER_TESTS_SUPPORT_TOLERANCES_H_

namespace landauer::testing {

// Closed-form physics evaluated in double: a few ulps of rounding.
inline constexpr double kClosedFormRel = 1e-12;
// A published value quoted to N significant digits: half a unit in the last digit.
inline constexpr double kFiveDigitRel = 5e-5;
// Compensated sums versus exact rational sums.
inline constexpr double kCompensatedSumRel = 1e-15;

}  // namespace landauer::testing

#endif  // LANDAUER_TESTS_SUPPORT_TOLERANCES_H_

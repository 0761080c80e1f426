#include "expect_near_rel.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace landauer::testing {

::testing::AssertionResult NearRel(double actual, double expected, double tolerance) {
  if (std::isnan(actual) || std::isnan(expected)) {
    return ::testing::AssertionFailure() << "NaN: actual " << actual << ", expected " << expected;
  }
  if (std::isinf(actual) || std::isinf(expected)) {
    if (actual == expected) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "actual " << actual << " != expected " << expected;
  }
  const double difference = std::abs(actual - expected);
  const double scale = expected == 0.0 ? 1.0 : std::max(std::abs(expected), std::abs(actual));
  if (difference <= tolerance * scale) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << fmt::format("actual {:.17g} vs expected {:.17g}: relative difference {:.3g} > {:.3g}",
                        actual,
                        expected,
                        difference / scale,
                        tolerance);
}

}  // namespace landauer::testing

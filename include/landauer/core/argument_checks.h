// landauer/core/argument_checks.h — validate numeric arguments once, at the boundary.
//
// Each helper throws std::domain_error naming the function, the parameter, the value, the unit
// and the accepted range (after Stan Math prim/err/check_positive.hpp):
//
//   CheckPositive("LandauerBound", "temperature", -3.0, "K");
//   // throws: "LandauerBound: temperature = -3 K is invalid; it must be finite and > 0 K."
//
// NaN and infinities are always rejected. Use these at API entry points, never in hot loops.
#ifndef LANDAUER_CORE_ARGUMENT_CHECKS_H_
#define LANDAUER_CORE_ARGUMENT_CHECKS_H_

#include <string_view>

namespace landauer {

// Which ends of an interval are accepted.
enum class Bound { kOpen, kClosed };

void CheckFinite(std::string_view function,
                 std::string_view name,
                 double value,
                 std::string_view unit);
void CheckPositive(std::string_view function,
                   std::string_view name,
                   double value,
                   std::string_view unit);
void CheckNonNegative(std::string_view function,
                      std::string_view name,
                      double value,
                      std::string_view unit);
// value must lie in the interval from `lower` to `upper`, each end open or closed.
void CheckInInterval(std::string_view function,
                     std::string_view name,
                     double value,
                     std::string_view unit,
                     double lower,
                     Bound lower_bound,
                     double upper,
                     Bound upper_bound);

}  // namespace landauer

#endif  // LANDAUER_CORE_ARGUMENT_CHECKS_H_

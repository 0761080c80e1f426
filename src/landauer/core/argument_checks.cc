#include "landauer/core/argument_checks.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>
#include <string>

namespace landauer {
namespace {

[[noreturn]] void Fail(std::string_view function,
                       std::string_view name,
                       double value,
                       std::string_view unit,
                       std::string_view requirement) {
  const std::string spaced_unit = unit.empty() ? "" : fmt::format(" {}", unit);
  throw std::domain_error(fmt::format(
      "{}: {} = {}{} is invalid; it must be {}.", function, name, value, spaced_unit, requirement));
}

std::string WithUnit(double value, std::string_view unit) {
  return unit.empty() ? fmt::format("{}", value) : fmt::format("{} {}", value, unit);
}

}  // namespace

void CheckFinite(std::string_view function,
                 std::string_view name,
                 double value,
                 std::string_view unit) {
  if (!std::isfinite(value)) Fail(function, name, value, unit, "finite");
}

void CheckPositive(std::string_view function,
                   std::string_view name,
                   double value,
                   std::string_view unit) {
  if (!std::isfinite(value) || !(value > 0.0)) {
    Fail(function, name, value, unit, fmt::format("finite and > {}", WithUnit(0, unit)));
  }
}

void CheckNonNegative(std::string_view function,
                      std::string_view name,
                      double value,
                      std::string_view unit) {
  if (!std::isfinite(value) || !(value >= 0.0)) {
    Fail(function, name, value, unit, fmt::format("finite and >= {}", WithUnit(0, unit)));
  }
}

void CheckInInterval(std::string_view function,
                     std::string_view name,
                     double value,
                     std::string_view unit,
                     double lower,
                     Bound lower_bound,
                     double upper,
                     Bound upper_bound) {
  const bool above = lower_bound == Bound::kOpen ? value > lower : value >= lower;
  const bool below = upper_bound == Bound::kOpen ? value < upper : value <= upper;
  if (!std::isfinite(value) || !above || !below) {
    Fail(function,
         name,
         value,
         unit,
         fmt::format("in {}{}, {}{}{}",
                     lower_bound == Bound::kOpen ? "(" : "[",
                     lower,
                     upper,
                     upper_bound == Bound::kOpen ? ")" : "]",
                     unit.empty() ? "" : fmt::format(" {}", unit)));
  }
}

}  // namespace landauer

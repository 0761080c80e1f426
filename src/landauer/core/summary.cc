#include "landauer/core/summary.h"

#include <array>
#include <stdexcept>
#include <utility>

namespace landauer {
namespace {

constexpr std::array<std::pair<Termination, std::string_view>, 4> kNames = {{
    {Termination::kSuccess, "success"},
    {Termination::kNoConvergence, "no_convergence"},
    {Termination::kBudgetExceeded, "budget_exceeded"},
    {Termination::kBelowBound, "below_bound"},
}};

}  // namespace

std::string_view ToString(Termination termination) {
  for (const auto& [value, name] : kNames) {
    if (value == termination) return name;
  }
  return "unknown";
}

Termination TerminationFromString(std::string_view name) {
  for (const auto& [value, text] : kNames) {
    if (text == name) return value;
  }
  throw std::invalid_argument("TerminationFromString: unknown termination '" + std::string(name) +
                              "'; expected one of success, no_convergence, budget_exceeded, "
                              "below_bound");
}

std::string Summary::BriefReport() const {
  std::string out(ToString(termination));
  if (!message.empty()) out += ": " + message;
  return out;
}

std::string Summary::FullReport() const {
  std::string out = BriefReport();
  for (const std::string& detail : details) out += "\n  " + detail;
  return out;
}

}  // namespace landauer

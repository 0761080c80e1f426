#include "landauer/energy/energy_report.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "landauer/energy/compensated_sum.h"

namespace landauer {
namespace {

// JSON has no infinity: an undefined ratio is written as null.
nlohmann::json RatioJson(double energy_j, double floor_j) {
  if (!(floor_j > 0.0)) return nullptr;
  return energy_j / floor_j;
}

}  // namespace

double EnergyReport::RatioToFloor() const {
  if (!(landauer_floor_j > 0.0)) return std::numeric_limits<double>::infinity();
  return energy_j / landauer_floor_j;
}

std::map<std::string, double> EnergyReport::BreakdownByComponent() const {
  std::map<std::string, CompensatedSum> sums;
  for (const PhaseReport& phase : phases) {
    for (const PricedAction& action : phase.actions) sums[action.component].Add(action.energy_j);
  }
  std::map<std::string, double> breakdown;
  for (const auto& [component, sum] : sums) breakdown[component] = sum.value();
  return breakdown;
}

const PhaseReport* EnergyReport::FindPhase(const std::string& name) const {
  for (const PhaseReport& phase : phases) {
    if (phase.name == name) return &phase;
  }
  return nullptr;
}

Summary EnergyReport::CheckAgainstFloor() const {
  Summary summary;
  for (const PhaseReport& phase : phases) {
    if (phase.energy_j < phase.landauer_floor_j) {
      summary.termination = Termination::kBelowBound;
      summary.message =
          "the priced energy is below the Landauer floor, which is impossible; the "
          "energy table or the count of erased bits is wrong";
      summary.details.push_back(
          fmt::format("phase '{}': {:.4g} J priced < {:.4g} J floor "
                      "({:.4g} bits at {} K, table '{}')",
                      phase.name,
                      phase.energy_j,
                      phase.landauer_floor_j,
                      phase.bits_erased,
                      temperature_k,
                      table_name));
    }
  }
  return summary;
}

nlohmann::json EnergyReport::ToJson() const {
  nlohmann::json phases_json = nlohmann::json::array();
  for (const PhaseReport& phase : phases) {
    nlohmann::json actions = nlohmann::json::array();
    for (const PricedAction& action : phase.actions) {
      actions.push_back(
          {{"component", action.component},
           {"action", action.action},
           {"count", action.count},
           {"energy_per_action_j", action.energy_per_action_j},
           {"energy_j", action.energy_j},
           {"time_at_peak_s",
            action.has_time ? nlohmann::json(action.time_at_peak_s) : nlohmann::json(nullptr)},
           {"source", action.source},
           {"assumption", action.assumption}});
      if (!scope.empty()) actions.back()["scope"] = action.scope;
    }
    phases_json.push_back({{"name", phase.name},
                           {"energy_j", phase.energy_j},
                           {"time_at_peak_s", phase.time_at_peak_s},
                           {"bits_erased", phase.bits_erased},
                           {"landauer_floor_j", phase.landauer_floor_j},
                           {"ratio_to_floor", RatioJson(phase.energy_j, phase.landauer_floor_j)},
                           {"actions", std::move(actions)}});
    if (!scope.empty()) {
      nlohmann::json outside = nlohmann::json::array();
      for (const ExcludedAction& excluded : phase.outside_scope) {
        outside.push_back({{"component", excluded.component},
                           {"action", excluded.action},
                           {"count", excluded.count},
                           {"scope", excluded.scope}});
      }
      phases_json.back()["outside_scope"] = std::move(outside);
    }
  }
  nlohmann::json breakdown = nlohmann::json::object();
  for (const auto& [component, joules] : BreakdownByComponent()) breakdown[component] = joules;
  nlohmann::json json = {{"table", table_name},
                         {"table_origin", table_origin},
                         {"temperature_k", temperature_k},
                         {"landauer_bound_j", landauer_bound_j},
                         {"energy_j", energy_j},
                         {"time_at_peak_s", time_at_peak_s},
                         {"bits_erased", bits_erased},
                         {"landauer_floor_j", landauer_floor_j},
                         {"ratio_to_floor", RatioJson(energy_j, landauer_floor_j)},
                         {"uses_assumptions", uses_assumptions},
                         {"breakdown_j", std::move(breakdown)},
                         {"phases", std::move(phases_json)}};
  if (!scope.empty()) json["scope"] = scope;
  return json;
}

}  // namespace landauer

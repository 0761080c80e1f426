#include "landauer/energy/roofline.h"

#include <algorithm>
#include <set>

#include "landauer/energy/energy_table.h"

namespace landauer {

void ModelledTime::TakeBusiest() {
  seconds = 0.0;
  bound_by.clear();
  for (const auto& [unit, busy] : busy_s) {
    if (busy > seconds) seconds = busy, bound_by = unit;
  }
}

nlohmann::json ModelledTime::ToJson() const {
  return {{"seconds", seconds},
          {"bound_by", bound_by},
          {"busy_s", busy_s},
          {"untimed", untimed},
          {"model", model}};
}

ModelledTime Roofline(const PhaseReport& phase, const std::vector<std::string>& excluded) {
  ModelledTime time;
  std::set<std::string> timed, seen;
  for (const PricedAction& action : phase.actions) {
    if (std::find(excluded.begin(), excluded.end(), action.component) != excluded.end()) continue;
    seen.insert(action.component);
    if (!action.has_time) continue;
    timed.insert(action.component);
    time.busy_s[action.component] += action.time_at_peak_s;
  }
  for (const std::string& component : seen) {
    if (!timed.contains(component)) time.untimed.push_back(component);
  }
  time.TakeBusiest();
  return time;
}

void AddStaticPower(
    Ledger& ledger, std::string_view phase, double seconds, const EnergyTable& table, Scope scope) {
  if (scope < Scope::kChip || !(seconds > 0.0)) return;
  for (const EnergyEntry& entry : table.entries()) {
    const bool base = entry.component == "static", device = entry.component.starts_with("static_");
    if ((base || device) && entry.action == "second") {
      ledger.Count(phase, entry.component, "second", seconds);
    }
  }
}

ScopedPhase PriceAtScope(Ledger ledger,
                         std::string_view phase,
                         const EnergyTable& table,
                         Scope scope) {
  ScopedPhase priced;
  const EnergyReport every_unit = ledger.Price(table);
  if (const PhaseReport* report = every_unit.FindPhase(std::string(phase)))
    priced.time = Roofline(*report);
  AddStaticPower(ledger, phase, priced.time.seconds, table, scope);
  priced.energy = ledger.Price(table, scope);
  return priced;
}

}  // namespace landauer

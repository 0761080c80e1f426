#include "landauer/energy/roofline.h"

#include <algorithm>
#include <set>

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

}  // namespace landauer

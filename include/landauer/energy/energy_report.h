// landauer/energy/energy_report.h — a priced ledger: joules, time, breakdown, Landauer floor.
//
//   EnergyReport report = ledger.Price(table);
//   report.energy_j            total energy of all phases, J
//   report.landauer_floor_j    bits erased × kT ln 2 at the table's temperature, J
//   report.RatioToFloor()      energy ÷ floor (+inf when no bit was erased)
//   report.BreakdownByComponent()   {"alu": 1.2e-3, "dram": 4.5e-2, ...}
//   report.CheckAgainstFloor()      Summary; kBelowBound means the inputs are inconsistent
//
// JSON keys are stable and documented in docs/ledger.md.
#ifndef LANDAUER_ENERGY_ENERGY_REPORT_H_
#define LANDAUER_ENERGY_ENERGY_REPORT_H_

#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "landauer/core/summary.h"

namespace landauer {

struct PricedAction {
  std::string component;
  std::string action;
  double count = 0.0;
  double energy_per_action_j = 0.0;
  double energy_j = 0.0;        // count × energy_per_action_j
  double time_at_peak_s = 0.0;  // count × time per action; 0 when the table gives no time
  bool has_time = false;
  std::string source;
  bool assumption = false;
  std::string scope;  // the entry's scope (energy/scope.h)
};

// A counted action outside the priced scope: not in the energy, listed so the boundary shows.
struct ExcludedAction {
  std::string component;
  std::string action;
  double count = 0.0;
  std::string scope;  // the entry's scope, wider than the report's
};

struct PhaseReport {
  std::string name;
  double energy_j = 0.0;
  double time_at_peak_s = 0.0;  // sum over actions that have a time: the time if they ran back
                                // to back at the table's peak rates
  double bits_erased = 0.0;
  double landauer_floor_j = 0.0;
  std::vector<PricedAction> actions;  // sorted by (component, action)
  std::vector<ExcludedAction> outside_scope;
};

struct EnergyReport {
  std::string table_name;
  std::string table_origin;
  std::string scope;  // the boundary priced at; empty: every entry (Ledger::Price(table))
  double temperature_k = 0.0;
  double landauer_bound_j = 0.0;    // kT ln 2 per bit at temperature_k
  std::vector<PhaseReport> phases;  // sorted by name
  double energy_j = 0.0;
  double time_at_peak_s = 0.0;
  double bits_erased = 0.0;
  double landauer_floor_j = 0.0;
  bool uses_assumptions = false;  // some priced entry is flagged as an assumption

  // energy_j / landauer_floor_j; +inf when no bits were erased (nothing to compare with).
  double RatioToFloor() const;
  // Energy per component summed over phases and actions, J.
  std::map<std::string, double> BreakdownByComponent() const;
  // The phase named `name`, or nullptr.
  const PhaseReport* FindPhase(const std::string& name) const;
  // kSuccess, or kBelowBound when the energy is below the Landauer floor (which no physical
  // device can do: the table or the erased-bit count is wrong).
  Summary CheckAgainstFloor() const;
  nlohmann::json ToJson() const;
};

}  // namespace landauer

#endif  // LANDAUER_ENERGY_ENERGY_REPORT_H_

// landauer/energy/roofline.h — modelled time on the substrate, from a priced phase.
//
// A table's `time` for an action is the time that action takes at the table's peak rate: one
// over the unit's throughput (an H100's fp32 MAC: 1 / 33.45 T MAC/s = 29.9 fs). The roofline
// model (S. Williams, A. Waterman & D. Patterson, "Roofline", CACM 52(4), 2009; as Timeloop
// models a layer) treats each component as a unit that runs concurrently with the others:
//
//   busy(u) = Σ over u's actions of count × time,     phase time = max over units of busy(u)
//
// so a phase is bound by its busiest unit: compute (alu) or a memory level (dram, sram_*). It is
// the time at full utilisation, a lower bound on the substrate's real time. Components whose
// actions the table gives no time are listed as untimed: their time is not in the model.
// Substrates with their own time model (the SPU's TNGD App. C model, the adiabatic MAC pipeline)
// add units to it or replace it (Method::ModelTime).
//
// At chip and system scope a phase also costs the table's static power over its modelled time,
// P_static × t (as Accelergy/Timeloop add leakage × cycles): AddStaticPower counts it into the
// ledger as (static, second) × t, and PriceAtScope does the whole sequence for a front end that
// has no substrate time model of its own (rev revnet, rev hypergrad).
#ifndef LANDAUER_ENERGY_ROOFLINE_H_
#define LANDAUER_ENERGY_ROOFLINE_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "landauer/energy/energy_report.h"
#include "landauer/energy/ledger.h"
#include "landauer/energy/scope.h"

namespace landauer {

struct ModelledTime {
  double seconds = 0.0;                  // the phase's modelled time on the substrate
  std::string bound_by;                  // the unit that sets it
  std::map<std::string, double> busy_s;  // each unit's busy time
  std::vector<std::string> untimed;      // components with no time in the table
  std::string model = "roofline";        // how `seconds` follows from busy_s
  // Sets seconds and bound_by to the busiest unit.
  void TakeBusiest();
  nlohmann::json ToJson() const;
};

// The roofline time of `phase`, leaving out `excluded` components (a substrate that models their
// time itself). A component is untimed when none of its actions has a time.
ModelledTime Roofline(const PhaseReport& phase, const std::vector<std::string>& excluded = {});

class EnergyTable;  // energy/energy_table.h

// Counts `seconds` of each static-power entry of the table into `phase` when `scope` is chip or
// system: (static, second), and a combined table's device parts' (static_<table>, second). A
// table whose static power is in its actions (static = "counted") has no such entry and adds
// nothing; at core scope nothing is added.
void AddStaticPower(
    Ledger& ledger, std::string_view phase, double seconds, const EnergyTable& table, Scope scope);

struct ScopedPhase {
  ModelledTime time;    // the roofline of every unit, inside the boundary or not
  EnergyReport energy;  // at the scope, static power over `time` included
};
// Prices `phase` of `ledger` at `scope` (a copy gets the static power). Throws MissingPriceError
// for an action the table does not price.
ScopedPhase PriceAtScope(Ledger ledger,
                         std::string_view phase,
                         const EnergyTable& table,
                         Scope scope);

}  // namespace landauer

#endif  // LANDAUER_ENERGY_ROOFLINE_H_

// landauer/energy/ledger.h — counts of primitive actions, per phase, and the bits erased.
//
// Methods never hard-code joules. They count what they do, and a table prices it later:
//
//   Ledger ledger;
//   ledger.Count("train", "alu", "fp32_mac", 784.0 * 256 * batch);
//   ledger.Count("train", "dram", "read_bit", 32.0 * weights);
//   ledger.CountErasedBits("train", 32.0 * overwritten_words);
//   EnergyReport report = ledger.Price(LoadHardwareTable("h100", HardwareDirectory()));
//
// Phases are free-form names ("train", "inference", "program", ...); actions are
// (component, action) pairs that must exist in the pricing table. Counts are doubles (they can be
// fractional, e.g. bits, and exceed 2^53 in long runs) accumulated with compensated summation.
//
// Bits erased: every method states how it counts them (docs/ledger.md). They are not priced by a
// table; the report multiplies them by kT ln 2 at the table's temperature to give the Landauer
// floor of the run.
//
// Ledgers merge (phases of one run, ranks of an MPI job) and serialise to JSON:
//   {"schema": "landauer.ledger/1",
//    "phases": {"train": {"bits_erased": 1.0e9,            (and "logic_bits_erased" when > 0)
//                         "actions": [{"component": "alu", "action": "fp32_mac",
//                         "count": 2.0e9}]}}}
#ifndef LANDAUER_ENERGY_LEDGER_H_
#define LANDAUER_ENERGY_LEDGER_H_

#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "landauer/energy/compensated_sum.h"
#include "landauer/energy/energy_report.h"
#include "landauer/energy/energy_table.h"

namespace landauer {

// A named action of a substrate's vocabulary. Each substrate's cost file lists its actions as
// constants (thermo/spu_cost.h: kLinkBit{"link", "bit"}), so a count and the table entry that
// prices it are spelled in one place.
struct Action {
  std::string_view component;
  std::string_view action;
};

struct ActionCount {
  std::string component;
  std::string action;
  double count = 0.0;
};

class Ledger {
 public:
  // Adds `count` ≥ 0 actions. Throws std::domain_error for a negative or non-finite count and
  // std::invalid_argument for an empty phase, component or action.
  void Count(std::string_view phase,
             std::string_view component,
             std::string_view action,
             double count = 1.0);
  void Count(std::string_view phase, const Action& action, double count = 1.0) {
    Count(phase, action.component, action.action, count);
  }
  // Adds bits irreversibly erased in `phase` (≥ 0) by the actions counted with them: a register
  // or memory overwritten, a programmed device value, a converter's output (docs/ledger.md,
  // "Counting erased bits"; energy/erasure.h derives them from the actions).
  void CountErasedBits(std::string_view phase, double bits);
  // Adds bits erased inside logic that no counted action shows: a reversible circuit's discarded
  // garbage, a conventional gate's overwritten output. They are part of erased_bits() too.
  void CountLogicErasedBits(std::string_view phase, double bits);

  // Adds every count and erased bit of `other` into this ledger.
  void Merge(const Ledger& other);

  // 0 when never counted.
  double count(std::string_view phase, std::string_view component, std::string_view action) const;
  double erased_bits(std::string_view phase) const;        // all of them
  double logic_erased_bits(std::string_view phase) const;  // those of CountLogicErasedBits
  double total_erased_bits() const;
  std::vector<std::string> phases() const;
  // The actions counted in `phase`, sorted by (component, action); empty for an unknown phase.
  std::vector<ActionCount> actions(std::string_view phase) const;
  bool empty() const { return phases_.empty(); }

  // Prices every counted action with `table`. Throws MissingPriceError for the first action the
  // table does not price (naming the action, the phase and the table).
  EnergyReport Price(const EnergyTable& table) const;
  // Prices at one system boundary (energy/scope.h): an action whose entry lies outside `scope` is
  // not priced but listed in its phase's `outside_scope`, and the bits it erases (by the erasure
  // convention) leave the phase's floor with it. Throws ScopeError when the table cannot price at
  // `scope` (EnergyTable::WhyNotAt), before anything is priced.
  EnergyReport Price(const EnergyTable& table, Scope scope) const;

  // `exact` adds each total's two compensated-summation parts ("sum", "compensation"), which
  // FromJson restores bit for bit: checkpoints use it, reports do not need it.
  nlohmann::json ToJson(bool exact = false) const;
  // Throws std::invalid_argument naming the offending field for a malformed document.
  static Ledger FromJson(const nlohmann::json& json);

 private:
  struct Phase {
    std::map<std::pair<std::string, std::string>, CompensatedSum> counts;
    CompensatedSum erased_bits;
    CompensatedSum logic_erased_bits;  // a part of erased_bits
  };
  Phase& PhaseFor(std::string_view phase);
  EnergyReport PriceWithin(const EnergyTable& table, const Scope* scope) const;

  std::map<std::string, Phase, std::less<>> phases_;
};

}  // namespace landauer

#endif  // LANDAUER_ENERGY_LEDGER_H_

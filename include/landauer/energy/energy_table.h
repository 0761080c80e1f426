// landauer/energy/energy_table.h — sourced per-action energy prices ("energy reference table").
//
// Methods count actions; a table prices them. A table is a TOML file in data/hardware/:
//
//   schema = "landauer.energy-table/1"
//   name = "cmos-45nm"                       # must equal the file name without .toml
//   description = "45 nm CMOS at 0.9 V"
//   temperature = "300 K"                    # the Landauer floor is priced at this temperature
//   reference = "M. Horowitz, Computing's energy problem, ISSCC 2014"
//   scope = "core"                           # the widest boundary it can price (energy/scope.h);
//                                            # chip and system need static power: a
//                                            # (static, second) entry, or static = "counted"
//   node = "45 nm"                           # optional: the process node, shown in reports
//   family = "45nm"                          # optional, [a-z0-9]+: the node family whose device
//                                            # numbers it uses; a method's device table "D" is
//                                            # priced as "D-<family>" of the base table's family
//                                            # where the catalog has one (hardware_catalog.h)
//   static = "counted"                       # optional: static power is in its actions already
//   lumped = false                           # optional: true when each price includes everything
//                                            # up to `scope` (a TDP ÷ peak table); such a table
//                                            # prices at its own scope only
//
//   [[entry]]
//   component = "alu"                        # [a-z0-9_]+
//   action = "fp32_mult"                     # [a-z0-9_]+; (component, action) is unique
//   energy = "3.7 pJ"                        # > 0, with an energy unit (J prefixes or eV)
//   time = "1 ns"                            # optional, >= 0, with a time unit
//   source = "Horowitz ISSCC 2014, Fig. 1.1.9"   # required, non-empty
//   assumption = false                       # required: true when the number is assumed/derived
//   note = "free text"                       # optional
//   scope = "chip"                           # optional: the innermost boundary that contains
//                                            # the entry (default: core; in a lumped table, the
//                                            # table's scope);
//                                            # it may be wider than the table's: a core table's
//                                            # SRAM entry is simply outside every scope it prices
//
// The loader rejects — with the file, the line and a fix — malformed TOML, unknown keys, missing
// keys, wrong types, values without units or with units of the wrong kind, non-positive energies,
// negative times, empty sources, duplicate actions and a name that differs from the file name.
//
// `time`, where given, is the time one action takes at the device's peak rate (e.g. 1/peak FLOP/s
// for a GPU FLOP). The ledger multiplies it by the count to give the time at peak rate.
#ifndef LANDAUER_ENERGY_ENERGY_TABLE_H_
#define LANDAUER_ENERGY_ENERGY_TABLE_H_

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "landauer/core/quantity.h"
#include "landauer/energy/scope.h"

namespace landauer {

struct EnergyEntry {
  std::string component;
  std::string action;
  double energy_j = 0.0;         // energy per action, J
  std::optional<double> time_s;  // time per action at peak rate, s
  std::string source;            // citation for the number
  bool assumption = false;       // true when the number is an assumption or a derivation
  std::string note;              // free text (derivation, caveats)
  Scope scope = Scope::kCore;    // the innermost boundary that contains it
  int line = 0;                  // line of the [[entry]] in the file, for messages
};

// An action the chosen table does not price. Bad configuration, not a bug: front ends report it
// as bad input (exit code 2). Never priced as zero.
class MissingPriceError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// A table asked to price at a scope it cannot (energy/scope.h): bad input, exit code 2.
class ScopeError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

class EnergyTable {
 public:
  // Parses TOML text. `origin` names the text in messages (usually the file path);
  // `expected_name`, when non-empty, must equal the table's `name`.
  static EnergyTable Parse(std::string_view text,
                           const std::string& origin,
                           const std::string& expected_name = "");
  // Reads and parses a file; the table name must equal the file's stem.
  static EnergyTable Load(const std::string& path);

  const std::string& name() const { return name_; }
  const std::string& description() const { return description_; }
  const std::string& reference() const { return reference_; }
  const std::string& origin() const { return origin_; }
  Kelvin temperature() const { return temperature_; }
  const std::vector<EnergyEntry>& entries() const { return entries_; }
  // The widest scope it prices (empty: not declared); its process node ("" if not given).
  std::optional<Scope> scope() const { return scope_; }
  const std::string& node() const { return node_; }
  // Its node family ("" if not given); a combined table of two families names both ("7nm+45nm").
  const std::string& family() const { return family_; }
  bool lumped() const { return lumped_; }
  // Empty when the table can price at `scope`; else why not, naming the table (or, for a
  // combined table, the constituent) and what it lacks. The table (a combined table's first, the
  // base) must declare a scope at least as wide; every part must declare one, and chip or system
  // scope needs static power in every part. A device part may declare a narrower scope than the
  // one priced: the base prices what lies beyond it.
  std::string WhyNotAt(Scope scope) const;
  // Throws ScopeError ("--scope S: <WhyNotAt>; choose another --scope or --hardware") when the
  // table cannot price at `scope`: the check every command makes before its expensive part.
  void RequireScope(Scope scope) const;

  // A table pricing the actions of both (named "a+b"), e.g. a digital chip and the SPU it hosts.
  // b's static power, if it has a (static, second) entry, becomes (static_<b's name>, second):
  // each part's static power is charged over the modelled time. Throws std::invalid_argument if
  // they price the same action or differ in temperature.
  static EnergyTable Combine(const EnergyTable& a, const EnergyTable& b);

  // The entry for (component, action), or nullptr.
  const EnergyEntry* Find(std::string_view component, std::string_view action) const;
  // The entry for (component, action); throws MissingPriceError naming the action, the table and
  // the closest actions it does price.
  const EnergyEntry& Price(std::string_view component, std::string_view action) const;

 private:
  std::string name_;
  std::string description_;
  std::string reference_;
  std::string origin_;
  Kelvin temperature_{300.0};
  std::optional<Scope> scope_;
  std::string node_;
  std::string family_;
  bool lumped_ = false;
  // The tables a combined table was made of (a single table: itself), for WhyNotAt.
  struct Part {
    std::string name;
    std::optional<Scope> scope;
    bool lumped = false;
    bool has_static = false;  // a (static, second) entry, or static = "counted"
  };
  std::vector<Part> parts_;
  std::vector<EnergyEntry> entries_;
  std::map<std::pair<std::string, std::string>, std::size_t, std::less<>> index_;
};

// Where the shipped tables live: $LANDAUER_DATA_DIR/hardware if set, else data/hardware next to
// the executable's build or install tree, else the source tree the binary was built from.
std::string HardwareDirectory();
// Names (file stems) of the *.toml files in `directory`, sorted.
std::vector<std::string> ListHardwareTables(const std::string& directory);
// Loads `name` from `directory`; an unknown name throws InputError listing the known names.
EnergyTable LoadHardwareTable(const std::string& name, const std::string& directory);

}  // namespace landauer

#endif  // LANDAUER_ENERGY_ENERGY_TABLE_H_

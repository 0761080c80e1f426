// landauer/energy/scope.h — the system boundary at which energy is priced.
//
//   core    the switching energy of the operations themselves (an ALU's MAC, a logic node)
//   chip    core, plus on-chip memory, control, converters, and static power over the modelled
//           time
//   system  chip, plus off-chip memory and I/O (DRAM/HBM, links between chips). Power delivery
//           and cooling are not modelled: system energies are at the chips' supply pins (PUE 1).
//
// Every table entry belongs to the innermost scope that contains it; a comparison prices every
// row at one scope and leaves out what lies outside it, so a bare 45 nm MAC is never set against a
// whole GPU board (DESIGN.md; Accelergy's energy reference tables work the same way: dynamic
// energy per action plus static power × time).
#ifndef LANDAUER_ENERGY_SCOPE_H_
#define LANDAUER_ENERGY_SCOPE_H_

#include <string_view>

namespace landauer {

enum class Scope { kCore = 0, kChip = 1, kSystem = 2 };

std::string_view ToString(Scope scope);
// "core", "chip" or "system"; throws std::invalid_argument listing them.
Scope ScopeFromString(std::string_view name);

}  // namespace landauer

#endif  // LANDAUER_ENERGY_SCOPE_H_

// landauer/reversible/adiabatic.h — energy of conventional against adiabatic (reversible) logic.
//
// Per logic node of capacitance C at supply V, driven through resistance R, leaking P_leak:
//   conventional (step) charging   E = ½ C V²                       per transition, any speed
//   adiabatic linear ramp of T     E = a C V² g(T),  g(T) = (RC/T)[1 − (RC/T)(1 − e^(−T/RC))]
//                                  → a (RC/T) C V² for T ≫ RC, → ½ C V² (a = 1) for T ≪ RC
//   leakage over one clock period  E = P_leak T
//   resonator loss per cycle       E = (2π/Q) · ½ C V²
//   optimum (T ≫ RC form)          T* = √(a RC C V² / P_leak),  E_min = 2 √(a RC C V² P_leak)
// (Athas et al., IEEE Trans. VLSI 2(4), 1994; Paul, Schlaffer & Nossek, IEEE TCAS-I 47(7), 2000.)
// The Landauer floor is kT ln 2 per bit erased.
//
// The device numbers come from an energy table (data/hardware/adiabatic-cmos.toml) through the
// four priced actions of adiabatic_cost.h, which also counts them, so every joule stays traceable
// in a Ledger.
//
// A kernel (e.g. an 8-bit MAC) is costed two ways, per operation at clock period T:
//   conventional: its logic network in static CMOS; every gate is a node; transitions are the
//                 measured toggles between successive random operands; every node leaks for T;
//                 bits erased = one per gate output overwritten.
//   adiabatic:    its Bennett-compiled reversible circuit; every gate drives one node through one
//                 adiabatic transition per operation (dual-rail: one rail always swings); each
//                 leaks for T and pays the resonator; bits erased = the garbage it discards.
#ifndef LANDAUER_REVERSIBLE_ADIABATIC_H_
#define LANDAUER_REVERSIBLE_ADIABATIC_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "landauer/energy/energy_table.h"
#include "landauer/energy/ledger.h"
#include "landauer/reversible/logic_network.h"

namespace landauer::reversible {

inline constexpr double kReferenceRampS = 1e-9;  // the 1 ns of the table's *_1ns actions

struct AdiabaticNodeModel {
  double conventional_transition_j = 0.0;  // ½CV², J
  double cv2_j = 0.0;                      // CV², J
  double rc_s = 0.0;                       // RC, s
  double ramp_factor = 1.0;                // a (1 for a linear ramp)
  double leakage_w = 0.0;                  // P_leak, W
  double resonator_cycle_j = 0.0;          // (2π/Q)·½CV², J

  // Reads the four actions above; throws MissingPriceError if one is absent and
  // std::invalid_argument if RC (the conventional transition's time) is missing.
  static AdiabaticNodeModel FromTable(const EnergyTable& table);

  // a CV² g(T): dissipation of one adiabatic transition with ramp time T (s).
  double AdiabaticTransitionJ(double ramp_s) const;
  // The ledger count, in 1 ns equivalents, of one transition with ramp T: g(T) · 1 ns / RC.
  double ReferenceEquivalents(double ramp_s) const;
  double OptimalRampS() const;        // T*
  double MinimumNodeEnergyJ() const;  // E_min (transition + leakage at T*)
};

struct KernelActivity {
  std::string name;
  std::int64_t conventional_nodes = 0;    // gates of the logic network
  double conventional_transitions = 0.0;  // mean node toggles per operation (measured)
  std::int64_t reversible_gates = 0;      // gates of the Bennett circuit
  std::int64_t reversible_lines = 0;
  double conventional_bits_erased = 0.0;  // per operation
  double reversible_bits_erased = 0.0;    // garbage per operation (the discarded operands)
  std::int64_t patterns = 0;              // random operand pairs measured
};

// Compiles `network` (Bennett, inputs discarded), and measures the conventional switching
// activity on `patterns` seeded random operand transitions.
KernelActivity MeasureKernel(const std::string& name,
                             const LogicNetwork& network,
                             std::uint64_t seed,
                             std::int64_t patterns = 1 << 16);

struct SweepPoint {
  double period_s = 0.0;
  double conventional_j = 0.0;  // per operation
  double adiabatic_j = 0.0;
  double conventional_floor_j = 0.0;
  double adiabatic_floor_j = 0.0;
};

struct EnergySweep {
  KernelActivity kernel;
  AdiabaticNodeModel model;
  std::vector<SweepPoint> points;
  std::vector<double> crossovers_s;  // periods where the cheaper style changes (solved)
  nlohmann::json ToJson() const;
};

// Log-spaced clock periods in [min_s, max_s], priced through ledgers with `table`. The crossovers
// in [min_s, max_s] are solved to machine precision and do not depend on `points`.
EnergySweep SweepClock(
    const KernelActivity& kernel, const EnergyTable& table, double min_s, double max_s, int points);

}  // namespace landauer::reversible

#endif  // LANDAUER_REVERSIBLE_ADIABATIC_H_

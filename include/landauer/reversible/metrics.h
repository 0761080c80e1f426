// landauer/reversible/metrics.h — what a reversible circuit costs.
//
// * Gate counts by kind and by number of controls (RevLib names: t3 = Toffoli on 3 lines).
// * Quantum cost, Maslov's table as RevKit computes it (revkit core/utils/costs.cpp): a Toffoli
//   with c controls on a circuit of n lines, with e = n − c − 1 free lines, costs
//     c = 0,1: 1;  2: 5;  3: 13;  4: 26 (e ≥ 2) else 29;  5: 38 (e ≥ 3), 52 (e ≥ 1), 61;
//     6: 50/80/125 (e ≥ 4 / e ≥ 1 / 0);  7: 62/100/253 (e ≥ 5);  8: 74/128/509 (e ≥ 6);
//     9: 86/152/1021 (e ≥ 7);  c ≥ 10: 12c − 33 (e ≥ c − 2), 24c − 87 (e ≥ 1), 2^(c+1) − 3.
//   A Fredkin gate with c controls is CNOT · Toffoli(c + 1 controls) · CNOT: its Toffoli's cost
//   plus 2 (so SWAP = 3, the three-CNOT swap). The 3-line Peres gate costs 4 (Peres 1985; Maslov's
//   benchmark page); a Peres gate with c ≥ 2 controls is costed as its two Toffolis.
//   Negative controls cost the same as positive ones (RevKit's default, controls_offset = 0).
// * T-count (caterpillar's t_cost): 0 for 0–1 controls, 7 for 2, 16 for 3, and for c ≥ 4
//   8(c − 1) with at least ⌊(c − 1)/2⌋ free lines, else 16(c − 1). Fredkin: its Toffoli's count;
//   Peres: its Toffolis' counts (7 for p3).
// * Depth: as-soon-as-possible layering, a gate after every earlier gate that shares a line.
// * Ancillae (constant inputs) and garbage outputs.
// * Bits erased:
//     bits_erased              garbage outputs that must be cleared after each evaluation (at
//                              most one bit of information each, so kT ln 2 each at most; lines a
//                              Bennett compilation restored to a known constant are not counted);
//     bits_erased_irreversible the same gates run as conventional overwriting logic: each gate
//                              overwrites its target line(s), one bit per target.
#ifndef LANDAUER_REVERSIBLE_METRICS_H_
#define LANDAUER_REVERSIBLE_METRICS_H_

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "landauer/reversible/circuit.h"

namespace landauer::reversible {

// Maslov quantum cost of a Toffoli with `controls` controls on a circuit of `lines` lines.
std::int64_t ToffoliQuantumCost(int controls, int lines);
std::int64_t GateQuantumCost(const Gate& gate, int lines);
std::int64_t ToffoliTCount(int controls, int lines);
std::int64_t GateTCount(const Gate& gate, int lines);

struct CircuitStats {
  int lines = 0;
  int inputs = 0;    // free (non-constant) inputs
  int outputs = 0;   // non-garbage outputs
  int ancillae = 0;  // constant inputs
  int garbage = 0;
  std::int64_t gates = 0;
  std::map<std::string, std::int64_t> gates_by_kind;  // "t1", "t2", "t3", "f3", "p3", …
  std::map<int, std::int64_t> gates_by_controls;      // number of controls → count
  std::int64_t quantum_cost = 0;
  std::int64_t t_count = 0;
  std::int64_t depth = 0;
  std::int64_t bits_erased = 0;
  std::int64_t bits_erased_irreversible = 0;

  nlohmann::json ToJson() const;
};

CircuitStats ComputeStats(const Circuit& circuit);

}  // namespace landauer::reversible

#endif  // LANDAUER_REVERSIBLE_METRICS_H_

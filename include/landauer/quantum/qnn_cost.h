// landauer/quantum/qnn_cost.h — what a DQNN needs on a quantum computer, and what simulating it
// costs on a digital one.
//
// Resources of the network [m_0, …, m_L] (Beer et al. 2020):
//   qubits_at_once   max_l (m_{l−1} + m_l): a layer's inputs and outputs, once the qubits of
//                    earlier layers are traced out (reset) and reused; the paper's "width, not
//                    depth" claim
//   qubits_total     Σ_l m_l, without reuse
//   perceptrons      Σ_{l≥1} m_l unitaries, perceptron j of layer l on m_{l−1} + 1 qubits
//   cnots            Σ_l m_l · CNOT(m_{l−1} + 1), with CNOT(n) the count of the optimised quantum
//                    Shannon decomposition of an arbitrary n-qubit unitary, (23/48)·4^n −
//                    (3/2)·2^n + 4/3 (Shende, Bullock and Markov, "Synthesis of quantum-logic
//                    circuits", IEEE TCAD 25(6), 2006, Theorem 13: 3 for two qubits, 20 for
//                    three, 100 for four); the lower bound ⌈(4^n − 3n − 1)/4⌉ is given beside it
//   depth            perceptrons of a layer share its input qubits, so they run one after another:
//                    Σ_l m_l perceptrons, Σ_l m_l · CNOT(m_{l−1} + 1) CNOTs deep
//
// Simulation: the dense complex multiply-adds DqnnWork counted, each 4 real float64 MACs,
// counted as (alu, fp64_mac) on the run's digital table. The density matrices are held in the
// memory level their size needs; their traffic is not counted (an underestimate).
//
// On a quantum processor (data/hardware/qpu-superconducting.toml), every shot of the network is
// a circuit: state preparation (one layer of single-qubit rotations), each perceptron's
// decomposition (per CNOT one two-qubit-gate slot and one single-qubit-gate slot: a CNOT is a CZ
// between Hadamards, merged with the rotations around it), a readout of the output qubits, a
// reset of every qubit, and the shot cycle (the repetition delay and per-shot overhead). The
// table prices time slots: the machine draws its power whatever the slot uses, so gates acting
// in parallel are one slot. Each slot is counted on the control electronics (qpu_control, chip
// scope) and on the refrigerator and servers (qpu_cryo, system scope). Erased bits: 1 per output
// qubit per shot (the outcome register) and 1 per qubit reset per shot.
#ifndef LANDAUER_QUANTUM_QNN_COST_H_
#define LANDAUER_QUANTUM_QNN_COST_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "landauer/energy/ledger.h"
#include "landauer/quantum/dqnn.h"

namespace landauer::quantum {

struct DqnnResources {
  int qubits_at_once = 0, qubits_total = 0, perceptrons = 0;
  std::int64_t cnots = 0, cnots_lower_bound = 0;
  int depth_perceptrons = 0;
};

// CNOT(n) of the optimised quantum Shannon decomposition (0 for one qubit), and the lower bound.
std::int64_t ShannonCnots(int qubits);
std::int64_t CnotLowerBound(int qubits);
DqnnResources Resources(const std::vector<int>& widths);

// The simulation's arithmetic, into `ledger` under `phase`.
void CountSimulation(Ledger& ledger, std::string_view phase, const DqnnWork& work);

// `shots` runs of the network on each of `samples` inputs, on a quantum processor.
void CountShots(Ledger& ledger,
                std::string_view phase,
                const std::vector<int>& widths,
                std::int64_t samples,
                std::int64_t shots);

}  // namespace landauer::quantum

#endif  // LANDAUER_QUANTUM_QNN_COST_H_

// landauer/reversible/bennett.h — compile classical logic to a garbage-free reversible circuit.
//
// Bennett's compute–copy–uncompute (C. H. Bennett, "Logical reversibility of computation", IBM J.
// Res. Dev. 17, 1973): every logic gate writes into a fresh ancilla line (initially 0), the
// outputs are copied out with CNOTs onto fresh output lines, and the compute gates are then run
// in reverse, returning every ancilla to 0. The circuit maps (x, 0, 0) → (x, 0, f(x)): no garbage,
// no erasure; the price is about twice the gates and one line per logic gate.
//
// Gate mapping (only nodes that reach an output are compiled):
//   AND(a, b) → Toffoli(a, b → n);   XOR(a, b) → CNOT(a → n), CNOT(b → n);
//   OR(a, b)  → Toffoli(¬a, ¬b → n), NOT(n);   NOT(a) → CNOT(a → n), NOT(n);
//   constant 1 → NOT(n).
// With `discard_inputs`, the input lines are marked garbage: the function then erases its inputs
// (as a conventional MAC overwrites its operands), and the circuit's bits_erased says how many.
#ifndef LANDAUER_REVERSIBLE_BENNETT_H_
#define LANDAUER_REVERSIBLE_BENNETT_H_

#include <cstdint>
#include <string>

#include "landauer/reversible/circuit.h"
#include "landauer/reversible/logic_network.h"

namespace landauer {
class ProgressSink;  // core/progress.h
}  // namespace landauer

namespace landauer::reversible {

struct BennettOptions {
  bool discard_inputs = false;
};

struct BennettResult {
  Circuit circuit;
  int compute_gates = 0;  // gates of the compute phase (the uncompute phase has as many)
  int copy_gates = 0;
};

BennettResult CompileBennett(const LogicNetwork& network, const BennettOptions& options = {});

struct VerifyResult {
  bool ok = false;
  bool exhaustive = false;
  std::uint64_t patterns = 0;
  std::string problem;  // the first mismatch, or an ancilla left dirty
};

// Checks a compiled circuit against its network: the circuit's last num_outputs non-garbage
// lines must equal the network's outputs, and every restored line must be back at its constant.
// Exhaustive up to `max_exhaustive_inputs` inputs, else `random_patterns` seeded patterns
// (CheckPatterns in simulator.h).
VerifyResult VerifyAgainstNetwork(const Circuit& circuit,
                                  const LogicNetwork& network,
                                  int max_exhaustive_inputs = 24,
                                  std::uint64_t random_patterns = 1'000'000,
                                  std::uint64_t seed = 0,
                                  ProgressSink* progress = nullptr);

}  // namespace landauer::reversible

#endif  // LANDAUER_REVERSIBLE_BENNETT_H_

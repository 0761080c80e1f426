#include "landauer/quantum/qnn_cost.h"

#include <algorithm>
#include <cmath>

#include "landauer/energy/erasure.h"

namespace landauer::quantum {

std::int64_t ShannonCnots(int qubits) {
  if (qubits <= 1) return 0;
  const double four = std::ldexp(1.0, 2 * qubits), two = std::ldexp(1.0, qubits);
  return std::llround(23.0 / 48.0 * four - 1.5 * two + 4.0 / 3.0);
}

std::int64_t CnotLowerBound(int qubits) {
  if (qubits <= 1) return 0;
  const std::int64_t four = std::int64_t{1} << (2 * qubits);
  return (four - 3 * qubits - 1 + 3) / 4;  // ⌈(4^n − 3n − 1)/4⌉
}

DqnnResources Resources(const std::vector<int>& widths) {
  DqnnResources r;
  r.qubits_total = widths.empty() ? 0 : widths.front();
  for (std::size_t l = 1; l < widths.size(); ++l) {
    const int in = widths[l - 1], out = widths[l];
    r.qubits_at_once = std::max(r.qubits_at_once, in + out);
    r.qubits_total += out;
    r.perceptrons += out;
    r.depth_perceptrons += out;
    r.cnots += out * ShannonCnots(in + 1);
    r.cnots_lower_bound += out * CnotLowerBound(in + 1);
  }
  return r;
}

void CountSimulation(Ledger& ledger, std::string_view phase, const DqnnWork& work) {
  if (work.complex_macs > 0.0) {
    CountWithErasure(ledger, phase, "alu", "fp64_mac", 4.0 * work.complex_macs);
  }
}

void CountShots(Ledger& ledger,
                std::string_view phase,
                const std::vector<int>& widths,
                std::int64_t samples,
                std::int64_t shots) {
  const DqnnResources r = Resources(widths);
  const double n = static_cast<double>(samples) * static_cast<double>(shots);
  const double cnots = static_cast<double>(r.cnots);
  for (const std::string_view part : {"qpu_control", "qpu_cryo"}) {
    CountWithErasure(ledger, phase, part, "one_qubit_gate", n * (1.0 + cnots));
    CountWithErasure(ledger, phase, part, "two_qubit_gate", n * cnots);
    CountWithErasure(ledger, phase, part, "readout", n);
    CountWithErasure(ledger, phase, part, "reset", n);
    CountWithErasure(ledger, phase, part, "shot_cycle", n);
  }
  ledger.CountLogicErasedBits(phase, n * (widths.back() + r.qubits_total));
}

}  // namespace landauer::quantum

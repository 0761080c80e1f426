#include "landauer/reversible/metrics.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace landauer::reversible {

std::int64_t ToffoliQuantumCost(int controls, int lines) {
  const int c = std::min(controls, std::max(lines - 1, 0));
  const int e = lines - c - 1;  // free lines
  switch (c) {
    case 0:
    case 1:
      return 1;
    case 2:
      return 5;
    case 3:
      return 13;
    case 4:
      return e >= 2 ? 26 : 29;
    case 5:
      return e >= 3 ? 38 : e >= 1 ? 52 : 61;
    case 6:
      return e >= 4 ? 50 : e >= 1 ? 80 : 125;
    case 7:
      return e >= 5 ? 62 : e >= 1 ? 100 : 253;
    case 8:
      return e >= 6 ? 74 : e >= 1 ? 128 : 509;
    case 9:
      return e >= 7 ? 86 : e >= 1 ? 152 : 1021;
    default:
      if (e >= c - 2) return 12LL * c - 33;
      if (e >= 1) return 24LL * c - 87;
      return c >= 62 ? INT64_MAX : (std::int64_t{1} << (c + 1)) - 3;
  }
}

std::int64_t GateQuantumCost(const Gate& gate, int lines) {
  const int c = static_cast<int>(gate.controls.size());
  switch (gate.kind) {
    case GateKind::kToffoli:
      return ToffoliQuantumCost(c, lines);
    case GateKind::kFredkin:
      return ToffoliQuantumCost(c + 1, lines) + 2;
    case GateKind::kPeres:
      return c == 1 ? 4 : ToffoliQuantumCost(c + 1, lines) + ToffoliQuantumCost(c, lines);
  }
  return 0;
}

std::int64_t ToffoliTCount(int controls, int lines) {
  switch (controls) {
    case 0:
    case 1:
      return 0;
    case 2:
      return 7;
    case 3:
      return 16;
    default:
      return (lines - controls - 1 >= (controls - 1) / 2 ? 8 : 16) *
             static_cast<std::int64_t>(controls - 1);
  }
}

std::int64_t GateTCount(const Gate& gate, int lines) {
  const int c = static_cast<int>(gate.controls.size());
  switch (gate.kind) {
    case GateKind::kToffoli:
      return ToffoliTCount(c, lines);
    case GateKind::kFredkin:
      return ToffoliTCount(c + 1, lines);
    case GateKind::kPeres:
      return ToffoliTCount(c + 1, lines) + ToffoliTCount(c, lines);
  }
  return 0;
}

CircuitStats ComputeStats(const Circuit& circuit) {
  CircuitStats s;
  s.lines = circuit.num_lines();
  s.inputs = static_cast<int>(circuit.InputLines().size());
  s.outputs = static_cast<int>(circuit.OutputLines().size());
  s.ancillae = circuit.num_ancillae();
  s.garbage = circuit.num_garbage();
  s.gates = circuit.num_gates();
  std::vector<std::int64_t> level(static_cast<std::size_t>(s.lines), 0);
  for (const Gate& gate : circuit.gates()) {
    ++s.gates_by_kind[RevLibName(gate)];
    ++s.gates_by_controls[static_cast<int>(gate.controls.size())];
    s.quantum_cost += GateQuantumCost(gate, s.lines);
    s.t_count += GateTCount(gate, s.lines);
    s.bits_erased_irreversible += static_cast<std::int64_t>(gate.targets.size());
    std::int64_t at = 0;
    for (const Control& c : gate.controls)
      at = std::max(at, level[static_cast<std::size_t>(c.line)]);
    for (int t : gate.targets) at = std::max(at, level[static_cast<std::size_t>(t)]);
    ++at;
    for (const Control& c : gate.controls) level[static_cast<std::size_t>(c.line)] = at;
    for (int t : gate.targets) level[static_cast<std::size_t>(t)] = at;
    s.depth = std::max(s.depth, at);
  }
  s.bits_erased = circuit.num_erased_garbage();
  return s;
}

nlohmann::json CircuitStats::ToJson() const {
  nlohmann::json by_kind = nlohmann::json::object(), by_controls = nlohmann::json::object();
  for (const auto& [k, v] : gates_by_kind) by_kind[k] = v;
  for (const auto& [k, v] : gates_by_controls) by_controls[std::to_string(k)] = v;
  return {{"lines", lines},
          {"inputs", inputs},
          {"outputs", outputs},
          {"ancillae", ancillae},
          {"garbage", garbage},
          {"gates", gates},
          {"gates_by_kind", by_kind},
          {"gates_by_controls", by_controls},
          {"quantum_cost", quantum_cost},
          {"t_count", t_count},
          {"depth", depth},
          {"bits_erased", bits_erased},
          {"bits_erased_irreversible", bits_erased_irreversible}};
}

}  // namespace landauer::reversible

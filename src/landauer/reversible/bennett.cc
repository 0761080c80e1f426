#include "landauer/reversible/bennett.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "landauer/reversible/simulator.h"

namespace landauer::reversible {

BennettResult CompileBennett(const LogicNetwork& network, const BennettOptions& options) {
  const std::vector<LogicNode>& nodes = network.nodes();
  // Nodes that reach an output.
  std::vector<char> live(nodes.size(), 0);
  for (int o : network.outputs()) live[static_cast<std::size_t>(o)] = 1;
  for (std::size_t i = nodes.size(); i-- > 0;) {
    if (!live[i]) continue;
    if (nodes[i].a >= 0) live[static_cast<std::size_t>(nodes[i].a)] = 1;
    if (nodes[i].b >= 0) live[static_cast<std::size_t>(nodes[i].b)] = 1;
  }
  BennettResult result;
  Circuit& c = result.circuit;
  std::vector<int> line_of(nodes.size(), -1);
  for (std::size_t k = 0; k < network.inputs().size(); ++k) {
    line_of[static_cast<std::size_t>(network.inputs()[k])] =
        c.AddLine(network.input_names()[k], std::nullopt, options.discard_inputs);
  }
  std::vector<Gate> compute;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const LogicNode& node = nodes[i];
    if (node.op == LogicOp::kInput || !live[i]) continue;
    Line ancilla;
    ancilla.name = fmt::format("n{}", i);
    while (c.FindLine(ancilla.name) >= 0) ancilla.name += "_";  // an input may be called n4
    ancilla.constant = 0;
    ancilla.garbage = true;
    ancilla.restored = 0;
    const int t = c.AddLine(std::move(ancilla));
    line_of[i] = t;
    const int a = node.a >= 0 ? line_of[static_cast<std::size_t>(node.a)] : -1;
    const int b = node.b >= 0 ? line_of[static_cast<std::size_t>(node.b)] : -1;
    switch (node.op) {
      case LogicOp::kInput:
      case LogicOp::kConst0:
        break;
      case LogicOp::kConst1:
        compute.push_back(Gate::Not(t));
        break;
      case LogicOp::kNot:
        compute.push_back(Gate::Cnot(a, t));
        compute.push_back(Gate::Not(t));
        break;
      // A gate of one signal with itself (e & e) cannot control a Toffoli twice by one line:
      // x & x = x | x = x (a copy), and x ^ x = 0 (the ancilla stays 0).
      case LogicOp::kAnd:
        if (a == b) {
          compute.push_back(Gate::Cnot(a, t));
        } else {
          compute.push_back(Gate::Toffoli({{a, true}, {b, true}}, t));
        }
        break;
      case LogicOp::kOr:
        if (a == b) {
          compute.push_back(Gate::Cnot(a, t));
        } else {
          compute.push_back(Gate::Toffoli({{a, false}, {b, false}}, t));
          compute.push_back(Gate::Not(t));
        }
        break;
      case LogicOp::kXor:
        if (a != b) {
          compute.push_back(Gate::Cnot(a, t));
          compute.push_back(Gate::Cnot(b, t));
        }
        break;
    }
  }
  std::vector<int> out_lines;
  for (const std::string& name : network.output_names()) {
    std::string line_name = name;
    while (c.FindLine(line_name) >= 0) line_name += "_out";
    out_lines.push_back(c.AddLine(line_name, 0, false));
  }
  for (const Gate& g : compute) c.AddGate(g);
  for (std::size_t o = 0; o < out_lines.size(); ++o) {
    c.AddGate(Gate::Cnot(line_of[static_cast<std::size_t>(network.outputs()[o])], out_lines[o]));
  }
  for (auto it = compute.rbegin(); it != compute.rend(); ++it)
    c.AddGate(*it);  // each is an involution
  result.compute_gates = static_cast<int>(compute.size());
  result.copy_gates = static_cast<int>(out_lines.size());
  return result;
}

VerifyResult VerifyAgainstNetwork(const Circuit& circuit,
                                  const LogicNetwork& network,
                                  int max_exhaustive_inputs,
                                  std::uint64_t random_patterns,
                                  std::uint64_t seed,
                                  ProgressSink* progress) {
  VerifyResult result;
  const int n = static_cast<int>(network.inputs().size());
  const std::vector<int> free_lines = circuit.InputLines(), outputs = circuit.OutputLines();
  const std::size_t m = network.outputs().size();
  if (static_cast<int>(free_lines.size()) != n || outputs.size() < m) {
    result.problem =
        fmt::format("interface differs: circuit {} inputs / {} outputs, network {} / {}",
                    free_lines.size(),
                    outputs.size(),
                    n,
                    m);
    return result;
  }
  const EquivalenceOptions options{max_exhaustive_inputs, random_patterns, seed, progress};
  const EquivalenceResult checked =
      CheckPatterns(n, options, [&](const std::vector<std::uint64_t>& inputs, std::size_t words) {
        std::vector<std::uint64_t> state = PrepareState(circuit, inputs, words);
        Simulate(circuit, state, words);
        const std::vector<std::uint64_t> expected = network.Evaluate(inputs, words);
        for (std::size_t w = 0; w < words; ++w) {
          for (std::size_t o = 0; o < m; ++o) {
            const std::size_t line = static_cast<std::size_t>(outputs[outputs.size() - m + o]);
            if (const std::uint64_t diff = state[line * words + w] ^ expected[o * words + w]) {
              result.problem =
                  fmt::format("output '{}' differs from the network", network.output_names()[o]);
              return static_cast<std::int64_t>(w * 64 +
                                               static_cast<std::size_t>(__builtin_ctzll(diff)));
            }
          }
          for (int l = 0; l < circuit.num_lines(); ++l) {
            const auto& restored = circuit.line(l).restored;
            if (!restored) continue;
            const std::uint64_t want = *restored ? ~std::uint64_t{0} : 0;
            if (const std::uint64_t diff = state[static_cast<std::size_t>(l) * words + w] ^ want) {
              result.problem = fmt::format(
                  "ancilla '{}' is not restored to {}", circuit.line(l).name, *restored);
              return static_cast<std::int64_t>(w * 64 +
                                               static_cast<std::size_t>(__builtin_ctzll(diff)));
            }
          }
        }
        return std::int64_t{-1};
      });
  result.exhaustive = checked.exhaustive;
  result.patterns = checked.patterns_checked;
  result.ok = checked.equivalent;
  if (result.ok) result.problem.clear();
  return result;
}

}  // namespace landauer::reversible

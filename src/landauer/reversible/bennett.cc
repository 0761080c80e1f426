#include "landauer/reversible/bennett.h"

#include <algorithm>
#include <vector>

#include "landauer/core/rng.h"
#include "landauer/reversible/simulator.h"

#include <fmt/format.h>

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
    ancilla.constant = 0;
    ancilla.garbage = true;
    ancilla.restored = 0;
    const int t = c.AddLine(std::move(ancilla));
    line_of[i] = t;
    const int a = node.a >= 0 ? line_of[static_cast<std::size_t>(node.a)] : -1;
    const int b = node.b >= 0 ? line_of[static_cast<std::size_t>(node.b)] : -1;
    switch (node.op) {
      case LogicOp::kInput:
      case LogicOp::kConst0: break;
      case LogicOp::kConst1: compute.push_back(Gate::Not(t)); break;
      case LogicOp::kNot:
        compute.push_back(Gate::Cnot(a, t));
        compute.push_back(Gate::Not(t));
        break;
      case LogicOp::kAnd: compute.push_back(Gate::Toffoli({{a, true}, {b, true}}, t)); break;
      case LogicOp::kOr:
        compute.push_back(Gate::Toffoli({{a, false}, {b, false}}, t));
        compute.push_back(Gate::Not(t));
        break;
      case LogicOp::kXor:
        compute.push_back(Gate::Cnot(a, t));
        compute.push_back(Gate::Cnot(b, t));
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
  for (auto it = compute.rbegin(); it != compute.rend(); ++it) c.AddGate(*it);  // each is an involution
  result.compute_gates = static_cast<int>(compute.size());
  result.copy_gates = static_cast<int>(out_lines.size());
  return result;
}

VerifyResult VerifyAgainstNetwork(const Circuit& circuit, const LogicNetwork& network, int max_exhaustive_inputs,
                                  std::uint64_t random_patterns, std::uint64_t seed) {
  VerifyResult result;
  const int n = static_cast<int>(network.inputs().size());
  const std::vector<int> free_lines = circuit.InputLines(), outputs = circuit.OutputLines();
  const std::size_t m = network.outputs().size();
  if (static_cast<int>(free_lines.size()) != n || outputs.size() < m) {
    result.problem = fmt::format("interface differs: circuit {} inputs / {} outputs, network {} / {}", free_lines.size(),
                                 outputs.size(), n, m);
    return result;
  }
  result.exhaustive = n <= max_exhaustive_inputs;
  const std::uint64_t total = result.exhaustive ? (std::uint64_t{1} << n) : random_patterns;
  const std::uint64_t total_words = (total + 63) / 64;
  Rng rng(seed, "reversible", "verify");
  for (std::uint64_t first = 0; first < total_words; first += 2048) {
    const auto words = static_cast<std::size_t>(std::min<std::uint64_t>(2048, total_words - first));
    std::vector<std::uint64_t> inputs;
    if (result.exhaustive) {
      inputs = CountingPatterns(n, static_cast<std::size_t>(first), words);
    } else {
      inputs.resize(static_cast<std::size_t>(n) * words);
      for (std::uint64_t& w : inputs) w = rng.NextU64();
    }
    std::vector<std::uint64_t> state = PrepareState(circuit, inputs, words);
    Simulate(circuit, state, words);
    const std::vector<std::uint64_t> expected = network.Evaluate(inputs, words);
    const std::uint64_t valid = std::min<std::uint64_t>(total - first * 64, words * 64);
    const std::uint64_t tail_mask = valid % 64 == 0 ? ~std::uint64_t{0} : (std::uint64_t{1} << (valid % 64)) - 1;
    for (std::size_t w = 0; w < words; ++w) {
      const std::uint64_t mask = (w + 1) * 64 <= valid ? ~std::uint64_t{0} : (w * 64 < valid ? tail_mask : 0);
      for (std::size_t o = 0; o < m; ++o) {
        const std::size_t line = static_cast<std::size_t>(outputs[outputs.size() - m + o]);
        if ((state[line * words + w] ^ expected[o * words + w]) & mask) {
          result.problem = fmt::format("output '{}' differs from the network", network.output_names()[o]);
          return result;
        }
      }
      for (int l = 0; l < circuit.num_lines(); ++l) {
        const auto& restored = circuit.line(l).restored;
        if (!restored) continue;
        const std::uint64_t want = *restored ? ~std::uint64_t{0} : 0;
        if ((state[static_cast<std::size_t>(l) * words + w] ^ want) & mask) {
          result.problem = fmt::format("ancilla '{}' is not restored to {}", circuit.line(l).name, *restored);
          return result;
        }
      }
    }
    result.patterns += valid;
  }
  result.ok = true;
  return result;
}

}  // namespace landauer::reversible

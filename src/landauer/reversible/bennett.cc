#include "landauer/reversible/bennett.h"

#include <vector>

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

}  // namespace landauer::reversible

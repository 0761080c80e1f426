// landauer/reversible/logic_network.h — classical combinational logic, the compiler's input.
//
// A LogicNetwork is a DAG of AND/OR/XOR/NOT nodes over named inputs, with named outputs. It is
// built programmatically (the arithmetic generators) or parsed from a small netlist language:
//
//   s = a ^ b ^ cin;  cout = (a & b) | (cin & (a ^ b))     # ';' or newlines separate statements
//   _t = x & y; z = ~_t                                     # a leading '_' marks an internal
//   signal
//
// Operators by increasing precedence: '|', '^', '&', then unary '~' (or '!'); parentheses; the
// constants 0 and 1. A name used before it is assigned is a primary input (in order of first use);
// every assigned name without a leading '_' is an output (in order of assignment). Reassigning a
// name, or using an internal name before assigning it, is an error naming the statement.
#ifndef LANDAUER_REVERSIBLE_LOGIC_NETWORK_H_
#define LANDAUER_REVERSIBLE_LOGIC_NETWORK_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace landauer::reversible {

enum class LogicOp { kInput, kConst0, kConst1, kNot, kAnd, kOr, kXor };

struct LogicNode {
  LogicOp op = LogicOp::kInput;
  int a = -1, b = -1;  // operand nodes (b unused for NOT)
};

class LogicNetwork {
 public:
  int AddInput(const std::string& name);
  int Constant(bool value);
  int Not(int a);
  int And(int a, int b);
  int Or(int a, int b);
  int Xor(int a, int b);
  void AddOutput(const std::string& name, int node);

  const std::vector<LogicNode>& nodes() const { return nodes_; }
  const std::vector<int>& inputs() const { return inputs_; }  // node ids
  const std::vector<std::string>& input_names() const { return input_names_; }
  const std::vector<int>& outputs() const { return outputs_; }  // node ids
  const std::vector<std::string>& output_names() const { return output_names_; }
  // Gates other than inputs and constants.
  std::int64_t num_gates() const;

  // Bit-parallel evaluation: `inputs` is num_inputs × words (input-major), the result
  // num_outputs × words.
  std::vector<std::uint64_t> Evaluate(std::span<const std::uint64_t> inputs,
                                      std::size_t words) const;
  // Node values for the same inputs (nodes × words): used to measure switching activity.
  std::vector<std::uint64_t> EvaluateNodes(std::span<const std::uint64_t> inputs,
                                           std::size_t words) const;

 private:
  int Add(LogicOp op, int a, int b);
  std::vector<LogicNode> nodes_;
  std::vector<int> inputs_, outputs_;
  std::vector<std::string> input_names_, output_names_;
};

// Parses the netlist language above; `origin` names the text in errors (InputError with the
// statement's line and column).
LogicNetwork ParseLogic(const std::string& text, const std::string& origin = "<expression>");

}  // namespace landauer::reversible

#endif  // LANDAUER_REVERSIBLE_LOGIC_NETWORK_H_

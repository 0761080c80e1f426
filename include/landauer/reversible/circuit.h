// landauer/reversible/circuit.h — the reversible circuit IR.
//
// A circuit is a list of lines (wires) and a list of gates applied in order. Every gate is a
// bijection on the line values, so the whole circuit is one, and running the gates backwards
// with each gate's inverse undoes it exactly.
//
// Gates (RevLib naming, https://www.revlib.org; grammar in RevKit's revlib_parser):
//   * Toffoli  t_k: c_1 … c_{k−1} controls, one target:  t ^= AND(controls).
//                   NOT is t1 (no control), CNOT is t2 (one control).
//   * Fredkin  f_k: controls, then two targets swapped when AND(controls). SWAP is f2.
//   * Peres    p_k: controls c, targets (t1, t2): t2 ^= AND(c)·t1, then t1 ^= AND(c).
//                   p3 a b c is the usual Peres gate (a, a⊕b, ab⊕c).
// A control is positive (fires on 1) or negative (fires on 0, written "-a" in RevLib).
//
// A line has a name, an optional constant input (0 or 1: an ancilla), an optional input and output
// label, and a garbage flag: its output value is not wanted and must be cleared (erased) before
// the line can be reused, which is what costs kT ln 2 per bit.
#ifndef LANDAUER_REVERSIBLE_CIRCUIT_H_
#define LANDAUER_REVERSIBLE_CIRCUIT_H_

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace landauer::reversible {

enum class GateKind { kToffoli, kFredkin, kPeres };
std::string_view ToString(GateKind kind);

struct Control {
  int line = 0;
  bool positive = true;
  bool operator==(const Control&) const = default;
};

struct Gate {
  GateKind kind = GateKind::kToffoli;
  std::vector<Control> controls;
  std::vector<int> targets;  // 1 for Toffoli, 2 for Fredkin and Peres

  static Gate Not(int target) { return {GateKind::kToffoli, {}, {target}}; }
  static Gate Cnot(int control, int target) {
    return {GateKind::kToffoli, {{control, true}}, {target}};
  }
  static Gate Toffoli(std::vector<Control> controls, int target) {
    return {GateKind::kToffoli, std::move(controls), {target}};
  }
  static Gate Fredkin(std::vector<Control> controls, int a, int b) {
    return {GateKind::kFredkin, std::move(controls), {a, b}};
  }
  static Gate Swap(int a, int b) { return {GateKind::kFredkin, {}, {a, b}}; }
  static Gate Peres(std::vector<Control> controls, int t1, int t2) {
    return {GateKind::kPeres, std::move(controls), {t1, t2}};
  }
  // Lines the gate reads or writes: controls then targets.
  int num_lines() const { return static_cast<int>(controls.size() + targets.size()); }
  bool operator==(const Gate&) const = default;
};

struct Line {
  std::string name;             // variable name, unique in the circuit
  std::optional<int> constant;  // 0 or 1 for an ancilla; empty for a primary input
  bool garbage = false;         // the output is not wanted
  // For a garbage line whose output is a known constant (an ancilla that a Bennett compilation
  // returned to its initial value): it can be reused without erasure. Stored in .real files as
  // landauer's "#@restored" pragma (revlib.h); other tools read it as a comment, and count the
  // line as garbage to be erased: the conservative reading.
  std::optional<int> restored;
  std::string input_label;   // RevLib .inputs name (default: the line name)
  std::string output_label;  // RevLib .outputs name (default: the line name)
};

// A named group of lines (RevLib .inputbus / .outputbus / .state).
struct Bus {
  std::string kind;  // "inputbus", "outputbus" or "state"
  std::string name;
  std::vector<int> lines;
};

class Circuit {
 public:
  Circuit() = default;
  // Adds a line and returns its index. Throws std::invalid_argument on a duplicate name.
  int AddLine(Line line);
  int AddLine(const std::string& name,
              std::optional<int> constant = std::nullopt,
              bool garbage = false);
  // Appends a gate. Throws std::invalid_argument if a line index is out of range, a line appears
  // twice in the gate, or the target count is wrong for the kind.
  void AddGate(Gate gate);
  void Append(const Circuit& other);  // other's gates, on the same line indices
  void AddBus(Bus bus);

  int num_lines() const { return static_cast<int>(lines_.size()); }
  int num_gates() const { return static_cast<int>(gates_.size()); }
  const std::vector<Line>& lines() const { return lines_; }
  // Lines may be changed, even renamed: the name index is rebuilt at the next FindLine.
  std::vector<Line>& mutable_lines() {
    index_valid_ = false;
    return lines_;
  }
  const Line& line(int index) const { return lines_.at(static_cast<std::size_t>(index)); }
  const std::vector<Gate>& gates() const { return gates_; }
  const std::vector<Bus>& buses() const { return buses_; }
  // Line index by name, or -1.
  int FindLine(std::string_view name) const;

  // Lines without a constant, in line order: the circuit's free inputs.
  std::vector<int> InputLines() const;
  // Lines whose output is not garbage, in line order.
  std::vector<int> OutputLines() const;
  int num_ancillae() const;
  int num_garbage() const;
  // Garbage lines that are not known constants: the bits clearing them would erase.
  int num_erased_garbage() const;

  // The inverse circuit: the gates reversed, each replaced by its inverse (a Peres gate becomes
  // its two component gates). Line metadata is kept.
  Circuit Inverse() const;

 private:
  std::vector<Line> lines_;
  std::vector<Gate> gates_;
  // name → index, so that parsing a circuit of n lines and g gates is O(n + g), not O(n (n + g)).
  // Rebuilt lazily after mutable_lines() (FindLine is then not safe to call from two threads).
  mutable std::unordered_map<std::string, int> line_index_;
  mutable bool index_valid_ = true;
  std::vector<Bus> buses_;
};

// The gate's RevLib name: kind letter and line count, e.g. "t3", "f2", "p3".
std::string RevLibName(const Gate& gate);

// The gates whose composition equals the inverse of `gate`, in application order.
std::vector<Gate> InverseGates(const Gate& gate);

}  // namespace landauer::reversible

#endif  // LANDAUER_REVERSIBLE_CIRCUIT_H_

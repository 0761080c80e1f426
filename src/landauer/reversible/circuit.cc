#include "landauer/reversible/circuit.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace landauer::reversible {

std::string_view ToString(GateKind kind) {
  switch (kind) {
    case GateKind::kToffoli:
      return "toffoli";
    case GateKind::kFredkin:
      return "fredkin";
    case GateKind::kPeres:
      return "peres";
  }
  return "?";
}

int Circuit::AddLine(Line line) {
  if (line.name.empty()) throw std::invalid_argument("reversible::Circuit: a line needs a name");
  if (FindLine(line.name) >= 0) {
    throw std::invalid_argument(
        fmt::format("reversible::Circuit: line name '{}' is used twice", line.name));
  }
  if (line.constant && *line.constant != 0 && *line.constant != 1) {
    throw std::invalid_argument(fmt::format(
        "reversible::Circuit: line '{}' has constant {}; use 0 or 1", line.name, *line.constant));
  }
  if (line.input_label.empty()) line.input_label = line.name;
  if (line.output_label.empty()) line.output_label = line.name;
  line_index_[line.name] = num_lines();
  lines_.push_back(std::move(line));
  return num_lines() - 1;
}

int Circuit::AddLine(const std::string& name, std::optional<int> constant, bool garbage) {
  Line line;
  line.name = name;
  line.constant = constant;
  line.garbage = garbage;
  return AddLine(std::move(line));
}

void Circuit::AddGate(Gate gate) {
  const std::size_t expected_targets = gate.kind == GateKind::kToffoli ? 1 : 2;
  if (gate.targets.size() != expected_targets) {
    throw std::invalid_argument(
        fmt::format("reversible::Circuit: a {} gate has {} target(s), not {}",
                    ToString(gate.kind),
                    expected_targets,
                    gate.targets.size()));
  }
  std::vector<int> used;
  for (const Control& c : gate.controls) used.push_back(c.line);
  used.insert(used.end(), gate.targets.begin(), gate.targets.end());
  for (int line : used) {
    if (line < 0 || line >= num_lines()) {
      throw std::invalid_argument(
          fmt::format("reversible::Circuit: gate {} uses line {}, but the circuit has {} lines",
                      gates_.size() + 1,
                      line,
                      num_lines()));
    }
  }
  std::sort(used.begin(), used.end());
  if (std::adjacent_find(used.begin(), used.end()) != used.end()) {
    throw std::invalid_argument(fmt::format(
        "reversible::Circuit: gate {} uses a line twice (as control and target, or two targets)",
        gates_.size() + 1));
  }
  gates_.push_back(std::move(gate));
}

void Circuit::Append(const Circuit& other) {
  for (const Gate& gate : other.gates()) AddGate(gate);
}

void Circuit::AddBus(Bus bus) {
  for (int line : bus.lines) {
    if (line < 0 || line >= num_lines()) {
      throw std::invalid_argument(fmt::format(
          "reversible::Circuit: bus '{}' names line {} of {}", bus.name, line, num_lines()));
    }
  }
  buses_.push_back(std::move(bus));
}

int Circuit::FindLine(std::string_view name) const {
  if (!index_valid_) {
    line_index_.clear();
    for (std::size_t i = 0; i < lines_.size(); ++i) {
      line_index_.emplace(lines_[i].name, static_cast<int>(i));  // the first of a repeated name
    }
    index_valid_ = true;
  }
  const auto found = line_index_.find(std::string(name));
  return found == line_index_.end() ? -1 : found->second;
}

std::vector<int> Circuit::InputLines() const {
  std::vector<int> out;
  for (int i = 0; i < num_lines(); ++i) {
    if (!lines_[static_cast<std::size_t>(i)].constant) out.push_back(i);
  }
  return out;
}

std::vector<int> Circuit::OutputLines() const {
  std::vector<int> out;
  for (int i = 0; i < num_lines(); ++i) {
    if (!lines_[static_cast<std::size_t>(i)].garbage) out.push_back(i);
  }
  return out;
}

int Circuit::num_ancillae() const {
  return static_cast<int>(std::count_if(
      lines_.begin(), lines_.end(), [](const Line& l) { return l.constant.has_value(); }));
}

int Circuit::num_garbage() const {
  return static_cast<int>(
      std::count_if(lines_.begin(), lines_.end(), [](const Line& l) { return l.garbage; }));
}

int Circuit::num_erased_garbage() const {
  return static_cast<int>(std::count_if(
      lines_.begin(), lines_.end(), [](const Line& l) { return l.garbage && !l.restored; }));
}

std::string RevLibName(const Gate& gate) {
  const char letter = gate.kind == GateKind::kToffoli   ? 't'
                      : gate.kind == GateKind::kFredkin ? 'f'
                                                        : 'p';
  return fmt::format("{}{}", letter, gate.num_lines());
}

std::vector<Gate> InverseGates(const Gate& gate) {
  if (gate.kind != GateKind::kPeres) return {gate};  // Toffoli and Fredkin are involutions
  // Peres = [t2 ^= c·t1] then [t1 ^= c]; its inverse is [t1 ^= c] then [t2 ^= c·t1].
  std::vector<Control> with_t1 = gate.controls;
  with_t1.push_back({gate.targets[0], true});
  return {Gate::Toffoli(gate.controls, gate.targets[0]), Gate::Toffoli(with_t1, gate.targets[1])};
}

Circuit Circuit::Inverse() const {
  Circuit inverse;
  inverse.lines_ = lines_;
  inverse.line_index_ = line_index_;
  inverse.index_valid_ = index_valid_;
  inverse.buses_ = buses_;
  for (auto it = gates_.rbegin(); it != gates_.rend(); ++it) {
    for (Gate& g : InverseGates(*it)) inverse.gates_.push_back(std::move(g));
  }
  return inverse;
}

}  // namespace landauer::reversible

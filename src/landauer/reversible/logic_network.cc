#include "landauer/reversible/logic_network.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <stdexcept>

#include "landauer/core/errors.h"

namespace landauer::reversible {

int LogicNetwork::Add(LogicOp op, int a, int b) {
  const int n = static_cast<int>(nodes_.size());
  if ((op != LogicOp::kInput && op != LogicOp::kConst0 && op != LogicOp::kConst1 &&
       (a < 0 || a >= n)) ||
      ((op == LogicOp::kAnd || op == LogicOp::kOr || op == LogicOp::kXor) && (b < 0 || b >= n))) {
    throw std::invalid_argument("LogicNetwork: an operand names a node that does not exist yet");
  }
  nodes_.push_back({op, a, b});
  return n;
}

int LogicNetwork::AddInput(const std::string& name) {
  const int id = Add(LogicOp::kInput, -1, -1);
  inputs_.push_back(id);
  input_names_.push_back(name);
  return id;
}
int LogicNetwork::Constant(bool value) {
  return Add(value ? LogicOp::kConst1 : LogicOp::kConst0, -1, -1);
}
int LogicNetwork::Not(int a) { return Add(LogicOp::kNot, a, -1); }
int LogicNetwork::And(int a, int b) { return Add(LogicOp::kAnd, a, b); }
int LogicNetwork::Or(int a, int b) { return Add(LogicOp::kOr, a, b); }
int LogicNetwork::Xor(int a, int b) { return Add(LogicOp::kXor, a, b); }

void LogicNetwork::AddOutput(const std::string& name, int node) {
  if (node < 0 || node >= static_cast<int>(nodes_.size())) {
    throw std::invalid_argument(
        fmt::format("LogicNetwork: output '{}' names node {} of {}", name, node, nodes_.size()));
  }
  outputs_.push_back(node);
  output_names_.push_back(name);
}

std::int64_t LogicNetwork::num_gates() const {
  std::int64_t n = 0;
  for (const LogicNode& node : nodes_) {
    n += node.op != LogicOp::kInput && node.op != LogicOp::kConst0 && node.op != LogicOp::kConst1;
  }
  return n;
}

std::vector<std::uint64_t> LogicNetwork::EvaluateNodes(std::span<const std::uint64_t> inputs,
                                                       std::size_t words) const {
  if (inputs.size() != inputs_.size() * words) {
    throw std::invalid_argument(
        fmt::format("LogicNetwork::Evaluate: {} words for {} inputs x {} words",
                    inputs.size(),
                    inputs_.size(),
                    words));
  }
  std::vector<std::uint64_t> value(nodes_.size() * words);
  std::size_t next_input = 0;
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    std::uint64_t* out = value.data() + i * words;
    const LogicNode& n = nodes_[i];
    const std::uint64_t* a =
        n.a >= 0 ? value.data() + static_cast<std::size_t>(n.a) * words : nullptr;
    const std::uint64_t* b =
        n.b >= 0 ? value.data() + static_cast<std::size_t>(n.b) * words : nullptr;
    for (std::size_t w = 0; w < words; ++w) {
      switch (n.op) {
        case LogicOp::kInput:
          out[w] = inputs[next_input * words + w];
          break;
        case LogicOp::kConst0:
          out[w] = 0;
          break;
        case LogicOp::kConst1:
          out[w] = ~std::uint64_t{0};
          break;
        case LogicOp::kNot:
          out[w] = ~a[w];
          break;
        case LogicOp::kAnd:
          out[w] = a[w] & b[w];
          break;
        case LogicOp::kOr:
          out[w] = a[w] | b[w];
          break;
        case LogicOp::kXor:
          out[w] = a[w] ^ b[w];
          break;
      }
    }
    if (n.op == LogicOp::kInput) ++next_input;
  }
  return value;
}

std::vector<std::uint64_t> LogicNetwork::Evaluate(std::span<const std::uint64_t> inputs,
                                                  std::size_t words) const {
  const std::vector<std::uint64_t> value = EvaluateNodes(inputs, words);
  std::vector<std::uint64_t> out(outputs_.size() * words);
  for (std::size_t o = 0; o < outputs_.size(); ++o) {
    std::copy_n(
        value.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(outputs_[o]) * words),
        words,
        out.begin() + static_cast<std::ptrdiff_t>(o * words));
  }
  return out;
}

namespace {

class Parser {
 public:
  Parser(const std::string& text, const std::string& origin) : text_(text), origin_(origin) {}

  LogicNetwork Run() {
    while (true) {
      SkipSpaceAndSeparators();
      if (pos_ >= text_.size()) break;
      const int statement_line = line_;
      const std::string name = Identifier("a signal name to assign");
      SkipSpace();
      if (Peek() != '=') Fail("expected '=' after '" + name + "'", "write NAME = EXPRESSION");
      ++pos_;
      if (signals_.count(name)) {
        throw InputError(origin_,
                         statement_line,
                         fmt::format("'{}' is assigned twice or is an input", name),
                         "give every signal one assignment");
      }
      const int node = Or();
      signals_[name] = node;
      if (name[0] != '_') net_.AddOutput(name, node);
      SkipSpace();
      if (pos_ < text_.size() && Peek() != ';' && Peek() != '\n')
        Fail(fmt::format("unexpected '{}'", Peek()), "check the operators");
    }
    if (net_.outputs().empty())
      throw InputError(origin_, line_, "no outputs", "assign at least one signal, e.g. f = a & b");
    return std::move(net_);
  }

 private:
  char Peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  [[noreturn]] void Fail(const std::string& problem, const std::string& fix) {
    throw InputError(
        origin_, line_, fmt::format("column {}: {}", pos_ - line_start_ + 1, problem), fix);
  }
  void SkipSpace() {
    while (pos_ < text_.size()) {
      if (text_[pos_] == '#') {
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
      } else if (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\r') {
        ++pos_;
      } else {
        break;
      }
    }
  }
  void SkipSpaceAndSeparators() {
    while (true) {
      SkipSpace();
      if (Peek() == ';') {
        ++pos_;
      } else if (Peek() == '\n') {
        ++pos_;
        ++line_;
        line_start_ = pos_;
      } else {
        return;
      }
    }
  }
  std::string Identifier(const std::string& what) {
    SkipSpace();
    const std::size_t start = pos_;
    while (pos_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_' ||
            text_[pos_] == '[' || text_[pos_] == ']')) {
      ++pos_;
    }
    if (start == pos_ || std::isdigit(static_cast<unsigned char>(text_[start]))) {
      pos_ = start;
      Fail(fmt::format("expected {}", what), "names start with a letter or '_'");
    }
    return text_.substr(start, pos_ - start);
  }
  int Or() {
    int left = Xor();
    for (SkipSpace(); Peek() == '|'; SkipSpace()) {
      ++pos_;
      left = net_.Or(left, Xor());
    }
    return left;
  }
  int Xor() {
    int left = And();
    for (SkipSpace(); Peek() == '^'; SkipSpace()) {
      ++pos_;
      left = net_.Xor(left, And());
    }
    return left;
  }
  int And() {
    int left = Unary();
    for (SkipSpace(); Peek() == '&'; SkipSpace()) {
      ++pos_;
      left = net_.And(left, Unary());
    }
    return left;
  }
  int Unary() {
    SkipSpace();
    const char c = Peek();
    if (c == '~' || c == '!') {
      ++pos_;
      if (++depth_ > 200)
        Fail("operators nested too deeply", "split the expression into statements");
      const int inner = Unary();
      --depth_;
      return net_.Not(inner);
    }
    if (c == '(') {
      ++pos_;
      if (++depth_ > 200)
        Fail("parentheses nested too deeply", "split the expression into statements");
      const int inner = Or();
      --depth_;
      SkipSpace();
      if (Peek() != ')') Fail("expected ')'", "close the parenthesis");
      ++pos_;
      return inner;
    }
    if (c == '0' || c == '1') {
      ++pos_;
      return net_.Constant(c == '1');
    }
    const std::string name = Identifier("a signal, a constant 0/1, '~' or '('");
    if (const auto it = signals_.find(name); it != signals_.end()) return it->second;
    if (name[0] == '_')
      Fail(fmt::format("internal signal '{}' is used before it is assigned", name),
           "assign it first");
    const int input = net_.AddInput(name);
    signals_[name] = input;
    return input;
  }

  const std::string& text_;
  const std::string& origin_;
  std::size_t pos_ = 0, line_start_ = 0;
  int line_ = 1, depth_ = 0;
  LogicNetwork net_;
  std::map<std::string, int> signals_;
};

}  // namespace

LogicNetwork ParseLogic(const std::string& text, const std::string& origin) {
  return Parser(text, origin).Run();
}

}  // namespace landauer::reversible

#include "landauer/reversible/arithmetic.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <vector>

#include "landauer/core/number_parse.h"

namespace landauer::reversible {
namespace {

void CheckWidth(const char* what, int n, int max) {
  if (n < 1 || n > max) {
    throw std::invalid_argument(fmt::format("{}:{}: the width must be in [1, {}]", what, n, max));
  }
}

// Inputs name[n-1] .. name[0]; returns bits least significant first.
std::vector<int> InputWord(LogicNetwork& net, const std::string& name, int n) {
  std::vector<int> bits(static_cast<std::size_t>(n));
  for (int i = n - 1; i >= 0; --i)
    bits[static_cast<std::size_t>(i)] = net.AddInput(fmt::format("{}{}", name, i));
  return bits;
}

void OutputWord(LogicNetwork& net, const std::string& name, const std::vector<int>& bits) {
  for (int i = static_cast<int>(bits.size()) - 1; i >= 0; --i) {
    net.AddOutput(fmt::format("{}{}", name, i), bits[static_cast<std::size_t>(i)]);
  }
}

// Ripple-carry sum of two words (LSB first, widths may differ); the result has one more bit
// than the wider word (the carry out). Full adders where both words have a bit, half adders where
// one word and the carry remain.
std::vector<int> Add(LogicNetwork& net, const std::vector<int>& a, const std::vector<int>& b) {
  std::vector<int> sum;
  int carry = -1;
  for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    const bool has_a = i < a.size(), has_b = i < b.size();
    if (has_a && has_b) {
      const int half = net.Xor(a[i], b[i]);
      if (carry < 0) {
        sum.push_back(half);
        carry = net.And(a[i], b[i]);
      } else {
        sum.push_back(net.Xor(half, carry));
        carry = net.Or(net.And(a[i], b[i]), net.And(carry, half));
      }
    } else {
      const int x = has_a ? a[i] : b[i];
      if (carry < 0) {
        sum.push_back(x);
      } else {
        sum.push_back(net.Xor(x, carry));
        carry = net.And(x, carry);
      }
    }
  }
  if (carry >= 0) sum.push_back(carry);
  return sum;
}

// a · b, 2n bits, LSB first. Shift-and-add: the running sum's bits below row j are final, so each
// row is added to the bits above them only.
std::vector<int> Multiply(LogicNetwork& net, const std::vector<int>& a, const std::vector<int>& b) {
  const std::size_t n = a.size();
  auto row = [&](std::size_t j) {
    std::vector<int> r(n);
    for (std::size_t i = 0; i < n; ++i) r[i] = net.And(a[i], b[j]);
    return r;
  };
  std::vector<int> product, acc = row(0);
  for (std::size_t j = 1; j < n; ++j) {
    product.push_back(acc[0]);
    acc = Add(net, std::vector<int>(acc.begin() + 1, acc.end()), row(j));
  }
  product.insert(product.end(), acc.begin(), acc.end());
  while (product.size() < 2 * n) product.push_back(net.Constant(false));
  product.resize(2 * n);  // a·b < 2^2n: any higher bit is a carry that is always 0
  return product;
}

}  // namespace

LogicNetwork RippleCarryAdder(int n) {
  CheckWidth("adder", n, 256);
  LogicNetwork net;
  const std::vector<int> a = InputWord(net, "a", n), b = InputWord(net, "b", n);
  OutputWord(net, "s", Add(net, a, b));
  return net;
}

LogicNetwork ArrayMultiplier(int n) {
  CheckWidth("multiplier", n, 64);
  LogicNetwork net;
  const std::vector<int> a = InputWord(net, "a", n), b = InputWord(net, "b", n);
  OutputWord(net, "p", Multiply(net, a, b));
  return net;
}

LogicNetwork Mac(int n) {
  CheckWidth("mac", n, 64);
  LogicNetwork net;
  const std::vector<int> a = InputWord(net, "a", n), b = InputWord(net, "b", n),
                         acc = InputWord(net, "acc", 2 * n);
  std::vector<int> sum = Add(net, acc, Multiply(net, a, b));
  sum.pop_back();  // mod 2^2n
  OutputWord(net, "y", sum);
  return net;
}

LogicNetwork Comparator(int n) {
  CheckWidth("comparator", n, 256);
  LogicNetwork net;
  const std::vector<int> a = InputWord(net, "a", n), b = InputWord(net, "b", n);
  // a < b iff a − b borrows: borrow_{i+1} = (¬a_i ∧ b_i) ∨ (¬(a_i ⊕ b_i) ∧ borrow_i).
  int borrow = -1;
  for (int i = 0; i < n; ++i) {
    const std::size_t k = static_cast<std::size_t>(i);
    const int generate = net.And(net.Not(a[k]), b[k]);
    borrow =
        borrow < 0 ? generate : net.Or(generate, net.And(net.Not(net.Xor(a[k], b[k])), borrow));
  }
  net.AddOutput("lt", borrow);
  return net;
}

LogicNetwork Relu(int n) {
  CheckWidth("relu", n, 256);
  LogicNetwork net;
  const std::vector<int> x = InputWord(net, "x", n);
  const int positive = net.Not(x[static_cast<std::size_t>(n - 1)]);
  std::vector<int> y(static_cast<std::size_t>(n));
  for (int i = 0; i < n - 1; ++i)
    y[static_cast<std::size_t>(i)] = net.And(x[static_cast<std::size_t>(i)], positive);
  y[static_cast<std::size_t>(n - 1)] = net.Constant(false);
  OutputWord(net, "y", y);
  return net;
}

LogicNetwork GenerateKernel(const std::string& spec) {
  const std::size_t colon = spec.find(':');
  const ParsedInteger width = colon == std::string::npos
                                  ? ParsedInteger{0, NumberProblem::kEmpty}
                                  : ParseInteger(std::string_view(spec).substr(colon + 1));
  const std::string kind = spec.substr(0, colon);
  const std::string fix =
      "write KIND:N with KIND one of adder, multiplier, mac, comparator, relu (e.g. mac:8)";
  if (!width.ok()) throw std::invalid_argument(fmt::format("kernel '{}': {}", spec, fix));
  if (width.value < 1 || width.value > (1 << 20)) {
    throw std::invalid_argument(fmt::format("{}: the width is out of range", spec));
  }
  const int n = static_cast<int>(width.value);
  if (kind == "adder") return RippleCarryAdder(n);
  if (kind == "multiplier") return ArrayMultiplier(n);
  if (kind == "mac") return Mac(n);
  if (kind == "comparator") return Comparator(n);
  if (kind == "relu") return Relu(n);
  throw std::invalid_argument(fmt::format("kernel '{}': unknown kind '{}'; {}", spec, kind, fix));
}

Circuit CuccaroAdder(int n) {
  CheckWidth("cuccaro", n, 4096);
  Circuit c;
  const int c0 = c.AddLine("c0", 0);
  std::vector<int> a(static_cast<std::size_t>(n)), b(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    b[static_cast<std::size_t>(i)] = c.AddLine(fmt::format("b{}", i));
    a[static_cast<std::size_t>(i)] = c.AddLine(fmt::format("a{}", i));
  }
  const int z = c.AddLine("z");
  c.mutable_lines()[static_cast<std::size_t>(c0)].garbage = true;
  c.mutable_lines()[static_cast<std::size_t>(c0)].restored = 0;
  // MAJ(x, y, w): CNOT(w→y), CNOT(w→x), Toffoli(x, y → w); w ends holding the majority.
  auto maj = [&](int x, int y, int w) {
    c.AddGate(Gate::Cnot(w, y));
    c.AddGate(Gate::Cnot(w, x));
    c.AddGate(Gate::Toffoli({{x, true}, {y, true}}, w));
  };
  // UMA(x, y, w): Toffoli(x, y → w), CNOT(w→x), CNOT(x→y): restores x, w and leaves the sum in y.
  auto uma = [&](int x, int y, int w) {
    c.AddGate(Gate::Toffoli({{x, true}, {y, true}}, w));
    c.AddGate(Gate::Cnot(w, x));
    c.AddGate(Gate::Cnot(x, y));
  };
  const auto at = [](const std::vector<int>& v, int i) { return v[static_cast<std::size_t>(i)]; };
  maj(c0, at(b, 0), at(a, 0));
  for (int i = 1; i < n; ++i) maj(at(a, i - 1), at(b, i), at(a, i));
  c.AddGate(Gate::Cnot(at(a, n - 1), z));
  for (int i = n - 1; i >= 1; --i) uma(at(a, i - 1), at(b, i), at(a, i));
  uma(c0, at(b, 0), at(a, 0));
  return c;
}

}  // namespace landauer::reversible

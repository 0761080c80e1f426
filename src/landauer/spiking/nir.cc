#include "landauer/spiking/nir.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>

#include "landauer/core/atomic_file.h"
#include "landauer/core/errors.h"

namespace landauer::spiking {
namespace {

struct NodeRule {
  std::string_view type;
  std::vector<std::string_view> required;
  bool neuron;  // every real parameter is per neuron, of one shape
};

// NIR 1.0's primitives (nir/ir/*.py, nir/serialization.py read_node) and what each must carry.
const std::vector<NodeRule>& Rules() {
  static const std::vector<NodeRule> rules = {
      {"Input", {}, false},
      {"Output", {}, false},
      {"Affine", {"weight", "bias"}, false},
      {"Linear", {"weight"}, false},
      {"Scale", {"scale"}, true},
      {"Threshold", {"threshold"}, true},
      {"Flatten", {"start_dim", "end_dim"}, false},
      {"Delay", {"delay"}, true},
      {"IF", {"r", "v_threshold"}, true},
      {"LIF", {"tau", "r", "v_leak", "v_threshold"}, true},
      {"LI", {"tau", "r", "v_leak"}, true},
      {"I", {"r"}, true},
      {"Integrator", {"r"}, true},
      {"CubaLIF", {"tau_syn", "tau_mem", "r", "v_leak", "v_threshold", "w_in"}, true},
      {"CubaLI", {"tau_syn", "tau_mem", "r", "v_leak", "w_in"}, true},
      {"Conv1d", {"weight", "bias", "stride", "padding", "dilation", "groups"}, false},
      {"Conv2d", {"weight", "bias", "stride", "padding", "dilation", "groups"}, false},
      {"SumPool2d", {"kernel_size", "stride", "padding"}, false},
      {"AvgPool2d", {"kernel_size", "stride", "padding"}, false},
      {"NIRGraph", {"edges"}, false},
  };
  return rules;
}

const NodeRule* RuleFor(std::string_view type) {
  for (const NodeRule& rule : Rules()) {
    if (rule.type == type) return &rule;
  }
  return nullptr;
}

std::int64_t Product(const std::vector<std::int64_t>& values) {
  std::int64_t p = 1;
  for (const std::int64_t v : values) p *= v;
  return p;
}

// The shape a node declares in a dataset or (NIR 1.0) in a dictionary group: Input's "shape" or
// input_type/input, Output's "shape" or output_type/output, Flatten's input_type.
std::optional<std::vector<std::int64_t>> DeclaredShape(const NirNode& node,
                                                       std::string_view dataset,
                                                       std::string_view group,
                                                       std::string_view key) {
  // A shape is whole numbers ≥ 1 whose product stays below 2^31 values; anything else is none.
  const auto read = [](const NirArray& a) -> std::optional<std::vector<std::int64_t>> {
    if (a.type != NirArray::Type::kInt64 || a.ints.empty()) return std::nullopt;
    std::int64_t product = 1;
    for (const std::int64_t d : a.ints) {
      if (d < 1 || d > (std::int64_t{1} << 31) / product) return std::nullopt;
      product *= d;
    }
    return a.ints;
  };
  if (const NirArray* a = node.Find(dataset)) return read(*a);
  const auto g = node.data.groups.find(std::string(group));
  if (g != node.data.groups.end()) {
    const auto d = g->second.datasets.find(std::string(key));
    if (d != g->second.datasets.end()) return read(d->second);
  }
  return std::nullopt;
}

// The population size of a neuron-like node: its first required parameter's size, or (when that
// is a single value, which broadcasts) the largest of its per-neuron arrays.
std::int64_t PopulationSize(const NirNode& node) {
  const NodeRule* rule = RuleFor(node.type);
  if (rule != nullptr && !rule->required.empty()) {
    const NirArray* first = node.Find(rule->required.front());
    if (first != nullptr && first->size() > 1) return first->size();
  }
  std::int64_t n = 0;
  for (const auto& [name, array] : node.data.datasets) {
    if (array.type == NirArray::Type::kFloat32 || array.type == NirArray::Type::kFloat64) {
      n = std::max(n, array.size());
    }
  }
  return n;
}

[[noreturn]] void Refuse(const std::string& origin,
                         const std::string& where,
                         const std::string& problem,
                         const std::string& fix) {
  throw InputError(origin, 0, fmt::format("NIR {}: {}", where, problem), fix);
}

void ValidateNode(const std::string& name,
                  const NirNode& node,
                  const std::string& origin,
                  const std::string& path) {
  const std::string where = fmt::format("node '{}{}' ({})", path, name, node.type);
  const NodeRule* rule = RuleFor(node.type);
  if (rule == nullptr) {
    std::vector<std::string_view> known;
    for (const NodeRule& r : Rules()) known.push_back(r.type);
    Refuse(origin,
           fmt::format("node '{}{}'", path, name),
           fmt::format("unknown type '{}'", node.type),
           fmt::format("landauer reads the NIR 1.0 primitives: {}", fmt::join(known, ", ")));
  }
  for (const std::string_view p : rule->required) {
    if (node.Find(p) == nullptr) {
      Refuse(origin,
             where,
             fmt::format("parameter '{}' is missing", p),
             fmt::format("a {} node needs {}", node.type, fmt::join(rule->required, ", ")));
    }
  }
  for (const auto& [pname, array] : node.data.datasets) {
    if (!array.filled()) {
      Refuse(origin,
             where,
             fmt::format("parameter '{}' has values that do not fill its shape", pname),
             "write the array with as many values as its shape holds");
    }
  }
  if (rule->neuron) {
    const std::int64_t n = PopulationSize(node);
    for (const auto& [pname, array] : node.data.datasets) {
      const bool real =
          array.type == NirArray::Type::kFloat32 || array.type == NirArray::Type::kFloat64;
      if (pname.starts_with("tau") || pname == "delay") {
        // Time constants as any numbers (an int64 τ of 0 is as wrong as a float one).
        std::vector<double> times(array.reals);
        if (array.type == NirArray::Type::kInt64)
          times.assign(array.ints.begin(), array.ints.end());
        for (const double t : times) {
          if (!(t > 0.0 && std::isfinite(t)) && !(pname == "delay" && t == 0.0)) {
            Refuse(origin,
                   where,
                   fmt::format("parameter '{}' = {} is not a positive time", pname, t),
                   "time constants are finite and > 0 s");
          }
        }
      }
      if (!real) continue;
      if (array.size() != n && array.size() != 1) {
        Refuse(
            origin,
            where,
            fmt::format("parameter '{}' has {} values, the population {}", pname, array.size(), n),
            "give every per-neuron parameter one value per neuron (or one for all)");
      }
    }
    for (const std::string_view p : rule->required) {
      const NirArray& a = *node.Find(p);
      if (a.type == NirArray::Type::kString) {
        Refuse(origin, where, fmt::format("parameter '{}' is text", p), "write it as numbers");
      }
    }
  }
  if (node.type == "Affine" || node.type == "Linear") {
    const NirArray& w = *node.Find("weight");
    if (w.shape.size() != 2 || w.type == NirArray::Type::kString) {
      Refuse(origin,
             where,
             fmt::format("weight has shape [{}]", fmt::join(w.shape, ", ")),
             "write the weight as a 2-D [outputs, inputs] array of numbers");
    }
    if (node.type == "Affine" && node.Find("bias")->size() != w.shape[0]) {
      Refuse(
          origin,
          where,
          fmt::format("bias has {} values for {} outputs", node.Find("bias")->size(), w.shape[0]),
          "give the bias one value per output (row of the weight)");
    }
  }
  if ((node.type == "Input" || node.type == "Output") &&
      !DeclaredShape(node,
                     "shape",
                     node.type == "Input" ? "input_type" : "output_type",
                     node.type == "Input" ? "input" : "output")) {
    Refuse(origin,
           where,
           "has no valid shape",
           "give it a 'shape' dataset of int64 values ≥ 1 (NIR 0.x) or an input_type/output_type "
           "group");
  }
  if (node.type == "NIRGraph") {
    const auto nodes = node.data.groups.find("nodes");
    if (nodes == node.data.groups.end()) {
      Refuse(origin, where, "has no 'nodes' group", "a subgraph holds its nodes in 'nodes'");
    }
  }
}

// Edges are (source, target) names of nodes at this level; a name with a dot may address a node
// inside a subgraph ("sub.input").
bool Names(const NirGraph& graph, const std::string& name) {
  if (graph.nodes.contains(name)) return true;
  const std::size_t dot = name.find('.');
  if (dot == std::string::npos) return false;
  const auto sub = graph.nodes.find(name.substr(0, dot));
  return sub != graph.nodes.end() && sub->second.type == "NIRGraph";
}

NirGraph SubgraphOf(const NirNode& node);

void ValidateGraph(const NirGraph& graph, const std::string& origin, const std::string& path) {
  for (const auto& [name, node] : graph.nodes) {
    ValidateNode(name, node, origin, path);
    if (node.type == "NIRGraph") ValidateGraph(SubgraphOf(node), origin, path + name + ".");
  }
  for (const auto& [from, to] : graph.edges) {
    for (const std::string* end : {&from, &to}) {
      if (!Names(graph, *end)) {
        Refuse(origin,
               fmt::format("edge '{}{}' → '{}{}'", path, from, path, to),
               fmt::format("names no node '{}{}'", path, *end),
               "every edge must join two nodes of the graph: add the node or remove the edge");
      }
    }
    if (!graph.nodes.contains(from) || !graph.nodes.contains(to)) continue;
    const std::optional<std::int64_t> out = NirOutputSize(graph.nodes.at(from));
    const std::optional<std::int64_t> in = NirInputSize(graph.nodes.at(to));
    if (out && in && *out != *in) {
      Refuse(origin,
             fmt::format("edge '{}{}' → '{}{}'", path, from, path, to),
             fmt::format("'{}' passes {} values and '{}' takes {}", from, *out, to, *in),
             "the shapes along an edge must agree: check the weight's shape [outputs, inputs] "
             "and the populations' sizes");
    }
  }
}

NirGraph SubgraphOf(const NirNode& node) {
  NirGraph sub;
  const auto nodes = node.data.groups.find("nodes");
  if (nodes != node.data.groups.end()) {
    for (const auto& [name, group] : nodes->second.groups) {
      NirNode child;
      const auto type = group.datasets.find("type");
      if (type != group.datasets.end() && !type->second.strings.empty()) {
        child.type = type->second.strings.front();
      }
      child.data = group;
      child.data.datasets.erase("type");
      sub.nodes.emplace(name, std::move(child));
    }
  }
  if (const NirArray* edges = node.Find("edges"); edges != nullptr) {
    for (std::size_t e = 0; e + 1 < edges->strings.size(); e += 2) {
      sub.edges.emplace_back(edges->strings[e], edges->strings[e + 1]);
    }
  }
  return sub;
}

}  // namespace

std::int64_t NirArray::size() const { return Product(shape); }

std::int64_t NirArray::held() const {
  switch (type) {
    case Type::kString:
      return std::ssize(strings);
    case Type::kInt64:
      return std::ssize(ints);
    case Type::kFloat32:
    case Type::kFloat64:
      return std::ssize(reals);
  }
  return 0;
}

NirArray NirArray::Real(std::vector<double> values, std::vector<std::int64_t> shape, Type type) {
  NirArray a;
  a.type = type;
  a.shape = std::move(shape);
  a.reals = std::move(values);
  if (type == Type::kFloat32) {
    for (double& v : a.reals) v = static_cast<float>(v);
  }
  return a;
}

NirArray NirArray::Int(std::vector<std::int64_t> values, std::vector<std::int64_t> shape) {
  NirArray a;
  a.type = Type::kInt64;
  a.shape = std::move(shape);
  a.ints = std::move(values);
  return a;
}

NirArray NirArray::String(std::string text) {
  NirArray a;
  a.type = Type::kString;
  a.strings = {std::move(text)};
  return a;
}

const NirArray* NirNode::Find(std::string_view name) const {
  const auto it = data.datasets.find(std::string(name));
  return it == data.datasets.end() ? nullptr : &it->second;
}

const std::vector<std::string>& NirNodeTypes() {
  static const std::vector<std::string> types = [] {
    std::vector<std::string> t;
    for (const NodeRule& r : Rules()) t.emplace_back(r.type);
    return t;
  }();
  return types;
}

std::optional<std::int64_t> NirInputSize(const NirNode& node) {
  if (node.type == "Affine" || node.type == "Linear") {
    const NirArray* w = node.Find("weight");
    if (w != nullptr && w->shape.size() == 2) return w->shape[1];
    return std::nullopt;
  }
  if (node.type == "Input") {
    if (const auto s = DeclaredShape(node, "shape", "input_type", "input")) return Product(*s);
    return std::nullopt;
  }
  if (node.type == "Output") {
    if (const auto s = DeclaredShape(node, "shape", "output_type", "output")) return Product(*s);
    return std::nullopt;
  }
  if (node.type == "Flatten") {
    if (const auto s = DeclaredShape(node, "input_type", "input_type", "input")) {
      return Product(*s);
    }
    return std::nullopt;
  }
  const NodeRule* rule = RuleFor(node.type);
  if (rule != nullptr && rule->neuron) {
    const std::int64_t n = PopulationSize(node);
    if (n > 1) return n;  // a single value may broadcast over any population
  }
  return std::nullopt;
}

std::optional<std::int64_t> NirOutputSize(const NirNode& node) {
  if (node.type == "Affine" || node.type == "Linear") {
    const NirArray* w = node.Find("weight");
    if (w != nullptr && w->shape.size() == 2) return w->shape[0];
    return std::nullopt;
  }
  return NirInputSize(node);
}

void ValidateNir(const NirGraph& graph, const std::string& origin) {
  ValidateGraph(graph, origin, "");
}

NirGraph ReadNir(const std::string& path) { return ParseNir(ReadFile(path), path); }

void WriteNir(const std::string& path, const NirGraph& graph) {
  ValidateNir(graph, path);
  WriteFileAtomically(path, SerializeNir(graph));
}

}  // namespace landauer::spiking

#include "landauer/spiking/nir_network.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>
#include <stdexcept>

#include "landauer/core/errors.h"

namespace landauer::spiking {
namespace {

constexpr double kEqualTauRelative = 1e-6;  // τ_syn ≈ τ_mem: the limit of the transfer (neuron.h)
constexpr int kMaxSpikesPerStep = 1 << 20;  // precise timing: a runaway input is refused

bool Spiking(std::string_view type) { return type == "LIF" || type == "IF" || type == "CubaLIF"; }
bool Neuron(std::string_view type) {
  return Spiking(type) || type == "LI" || type == "I" || type == "Integrator" || type == "CubaLI";
}

std::vector<double> Values(const NirArray& a) {
  if (a.type == NirArray::Type::kInt64) return {a.ints.begin(), a.ints.end()};
  return a.reals;
}

}  // namespace

NirIntegration NirIntegrationFromString(std::string_view text) {
  if (text == "exact") return NirIntegration::kExact;
  if (text == "euler") return NirIntegration::kEuler;
  throw std::invalid_argument(
      fmt::format("unknown integration '{}' (accepted: exact, euler)", text));
}

NirNetwork::NirNetwork(const NirGraph& graph,
                       const NirRunOptions& options,
                       const std::string& origin)
    : options_(options), origin_(origin) {
  const auto refuse = [&](const std::string& problem, const std::string& fix) {
    throw InputError(origin, 0, problem, fix);
  };
  if (!(options.dt > 0.0) || !std::isfinite(options.dt)) {
    refuse(fmt::format("dt = {} s", options.dt), "give a finite time step > 0 s");
  }
  ValidateNir(graph, origin);
  for (const auto& [from, to] : graph.edges) {
    for (const std::string* end : {&from, &to}) {
      if (!graph.nodes.contains(*end)) {
        refuse(fmt::format("NIR edge '{}' → '{}' reaches into a subgraph ('{}')", from, to, *end),
               "landauer runs flat graphs: inline the subgraph's nodes into the graph");
      }
    }
  }
  // Which nodes run, and in what order: depth first from the Input nodes (name order), a node
  // after the nodes that feed it, except along edges back into the current path (recurrence).
  // The walk keeps its own stack, so a long chain of nodes cannot overflow the call stack.
  std::map<std::string, std::vector<std::string>> successors;
  for (const auto& [from, to] : graph.edges) successors[from].push_back(to);
  std::vector<std::string> order;
  std::map<std::string, int> state;  // 1 on the path, 2 done
  const auto visit = [&](const std::string& root) {
    std::vector<std::pair<std::string, std::size_t>> stack = {{root, 0}};
    state[root] = 1;
    while (!stack.empty()) {
      auto& [name, next] = stack.back();
      const std::vector<std::string>& after = successors[name];
      if (next < after.size()) {
        const std::string& child = after[next++];
        if (state[child] == 0) {
          state[child] = 1;
          stack.emplace_back(child, 0);
        }
        continue;
      }
      state[name] = 2;
      order.push_back(name);
      stack.pop_back();
    }
  };
  for (const auto& [name, node] : graph.nodes) {
    if (node.type == "Input" && state[name] == 0) visit(name);
  }
  for (const auto& [name, node] : graph.nodes) {
    if (state[name] == 0) visit(name);  // driven only by recurrence, or unconnected
  }
  std::reverse(order.begin(), order.end());
  const std::set<std::string> supported = {"Input",
                                           "Output",
                                           "Affine",
                                           "Linear",
                                           "Scale",
                                           "Threshold",
                                           "Flatten",
                                           "LIF",
                                           "IF",
                                           "LI",
                                           "I",
                                           "Integrator",
                                           "CubaLIF",
                                           "CubaLI"};
  for (const std::string& name : order) {
    const NirNode& source = graph.nodes.at(name);
    if (!supported.contains(source.type)) {
      refuse(fmt::format("NIR node '{}' ({}) cannot be simulated", name, source.type),
             "landauer runs Input, Output, Affine, Linear, Scale, Threshold, Flatten, LIF, IF, "
             "LI, I, Integrator, CubaLIF and CubaLI nodes; it reads and writes the others");
    }
    Node node;
    node.name = name;
    node.type = source.type;
    node.neuron = Neuron(source.type);
    node.spiking = Spiking(source.type);
    if (node.type == "Affine" || node.type == "Linear") {
      const NirArray& w = *source.Find("weight");
      node.out = w.shape[0];
      node.in = w.shape[1];
      node.weight = Values(w);
      node.bias = node.type == "Affine"
                      ? Values(*source.Find("bias"))
                      : std::vector<double>(static_cast<std::size_t>(node.out), 0.0);
      node.synaptic = true;
    } else if (node.type == "Input" || node.type == "Output") {
      node.in = node.out = *NirInputSize(source);
    } else if (const std::optional<std::int64_t> n = NirInputSize(source)) {
      node.in = node.out = *n;
    }
    index_[name] = nodes_.size();
    nodes_.push_back(std::move(node));
  }
  // Sizes not fixed by a node's own arrays (single values broadcast; Flatten) come from its
  // sources; then every edge must agree.
  for (int pass = 0; pass < static_cast<int>(nodes_.size()) + 1; ++pass) {
    for (const auto& [from, to] : graph.edges) {
      Node& target = nodes_[index_.at(to)];
      const Node& source = nodes_[index_.at(from)];
      if (target.in == 0 && source.out > 0) target.in = target.out = source.out;
    }
  }
  for (const auto& [from, to] : graph.edges) {
    const std::size_t s = index_.at(from), t = index_.at(to);
    Node& target = nodes_[t];
    if (nodes_[s].out != target.in) {
      refuse(fmt::format("NIR edge '{}' → '{}': {} values reach a node that takes {}",
                         from,
                         to,
                         nodes_[s].out,
                         target.in),
             "make the shapes along the edge agree");
    }
    target.incoming.push_back({.source = s, .previous_step = s >= t});
    if (nodes_[s].spiking || nodes_[s].type == "Threshold") target.spikes_in = true;
  }
  const double h = options.dt;
  for (std::size_t k = 0; k < nodes_.size(); ++k) {
    Node& node = nodes_[k];
    if (node.in <= 0) {
      refuse(fmt::format("NIR node '{}' ({}) has no size: nothing connects it to an Input",
                         node.name,
                         node.type),
             "connect it, or give its parameters one value per neuron");
    }
    const auto n = static_cast<std::size_t>(node.out);
    node.x.assign(static_cast<std::size_t>(node.in), 0.0);
    node.y.assign(n, 0.0);
    node.y_previous.assign(n, 0.0);
    const NirNode& source = graph.nodes.at(node.name);
    const auto param = [&](std::string_view name, double fallback) {
      const NirArray* a = source.Find(name);
      if (a == nullptr) return std::vector<double>(n, fallback);
      std::vector<double> values = Values(*a);
      if (values.size() == 1) values.assign(n, values.front());
      if (values.size() != n) {
        refuse(fmt::format("NIR node '{}': parameter '{}' has {} values for {} neurons",
                           node.name,
                           name,
                           values.size(),
                           n),
               "give one value per neuron, or one for all");
      }
      return values;
    };
    if (node.type == "Scale") node.scale = param("scale", 1.0);
    if (node.type == "Threshold") node.scale = param("threshold", 0.0);
    if (!node.neuron) continue;
    const bool cuba = node.type == "CubaLIF" || node.type == "CubaLI";
    node.tau = param(cuba ? "tau_mem" : "tau", 1.0);
    node.tau_syn = param("tau_syn", 1.0);
    node.r = param("r", 1.0);
    node.v_leak = param("v_leak", 0.0);
    node.v_threshold = param("v_threshold", 0.0);
    node.v_reset = param("v_reset", 0.0);
    node.w_in = param("w_in", 1.0);
    node.v = node.v_leak;
    if (node.type == "IF" || node.type == "I" || node.type == "Integrator") {
      node.v.assign(n, 0.0);
    }
    node.i.assign(n, 0.0);
    for (std::size_t j = 0; j < n && node.spiking; ++j) {
      if (!(node.v_threshold[j] > node.v_reset[j])) {
        refuse(fmt::format("NIR node '{}': v_threshold = {} is not above v_reset = {} (neuron {})",
                           node.name,
                           node.v_threshold[j],
                           node.v_reset[j],
                           j),
               "a neuron reset at or above its threshold would fire forever");
      }
    }
    node.p22.resize(n);
    node.p11.resize(n);
    node.p21.resize(n);
    for (std::size_t j = 0; j < n; ++j) {
      const double tm = node.tau[j], ts = node.tau_syn[j];
      node.p22[j] = std::exp(-h / tm);
      node.p11[j] = std::exp(-h / ts);
      node.p21[j] = std::abs(ts - tm) <= kEqualTauRelative * tm
                        ? (h / tm) * node.p22[j]
                        : ts / (ts - tm) * (node.p11[j] - node.p22[j]);
    }
    // Spiking nodes only: a non-spiking readout (LI, CubaLI, I) integrates as usual.
    if (options.precise_spike_times && node.spiking &&
        (options.integration != NirIntegration::kExact ||
         (node.type != "LIF" && node.type != "IF"))) {
      refuse(fmt::format("NIR node '{}' ({}): precise spike times need exact integration of a "
                         "LIF or IF neuron",
                         node.name,
                         node.type),
             "drop --precise, or use --integration exact");
    }
  }
  for (const auto& [name, node] : graph.nodes) {
    if (node.type == "Input") {
      inputs_.push_back(index_.at(name));
      input_size_ += nodes_[index_.at(name)].out;
    } else if (node.type == "Output") {
      outputs_.push_back(index_.at(name));
      output_size_ += nodes_[index_.at(name)].in;
    }
  }
}

std::vector<std::string> NirNetwork::neuron_nodes() const {
  std::vector<std::string> names;
  for (const auto& [name, k] : index_) {
    if (nodes_[k].neuron) names.push_back(name);
  }
  return names;
}

std::span<const double> NirNetwork::v(const std::string& node) const {
  const auto it = index_.find(node);
  if (it == index_.end() || !nodes_[it->second].neuron) {
    throw std::invalid_argument(fmt::format("NIR network: no neuron node '{}'", node));
  }
  return nodes_[it->second].v;
}

void NirNetwork::Fire(Node& node, std::size_t k, double& v) const {
  v = options_.reset == ResetMode::kToValue ? node.v_reset[k]
                                            : v - (node.v_threshold[k] - node.v_reset[k]);
}

void NirNetwork::RunNeuron(Node& node) {
  const double h = options_.dt;
  const bool exact = options_.integration == NirIntegration::kExact;
  const bool integrator = node.type == "IF" || node.type == "I" || node.type == "Integrator";
  const bool cuba = node.type == "CubaLIF" || node.type == "CubaLI";
  double fired = 0.0;
  for (std::size_t k = 0; k < node.v.size(); ++k) {
    const double x = node.x[k];
    double& v = node.v[k];
    const double v0 = v;
    if (cuba) {
      const double c = node.w_in[k] * x, i0 = node.i[k];
      if (exact) {
        node.i[k] = c + (i0 - c) * node.p11[k];
        v = node.v_leak[k] + node.r[k] * c + (v - node.v_leak[k] - node.r[k] * c) * node.p22[k] +
            node.r[k] * (i0 - c) * node.p21[k];
      } else {
        node.i[k] = i0 + h / node.tau_syn[k] * (c - i0);
        v = v + h / node.tau[k] * (node.v_leak[k] - v + node.r[k] * node.i[k]);
      }
    } else if (integrator) {
      v = v + h * node.r[k] * x;
    } else if (exact) {
      v = node.v_leak[k] + node.r[k] * x + (v - node.v_leak[k] - node.r[k] * x) * node.p22[k];
    } else {
      v = v + h / node.tau[k] * (node.v_leak[k] - v + node.r[k] * x);
    }
    double spikes = 0.0;
    if (node.spiking && v >= node.v_threshold[k]) {
      if (!options_.precise_spike_times) {
        spikes = 1.0;
        Fire(node, k, v);
      } else {
        // The crossing times inside the step, in closed form; the reset at each, then the rest of
        // the step integrated from there. Reset by subtraction at the crossing is the reset value.
        const double theta = node.v_threshold[k], reset = node.v_reset[k];
        double start = v0, left = h;
        while (true) {
          double t;
          if (start >= theta) {
            t = 0.0;
          } else if (integrator) {
            const double slope = node.r[k] * x;
            if (!(slope > 0.0) || (theta - start) / slope > left) break;
            t = (theta - start) / slope;
          } else {
            const double v_inf = node.v_leak[k] + node.r[k] * x;
            if (!(v_inf > theta)) break;
            t = node.tau[k] * std::log((start - v_inf) / (theta - v_inf));
            if (t > left) break;
          }
          spikes += 1.0;
          if (spikes > kMaxSpikesPerStep) {
            throw InputError(origin_,
                             0,
                             fmt::format("NIR node '{}' fires more than {} times in one step",
                                         node.name,
                                         kMaxSpikesPerStep),
                             "reduce the input or the time step");
          }
          left -= t;
          start = reset;
        }
        if (spikes > 0.0) {
          v = integrator
                  ? reset + node.r[k] * x * left
                  : node.v_leak[k] + node.r[k] * x +
                        (reset - node.v_leak[k] - node.r[k] * x) * std::exp(-left / node.tau[k]);
        }
      }
    }
    node.y[k] = node.spiking ? spikes : v;
    fired += spikes;
  }
  work_.neuron_updates += static_cast<double>(node.v.size());
  work_.spikes += fired;
}

void NirNetwork::Step(std::span<const double> input, std::vector<double>& output) {
  if (std::ssize(input) != input_size_) {
    throw std::invalid_argument(
        fmt::format("NIR network: {} input values for {} inputs", input.size(), input_size_));
  }
  std::size_t offset = 0;
  for (const std::size_t k : inputs_) {
    Node& node = nodes_[k];
    std::copy_n(input.begin() + static_cast<std::ptrdiff_t>(offset), node.y.size(), node.y.begin());
    offset += node.y.size();
  }
  for (Node& node : nodes_) {
    if (node.type == "Input") continue;
    std::fill(node.x.begin(), node.x.end(), 0.0);
    for (const Incoming& in : node.incoming) {
      const Node& source = nodes_[in.source];
      const std::vector<double>& values = in.previous_step ? source.y_previous : source.y;
      for (std::size_t j = 0; j < node.x.size(); ++j) node.x[j] += values[j];
    }
    if (node.synaptic) {
      const auto out = static_cast<std::size_t>(node.out), in = static_cast<std::size_t>(node.in);
      double events = 0.0;
      for (std::size_t j = 0; j < in; ++j) {
        if (node.x[j] != 0.0) events += node.spikes_in ? std::abs(node.x[j]) : 1.0;
      }
      work_.synaptic_events += events * static_cast<double>(out);
      for (std::size_t r = 0; r < out; ++r) {
        double sum = node.bias[r];
        const double* w = node.weight.data() + r * in;
        for (std::size_t j = 0; j < in; ++j) sum += w[j] * node.x[j];
        node.y[r] = sum;
      }
    } else if (node.neuron) {
      RunNeuron(node);
    } else if (node.type == "Scale") {
      for (std::size_t j = 0; j < node.y.size(); ++j) node.y[j] = node.scale[j] * node.x[j];
    } else if (node.type == "Threshold") {
      for (std::size_t j = 0; j < node.y.size(); ++j) node.y[j] = node.x[j] > node.scale[j] ? 1 : 0;
    } else {  // Flatten, Output
      node.y = node.x;
    }
  }
  output.clear();
  for (const std::size_t k : outputs_) {
    output.insert(output.end(), nodes_[k].y.begin(), nodes_[k].y.end());
  }
  for (Node& node : nodes_) node.y_previous = node.y;
  ++steps_;
}

}  // namespace landauer::spiking

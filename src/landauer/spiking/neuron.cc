#include "landauer/spiking/neuron.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace landauer::spiking {
namespace {

constexpr double kEqualTauRelative = 1e-6;  // τ_syn ≈ τ_mem: take the limit of P21

void Fail(std::string_view name, double value, std::string_view accepted) {
  throw std::invalid_argument(
      fmt::format("neuron: {} = {} is invalid; accepted: {}", name, value, accepted));
}

// Pass 1 of a step, branch-free and with every pointer restrict so that the compiler vectorises
// it: the new state of every neuron; a refractory neuron keeps its v and counts down; `crossed`
// marks the others at or above threshold. xi is added to xe unless the CubaLIF has two currents.
template <NeuronModel kModel, bool kTwoCurrents>
void Update(std::size_t n,
            const Propagators& p,
            const NeuronParams& q,
            double* __restrict v,
            std::int32_t* __restrict refractory,
            std::uint8_t* __restrict crossed,
            double* __restrict ie,
            double* __restrict ii,
            const double* __restrict xe,
            const double* __restrict xi) {
  const double v_leak = q.v_leak, threshold = q.v_threshold, p22 = p.p22, p11 = p.p11, p21 = p.p21,
               p11_inh = p.p11_inh, p21_inh = p.p21_inh, gain = p.input;
  for (std::size_t k = 0; k < n; ++k) {
    double updated;
    if constexpr (kModel == NeuronModel::kCubaLif) {
      const double ce = ie[k] + xe[k] + (kTwoCurrents ? 0.0 : xi[k]);
      ie[k] = ce * p11;
      updated = v_leak + (v[k] - v_leak) * p22 + p21 * ce;
      if constexpr (kTwoCurrents) {
        const double ci = ii[k] + xi[k];
        ii[k] = ci * p11_inh;
        updated += p21_inh * ci;
      }
    } else if constexpr (kModel == NeuronModel::kLif) {
      updated = v_leak + (v[k] - v_leak) * p22 + gain * (xe[k] + xi[k]);
    } else {
      updated = v[k] + gain * (xe[k] + xi[k]);
    }
    const std::int32_t r = refractory[k];
    const double kept = r > 0 ? v[k] : updated;
    v[k] = kept;
    refractory[k] = r > 0 ? r - 1 : 0;
    crossed[k] = static_cast<std::uint8_t>((r == 0) & (kept >= threshold));
  }
}

}  // namespace

NeuronModel NeuronModelFromString(std::string_view text) {
  if (text == "if") return NeuronModel::kIf;
  if (text == "lif") return NeuronModel::kLif;
  if (text == "cuba-lif") return NeuronModel::kCubaLif;
  throw std::invalid_argument(
      fmt::format("unknown neuron model '{}' (accepted: if, lif, cuba-lif)", text));
}

ResetMode ResetModeFromString(std::string_view text) {
  if (text == "to-value") return ResetMode::kToValue;
  if (text == "subtract") return ResetMode::kSubtract;
  throw std::invalid_argument(
      fmt::format("unknown reset '{}' (accepted: to-value, subtract)", text));
}

std::string_view ToString(NeuronModel model) {
  switch (model) {
    case NeuronModel::kIf:
      return "if";
    case NeuronModel::kLif:
      return "lif";
    case NeuronModel::kCubaLif:
      return "cuba-lif";
  }
  return "?";
}

std::string_view ToString(ResetMode reset) {
  return reset == ResetMode::kToValue ? "to-value" : "subtract";
}

void NeuronParams::Validate() const {
  const auto positive_time = [](std::string_view name, double t) {
    if (!(t > 0.0) || !std::isfinite(t)) Fail(name, t, "a finite time > 0 s");
  };
  if (model != NeuronModel::kIf) positive_time("tau_mem", tau_mem);
  if (model == NeuronModel::kCubaLif) positive_time("tau_syn", tau_syn);
  if (tau_syn_inh != 0.0) {
    if (model != NeuronModel::kCubaLif) {
      Fail("tau_syn_inh", tau_syn_inh, "0 (a second synaptic current needs model cuba-lif)");
    }
    positive_time("tau_syn_inh", tau_syn_inh);
  }
  for (const auto& [name, value] : {std::pair{"r", r},
                                    std::pair{"v_leak", v_leak},
                                    std::pair{"v_threshold", v_threshold},
                                    std::pair{"v_reset", v_reset}}) {
    if (!std::isfinite(value)) Fail(name, value, "a finite number");
  }
  if (!(v_threshold > v_reset)) {
    throw std::invalid_argument(fmt::format(
        "neuron: v_threshold = {} must exceed v_reset = {} (a neuron reset at or above its "
        "threshold would fire forever)",
        v_threshold,
        v_reset));
  }
  if (!(t_ref >= 0.0) || !std::isfinite(t_ref)) Fail("t_ref", t_ref, "a finite time ≥ 0 s");
}

Propagators ComputePropagators(const NeuronParams& params, double h) {
  params.Validate();
  if (!(h > 0.0) || !std::isfinite(h)) Fail("dt", h, "a finite time step > 0 s");
  Propagators p;
  const double held = std::ceil(params.t_ref / h - 1e-9);
  if (held > 1e9) Fail("t_ref", params.t_ref, "at most 10^9 time steps of dt");
  p.refractory_steps = static_cast<int>(held);
  switch (params.model) {
    case NeuronModel::kIf:
      p.input = params.r * h;
      break;
    case NeuronModel::kLif:
      p.p22 = std::exp(-h / params.tau_mem);
      p.input = -params.r * std::expm1(-h / params.tau_mem);  // R (1 − P22), exact for small h
      break;
    case NeuronModel::kCubaLif: {
      const double tm = params.tau_mem;
      p.p22 = std::exp(-h / tm);
      const auto current = [&](double ts, double& p11, double& p21) {
        p11 = std::exp(-h / ts);
        p21 = std::abs(ts - tm) <= kEqualTauRelative * tm
                  ? params.r * (h / tm) * p.p22
                  : params.r * ts / (ts - tm) * (p11 - p.p22);
      };
      current(params.tau_syn, p.p11, p.p21);
      if (params.tau_syn_inh > 0.0) current(params.tau_syn_inh, p.p11_inh, p.p21_inh);
      break;
    }
  }
  return p;
}

NeuronPopulation::NeuronPopulation(const NeuronParams& params, std::int64_t size, double dt)
    : params_(params), p_(ComputePropagators(params, dt)) {
  if (size < 0 || size > std::numeric_limits<std::int32_t>::max()) {
    throw std::invalid_argument(
        fmt::format("neuron population of size {}; accepted: 0 … 2^31 − 1", size));
  }
  const auto n = static_cast<std::size_t>(size);
  v_.assign(n, params.v_leak);
  i_.assign(n, 0.0);
  if (params.tau_syn_inh > 0.0) i_inh_.assign(n, 0.0);
  refractory_.assign(n, 0);
  crossed_.assign(n, 0);
  zeros_.assign(n, 0.0);
}

void NeuronPopulation::SetV(std::span<const double> v) {
  if (v.size() != v_.size()) {
    throw std::invalid_argument(
        fmt::format("neuron population: {} potentials for {} neurons", v.size(), v_.size()));
  }
  std::copy(v.begin(), v.end(), v_.begin());
}

void NeuronPopulation::Step(std::span<const double> input, std::vector<std::int32_t>& fired) {
  Step(input, {}, fired);
}

void NeuronPopulation::Step(std::span<const double> excitatory,
                            std::span<const double> inhibitory,
                            std::vector<std::int32_t>& fired) {
  const std::size_t n = v_.size();
  if (excitatory.size() != n || (!inhibitory.empty() && inhibitory.size() != n)) {
    throw std::invalid_argument(
        fmt::format("neuron population: {} excitatory and {} inhibitory inputs for {} neurons",
                    excitatory.size(),
                    inhibitory.size(),
                    n));
  }
  const NeuronParams& q = params_;
  const Propagators& p = p_;
  double* __restrict v = v_.data();
  std::int32_t* __restrict refractory = refractory_.data();
  std::uint8_t* __restrict crossed = crossed_.data();
  const double* __restrict xe = excitatory.data();
  // A one-current model adds the inhibitory input to the excitatory one (zeros when none).
  const double* __restrict xi = inhibitory.empty() ? zeros_.data() : inhibitory.data();
  // Pass 1 (Update): the new state of every neuron, vectorised.
  double* ie = i_.data();
  double* ii = i_inh_.empty() ? nullptr : i_inh_.data();
  switch (q.model) {
    case NeuronModel::kCubaLif:
      if (ii != nullptr) {
        Update<NeuronModel::kCubaLif, true>(n, p, q, v, refractory, crossed, ie, ii, xe, xi);
      } else {
        Update<NeuronModel::kCubaLif, false>(n, p, q, v, refractory, crossed, ie, ii, xe, xi);
      }
      break;
    case NeuronModel::kLif:
      Update<NeuronModel::kLif, false>(n, p, q, v, refractory, crossed, ie, ii, xe, xi);
      break;
    case NeuronModel::kIf:
      Update<NeuronModel::kIf, false>(n, p, q, v, refractory, crossed, ie, ii, xe, xi);
      break;
  }
  // Pass 2: reset the neurons that crossed, skipping eight quiet neurons at a time.
  fired.clear();
  const double jump = q.v_threshold - q.v_reset;
  std::size_t k = 0;
  for (; k + 8 <= n; k += 8) {
    std::uint64_t word;
    std::memcpy(&word, crossed + k, 8);
    if (word == 0) continue;
    for (std::size_t j = k; j < k + 8; ++j) {
      if (crossed[j] != 0) Fire(j, jump, fired);
    }
  }
  for (; k < n; ++k) {
    if (crossed[k] != 0) Fire(k, jump, fired);
  }
}

void NeuronPopulation::Fire(std::size_t k, double jump, std::vector<std::int32_t>& fired) {
  fired.push_back(static_cast<std::int32_t>(k));
  v_[k] = params_.reset == ResetMode::kToValue ? params_.v_reset : v_[k] - jump;
  refractory_[k] = p_.refractory_steps;
}

}  // namespace landauer::spiking

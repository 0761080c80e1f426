#include "landauer/spiking/neuron.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace landauer::spiking {
namespace {

constexpr double kEqualTauRelative = 1e-6;  // τ_syn ≈ τ_mem: take the limit of P21

void Fail(std::string_view name, double value, std::string_view accepted) {
  throw std::invalid_argument(
      fmt::format("neuron: {} = {} is invalid; accepted: {}", name, value, accepted));
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
  p.refractory_steps = static_cast<int>(std::ceil(params.t_ref / h - 1e-9));
  switch (params.model) {
    case NeuronModel::kIf:
      p.input = params.r * h;
      break;
    case NeuronModel::kLif:
      p.p22 = std::exp(-h / params.tau_mem);
      p.input = -params.r * std::expm1(-h / params.tau_mem);  // R (1 − P22), exact for small h
      break;
    case NeuronModel::kCubaLif: {
      const double tm = params.tau_mem, ts = params.tau_syn;
      p.p22 = std::exp(-h / tm);
      p.p11 = std::exp(-h / ts);
      if (std::abs(ts - tm) <= kEqualTauRelative * tm) {
        p.p21 = params.r * (h / tm) * p.p22;
      } else {
        p.p21 = params.r * ts / (ts - tm) * (p.p11 - p.p22);
      }
      break;
    }
  }
  return p;
}

NeuronPopulation::NeuronPopulation(const NeuronParams& params, std::int64_t size, double dt)
    : params_(params), p_(ComputePropagators(params, dt)) {
  if (size < 0) throw std::invalid_argument(fmt::format("neuron population of size {}", size));
  v_.assign(static_cast<std::size_t>(size), params.v_leak);
  i_.assign(static_cast<std::size_t>(size), 0.0);
  refractory_.assign(static_cast<std::size_t>(size), 0);
}

std::int64_t NeuronPopulation::Step(std::span<const double> input,
                                    std::vector<std::uint8_t>& spikes) {
  if (input.size() != v_.size()) {
    throw std::invalid_argument(
        fmt::format("neuron population: {} inputs for {} neurons", input.size(), v_.size()));
  }
  spikes.assign(v_.size(), 0);
  std::int64_t fired = 0;
  const NeuronParams& q = params_;
  for (std::size_t n = 0; n < v_.size(); ++n) {
    double& v = v_[n];
    double& i = i_[n];
    if (q.model == NeuronModel::kCubaLif) {
      if (refractory_[n] == 0) i += input[n];
      const double current = i;
      i *= p_.p11;
      if (refractory_[n] > 0) {
        --refractory_[n];
        continue;
      }
      v = q.v_leak + (v - q.v_leak) * p_.p22 + p_.p21 * current;
    } else {
      if (refractory_[n] > 0) {
        --refractory_[n];
        continue;
      }
      v = q.model == NeuronModel::kIf ? v + p_.input * input[n]
                                      : q.v_leak + (v - q.v_leak) * p_.p22 + p_.input * input[n];
    }
    if (v >= q.v_threshold) {
      spikes[n] = 1;
      ++fired;
      v = q.reset == ResetMode::kToValue ? q.v_reset : v - (q.v_threshold - q.v_reset);
      refractory_[n] = p_.refractory_steps;
    }
  }
  return fired;
}

}  // namespace landauer::spiking

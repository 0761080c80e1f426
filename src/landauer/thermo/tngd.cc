#include "landauer/thermo/tngd.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>
#include <string>

#include "landauer/core/argument_checks.h"
#include "landauer/core/quantize.h"
#include "landauer/energy/erasure.h"
#include "landauer/thermo/ou_propagator.h"
#include "landauer/thermo/spu_cost.h"

namespace landauer::thermo {

std::string_view ToString(TngdInit init) { return init == TngdInit::kWarm ? "warm" : "gradient"; }

TngdInit TngdInitFromString(std::string_view text) {
  if (text == "warm") return TngdInit::kWarm;
  if (text == "gradient") return TngdInit::kGradient;
  throw std::invalid_argument(fmt::format(
      "TNGD init '{}': use warm (x0 = the previous state) or gradient (x0 = the gradient)", text));
}

void TngdOptions::Validate() const {
  CheckPositive("Tngd", "damping", damping, "");
  CheckNonNegative("Tngd", "analog_time_tau", analog_time_tau, "tau");
  CheckNonNegative("Tngd", "delay_tau", delay_tau, "tau");
  CheckNonNegative("Tngd", "step_tau", step_tau, "tau");
  CheckNonNegative("Tngd", "kappa0", kappa0, "");
  if (coupling_bits < 0 || coupling_bits == 1 || coupling_bits > 24) {
    throw std::invalid_argument(
        fmt::format("Tngd: coupling_bits = {}: use 0 (ideal) or 2 to 24", coupling_bits));
  }
  if (init == TngdInit::kGradient && delay_tau > 0.0) {
    throw std::invalid_argument(fmt::format(
        "Tngd: delay_tau = {} with init = gradient: the state restarts from the new gradient at "
        "upload, so the delay's evolution would be discarded; use init = warm or delay 0",
        delay_tau));
  }
}

nlohmann::json TngdOptions::ToJson() const {
  return {{"damping", damping},
          {"analog_time_tau", analog_time_tau},
          {"delay_tau", delay_tau},
          {"step_tau", step_tau},
          {"kappa0", kappa0},
          {"coupling_bits", coupling_bits},
          {"seed", seed},
          {"init", ToString(init)}};
}

// The stream keeps the name it had when TNGD lived in nn/, so seeded runs reproduce.
Tngd::Tngd(TngdOptions options)
    : options_(std::move(options)), rng_(options_.seed, "nn.tngd", "spu_noise") {
  options_.Validate();
}

nn::GgnSubspace Tngd::Programmed(const nn::Mlp& model, const MatrixF& x) const {
  const int bits = options_.coupling_bits;
  if (bits == 0) return nn::GgnSubspace(model, x);
  nn::GgnFactors factors;
  try {
    factors = nn::ExplicitGgnFactors(model, x);
  } catch (const std::invalid_argument& error) {
    throw std::invalid_argument(std::string("TNGD coupling quantisation needs the Jacobian: ") +
                                error.what() +
                                ", or ideal couplings (coupling bits 0: train --coupling-bits, "
                                "compare --param tngd-mlp.coupling_bits)");
  }
  // J_f and H_L as the device's resistor values: each array on its own ±max grid.
  double h_range = 0.0;
  for (const Eigen::MatrixXd& block : factors.loss_hessian_blocks) {
    h_range = std::max(h_range, block.cwiseAbs().maxCoeff());
  }
  for (Eigen::MatrixXd& block : factors.loss_hessian_blocks) {
    block = block.unaryExpr([&](double v) { return QuantizeSymmetric(v, h_range, bits); });
  }
  const double j_range = factors.jacobian.cwiseAbs().maxCoeff();
  factors.jacobian = factors.jacobian.unaryExpr(
      [&](float v) { return static_cast<float>(QuantizeSymmetric(v, j_range, bits)); });
  return nn::GgnSubspace(model, x, std::move(factors));
}

void Tngd::Evolve(const nn::GgnSubspace& subspace,
                  const AlignedFloats& gradient,
                  double duration_tau) {
  if (duration_tau <= 0.0) return;
  const double lambda = options_.damping, kappa = options_.kappa0, h = options_.step_tau;
  const Integrator integrator = h > 0.0 ? Integrator::kEulerMaruyama : Integrator::kExact;
  const double diffusion = 2.0 * kappa;  // N(0, 2κ₀ dt)
  if (h > 0.0) {
    const double stability =
        2.0 / (subspace.eigenvalues().size() > 0 ? subspace.eigenvalues()[0] + lambda : lambda);
    if (h >= stability) {
      throw std::invalid_argument(
          fmt::format("TNGD: Euler-Maruyama step {} tau exceeds the stability limit 2/(mu_max + "
                      "lambda) = {:.4g} tau for this "
                      "batch; use a smaller step or the exact integrator, step 0 (train "
                      "--tngd-step, compare --param tngd-mlp.step)",
                      h,
                      stability));
    }
  }
  const std::size_t n = gradient.size();
  // Two substreams per evolution (complement noise, mode noise): the generator itself never
  // advances, so the evolution count is all a checkpoint needs to continue the noise exactly.
  const std::uint64_t evolution = evolutions_++;
  AlignedFloats noise;
  if (kappa > 0.0) {
    Rng complement_rng = rng_.Substream(2 * evolution);
    noise.resize(n);
    for (float& value : noise) value = static_cast<float>(complement_rng.Normal());
  }
  const Eigen::VectorXd a = subspace.Project(state_);
  const Eigen::VectorXd ag = subspace.Project(gradient);
  const Eigen::VectorXd an =
      kappa > 0.0 ? subspace.Project(noise) : Eigen::VectorXd::Zero(a.size());
  // Complement (μ = 0): decay c and noise s; the row-space modes: per-mode decay and noise.
  const OuModeTransition complement = OuModeLaw(lambda, duration_tau, diffusion, integrator, h);
  const double c = complement.decay, s = complement.noise_sd;
  Eigen::VectorXd coefficient(a.size());
  Rng mode_rng = rng_.Substream(2 * evolution + 1);
  for (Eigen::Index i = 0; i < a.size(); ++i) {
    const double rate = subspace.eigenvalues()[i] + lambda;
    const OuModeTransition mode = OuModeLaw(rate, duration_tau, diffusion, integrator, h);
    const double target = ag[i] / rate;
    const double a_new = target + mode.decay * (a[i] - target) +
                         (kappa > 0.0 ? mode.noise_sd * mode_rng.Normal() : 0.0);
    // g̃_new = c (g̃ − g/λ) + g/λ + s ξ + V[a_new − c a + (c − 1) Vᵀg/λ − s Vᵀξ]
    coefficient[i] = a_new - c * a[i] + (c - 1.0) * ag[i] / lambda - s * an[i];
  }
  const AlignedFloats lifted = subspace.Lift(coefficient);
  for (std::size_t i = 0; i < n; ++i) {
    const double g_over_lambda = gradient[i] / lambda;
    state_[i] = static_cast<float>(c * (state_[i] - g_over_lambda) + g_over_lambda +
                                   (kappa > 0.0 ? s * noise[i] : 0.0) + lifted[i]);
  }
}

void Tngd::Apply(const nn::Mlp& model,
                 const MatrixF& x,
                 const AlignedFloats& gradient,
                 AlignedFloats& direction,
                 Ledger* ledger,
                 std::string_view phase) {
  // g̃₀ = ∇ℓ(θ₀) at the first step; every step under the gradient init.
  if (state_.empty() || options_.init == TngdInit::kGradient) state_ = gradient;
  if (options_.delay_tau > 0.0 && previous_subspace_) {
    Evolve(*previous_subspace_, previous_gradient_, options_.delay_tau);
  }
  if (options_.analog_time_tau > 0.0 || options_.delay_tau > 0.0) {
    nn::GgnSubspace current = Programmed(model, x);
    Evolve(current, gradient, options_.analog_time_tau);
    if (options_.delay_tau > 0.0) {
      previous_subspace_.emplace(std::move(current));
      previous_gradient_ = gradient;
    }
  }
  direction = state_;
  if (ledger != nullptr) Count(model, static_cast<double>(x.rows()), *ledger, phase);
  ++iterations_;
}

void Tngd::Count(const nn::Mlp& model, double batch, Ledger& ledger, std::string_view phase) const {
  const double classes = model.spec().widths.back();
  const double params = static_cast<double>(model.num_parameters()), rows = batch * classes;
  // The host's digital work, priced by the run's digital table: J_f and H_L.
  CountWithErasure(ledger, phase, "alu", "fp32_mac", rows * params + batch * classes * classes);
  // The device: J_f and H_L as programmed values, g in and g̃ out at 16 bits, over the link.
  const double values = rows * (rows + 2.0 * params);
  const double value_bits = PricedBits(options_.coupling_bits);
  CountLinkTransfer(ledger, phase, value_bits * values + 16.0 * 2.0 * params);
  CountDacConversions(ledger, phase, params, 16);
  // The three arrays J_f, H_L and J_fᵀ: one resistor per programmed value.
  CountResistorWrites(ledger, phase, values);
  CountCellTime(ledger, phase, params + rows, options_.analog_time_tau + options_.delay_tau);
  CountResistorTime(ledger, phase, values, options_.analog_time_tau + options_.delay_tau);
  CountAdcConversions(ledger, phase, params, 16);
}

nlohmann::json Tngd::OptionsJson() const {
  nlohmann::json json = options_.ToJson();
  json["method"] = "tngd";
  return json;
}

nlohmann::json Tngd::StateHeader() const {
  nlohmann::json header = {{"iterations", iterations_},
                           {"evolutions", evolutions_},
                           {"state", state_.size()},
                           {"previous", previous_subspace_.has_value()}};
  if (previous_subspace_) {
    header["previous_batch_rows"] = previous_subspace_->batch().rows();
    header["previous_batch_cols"] = previous_subspace_->batch().cols();
  }
  return header;
}

std::vector<float> Tngd::StatePayload() const {
  std::vector<float> payload(state_.begin(), state_.end());
  if (previous_subspace_) {
    const AlignedFloats& parameters = previous_subspace_->model().parameters();
    payload.insert(payload.end(), parameters.begin(), parameters.end());
    const MatrixF& batch = previous_subspace_->batch();
    payload.insert(payload.end(), batch.data(), batch.data() + batch.size());
    payload.insert(payload.end(), previous_gradient_.begin(), previous_gradient_.end());
  }
  return payload;
}

void Tngd::RestoreState(const nlohmann::json& header,
                        std::span<const float> payload,
                        const nn::Mlp& model) {
  // Read and check everything first (a checkpoint is input like any other), then change state.
  const auto n = static_cast<std::size_t>(model.storage_size());
  std::size_t state_size = 0;
  bool previous = false;
  std::int64_t rows = 0, cols = 0, iterations = 0;
  std::uint64_t evolutions = 0;
  try {
    if (!header.is_object() || !header.at("state").is_number_unsigned() ||
        !header.at("previous").is_boolean() || !header.at("iterations").is_number_integer() ||
        !header.at("evolutions").is_number_unsigned()) {
      throw std::invalid_argument(
          "TNGD state: 'state', 'previous', 'iterations' and 'evolutions' must be present, with "
          "whole numbers and a boolean");
    }
    state_size = header["state"].get<std::size_t>();
    previous = header["previous"].get<bool>();
    iterations = header["iterations"].get<std::int64_t>();
    evolutions = header["evolutions"].get<std::uint64_t>();
    if (previous) {
      if (!header.at("previous_batch_rows").is_number_integer() ||
          !header.at("previous_batch_cols").is_number_integer()) {
        throw std::invalid_argument("TNGD state: the previous batch's size must be whole numbers");
      }
      rows = header["previous_batch_rows"].get<std::int64_t>();
      cols = header["previous_batch_cols"].get<std::int64_t>();
    }
  } catch (const nlohmann::json::exception& error) {
    throw std::invalid_argument(std::string("TNGD state: ") + error.what());
  }
  if (state_size != 0 && state_size != n) {
    throw std::invalid_argument(
        fmt::format("TNGD state: {} state values for a model of {} parameters", state_size, n));
  }
  if (iterations < 0) throw std::invalid_argument("TNGD state: 'iterations' is negative");
  std::size_t expected = state_size;
  if (previous) {
    const std::int64_t inputs = model.spec().widths.front();
    if (cols != inputs || rows < 1 || static_cast<std::size_t>(rows) > payload.size()) {
      throw std::invalid_argument(
          fmt::format("TNGD state: a previous batch of {}x{} does not fit a model with {} inputs",
                      rows,
                      cols,
                      inputs));
    }
    expected += n + static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols) + n;
  }
  if (payload.size() != expected) {
    throw std::invalid_argument(
        fmt::format("TNGD state: {} floats saved, {} expected", payload.size(), expected));
  }
  state_.assign(payload.begin(), payload.begin() + static_cast<std::ptrdiff_t>(state_size));
  std::size_t offset = state_size;
  previous_subspace_.reset();
  previous_gradient_.clear();
  if (previous) {
    nn::Mlp previous_model(model.spec(), model.activation());
    std::copy_n(payload.begin() + static_cast<std::ptrdiff_t>(offset),
                n,
                previous_model.parameters().begin());
    offset += n;
    MatrixF batch(rows, cols);
    std::copy_n(payload.begin() + static_cast<std::ptrdiff_t>(offset), rows * cols, batch.data());
    offset += static_cast<std::size_t>(rows * cols);
    previous_gradient_.assign(payload.begin() + static_cast<std::ptrdiff_t>(offset), payload.end());
    previous_subspace_.emplace(Programmed(previous_model, batch));
  }
  iterations_ = iterations;
  evolutions_ = evolutions;
}

}  // namespace landauer::thermo

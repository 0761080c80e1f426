#include "landauer/nn/natural_gradient.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "landauer/core/argument_checks.h"
#include "landauer/nn/ggn_subspace.h"

namespace landauer::nn {
namespace {

// n-step law of one OU mode with rate k (μ + λ): returns (decay, noise stddev).
std::pair<double, double> ModeLaw(double rate, double duration, double step, double kappa) {
  if (step <= 0.0) {
    return {std::exp(-rate * duration),
            std::sqrt(kappa * -std::expm1(-2.0 * rate * duration) / rate)};
  }
  const double n = std::round(duration / step);
  const double rho = 1.0 - step * rate;
  const double decay = std::pow(rho, n);
  const double variance = std::abs(1.0 - rho * rho) < 1e-15
                              ? 2.0 * kappa * step * n
                              : 2.0 * kappa * step * (1.0 - decay * decay) / (1.0 - rho * rho);
  return {decay, std::sqrt(std::max(0.0, variance))};
}

}  // namespace

void NaturalGradientOptions::Validate() const {
  if (method != "tngd" && method != "ngd" && method != "ngd-cg") {
    throw std::invalid_argument("unknown natural-gradient method '" + method +
                                "'; choose tngd, ngd or ngd-cg");
  }
  CheckPositive("NaturalGradient", "damping", damping, "");
  CheckNonNegative("NaturalGradient", "analog_time_tau", analog_time_tau, "tau");
  CheckNonNegative("NaturalGradient", "delay_tau", delay_tau, "tau");
  CheckNonNegative("NaturalGradient", "step_tau", step_tau, "tau");
  CheckNonNegative("NaturalGradient", "kappa0", kappa0, "");
  CheckPositive("NaturalGradient", "cg_iterations", cg_iterations, "");
  if (coupling_bits < 0 || coupling_bits == 1 || coupling_bits > 24) {
    throw std::invalid_argument(fmt::format(
        "NaturalGradient: coupling_bits = {}: use 0 (ideal) or 2 to 24", coupling_bits));
  }
  if (coupling_bits > 0 && method != "tngd") {
    throw std::invalid_argument(
        "NaturalGradient: coupling_bits applies to tngd only (ngd and ngd-cg are digital)");
  }
}

NaturalGradient::NaturalGradient(NaturalGradientOptions options)
    : options_(std::move(options)), rng_(options_.seed, "nn.tngd", "spu_noise") {
  options_.Validate();
}

void NaturalGradient::Evolve(const GgnSubspace& subspace,
                             const AlignedFloats& gradient,
                             double duration_tau) {
  if (duration_tau <= 0.0) return;
  const double lambda = options_.damping, kappa = options_.kappa0, h = options_.step_tau;
  if (h > 0.0) {
    const double stability =
        2.0 / (subspace.eigenvalues().size() > 0 ? subspace.eigenvalues()[0] + lambda : lambda);
    if (h >= stability) {
      throw std::invalid_argument(
          fmt::format("TNGD: Euler-Maruyama step {} tau exceeds the stability limit 2/(mu_max + "
                      "lambda) = {:.4g} tau for this "
                      "batch; use a smaller --tngd-step or the exact integrator (--tngd-step 0)",
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
  const auto [c, s] = ModeLaw(lambda, duration_tau, h, kappa);
  Eigen::VectorXd coefficient(a.size());
  Rng mode_rng = rng_.Substream(2 * evolution + 1);
  for (Eigen::Index i = 0; i < a.size(); ++i) {
    const double rate = subspace.eigenvalues()[i] + lambda;
    const auto [decay, sd] = ModeLaw(rate, duration_tau, h, kappa);
    const double target = ag[i] / rate;
    const double a_new =
        target + decay * (a[i] - target) + (kappa > 0.0 ? sd * mode_rng.Normal() : 0.0);
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

void NaturalGradient::Apply(const Mlp& model,
                            const MatrixF& x,
                            const AlignedFloats& gradient,
                            AlignedFloats& direction,
                            Ledger* ledger,
                            std::string_view phase) {
  const auto n = static_cast<std::size_t>(model.storage_size());
  const double batch = static_cast<double>(x.rows()), classes = model.spec().widths.back();
  const double params = static_cast<double>(model.num_parameters()), rows = batch * classes;
  if (options_.method == "ngd") {
    direction = GgnSubspace(model, x).Solve(gradient, options_.damping);
    if (ledger != nullptr) {
      // The digital cost of exact NGD (estimates, in MACs): the B·C Jacobian rows by C backward
      // passes (rows × N); the Gram matrix, per layer B² × fan-in for the activations and
      // (B·C)² × fan-out for the sensitivities; H^{1/2} K H^{1/2} with its C × C blocks (2 r² C);
      // the symmetric eigendecomposition, about 9 r³ flops with vectors (Golub & Van Loan,
      // Matrix Computations, 4th ed., §8.3); and the solve, one JVP and one VJP (3 B·N).
      double gram = 0.0, units = 0.0;
      for (int l = 0; l < model.spec().num_layers(); ++l) {
        units += model.spec().widths[static_cast<std::size_t>(l + 1)];
        gram += batch * batch * (model.spec().widths[static_cast<std::size_t>(l)] + 1.0) +
                rows * rows * model.spec().widths[static_cast<std::size_t>(l + 1)];
      }
      ledger->Count(phase,
                    "alu",
                    "fp32_mac",
                    rows * params + gram + 2.0 * rows * rows * classes + 4.5 * rows * rows * rows +
                        3.0 * batch * params);
      // Written in fp32: the sensitivities of every unit for each Jacobian row, the r × r Gram
      // matrix and its eigenvectors, and the direction.
      ledger->CountErasedBits(phase, 32.0 * (rows * units + 2.0 * rows * rows + params));
    }
  } else if (options_.method == "ngd-cg") {
    // Conjugate gradients on (G + λI) d = g from d = 0.
    direction.assign(n, 0.0f);
    AlignedFloats r = gradient, p = gradient;
    double rr = 0;
    for (float v : r) rr += double(v) * v;
    for (int k = 0; k < options_.cg_iterations && rr > 0; ++k) {
      AlignedFloats fp = model.GgnProduct(x, p);
      double pfp = 0;
      for (std::size_t i = 0; i < n; ++i) {
        fp[i] += static_cast<float>(options_.damping * p[i]);
        pfp += double(p[i]) * fp[i];
      }
      const double alpha = rr / pfp;
      double rr_new = 0;
      for (std::size_t i = 0; i < n; ++i) {
        direction[i] += static_cast<float>(alpha * p[i]);
        r[i] -= static_cast<float>(alpha * fp[i]);
        rr_new += double(r[i]) * r[i];
      }
      const double beta = rr_new / rr;
      for (std::size_t i = 0; i < n; ++i) p[i] = static_cast<float>(r[i] + beta * p[i]);
      rr = rr_new;
      if (ledger != nullptr) {
        // One GGN-vector product (a JVP, B·N; H_L, B·C²; a VJP, 2·B·N) and the CG vector
        // updates (about 3 N); four fp32 vectors of N written.
        ledger->Count(phase,
                      "alu",
                      "fp32_mac",
                      3.0 * batch * params + batch * classes * classes + 3.0 * params);
        ledger->CountErasedBits(phase, 32.0 * 4.0 * params);
      }
    }
  } else {
    if (state_.empty()) state_ = gradient;  // g̃₀ = ∇ℓ(θ₀)
    if (options_.delay_tau > 0.0 && previous_subspace_) {
      Evolve(*previous_subspace_, previous_gradient_, options_.delay_tau);
    }
    if (options_.analog_time_tau > 0.0 || options_.delay_tau > 0.0) {
      GgnSubspace current(model, x, options_.coupling_bits);
      Evolve(current, gradient, options_.analog_time_tau);
      if (options_.delay_tau > 0.0) {
        previous_subspace_.emplace(std::move(current));
        previous_gradient_ = gradient;
      }
    }
    direction = state_;
    if (ledger != nullptr) {
      ledger->Count(phase, "alu", "fp32_mac", rows * params + batch * classes * classes);
      const double values = rows * (rows + 2.0 * params);
      const double value_bits = options_.coupling_bits > 0 ? options_.coupling_bits : 16.0;
      ledger->Count(phase, "link", "bit", value_bits * values + 16.0 * 2.0 * params);
      ledger->CountErasedBits(phase, value_bits * values + 16.0 * 2.0 * params);
      ledger->Count(phase, "dac", "convert_16b", params);
      ledger->Count(phase,
                    "spu",
                    "cell_tau",
                    (params + rows) * (options_.analog_time_tau + options_.delay_tau));
      ledger->Count(phase, "adc", "convert_16b", params);
    }
  }
  ++iterations_;
}

nlohmann::json NaturalGradient::OptionsJson() const {
  return {{"method", options_.method},
          {"damping", options_.damping},
          {"analog_time_tau", options_.analog_time_tau},
          {"delay_tau", options_.delay_tau},
          {"step_tau", options_.step_tau},
          {"kappa0", options_.kappa0},
          {"cg_iterations", options_.cg_iterations},
          {"coupling_bits", options_.coupling_bits},
          {"seed", options_.seed}};
}

nlohmann::json NaturalGradient::StateHeader() const {
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

std::vector<float> NaturalGradient::StatePayload() const {
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

void NaturalGradient::RestoreState(const nlohmann::json& header,
                                   std::span<const float> payload,
                                   const Mlp& model) {
  const auto state_size = header.at("state").get<std::size_t>();
  const bool previous = header.at("previous").get<bool>();
  const auto n = static_cast<std::size_t>(model.storage_size());
  std::size_t expected = state_size;
  Eigen::Index rows = 0, cols = 0;
  if (previous) {
    rows = header.at("previous_batch_rows").get<Eigen::Index>();
    cols = header.at("previous_batch_cols").get<Eigen::Index>();
    expected += n + static_cast<std::size_t>(rows * cols) + n;
  }
  if (payload.size() != expected || (state_size != 0 && state_size != n)) {
    throw std::invalid_argument(fmt::format(
        "natural-gradient state: {} floats saved, {} expected", payload.size(), expected));
  }
  state_.assign(payload.begin(), payload.begin() + static_cast<std::ptrdiff_t>(state_size));
  std::size_t offset = state_size;
  previous_subspace_.reset();
  previous_gradient_.clear();
  if (previous) {
    Mlp previous_model(model.spec(), model.activation());
    std::copy_n(payload.begin() + static_cast<std::ptrdiff_t>(offset),
                n,
                previous_model.parameters().begin());
    offset += n;
    MatrixF batch(rows, cols);
    std::copy_n(payload.begin() + static_cast<std::ptrdiff_t>(offset), rows * cols, batch.data());
    offset += static_cast<std::size_t>(rows * cols);
    previous_gradient_.assign(payload.begin() + static_cast<std::ptrdiff_t>(offset), payload.end());
    previous_subspace_.emplace(previous_model, batch, options_.coupling_bits);
  }
  iterations_ = header.at("iterations").get<std::int64_t>();
  evolutions_ = header.at("evolutions").get<std::uint64_t>();
}

}  // namespace landauer::nn

#include "landauer/thermo/spu.h"

#include <fmt/format.h>

#include <Eigen/Eigenvalues>
#include <cmath>
#include <stdexcept>

#include "landauer/core/argument_checks.h"
#include "landauer/core/progress.h"
#include "landauer/core/quantize.h"
#include "landauer/thermo/matrix_market.h"

namespace landauer::thermo {
namespace {

void CheckBits(const char* name, int bits) {
  if (bits != 0 && (bits < 2 || bits > 32)) {
    throw std::domain_error(
        fmt::format("SpuParams: {} = {} is invalid; use 0 (ideal) or 2..32", name, bits));
  }
}

}  // namespace

double SlowestRate(const SpuParams& params, double lambda_min) {
  if (params.order == SpuOrder::kFirst) return lambda_min;
  const double gamma = params.damping, discriminant = gamma * gamma - 4.0 * lambda_min;
  // The smaller root as 2λ/(γ + √disc), free of cancellation when γ² ≫ 4λ.
  return discriminant >= 0.0 ? 2.0 * lambda_min / (gamma + std::sqrt(discriminant)) : 0.5 * gamma;
}

std::string_view ToString(SpuOrder order) { return order == SpuOrder::kFirst ? "first" : "second"; }

SpuOrder SpuOrderFromString(std::string_view name) {
  if (name == "first") return SpuOrder::kFirst;
  if (name == "second") return SpuOrder::kSecond;
  throw std::invalid_argument("unknown SPU order '" + std::string(name) +
                              "'; choose first or second");
}

void SpuParams::Validate() const {
  CheckPositive("SpuParams", "dimension", dimension, "");
  CheckPositive("SpuParams", "tau_s", tau_s, "s");
  CheckNonNegative("SpuParams", "kappa0", kappa0, "");  // 0: the noiseless device
  CheckBits("coupling_bits", coupling_bits);
  CheckBits("dac_bits", dac_bits);
  CheckBits("adc_bits", adc_bits);
  CheckNonNegative("SpuParams", "adc_full_scale", adc_full_scale, "");
  CheckPositive("SpuParams", "host_bandwidth_bps", host_bandwidth_bps, "bit/s");
  CheckPositive("SpuParams", "sample_rate_hz", sample_rate_hz, "Hz");
  CheckNonNegative("SpuParams", "delay_s", delay_s, "s");
  CheckPositive("SpuParams", "damping", damping, "1/tau");
  CheckPositive("SpuParams", "step_tau", step_tau, "tau");
}

double Spu::Quantize(double v, double range, int bits) { return QuantizeSymmetric(v, range, bits); }

Spu::Spu(SpuParams params) : params_(std::move(params)) { params_.Validate(); }

void Spu::Program(const ColMatrixD& a,
                  const Eigen::VectorXd& b,
                  int chains,
                  const Eigen::VectorXd& x0) {
  const int d = params_.dimension;
  if (a.rows() != d || a.cols() != d || b.size() != d) {
    throw std::invalid_argument(
        fmt::format("Spu::Program: the device has d = {}, got A {}x{} and b of {}",
                    d,
                    a.rows(),
                    a.cols(),
                    b.size()));
  }
  CheckPositive("Spu::Program", "chains", chains, "");
  if (x0.size() > 0 && x0.size() != d)
    throw std::invalid_argument("Spu::Program: x0 must have d entries");
  Prepare(a, b);
  Eigen::VectorXd start = Eigen::VectorXd::Zero(derived_.propagator->dimension());
  if (x0.size() > 0) start.head(d) = x0;
  state_.ensemble = std::make_unique<OuEnsemble<double>>(*derived_.propagator, chains, start);
  state_.analog_time_tau = 0.0;
  state_.steps = 0;
}

void Spu::Prepare(const ColMatrixD& a, const Eigen::VectorXd& b) {
  const int d = params_.dimension;
  const double a_range = a.cwiseAbs().maxCoeff(), b_range = b.cwiseAbs().maxCoeff();
  derived_.a = a.unaryExpr([&](double v) { return Quantize(v, a_range, params_.coupling_bits); });
  derived_.b = b.unaryExpr([&](double v) { return Quantize(v, b_range, params_.dac_bits); });
  const double kappa = params_.kappa0;
  if (params_.order == SpuOrder::kFirst) {
    derived_.propagator = std::make_unique<OuPropagator>(derived_.a,
                                                         derived_.b,
                                                         2.0 * kappa * ColMatrixD::Identity(d, d),
                                                         params_.step_tau,
                                                         params_.integrator);
  } else {
    const double gamma = params_.damping;
    ColMatrixD drift = ColMatrixD::Zero(2 * d, 2 * d);
    drift.topRightCorner(d, d) = -ColMatrixD::Identity(d, d);
    drift.bottomLeftCorner(d, d) = derived_.a;
    drift.bottomRightCorner(d, d) = gamma * ColMatrixD::Identity(d, d);
    Eigen::VectorXd offset = Eigen::VectorXd::Zero(2 * d);
    offset.tail(d) = derived_.b;
    ColMatrixD diffusion = ColMatrixD::Zero(2 * d, 2 * d);
    diffusion.bottomRightCorner(d, d) = 2.0 * gamma * kappa * ColMatrixD::Identity(d, d);
    derived_.propagator = std::make_unique<OuPropagator>(
        drift, offset, diffusion, params_.step_tau, params_.integrator);
  }
  if (params_.adc_full_scale > 0) {
    derived_.adc_range = params_.adc_full_scale;
  } else {
    // Automatic range: the stationary mean plus 6 standard deviations of the widest position.
    // For a symmetric A that is κ₀/λ_min; otherwise the stationary covariance's largest diagonal
    // (a non-normal A can spread far beyond κ₀/Re λ_min), from the transition covariance at 40
    // decay times. 1 if both are 0 (a noiseless device at the origin).
    double variance = 0.0;
    if (IsSymmetric(derived_.a)) {
      const double lambda_min =
          Eigen::SelfAdjointEigenSolver<ColMatrixD>(derived_.a, Eigen::EigenvaluesOnly)
              .eigenvalues()
              .minCoeff();
      variance = kappa / std::max(lambda_min, 1e-300);
    } else if (kappa > 0.0) {
      const double rate = derived_.a.eigenvalues().real().minCoeff();
      OuPropagator settle(derived_.a,
                          Eigen::VectorXd::Zero(d),
                          2.0 * kappa * ColMatrixD::Identity(d, d),
                          40.0 / std::max(rate, 1e-300));
      variance = settle.noise_covariance().diagonal().maxCoeff();
    }
    derived_.adc_range = derived_.propagator->stationary_mean().head(d).cwiseAbs().maxCoeff() +
                         6.0 * std::sqrt(variance);
    if (!(derived_.adc_range > 0.0)) derived_.adc_range = 1.0;
  }
}

void Spu::Run(double duration_tau,
              Rng& rng,
              const std::function<void(const ColMatrixD&)>& observe,
              int threads,
              ProgressTask* progress) {
  if (!derived_.propagator) throw std::logic_error("Spu::Run called before Program");
  CheckNonNegative("Spu::Run", "duration_tau", duration_tau, "tau");
  const auto steps = static_cast<std::int64_t>(std::ceil(duration_tau / params_.step_tau - 1e-9));
  const int d = params_.dimension;
  for (std::int64_t step = 0; step < steps; ++step) {
    state_.ensemble->Step(rng, threads);
    ++state_.steps;
    state_.analog_time_tau += params_.step_tau;
    if (observe) {
      const ColMatrixD& positions = state_.ensemble->Positions(threads);
      if (params_.adc_bits == 0) {
        buffers_.readout = positions.topRows(d);
      } else {
        buffers_.readout = positions.topRows(d).unaryExpr(
            [&](double v) { return Quantize(v, derived_.adc_range, params_.adc_bits); });
      }
      observe(buffers_.readout);
    }
    if (progress != nullptr) progress->Advance(1);
  }
}

double Spu::ProgrammingSeconds() const {
  const double d = params_.dimension;
  // Ideal settings are sent as 16-bit values, as the energy counts them (spu_cost.h PricedBits).
  const double coupling_bits = params_.coupling_bits == 0 ? 16 : params_.coupling_bits;
  const double dac_bits = params_.dac_bits == 0 ? 16 : params_.dac_bits;
  return (d * d * coupling_bits + d * dac_bits) / params_.host_bandwidth_bps;
}

ColMatrixD Spu::Positions() { return state_.ensemble->Positions().topRows(params_.dimension); }

}  // namespace landauer::thermo

#include "landauer/thermo/linear_algebra.h"

#include <fmt/format.h>

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <Eigen/LU>
#include <cmath>
#include <deque>
#include <stdexcept>

#include "landauer/core/argument_checks.h"
#include "landauer/core/progress.h"
#include "landauer/thermo/matrix_market.h"

namespace landauer::thermo {
namespace {

// The rate the default burn-in and window scale with: the device's slowest relaxation.
double LambdaMin(const ColMatrixD& a, const TlaOptions& options, const SpuParams& params) {
  return SlowestRate(params, options.lambda_min > 0.0 ? options.lambda_min : SlowestDriftRate(a));
}

// Below this many correlation times per batch segment, batch means understate the error.
constexpr double kMinSegmentCorrelationTimes = 10.0;

// The schedule and sizes every estimator reports, and the warning for short segments.
void RecordRun(TlaResult& result,
               const TlaSchedule& s,
               double step,
               double analog_time_tau,
               int chains,
               double rate) {
  result.burn_in_tau = s.burn_in_tau;
  result.sample_tau = static_cast<double>(s.sample_steps) * step;
  result.analog_time_tau = analog_time_tau;
  result.samples = s.sample_steps;
  result.chains = chains;
  result.segment_correlation_times = static_cast<double>(s.steps_per_segment) * step * rate;
  if (result.segment_correlation_times < kMinSegmentCorrelationTimes) {
    result.warnings.push_back(fmt::format(
        "each batch segment spans {:.3g} correlation times (1/rate = {:.4g} tau); below {:g} the "
        "error bars understate the error: lengthen the window or use fewer batches (thermo "
        "--time, --batches)",
        result.segment_correlation_times,
        1.0 / rate,
        kMinSegmentCorrelationTimes));
  }
}

bool FirstOrderEulerMaruyama(const SpuParams& p) {
  return p.integrator == Integrator::kEulerMaruyama && p.order == SpuOrder::kFirst;
}

// K = I − hA/2 for a first-order Euler–Maruyama device (its stationary covariance is
// κ₀(AK)⁻¹), else I: the factor that undoes the integrator's variance bias (header).
ColMatrixD EulerMaruyamaFactor(const ColMatrixD& a, const SpuParams& p) {
  const ColMatrixD identity = ColMatrixD::Identity(a.rows(), a.cols());
  return FirstOrderEulerMaruyama(p) ? ColMatrixD(identity - 0.5 * p.step_tau * a) : identity;
}

void WarnOfSecondOrderBias(const SpuParams& p, TlaResult& result) {
  if (p.integrator == Integrator::kEulerMaruyama && p.order == SpuOrder::kSecond) {
    result.warnings.push_back(fmt::format(
        "the Euler-Maruyama bias of second-order cells (step {} tau) is not corrected; use the "
        "exact integrator for an unbiased estimate",
        p.step_tau));
  }
}

double RelativeError(const ColMatrixD& estimate, const std::optional<ColMatrixD>& reference) {
  return (estimate - *reference).norm() / std::max(reference->norm(), 1e-300);
}

// Mean and standard error over a list of equally weighted estimates.
void MeanAndStderr(const std::vector<ColMatrixD>& items, ColMatrixD& mean, ColMatrixD& stderr_out) {
  const double n = static_cast<double>(items.size());
  mean = ColMatrixD::Zero(items.front().rows(), items.front().cols());
  for (const ColMatrixD& item : items) mean += item;
  mean /= n;
  ColMatrixD variance = ColMatrixD::Zero(mean.rows(), mean.cols());
  for (const ColMatrixD& item : items) variance += (item - mean).cwiseAbs2();
  variance /= (n - 1.0);
  stderr_out = (variance / n).cwiseSqrt();
}

// Trace checkpoints: log-spaced sample counts across the window.
std::vector<std::int64_t> TraceSteps(std::int64_t sample_steps, int points) {
  std::vector<std::int64_t> steps;
  for (int i = 1; i <= points; ++i) {
    const double fraction = std::pow(10.0, -2.0 * (points - i) / std::max(1, points - 1));
    const auto step = std::max<std::int64_t>(
        1, static_cast<std::int64_t>(fraction * static_cast<double>(sample_steps)));
    if (steps.empty() || step > steps.back()) steps.push_back(step);
  }
  return steps;
}

// Runs a second-moment experiment (b = 0): collects per-segment pooled ⟨x xᵀ⟩ (and optionally the
// lagged ⟨x(t+ℓ) x(t)ᵀ⟩), then post-processes each with `finish` (which maps (Σ̂, Ĉ) to the
// estimate). `pool_chains` pools chains inside each segment (needed for nonlinear finishes).
template <typename Finish>
TlaResult SecondMomentExperiment(std::string_view task,
                                 Spu& spu,
                                 const ColMatrixD& a,
                                 const TlaOptions& options,
                                 bool lagged,
                                 Finish finish,
                                 const std::optional<ColMatrixD>& reference) {
  const int d = spu.params().dimension;
  const double step = spu.params().step_tau, rate = LambdaMin(a, options, spu.params());
  const TlaSchedule s = PlanSchedule(options, rate, step);
  const auto lag_steps = static_cast<std::int64_t>(std::llround(options.lag_tau / step));
  if (lagged && (lag_steps < 1 || std::abs(lag_steps * step - options.lag_tau) >
                                      1e-9 * std::max(1.0, options.lag_tau))) {
    throw std::domain_error(
        fmt::format("ThermoExpm: lag {} tau must be a positive multiple of the step {} tau",
                    options.lag_tau,
                    step));
  }
  ProgressTask progress(options.progress, task, s.burn_in_steps + s.sample_steps);
  spu.Program(a, Eigen::VectorXd::Zero(d), options.chains);
  Rng rng(options.seed, "thermo.tla", "noise");
  spu.Run(s.burn_in_tau, rng, nullptr, options.threads, &progress);

  const int segments = options.batches;
  std::vector<ColMatrixD> second(segments, ColMatrixD::Zero(d, d)),
      cross(lagged ? segments : 0, ColMatrixD::Zero(d, d));
  std::vector<std::int64_t> count(segments, 0), cross_count(segments, 0);
  std::deque<ColMatrixD> history;
  const std::vector<std::int64_t> checkpoints =
      reference ? TraceSteps(s.sample_steps, options.trace_points) : std::vector<std::int64_t>{};
  std::size_t next_checkpoint = 0;
  TlaResult result;
  std::int64_t step_index = 0;
  auto running_estimate = [&](int upto_segment) {
    ColMatrixD sigma = ColMatrixD::Zero(d, d), c = ColMatrixD::Zero(d, d);
    std::int64_t n = 0, nc = 0;
    for (int k = 0; k <= upto_segment; ++k) {
      sigma += second[k], n += count[k], nc += cross_count[k];
      if (lagged) c += cross[k];
    }
    return finish(sigma / static_cast<double>(std::max<std::int64_t>(1, n)),
                  c / static_cast<double>(std::max<std::int64_t>(1, nc)));
  };
  spu.Run(
      static_cast<double>(s.sample_steps) * step,
      rng,
      [&](const ColMatrixD& x) {
        const int segment = static_cast<int>(
            std::min<std::int64_t>(step_index / s.steps_per_segment, segments - 1));
        second[segment].noalias() += x * x.transpose();
        count[segment] += x.cols();
        if (lagged) {
          history.push_back(x);
          if (static_cast<std::int64_t>(history.size()) > lag_steps) {
            cross[segment].noalias() += x * history.front().transpose();
            cross_count[segment] += x.cols();
            history.pop_front();
          }
        }
        ++step_index;
        if (next_checkpoint < checkpoints.size() && step_index == checkpoints[next_checkpoint]) {
          ++next_checkpoint;
          result.trace.push_back({s.burn_in_tau + static_cast<double>(step_index) * step,
                                  RelativeError(running_estimate(segment), reference)});
        }
      },
      options.threads,
      &progress);
  result.estimate = running_estimate(segments - 1);
  std::vector<ColMatrixD> per_segment;
  for (int k = 0; k < segments; ++k) {
    per_segment.push_back(finish(
        second[k] / static_cast<double>(count[k]),
        lagged
            ? ColMatrixD(cross[k] / static_cast<double>(std::max<std::int64_t>(1, cross_count[k])))
            : ColMatrixD()));
  }
  ColMatrixD mean_unused;
  MeanAndStderr(per_segment, mean_unused, result.stderr_estimate);
  RecordRun(result, s, step, spu.analog_time_tau(), options.chains, rate);
  WarnOfSecondOrderBias(spu.params(), result);
  return result;
}

}  // namespace

TlaSchedule PlanSchedule(const TlaOptions& options, double rate, double step_tau) {
  CheckPositive("Thermo", "chains", options.chains, "");
  if (options.batches < 2) throw std::domain_error("Thermo: batches must be >= 2 for error bars");
  CheckPositive("Thermo", "step_tau", step_tau, "tau");
  if (options.burn_in_tau < 0 || !(options.sample_tau > 0)) {
    CheckPositive("Thermo",
                  "the slowest relaxation rate (for the default burn-in and window)",
                  rate,
                  "1/tau");
  }
  TlaSchedule s;
  s.burn_in_tau = options.burn_in_tau >= 0 ? options.burn_in_tau : 10.0 / rate;
  s.sample_tau = options.sample_tau > 0 ? options.sample_tau : 1000.0 / rate;
  CheckFinite("Thermo", "burn_in_tau", s.burn_in_tau, "tau");
  CheckFinite("Thermo", "sample_tau", s.sample_tau, "tau");
  // Counted in double first: a cast of a count beyond 2^63 would be undefined.
  const double burn_in_steps = std::ceil(s.burn_in_tau / step_tau - 1e-9);
  // The same tolerance as the burn-in's: a ratio that is an integer but for its last bits must not
  // gain a step (it did when a compiler flag moved 1000/rate by one ulp).
  const double per_segment =
      std::max(1.0, std::ceil(s.sample_tau / step_tau / options.batches - 1e-9));
  constexpr double kMaxSteps = 9007199254740992.0;  // 2^53
  if (!(burn_in_steps + per_segment * options.batches <= kMaxSteps)) {
    throw std::domain_error(
        fmt::format("Thermo: a burn-in of {} tau and a window of {} tau at a step of {} tau is "
                    "more than 2^53 integration steps",
                    s.burn_in_tau,
                    s.sample_tau,
                    step_tau));
  }
  s.burn_in_steps = static_cast<std::int64_t>(std::max(0.0, burn_in_steps));
  s.steps_per_segment = static_cast<std::int64_t>(per_segment);
  s.sample_steps = s.steps_per_segment * options.batches;
  return s;
}

double SlowestDriftRate(const ColMatrixD& a) {
  if (IsSymmetric(a)) return SmallestEigenvalue(a);
  return a.eigenvalues().real().minCoeff();
}

namespace {

// Inverse, logdet and expm read the noise's covariance: they need some, and (but expm) a
// symmetric A, whose stationary covariance is κ₀A⁻¹.
void CheckSecondMomentProblem(std::string_view problem,
                              const ColMatrixD& a,
                              const SpuParams& p,
                              bool needs_symmetric) {
  if (!(p.kappa0 > 0.0)) {
    throw std::invalid_argument(fmt::format(
        "{} needs a noisy device (kappa0 > 0): it reads A off the noise's covariance; the "
        "noiseless device (kappa0 = 0) only solves",
        problem));
  }
  if (needs_symmetric && !IsSymmetric(a)) {
    throw std::invalid_argument(fmt::format(
        "{} needs a symmetric A: only then is the stationary covariance kappa0 A^-1", problem));
  }
}

}  // namespace

double SmallestEigenvalue(const ColMatrixD& a) {
  return Eigen::SelfAdjointEigenSolver<ColMatrixD>(0.5 * (a + a.transpose()))
      .eigenvalues()
      .minCoeff();
}

TlaResult ThermoSolve(Spu& spu,
                      const ColMatrixD& a,
                      const Eigen::VectorXd& b,
                      const TlaOptions& options,
                      const std::optional<ColMatrixD>& reference) {
  const int d = spu.params().dimension;
  const double step = spu.params().step_tau, rate = LambdaMin(a, options, spu.params());
  const TlaSchedule s = PlanSchedule(options, rate, step);
  ProgressTask progress(options.progress, "thermo solve", s.burn_in_steps + s.sample_steps);
  spu.Program(a, b, options.chains);
  Rng rng(options.seed, "thermo.tla", "noise");
  spu.Run(s.burn_in_tau, rng, nullptr, options.threads, &progress);
  // Per segment and chain: the time average of x.
  std::vector<ColMatrixD> sums(options.batches, ColMatrixD::Zero(d, options.chains));
  const std::vector<std::int64_t> checkpoints =
      reference ? TraceSteps(s.sample_steps, options.trace_points) : std::vector<std::int64_t>{};
  std::size_t next_checkpoint = 0;
  TlaResult result;
  std::int64_t step_index = 0;
  ColMatrixD running = ColMatrixD::Zero(d, 1);
  spu.Run(
      static_cast<double>(s.sample_steps) * step,
      rng,
      [&](const ColMatrixD& x) {
        const auto segment = static_cast<std::size_t>(
            std::min<std::int64_t>(step_index / s.steps_per_segment, options.batches - 1));
        sums[segment] += x;
        running += x.rowwise().sum();
        ++step_index;
        if (next_checkpoint < checkpoints.size() && step_index == checkpoints[next_checkpoint]) {
          ++next_checkpoint;
          const ColMatrixD estimate = running / static_cast<double>(step_index * options.chains);
          result.trace.push_back({s.burn_in_tau + static_cast<double>(step_index) * step,
                                  RelativeError(estimate, reference)});
        }
      },
      options.threads,
      &progress);
  std::vector<ColMatrixD> items;
  for (const ColMatrixD& segment : sums) {
    for (Eigen::Index chain = 0; chain < segment.cols(); ++chain) {
      items.push_back(segment.col(chain) / static_cast<double>(s.steps_per_segment));
    }
  }
  MeanAndStderr(items, result.estimate, result.stderr_estimate);
  RecordRun(result, s, step, spu.analog_time_tau(), options.chains, rate);
  return result;
}

TlaResult ThermoInverse(Spu& spu,
                        const ColMatrixD& a,
                        const TlaOptions& options,
                        const std::optional<ColMatrixD>& reference) {
  CheckSecondMomentProblem("ThermoInverse", a, spu.params(), true);
  const double kappa = spu.params().kappa0;
  const ColMatrixD k = EulerMaruyamaFactor(a, spu.params());
  return SecondMomentExperiment(
      "thermo inverse",
      spu,
      a,
      options,
      false,
      [kappa, &k](const ColMatrixD& sigma, const ColMatrixD&) {
        // Σ̂K and KΣ̂ agree in expectation (A and Σ commute); the mean keeps the answer symmetric.
        return ColMatrixD(0.5 * (sigma * k + k * sigma) / kappa);
      },
      reference);
}

TlaResult ThermoLogDet(Spu& spu,
                       const ColMatrixD& a,
                       const TlaOptions& options,
                       const std::optional<ColMatrixD>& reference) {
  CheckSecondMomentProblem("ThermoLogDet", a, spu.params(), true);
  const double kappa = spu.params().kappa0;
  const int d = spu.params().dimension;
  const Eigen::LLT<ColMatrixD> factor(EulerMaruyamaFactor(a, spu.params()));
  double log_det_k = 0.0;
  for (int i = 0; i < d; ++i) log_det_k += 2.0 * std::log(factor.matrixL()(i, i));
  return SecondMomentExperiment(
      "thermo logdet",
      spu,
      a,
      options,
      false,
      [kappa, d, log_det_k](const ColMatrixD& sigma, const ColMatrixD&) {
        const Eigen::LLT<ColMatrixD> llt(sigma);
        double log_det_sigma = 0.0;
        for (int i = 0; i < d; ++i) log_det_sigma += 2.0 * std::log(llt.matrixL()(i, i));
        ColMatrixD out(1, 1);
        out(0, 0) = d * std::log(kappa) - log_det_sigma - log_det_k;
        return out;
      },
      reference);
}

TlaResult ThermoExpm(Spu& spu,
                     const ColMatrixD& a,
                     const TlaOptions& options,
                     const std::optional<ColMatrixD>& reference) {
  const SpuParams& p = spu.params();
  if (p.order != SpuOrder::kFirst) {
    throw std::invalid_argument(
        "ThermoExpm: needs a first-order device; the positions of second-order cells do not "
        "decay as exp(-A lag), so their autocovariance does not give it (thermo expm --order "
        "first)");
  }
  CheckSecondMomentProblem("ThermoExpm", a, p, false);
  const double kappa = p.kappa0;
  const bool symmetric = IsSymmetric(a);
  const ColMatrixD ak = a * EulerMaruyamaFactor(a, p) / kappa;
  TlaResult result = SecondMomentExperiment(
      "thermo expm",
      spu,
      a,
      options,
      true,
      [&ak, symmetric](const ColMatrixD& sigma, const ColMatrixD& c) {
        return symmetric ? ColMatrixD(c * ak) : ColMatrixD(c * sigma.inverse());
      },
      reference);
  if (!symmetric) {
    result.warnings.push_back(
        "A is not symmetric, so the stationary covariance is not kappa0 A^-1: expm is C(lag) "
        "Sigma^-1 with the sampled Sigma, biased at O(1/samples) and inverted digitally");
  }
  if (FirstOrderEulerMaruyama(p)) {
    // Per mode the chain decays as (1 − λh)^n, not e^{−λℓ}: the worst ratio over A's spectrum
    // (complex for a non-symmetric A).
    const Eigen::VectorXcd lambdas = a.eigenvalues();
    const double n = std::round(options.lag_tau / p.step_tau);
    double worst = 0.0;
    for (const std::complex<double> lambda : lambdas) {
      const std::complex<double> chain = std::pow(1.0 - lambda * p.step_tau, n);
      worst = std::max(worst, std::abs(chain * std::exp(lambda * options.lag_tau) - 1.0));
    }
    result.warnings.push_back(fmt::format(
        "Euler-Maruyama at step {} tau propagates (I - hA)^n, not exp(-A lag): up to {:.3g} "
        "relative per eigenmode of A, a bias the error bars do not include; use the exact "
        "integrator",
        p.step_tau,
        worst));
  }
  return result;
}

TlaResult ThermoLyapunov(const ColMatrixD& drift,
                         const ColMatrixD& diffusion,
                         double step_tau,
                         const TlaOptions& options,
                         const std::optional<ColMatrixD>& reference) {
  const Eigen::Index d = drift.rows();
  OuPropagator propagator(drift, Eigen::VectorXd::Zero(d), diffusion, step_tau, Integrator::kExact);
  const double lambda_min = drift.eigenvalues().real().minCoeff();
  const TlaSchedule s = PlanSchedule(options, lambda_min, step_tau);
  Rng rng(options.seed, "thermo.tla", "noise");
  ColMatrixD z = ColMatrixD::Zero(d, options.chains);
  for (std::int64_t i = 0; i < s.burn_in_steps; ++i) propagator.Step(z, rng, options.threads);
  std::vector<ColMatrixD> segments(options.batches, ColMatrixD::Zero(d, d));
  TlaResult result;
  const std::vector<std::int64_t> checkpoints =
      reference ? TraceSteps(s.sample_steps, options.trace_points) : std::vector<std::int64_t>{};
  std::size_t next_checkpoint = 0;
  ColMatrixD running = ColMatrixD::Zero(d, d);
  for (std::int64_t i = 0; i < s.sample_steps; ++i) {
    propagator.Step(z, rng, options.threads);
    const ColMatrixD moment = z * z.transpose();
    segments[static_cast<std::size_t>(
        std::min<std::int64_t>(i / s.steps_per_segment, options.batches - 1))] += moment;
    running += moment;
    if (next_checkpoint < checkpoints.size() && i + 1 == checkpoints[next_checkpoint]) {
      ++next_checkpoint;
      result.trace.push_back(
          {s.burn_in_tau + static_cast<double>(i + 1) * step_tau,
           RelativeError(running / static_cast<double>((i + 1) * options.chains), reference)});
    }
  }
  std::vector<ColMatrixD> items;
  for (const ColMatrixD& segment : segments) {
    items.push_back(segment / static_cast<double>(s.steps_per_segment * options.chains));
  }
  MeanAndStderr(items, result.estimate, result.stderr_estimate);
  RecordRun(result,
            s,
            step_tau,
            static_cast<double>(s.burn_in_steps + s.sample_steps) * step_tau,
            options.chains,
            lambda_min);
  return result;
}

}  // namespace landauer::thermo

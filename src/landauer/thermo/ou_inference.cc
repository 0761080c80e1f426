#include "landauer/thermo/ou_inference.h"

#include <fmt/format.h>

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <Eigen/LU>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "landauer/thermo/matrix_market.h"

namespace landauer::thermo {
namespace {

// Sufficient statistics of the regression z_{k+1} on w_k = (z_k, 1) over a stretch of a trace.
struct Moments {
  ColMatrixD yy, yw, ww;  // Σ y yᵀ (d × d), Σ y wᵀ (d × (d+1)), Σ w wᵀ ((d+1) × (d+1))
  std::int64_t n = 0;

  explicit Moments(Eigen::Index d)
      : yy(ColMatrixD::Zero(d, d)),
        yw(ColMatrixD::Zero(d, d + 1)),
        ww(ColMatrixD::Zero(d + 1, d + 1)) {}
  Moments& operator+=(const Moments& other) {
    yy += other.yy, yw += other.yw, ww += other.ww, n += other.n;
    return *this;
  }
  Moments operator-(const Moments& other) const {
    Moments out = *this;
    out.yy -= other.yy, out.yw -= other.yw, out.ww -= other.ww, out.n -= other.n;
    return out;
  }
};

struct Fit {
  ColMatrixD a;
  Eigen::VectorXd b;
  double kappa0 = 0.0;
  double unexplained = 0.0;  // residual / centred sum of squares of z_{k+1}: ~0 without noise
};

// The estimator of the header, from the moments alone.
Fit FitMoments(const Moments& m, double step) {
  const Eigen::Index d = m.yy.rows();
  // [Φ c] = Σ y wᵀ (Σ w wᵀ)⁻¹, then Φ symmetrised.
  const ColMatrixD coefficients = m.ww.ldlt().solve(m.yw.transpose()).transpose();
  const ColMatrixD phi = 0.5 * (coefficients.leftCols(d) + coefficients.leftCols(d).transpose());
  // The offset refitted for the symmetrised Φ: c = (Σ y − Φ Σ z) / n.
  const double n = static_cast<double>(m.n);
  const Eigen::VectorXd c = (m.yw.col(d) - phi * m.ww.topRightCorner(d, 1)) / n;
  const Eigen::SelfAdjointEigenSolver<ColMatrixD> eigen(phi);
  const Eigen::VectorXd rho = eigen.eigenvalues();
  if (!(rho.allFinite() && rho.minCoeff() > 0.0 && rho.maxCoeff() < 1.0)) {
    throw std::invalid_argument(fmt::format(
        "CalibrateSpu: the fitted one-step transition has eigenvalues in [{:.4g}, {:.4g}], not "
        "inside (0, 1), so the trace is not a stable first-order device sampled every {} tau; "
        "check the step and that the trace is one device's samples in time order",
        rho.minCoeff(),
        rho.maxCoeff(),
        step));
  }
  const ColMatrixD& v = eigen.eigenvectors();
  const Eigen::VectorXd lambda = -rho.array().log() / step;
  Fit fit;
  fit.a = v * lambda.asDiagonal() * v.transpose();
  // b = A (I − Φ)⁻¹ c, in the eigenbasis.
  fit.b = v * (lambda.array() / (1.0 - rho.array())).matrix().asDiagonal() * (v.transpose() * c);
  // Residual second moment Σ r rᵀ = S_yy − W S_wyᵀ − S_yw Wᵀ + W S_ww Wᵀ, with W = [Φ c].
  ColMatrixD w(d, d + 1);
  w << phi, c;
  const ColMatrixD residual =
      m.yy - w * m.yw.transpose() - m.yw * w.transpose() + w * m.ww * w.transpose();
  // Q₁ = A⁻¹(I − Φ²) per mode: (1 − ρ²)/λ; κ₀ = tr(Q₁⁻¹ Σ r rᵀ) / (n d).
  const Eigen::VectorXd q1_inverse = (lambda.array() / (1.0 - rho.array().square())).matrix();
  const double spread = m.yy.trace() - m.yw.col(d).squaredNorm() / n;
  fit.unexplained = residual.trace() / std::max(spread, 1e-300);
  const ColMatrixD rotated = v.transpose() * residual * v;
  fit.kappa0 =
      (q1_inverse.array() * rotated.diagonal().array()).sum() / (n * static_cast<double>(d));
  return fit;
}

void CheckDiffusion(const ColMatrixD& diffusion, std::string_view who) {
  if (!IsDiffusionMatrix(diffusion)) {
    throw std::invalid_argument(
        fmt::format("{}: the diffusion is not symmetric positive semidefinite (it is B B^T)", who));
  }
}

}  // namespace

bool IsDiffusionMatrix(const ColMatrixD& diffusion) {
  if (!IsSymmetric(diffusion)) return false;
  return diffusion.rows() == 0 ||
         Eigen::SelfAdjointEigenSolver<ColMatrixD>(diffusion, Eigen::EigenvaluesOnly)
                 .eigenvalues()
                 .minCoeff() >= -1e-12 * std::max(diffusion.norm(), 1e-300);
}

GaussianLaw OuTransitionLaw(const ColMatrixD& drift,
                            const Eigen::VectorXd& offset,
                            const ColMatrixD& diffusion,
                            double t,
                            const Eigen::VectorXd& start) {
  if (!(t >= 0.0) || !std::isfinite(t)) {
    throw std::invalid_argument(fmt::format("OuTransitionLaw: t = {} must be finite and >= 0", t));
  }
  if (start.size() != drift.rows()) {
    throw std::invalid_argument(fmt::format("OuTransitionLaw: z0 has {} entries for a {}x{} drift",
                                            start.size(),
                                            drift.rows(),
                                            drift.cols()));
  }
  CheckDiffusion(diffusion, "OuTransitionLaw");
  const Eigen::Index d = drift.rows();
  if (t == 0.0) {
    // Still validate the process (the propagator checks stability and shapes).
    OuPropagator check(drift, offset, diffusion, 1.0, Integrator::kExact);
    return {start, ColMatrixD::Zero(d, d)};
  }
  OuPropagator propagator(drift, offset, diffusion, t, Integrator::kExact);
  const Eigen::VectorXd& mu = propagator.stationary_mean();
  return {mu + propagator.transition() * (start - mu), propagator.noise_covariance()};
}

double OuLogLikelihood(const ColMatrixD& drift,
                       const Eigen::VectorXd& offset,
                       const ColMatrixD& diffusion,
                       double step,
                       const ColMatrixD& trajectory) {
  if (trajectory.cols() < 2 || trajectory.rows() != drift.rows()) {
    throw std::invalid_argument(fmt::format(
        "OuLogLikelihood: the trajectory is {}x{}; give d = {} rows and at least 2 samples",
        trajectory.rows(),
        trajectory.cols(),
        drift.rows()));
  }
  CheckDiffusion(diffusion, "OuLogLikelihood");
  OuPropagator propagator(drift, offset, diffusion, step, Integrator::kExact);
  const ColMatrixD& q = propagator.noise_covariance();
  const Eigen::LLT<ColMatrixD> llt(q);
  const Eigen::Index d = drift.rows();
  double log_det = 0.0;
  for (Eigen::Index i = 0; i < d; ++i) {
    const double l = llt.info() == Eigen::Success ? llt.matrixL()(i, i) : 0.0;
    if (!(l > 0.0)) {
      throw std::invalid_argument(
          "OuLogLikelihood: the transition covariance is not positive definite (a noiseless or "
          "degenerate process has no density); the likelihood needs noise in every direction");
    }
    log_det += 2.0 * std::log(l);
  }
  const Eigen::VectorXd& mu = propagator.stationary_mean();
  const ColMatrixD& phi = propagator.transition();
  const ColMatrixD residuals = (trajectory.rightCols(trajectory.cols() - 1).colwise() - mu) -
                               phi * (trajectory.leftCols(trajectory.cols() - 1).colwise() - mu);
  const double quadratic = llt.matrixL().solve(residuals).squaredNorm();
  const double n = static_cast<double>(residuals.cols());
  return -0.5 *
         (n * (static_cast<double>(d) * std::log(2.0 * std::numbers::pi) + log_det) + quadratic);
}

SpuCalibration CalibrateSpu(const std::vector<ColMatrixD>& traces, double step, int blocks) {
  if (!(step > 0.0) || !std::isfinite(step)) {
    throw std::invalid_argument(fmt::format("CalibrateSpu: step = {} must be > 0", step));
  }
  if (blocks < 2) throw std::invalid_argument("CalibrateSpu: use at least 2 jackknife blocks");
  if (traces.empty() || traces.front().rows() < 1) {
    throw std::invalid_argument("CalibrateSpu: no trace to calibrate from");
  }
  const Eigen::Index d = traces.front().rows();
  std::int64_t total = 0;
  for (const ColMatrixD& trace : traces) {
    if (trace.rows() != d) {
      throw std::invalid_argument(fmt::format(
          "CalibrateSpu: traces of {} and {} cells; every trace must be the same device",
          d,
          trace.rows()));
    }
    total += std::max<Eigen::Index>(0, trace.cols() - 1);
  }
  const std::int64_t per_block = total / blocks;
  if (per_block < 10 * (d + 1)) {
    throw std::invalid_argument(fmt::format(
        "CalibrateSpu: {} transitions over {} blocks is too few for a {}-cell device; record at "
        "least {} samples",
        total,
        blocks,
        d,
        static_cast<std::int64_t>(blocks) * 10 * (d + 1) +
            static_cast<std::int64_t>(traces.size())));
  }
  // Accumulate the moments of each block of consecutive transitions (across traces in order).
  std::vector<Moments> block(static_cast<std::size_t>(blocks), Moments(d));
  // Centred on the first sample (z' = z − s, so b' = b − A s), so that the moments do not cancel.
  std::int64_t index = 0;
  Eigen::VectorXd w(d + 1), y(d);
  const Eigen::VectorXd shift = traces.front().col(0);
  for (const ColMatrixD& trace : traces) {
    for (Eigen::Index k = 0; k + 1 < trace.cols(); ++k, ++index) {
      Moments& m =
          block[static_cast<std::size_t>(std::min<std::int64_t>(index / per_block, blocks - 1))];
      w << trace.col(k) - shift, 1.0;
      y = trace.col(k + 1) - shift;
      m.yy.noalias() += y * y.transpose();
      m.yw.noalias() += y * w.transpose();
      m.ww.noalias() += w * w.transpose();
      ++m.n;
    }
  }
  Moments all(d);
  for (const Moments& m : block) all += m;
  Fit full = FitMoments(all, step);
  if (!(full.kappa0 > 0.0) || !(full.unexplained > 1e-12) || !full.a.allFinite() ||
      !full.b.allFinite()) {
    throw std::invalid_argument(
        "CalibrateSpu: the trace shows no noise (or no finite fit): calibration reads A and "
        "kappa0 off the fluctuations, so it needs a noisy device (thermo sample --kappa0 > 0)");
  }
  full.b += full.a * shift;
  // Block jackknife over θ = (vec A, b, κ₀): refit leaving each block out; the variance is
  // (B − 1)/B Σᵢ (θ₋ᵢ − θ̄)².
  const Eigen::Index size = d * d + d + 1;
  auto pack = [&](const Fit& f) {
    Eigen::VectorXd theta(size);
    theta << f.a.reshaped(), f.b, f.kappa0;
    return theta;
  };
  ColMatrixD thetas(size, blocks);
  for (int i = 0; i < blocks; ++i) {
    try {
      Fit f = FitMoments(all - block[static_cast<std::size_t>(i)], step);
      f.b += f.a * shift;
      thetas.col(i) = pack(f);
    } catch (const std::invalid_argument&) {
      throw std::invalid_argument(fmt::format(
          "CalibrateSpu: the fit without block {} of {} is not a stable device, so the trace is "
          "too short for error bars; record a longer trace or use fewer blocks",
          i + 1,
          blocks));
    }
  }
  const Eigen::VectorXd mean = thetas.rowwise().mean();
  const double count = blocks;
  const Eigen::VectorXd stderr_theta =
      ((count - 1.0) / count * (thetas.colwise() - mean).array().square().rowwise().sum())
          .sqrt()
          .matrix();
  SpuCalibration out;
  out.a = full.a;
  out.b = full.b;
  out.kappa0 = full.kappa0;
  out.a_stderr = stderr_theta.head(d * d).reshaped(d, d);
  out.b_stderr = stderr_theta.segment(d * d, d);
  out.kappa0_stderr = stderr_theta[size - 1];
  out.transitions = total;
  out.blocks = blocks;
  const ColMatrixD diffusion = 2.0 * full.kappa0 * ColMatrixD::Identity(d, d);
  for (const ColMatrixD& trace : traces) {
    if (trace.cols() >= 2) {
      out.log_likelihood += OuLogLikelihood(full.a, full.b, diffusion, step, trace);
    }
  }
  return out;
}

}  // namespace landauer::thermo

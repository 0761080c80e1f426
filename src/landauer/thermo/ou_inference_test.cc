// The OU transition law, the trajectory likelihood and SPU calibration (thermo/ou_inference.h),
// against brute-force Gaussian densities and against a device whose parameters are known.
#include "landauer/thermo/ou_inference.h"

#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <numbers>
#include <unsupported/Eigen/MatrixFunctions>

namespace landauer::thermo {
namespace {

ColMatrixD NonNormalDrift() {
  ColMatrixD m(2, 2);
  m << 1, 3, 0, 2;
  return m;
}

// At any t the law is N(μ + e^{−Mt}(z₀ − μ), Q(t)): Q(t) against a fine quadrature of
// ∫ e^{−Mu} D e^{−Mᵀu} du, and at long t the stationary law; t = 0 is a point mass at z₀.
TEST(OuInference, TransitionLawAtAnyTimeFromAnyStart) {
  const ColMatrixD m = NonNormalDrift();
  ColMatrixD d(2, 2);
  d << 1.0, 0.2, 0.2, 0.5;
  const Eigen::Vector2d c(1, -1), z0(3, 4);
  const Eigen::VectorXd mu = m.partialPivLu().solve(c);
  for (const double t : {0.01, 0.7, 3.0, 200.0}) {
    const GaussianLaw law = OuTransitionLaw(m, c, d, t, z0);
    const ColMatrixD phi = (-m * t).exp();
    EXPECT_LT((law.mean - (mu + phi * (z0 - mu))).norm(), 1e-12 * (1 + mu.norm())) << t;
    // Simpson's rule over [0, min(t, 40)]: the integrand is below e^{−2u} beyond.
    const double span = std::min(t, 40.0);
    const int n = 4000;
    ColMatrixD q = ColMatrixD::Zero(2, 2);
    for (int i = 0; i <= n; ++i) {
      const double u = span * i / n, w = (i == 0 || i == n) ? 1 : (i % 2 ? 4 : 2);
      const ColMatrixD e = (-m * u).exp();
      q += w * e * d * e.transpose();
    }
    q *= span / (3.0 * n);
    EXPECT_LT((law.covariance - q).norm(), 1e-7 * q.norm()) << t;
  }
  const GaussianLaw now = OuTransitionLaw(m, c, d, 0.0, z0);
  EXPECT_EQ(now.mean, Eigen::VectorXd(z0));
  EXPECT_EQ(now.covariance.norm(), 0.0);
  // Noiseless (D = 0): the exact linear ODE.
  const GaussianLaw ode = OuTransitionLaw(m, c, ColMatrixD::Zero(2, 2), 1.5, z0);
  EXPECT_EQ(ode.covariance.norm(), 0.0);
  EXPECT_LT((ode.mean - (mu + (-m * 1.5).exp() * (z0 - mu))).norm(), 1e-12);
  EXPECT_THROW(OuTransitionLaw(m, c, d, -1.0, z0), std::invalid_argument);
  EXPECT_THROW(OuTransitionLaw(m, c, -d, 1.0, z0), std::invalid_argument);  // not PSD
  EXPECT_THROW(OuTransitionLaw(-m, c, d, 1.0, z0), std::invalid_argument);  // unstable
  EXPECT_THROW(OuTransitionLaw(m, c, d, 1.0, Eigen::Vector3d(1, 2, 3)), std::invalid_argument);
}

// The chain-rule likelihood equals the joint Gaussian density of (z₁, …, z_n) | z₀ built in one
// piece: mean μ + Φᵏ(z₀ − μ), covariance Cov(z_i, z_j) = Φ^{i−j} S_j (i ≥ j), S_j = Σ_{l<j}
// Φˡ Q Φˡᵀ.
TEST(OuInference, TrajectoryLikelihoodEqualsTheJointGaussianDensity) {
  const ColMatrixD m = NonNormalDrift();
  ColMatrixD d(2, 2);
  d << 1.0, 0.2, 0.2, 0.5;
  const Eigen::Vector2d c(1, -1);
  const double h = 0.3;
  const int n = 5;
  ColMatrixD trajectory(2, n + 1);
  trajectory << 0.5, 0.1, -0.3, 0.2, 0.9, 0.4, -1.0, -0.6, -0.8, -0.2, -0.5, -0.9;
  const ColMatrixD phi = (-m * h).exp();
  const ColMatrixD q = OuTransitionLaw(m, c, d, h, Eigen::Vector2d::Zero()).covariance;
  const Eigen::VectorXd mu = m.partialPivLu().solve(c);
  Eigen::VectorXd mean(2 * n), x(2 * n);
  ColMatrixD cov = ColMatrixD::Zero(2 * n, 2 * n);
  std::vector<ColMatrixD> s(n + 1, ColMatrixD::Zero(2, 2)),
      power(n + 1, ColMatrixD::Identity(2, 2));
  for (int k = 1; k <= n; ++k) {
    power[k] = phi * power[k - 1];
    s[k] = phi * s[k - 1] * phi.transpose() + q;
  }
  for (int i = 1; i <= n; ++i) {
    mean.segment(2 * (i - 1), 2) = mu + power[i] * (trajectory.col(0) - mu);
    x.segment(2 * (i - 1), 2) = trajectory.col(i);
    for (int j = 1; j <= i; ++j) {
      const ColMatrixD block = power[i - j] * s[j];
      cov.block(2 * (i - 1), 2 * (j - 1), 2, 2) = block;
      cov.block(2 * (j - 1), 2 * (i - 1), 2, 2) = block.transpose();
    }
  }
  const Eigen::LLT<ColMatrixD> llt(cov);
  const double log_det = 2.0 * llt.matrixL().toDenseMatrix().diagonal().array().log().sum();
  const double brute = -0.5 * (2 * n * std::log(2 * std::numbers::pi) + log_det +
                               llt.matrixL().solve(x - mean).squaredNorm());
  EXPECT_NEAR(OuLogLikelihood(m, c, d, h, trajectory), brute, 1e-10 * std::abs(brute));
  EXPECT_THROW(OuLogLikelihood(m, c, ColMatrixD::Zero(2, 2), h, trajectory),
               std::invalid_argument);  // noiseless: no density
  EXPECT_THROW(OuLogLikelihood(m, c, d, h, trajectory.leftCols(1)), std::invalid_argument);
}

// Traces of a device with known (A, b, κ₀), sampled exactly: the calibration recovers every
// parameter within 4 of its jackknife error bars, and the bars are tight (a few per cent).
TEST(OuInference, CalibrationRecoversTheProgrammedDevice) {
  ColMatrixD a(2, 2);
  a << 1.0, 0.3, 0.3, 0.5;
  const Eigen::Vector2d b(1.0, -1.0);
  const double kappa = 0.2, h = 0.2;
  OuPropagator device(a, b, 2 * kappa * ColMatrixD::Identity(2, 2), h);
  Rng rng(7, "test", "calibration");
  std::vector<ColMatrixD> traces;
  for (int chain = 0; chain < 4; ++chain) {
    ColMatrixD z = ColMatrixD::Zero(2, 1), trace(2, 20001);
    trace.col(0) = z;
    for (Eigen::Index k = 1; k < trace.cols(); ++k) {
      device.Step(z, rng);
      trace.col(k) = z;
    }
    traces.push_back(trace);
  }
  const SpuCalibration fit = CalibrateSpu(traces, h);
  EXPECT_EQ(fit.transitions, 80000);
  for (Eigen::Index i = 0; i < 4; ++i) {
    EXPECT_NEAR(fit.a.data()[i], a.data()[i], 4 * fit.a_stderr.data()[i]) << i;
    EXPECT_LT(fit.a_stderr.data()[i], 0.05);
  }
  for (Eigen::Index i = 0; i < 2; ++i) {
    EXPECT_NEAR(fit.b[i], b[i], 4 * fit.b_stderr[i]) << i;
    EXPECT_LT(fit.b_stderr[i], 0.05);
  }
  EXPECT_NEAR(fit.kappa0, kappa, 4 * fit.kappa0_stderr);
  EXPECT_LT(fit.kappa0_stderr, 0.01 * kappa * 5);
  // The fit explains the traces about as well as the truth does: within a few nats (the
  // parameter count, 6), as a consistent estimator near the maximum must be.
  double truth = 0;
  for (const ColMatrixD& trace : traces) {
    truth += OuLogLikelihood(a, b, 2 * kappa * ColMatrixD::Identity(2, 2), h, trace);
  }
  EXPECT_NEAR(fit.log_likelihood, truth, 6.0);
  // A trace that is not a stable device (a random walk) is refused, with the reason.
  ColMatrixD walk(2, 2001);
  walk.col(0).setZero();
  for (Eigen::Index k = 1; k < walk.cols(); ++k) {
    walk.col(k) =
        walk.col(k - 1) + Eigen::Vector2d(rng.Normal(), rng.Normal()) + Eigen::Vector2d(0.1, 0.1);
  }
  try {
    CalibrateSpu({walk}, h);
    FAIL() << "expected a refusal";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("not inside (0, 1)"), std::string::npos)
        << error.what();
  }
  EXPECT_THROW(CalibrateSpu({traces[0].leftCols(50)}, h), std::invalid_argument);  // too short
  // A noiseless trace (the linear ODE) is refused, saying why.
  OuPropagator ode(a, b, ColMatrixD::Zero(2, 2), h);
  ColMatrixD z = Eigen::Vector2d(3, -2), still(2, 2001);
  for (Eigen::Index k = 0; k < still.cols(); ++k) {
    still.col(k) = z;
    ode.Step(z, rng);
  }
  try {
    CalibrateSpu({still}, h);
    FAIL() << "expected a refusal";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("noise"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace landauer::thermo

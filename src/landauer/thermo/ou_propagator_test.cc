#include "landauer/thermo/ou_propagator.h"

#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>
#include <cmath>
#include <unsupported/Eigen/MatrixFunctions>

namespace landauer::thermo {
namespace {

ColMatrixD SpdMatrix() {
  ColMatrixD a(3, 3);
  a << 2.0, 0.5, 0.1, 0.5, 1.5, 0.3, 0.1, 0.3, 1.0;
  return a;
}

// Symmetric A, D = 2κ₀ I: Φ = e^{−Ah}, Q = κ₀ A⁻¹ (I − e^{−2Ah}) in closed form.
TEST(OuPropagator, ExactTransitionMatchesClosedFormForSymmetricDrift) {
  const ColMatrixD a = SpdMatrix();
  const double kappa = 0.7, h = 0.3;
  const OuPropagator p(a, Eigen::VectorXd::Ones(3), 2 * kappa * ColMatrixD::Identity(3, 3), h);
  const Eigen::SelfAdjointEigenSolver<ColMatrixD> eig(a);
  const ColMatrixD v = eig.eigenvectors();
  const Eigen::VectorXd l = eig.eigenvalues();
  const ColMatrixD phi = v * (-l * h).array().exp().matrix().asDiagonal() * v.transpose();
  const ColMatrixD q =
      v * (kappa * (1 - (-2 * l * h).array().exp()) / l.array()).matrix().asDiagonal() *
      v.transpose();
  EXPECT_TRUE(p.transition().isApprox(phi, 1e-12));
  EXPECT_TRUE(p.noise_covariance().isApprox(q, 1e-12));
  EXPECT_TRUE(p.stationary_mean().isApprox(a.ldlt().solve(Eigen::VectorXd::Ones(3)), 1e-12));
}

// The case from the research note: A = [[1, 3], [0, 2]] is stable (eigenvalues 1, 2) but not
// normal; its symmetric part has an eigenvalue ≈ −0.08. The exact covariance must be the
// integral ∫ e^{−Au} D e^{−Aᵀu} du and must keep the Lyapunov solution stationary; thermox's
// symmetric-part formula would instead grow without bound.
TEST(OuPropagator, VanLoanIsExactForNonNormalDrift) {
  ColMatrixD a(2, 2);
  a << 1.0, 3.0, 0.0, 2.0;
  const ColMatrixD d = 2.0 * ColMatrixD::Identity(2, 2);
  const double h = 0.5;
  const OuPropagator p(a, Eigen::VectorXd::Zero(2), d, h);
  // Composite Simpson quadrature of the integral with 2000 intervals.
  ColMatrixD q = ColMatrixD::Zero(2, 2);
  const int n = 2000;
  for (int i = 0; i <= n; ++i) {
    const double u = h * i / n, weight = (i == 0 || i == n) ? 1 : (i % 2 ? 4 : 2);
    const ColMatrixD e = (-a * u).exp();
    q += weight * e * d * e.transpose();
  }
  q *= h / (3.0 * n);
  EXPECT_TRUE(p.noise_covariance().isApprox(q, 1e-10)) << p.noise_covariance() << "\nvs\n" << q;
  const ColMatrixD sigma = SolveLyapunovDirect(a, d);
  EXPECT_TRUE((a * sigma + sigma * a.transpose()).isApprox(d, 1e-12));
  const ColMatrixD propagated =
      p.transition() * sigma * p.transition().transpose() + p.noise_covariance();
  EXPECT_TRUE(propagated.isApprox(sigma, 1e-12));
  // The symmetric-part shortcut: its smallest eigenvalue is negative, so its "variance"
  // (1 − e^{−2λh}) / (2λ) exceeds h and keeps growing with h — not a stationary process.
  const double lambda =
      Eigen::SelfAdjointEigenSolver<ColMatrixD>(0.5 * (a + a.transpose())).eigenvalues()[0];
  EXPECT_NEAR(lambda, 1.5 - std::sqrt(0.25 + 2.25), 1e-12);
  EXPECT_LT(lambda, 0.0);
}

// Issue 12: the exact transition stays exact at any step. For the non-normal drift above, Van
// Loan's block exponential at h itself loses Q's definiteness by h = 10 and overflows near
// h·λ ≈ 700; with scaling and doubling, Φ Σ∞ Φᵀ + Q = Σ∞ holds from h = 0.1 to 1000, Q stays
// positive semi-definite, and Q → Σ∞ as Φ → 0.
TEST(OuPropagator, ExactTransitionHoldsAtEveryStepSize) {
  ColMatrixD a(2, 2);
  a << 1.0, 3.0, 0.0, 2.0;
  const ColMatrixD d = 2.0 * ColMatrixD::Identity(2, 2);
  const ColMatrixD sigma = SolveLyapunovDirect(a, d);
  for (const double h : {0.1, 1.0, 10.0, 100.0, 1000.0}) {
    const OuPropagator p(a, Eigen::VectorXd::Zero(2), d, h);
    const ColMatrixD& phi = p.transition();
    const ColMatrixD& q = p.noise_covariance();
    ASSERT_TRUE(q.allFinite()) << h;
    EXPECT_LT((phi - (-a * h).exp()).cwiseAbs().maxCoeff(), 1e-12) << h;
    EXPECT_LT((phi * sigma * phi.transpose() + q - sigma).cwiseAbs().maxCoeff(),
              1e-12 * sigma.norm())
        << h;
    EXPECT_GE(Eigen::SelfAdjointEigenSolver<ColMatrixD>(q).eigenvalues().minCoeff(),
              -1e-12 * sigma.norm())
        << h;
  }
  const OuPropagator far(a, Eigen::VectorXd::Zero(2), d, 1000.0);
  EXPECT_LT((far.noise_covariance() - sigma).cwiseAbs().maxCoeff(), 1e-12 * sigma.norm());
}

// Issue 12: Euler–Maruyama is stable iff |1 − hλ| < 1 for every eigenvalue. A complex pair
// λ = 1 ± 10i passes the old guard h < 2/|λ| = 0.199 at h = 0.1 and diverges, |1 − hλ|² = 1.81;
// the guard h < 2 Re λ/|λ|² = 0.0198 refuses it, and below it the iteration decays.
TEST(OuPropagator, EulerMaruyamaGuardHoldsForComplexEigenvalues) {
  ColMatrixD a(2, 2);
  a << 1.0, -10.0, 10.0, 1.0;
  const ColMatrixD d = ColMatrixD::Identity(2, 2);
  EXPECT_THROW(OuPropagator(a, Eigen::VectorXd::Zero(2), d, 0.1, Integrator::kEulerMaruyama),
               std::invalid_argument);
  EXPECT_GT(((ColMatrixD::Identity(2, 2) - 0.1 * a).eigenvalues().cwiseAbs().maxCoeff()), 1.0);
  EXPECT_THROW(OuPropagator(a, Eigen::VectorXd::Zero(2), d, 0.0199, Integrator::kEulerMaruyama),
               std::invalid_argument);
  const OuPropagator p(a, Eigen::VectorXd::Zero(2), d, 0.019, Integrator::kEulerMaruyama);
  EXPECT_LT(p.transition().eigenvalues().cwiseAbs().maxCoeff(), 1.0);
  // A real spectrum keeps the familiar 2/λ_max.
  const ColMatrixD diag = Eigen::Vector2d(1.0, 4.0).asDiagonal();
  EXPECT_NO_THROW(
      OuPropagator(diag, Eigen::VectorXd::Zero(2), d, 0.49, Integrator::kEulerMaruyama));
  EXPECT_THROW(OuPropagator(diag, Eigen::VectorXd::Zero(2), d, 0.5, Integrator::kEulerMaruyama),
               std::invalid_argument);
}

TEST(OuPropagator, UnderdampedSystemHasTheBoltzmannStationaryLaw) {
  const ColMatrixD a = SpdMatrix();
  const double kappa = 0.5, gamma = 0.8;
  ColMatrixD m = ColMatrixD::Zero(6, 6), d = ColMatrixD::Zero(6, 6);
  m.topRightCorner(3, 3) = -ColMatrixD::Identity(3, 3);
  m.bottomLeftCorner(3, 3) = a;
  m.bottomRightCorner(3, 3) = gamma * ColMatrixD::Identity(3, 3);
  d.bottomRightCorner(3, 3) = 2 * gamma * kappa * ColMatrixD::Identity(3, 3);
  const ColMatrixD sigma = SolveLyapunovDirect(m, d);
  EXPECT_TRUE(sigma.topLeftCorner(3, 3).isApprox(kappa * a.inverse(), 1e-10));
  EXPECT_TRUE(sigma.bottomRightCorner(3, 3).isApprox(kappa * ColMatrixD::Identity(3, 3), 1e-10));
  EXPECT_LT(sigma.topRightCorner(3, 3).norm(), 1e-10);
  const OuPropagator p(m, Eigen::VectorXd::Zero(6), d, 0.2);
  EXPECT_TRUE((p.transition() * sigma * p.transition().transpose() + p.noise_covariance())
                  .isApprox(sigma, 1e-10));
}

// EM on dx = −λx ds + √(2κ) dW: stationary variance (κ/λ)·2/(2 − λh), from its transition and
// noise, and confirmed by sampling; unstable for h ≥ 2/λ.
TEST(OuPropagator, EulerMaruyamaVarianceBiasAndStabilityLimit) {
  const double lambda = 1.5, kappa = 1.0;
  for (double h : {0.1, 0.5, 1.0}) {
    ColMatrixD a(1, 1);
    a << lambda;
    const OuPropagator p(a,
                         Eigen::VectorXd::Zero(1),
                         2 * kappa * ColMatrixD::Identity(1, 1),
                         h,
                         Integrator::kEulerMaruyama);
    const double phi = p.transition()(0, 0), q = p.noise_covariance()(0, 0);
    const double fixed_point = q / (1 - phi * phi);
    EXPECT_NEAR(fixed_point, kappa / lambda * 2 / (2 - lambda * h), 1e-12) << "h = " << h;
  }
  // Sampling at h = 1: 4096 chains, 200 steps after 50 of burn-in.
  ColMatrixD a(1, 1);
  a << lambda;
  OuPropagator p(a,
                 Eigen::VectorXd::Zero(1),
                 2 * kappa * ColMatrixD::Identity(1, 1),
                 1.0,
                 Integrator::kEulerMaruyama);
  Rng rng(1, "test", "em");
  ColMatrixD z = ColMatrixD::Zero(1, 4096);
  for (int i = 0; i < 50; ++i) p.Step(z, rng);
  double sum_sq = 0;
  for (int i = 0; i < 200; ++i) {
    p.Step(z, rng);
    sum_sq += z.squaredNorm();
  }
  const double variance = sum_sq / (200.0 * 4096.0), expected = kappa / lambda * 2 / (2 - lambda);
  // Effective samples ≈ 4096 · 200 / (1 + 2·ρ/(1−ρ)) with ρ = 1 − λh = −0.5: ~1.6e6; stderr of a
  // variance ≈ expected · sqrt(2 / n_eff) ≈ 1.5e-3 · expected. Allow 5 standard errors.
  EXPECT_NEAR(variance, expected, 5 * expected * std::sqrt(2.0 / 1.6e6))
      << "exact would be " << kappa / lambda;
  EXPECT_THROW(OuPropagator(a,
                            Eigen::VectorXd::Zero(1),
                            ColMatrixD::Identity(1, 1),
                            2.0 / lambda,
                            Integrator::kEulerMaruyama),
               std::invalid_argument);
}

TEST(OuPropagator, BatchedStepsAreThreadIndependentAndSampleTheStationaryLaw) {
  const ColMatrixD a = SpdMatrix();
  const double kappa = 0.5;
  OuPropagator p(a, Eigen::Vector3d(1, -1, 0.5), 2 * kappa * ColMatrixD::Identity(3, 3), 0.5);
  Rng rng1(9, "test", "chains"), rng2(9, "test", "chains");
  ColMatrixD z1 = ColMatrixD::Zero(3, 100), z2 = z1;
  for (int i = 0; i < 5; ++i) {
    p.Step(z1, rng1, 1);
    p.Step(z2, rng2, 2);
  }
  EXPECT_EQ(z1, z2);
  // Exact transitions from the stationary mean: after many steps the covariance is κ₀ A⁻¹.
  ColMatrixD z = p.stationary_mean().replicate(1, 2000);
  Rng rng(3, "test", "stationary");
  for (int i = 0; i < 40; ++i) p.Step(z, rng, 2);
  const ColMatrixD centred = z.colwise() - p.stationary_mean();
  const ColMatrixD covariance = centred * centred.transpose() / 2000.0;
  const ColMatrixD expected = kappa * a.inverse();
  // Sample covariance of 2000 independent draws: stderr of entry ij ≈ sqrt((Σii Σjj + Σij²)/n).
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) {
      const double se =
          std::sqrt((expected(i, i) * expected(j, j) + expected(i, j) * expected(i, j)) / 2000.0);
      EXPECT_NEAR(covariance(i, j), expected(i, j), 5 * se) << i << "," << j;
    }
  }
  ColMatrixF zf = ColMatrixF::Zero(3, 64);
  Rng rngf(4, "test", "float");
  p.Step(zf, rngf, 2);
  EXPECT_TRUE(zf.allFinite());
}

TEST(OuPropagator, RejectsUnstableDriftAndBadShapes) {
  ColMatrixD a(2, 2);
  a << 1.0, 0.0, 0.0, -0.5;
  EXPECT_THROW(OuPropagator(a, Eigen::VectorXd::Zero(2), ColMatrixD::Identity(2, 2), 0.1),
               std::invalid_argument);
  EXPECT_THROW(OuPropagator(SpdMatrix(), Eigen::VectorXd::Zero(2), ColMatrixD::Identity(3, 3), 0.1),
               std::invalid_argument);
  EXPECT_THROW(OuPropagator(SpdMatrix(), Eigen::VectorXd::Zero(3), ColMatrixD::Identity(3, 3), -1),
               std::domain_error);
}

// OuModeLaw: exact decay and variance in closed form; n Euler–Maruyama steps equal to iterating
// the scalar recursion (mean and variance); one step is the step's own increment.
TEST(OuModeLaw, ExactAndEulerMaruyamaClosedForms) {
  const double k = 0.7, t = 3.0, s = 0.2;
  const OuModeTransition exact = OuModeLaw(k, t, s, Integrator::kExact, 0.0);
  EXPECT_DOUBLE_EQ(exact.decay, std::exp(-k * t));
  EXPECT_NEAR(exact.noise_sd * exact.noise_sd, s * (1 - std::exp(-2 * k * t)) / (2 * k), 1e-15);
  const double h = 0.1;
  const OuModeTransition em = OuModeLaw(k, t, s, Integrator::kEulerMaruyama, h);
  double decay = 1.0, variance = 0.0;
  for (int step = 0; step < 30; ++step) {
    decay *= 1 - h * k;
    variance = (1 - h * k) * (1 - h * k) * variance + s * h;
  }
  EXPECT_NEAR(em.decay, decay, 1e-14);
  EXPECT_NEAR(em.noise_sd * em.noise_sd, variance, 1e-14);
  const OuModeTransition one = OuModeLaw(k, h, s, Integrator::kEulerMaruyama, h);
  EXPECT_EQ(one.decay, 1 - h * k);
  EXPECT_EQ(one.noise_sd, std::sqrt(s * h));
  // |ρ| = 1 (h k = 2, ρ = −1): the state flips without decaying, the variance adds up.
  const OuModeTransition edge = OuModeLaw(2.0, 3.0, s, Integrator::kEulerMaruyama, 1.0);
  EXPECT_EQ(edge.decay, -1.0);
  EXPECT_NEAR(edge.noise_sd * edge.noise_sd, 3 * s, 1e-15);
  // And the spectral path of the propagator uses it: its mode noise is the one-step law.
  ColMatrixD m = ColMatrixD::Identity(2, 2) * k;
  OuPropagator propagator(m, Eigen::VectorXd::Zero(2), s * ColMatrixD::Identity(2, 2), h);
  ASSERT_TRUE(propagator.spectral());
  EXPECT_EQ(propagator.mode_decay()[0], OuModeLaw(k, h, s, Integrator::kExact, h).decay);
  EXPECT_EQ(propagator.mode_noise()[0], OuModeLaw(k, h, s, Integrator::kExact, h).noise_sd);
}

TEST(FillStandardNormal, MomentsFloatAndDouble) {
  Rng rng(1, "test", "normal");
  std::vector<float> f(200001);
  FillStandardNormal(rng, f.data(), static_cast<Eigen::Index>(f.size()));
  double m = 0, v = 0;
  for (float x : f) m += x, v += double(x) * x;
  m /= f.size(), v = v / f.size() - m * m;
  EXPECT_NEAR(m, 0.0, 5 / std::sqrt(2e5));
  EXPECT_NEAR(v, 1.0, 5 * std::sqrt(2.0 / 2e5));
}

}  // namespace
}  // namespace landauer::thermo

namespace landauer::thermo {
namespace {

// The spectral path is the same exact process: its mode decays and noise reproduce Φ and Q.
TEST(OuEnsemble, SpectralPathEqualsTheDenseTransition) {
  const ColMatrixD a = SpdMatrix();
  for (Integrator integrator : {Integrator::kExact, Integrator::kEulerMaruyama}) {
    OuPropagator p(a, Eigen::Vector3d(1, 2, 3), 1.4 * ColMatrixD::Identity(3, 3), 0.2, integrator);
    ASSERT_TRUE(p.spectral());
    const ColMatrixD& v = p.eigenvectors();
    const ColMatrixD phi = v * p.mode_decay().asDiagonal() * v.transpose();
    const ColMatrixD q = v * p.mode_noise().cwiseAbs2().asDiagonal() * v.transpose();
    EXPECT_TRUE(phi.isApprox(p.transition(), 1e-12)) << ToString(integrator);
    EXPECT_TRUE(q.isApprox(p.noise_covariance(), 1e-12)) << ToString(integrator);
  }
  ColMatrixD nonnormal(2, 2);
  nonnormal << 1.0, 3.0, 0.0, 2.0;
  EXPECT_FALSE(OuPropagator(nonnormal, Eigen::VectorXd::Zero(2), ColMatrixD::Identity(2, 2), 0.1)
                   .spectral());
  EXPECT_FALSE(OuPropagator(SpdMatrix(),
                            Eigen::VectorXd::Zero(3),
                            ColMatrixD(Eigen::Vector3d(1, 2, 3).asDiagonal()),
                            0.1)
                   .spectral());
}

TEST(OuEnsemble, SamplesTheStationaryLawAndIsThreadIndependent) {
  const ColMatrixD a = SpdMatrix();
  OuPropagator p(a, Eigen::Vector3d(1, -1, 0.5), 1.0 * ColMatrixD::Identity(3, 3), 0.5);
  OuEnsemble<double> one(p, 100), two(p, 100);
  Rng r1(5, "test", "ens"), r2(5, "test", "ens");
  for (int i = 0; i < 7; ++i) {
    one.Step(r1, 1);
    two.Step(r2, 2);
  }
  EXPECT_EQ(one.Positions(1), two.Positions(2));
  OuEnsemble<double> big(p, 4000);
  Rng rng(6, "test", "ens");
  for (int i = 0; i < 40; ++i) big.Step(rng, 2);
  const ColMatrixD centred = big.Positions(2).colwise() - p.stationary_mean();
  const ColMatrixD covariance = centred * centred.transpose() / 4000.0;
  const ColMatrixD expected = 0.5 * a.inverse();  // D = 2κ₀ I with κ₀ = 0.5
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) {
      const double se =
          std::sqrt((expected(i, i) * expected(j, j) + expected(i, j) * expected(i, j)) / 4000.0);
      EXPECT_NEAR(covariance(i, j), expected(i, j), 5 * se) << i << "," << j;
    }
  }
}

}  // namespace
}  // namespace landauer::thermo

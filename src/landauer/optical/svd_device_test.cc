#include "landauer/optical/svd_device.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace landauer::optical {
namespace {

MatrixC RandomMatrix(int rows, int cols, std::uint64_t seed) {
  Rng rng(seed, "test", "svd_device");
  MatrixC m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = {rng.Normal(), rng.Normal()};
  return m;
}

// A perfect chip applies the decomposition exactly; its heaters are both meshes' and one per
// attenuator.
TEST(PhotonicSvd, APerfectChipAppliesTheMatrix) {
  const MatrixC m = RandomMatrix(5, 3, 1);
  const PhotonicSvd chip(DecomposeSvd(m), {}, 7, "layer");
  EXPECT_LT((chip.Matrix() - m).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_EQ(chip.heaters(), 2 * (2 * 10 + 5) + 5);  // N = 5: 10 MZIs and 5 outputs per mesh
  const std::vector<Complex> t = chip.Attenuators();
  for (std::size_t k = 0; k < t.size(); ++k) {
    EXPECT_NEAR(std::abs(t[k] - chip.programmed().attenuator[k]), 0.0, 1e-15) << k;
  }
}

// The heater DAC alone: each attenuator transmits cos(Q(2θ)/2), Q rounding to 2π/2^bits.
TEST(PhotonicSvd, AttenuatorsTransmitTheirQuantisedAngle) {
  const SvdMesh svd = DecomposeSvd(RandomMatrix(6, 6, 2));
  const int bits = 4;
  const PhotonicSvd chip(svd, {.phase_bits = bits}, 7, "layer");
  const std::vector<Complex> t = chip.Attenuators();
  const double step = 2.0 * std::numbers::pi / 16.0;
  for (std::size_t k = 0; k < t.size(); ++k) {
    const double q = step * std::nearbyint(2.0 * std::acos(svd.attenuator[k]) / step);
    EXPECT_NEAR(t[k].real(), std::cos(0.5 * q), 1e-12) << k;
    EXPECT_NEAR(t[k].imag(), 0.0, 1e-12) << k;
  }
  EXPECT_GT((chip.Matrix() - svd.Matrix()).norm(), 1e-3);  // 4 bits are coarse
}

// The physical MZI's upper-to-upper element, the attenuator's transmission, in closed form:
// a·cos θ′ with ideal couplers; with coupler errors ε₁ ≠ ε₂, a·|sin(ε₂ − ε₁)| when set to block
// (2θ′ = π) and a·cos(ε₁ + ε₂) when set to pass (2θ′ = 0).
TEST(PhotonicSvd, TheAttenuatorsMziMatchesItsClosedForms) {
  const double a = 0.9, e1 = 0.03, e2 = -0.05;
  for (const double theta : {0.0, 0.4, 1.0, std::numbers::pi / 2}) {
    EXPECT_NEAR(std::abs(RealiseMzi(2 * theta, 0.0, 0.0, 0.0, a).m(0, 0) - a * std::cos(theta)),
                0.0,
                1e-15);
  }
  EXPECT_NEAR(std::abs(RealiseMzi(std::numbers::pi, 0.0, e1, e2, a).m(0, 0)),
              a * std::abs(std::sin(e2 - e1)),
              1e-15);
  EXPECT_NEAR(std::abs(RealiseMzi(0.0, 0.0, e1, e2, a).m(0, 0)), a * std::cos(e1 + e2), 1e-15);
}

// Coupler errors give the attenuators a finite extinction: set to block, one leaks
// |sin(ε₂ − ε₁)| of the amplitude, whose mean square is 2σ² to first order; set to pass, it
// transmits cos(ε₁ + ε₂) ≤ 1. A rank-1 matrix of 32 modes blocks 31 attenuators; 20 chips.
TEST(PhotonicSvd, CouplerErrorsLimitTheExtinction) {
  MatrixC m = MatrixC::Zero(32, 32);
  m(0, 0) = 2.0;
  const SvdMesh svd = DecomposeSvd(m);
  const double sigma = 0.02, loss_db = 0.1, a = std::pow(10.0, -loss_db / 20.0);
  double leak = 0.0;
  int blocked = 0;
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    const PhotonicSvd chip(svd, {.loss_db = loss_db, .splitter_sigma = sigma}, seed, "layer");
    const std::vector<Complex> t = chip.Attenuators();
    EXPECT_LE(std::abs(t[0]), a + 1e-12);
    EXPECT_GT(std::abs(t[0]), a * std::cos(6 * sigma));
    for (std::size_t k = 1; k < t.size(); ++k) {
      leak += std::norm(t[k]) / (a * a);
      ++blocked;
    }
  }
  EXPECT_NEAR(leak / blocked, 2.0 * sigma * sigma, 0.25 * 2.0 * sigma * sigma);
}

// Phase errors on every heater of both meshes and the attenuators: the error grows linearly in σ
// for small σ, and σ = 0 reproduces the matrix; cycle-to-cycle errors change each realisation.
TEST(PhotonicSvd, PhaseErrorsGrowLinearlyAndRedrawEachCycle) {
  const MatrixC m = RandomMatrix(8, 8, 3);
  const SvdMesh svd = DecomposeSvd(m);
  double error[2];
  for (const int i : {0, 1}) {
    const double sigma = i == 0 ? 1e-4 : 2e-4;
    const PhotonicSvd chip(svd, {.phase_sigma_d2d = sigma}, 11, "layer");
    error[i] = (chip.Matrix() - m).norm();
  }
  EXPECT_NEAR(error[1] / error[0], 2.0, 0.01);
  const PhotonicSvd drifting(svd, {.phase_sigma_c2c = 1e-3}, 11, "layer");
  Rng c2c(4, "test", "c2c");
  const MatrixC first = drifting.Matrix(&c2c), second = drifting.Matrix(&c2c);
  EXPECT_GT((first - second).norm(), 1e-4);
  EXPECT_THROW(drifting.Matrix(), std::logic_error);
}

// Crosstalk: each attenuator's heater takes κ of its neighbours' held phases.
TEST(PhotonicSvd, NeighbouringAttenuatorsHeatEachOther) {
  const SvdMesh svd = DecomposeSvd(RandomMatrix(4, 4, 5));
  const double kappa = 0.05;
  const std::vector<Complex> t = PhotonicSvd(svd, {.crosstalk = kappa}, 1, "layer").Attenuators();
  for (std::size_t k = 0; k < t.size(); ++k) {
    double internal = 2.0 * std::acos(svd.attenuator[k]);
    if (k > 0) internal += kappa * 2.0 * std::acos(svd.attenuator[k - 1]);
    if (k + 1 < t.size()) internal += kappa * 2.0 * std::acos(svd.attenuator[k + 1]);
    EXPECT_NEAR(t[k].real(), std::cos(0.5 * internal), 1e-12) << k;
  }
}

}  // namespace
}  // namespace landauer::optical

#include "landauer/optical/mesh_device.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "landauer/optical/detection.h"
#include "landauer/optical/eo_activation.h"
#include "landauer/optical/mesh_propagation.h"

namespace landauer::optical {
namespace {

MziMesh RandomMesh(int n, std::uint64_t seed) {
  Rng rng(seed, "test", "mesh");
  return DecomposeClements(HaarUnitary(n, rng));
}

double Distance(const MatrixC& a, const MatrixC& b) { return (a - b).norm(); }

// With no imperfection, the two couplers, the heaters and the convention's swap and common phase
// give Clements' T(θ, φ) exactly, so the device is the programmed mesh.
TEST(PhotonicMesh, AnIdealDeviceIsTheProgrammedMesh) {
  const MziMesh mesh = RandomMesh(8, 1);
  const PhotonicMesh device(mesh, {}, 7, "a");
  EXPECT_LT(Distance(device.Matrix(), mesh.Matrix()), 1e-13);
  // θ outside [0, π) too: the model keeps θ unwrapped.
  MziMesh shifted = mesh;
  for (Mzi& z : shifted.mzis) z.theta += 3.0 * std::numbers::pi;
  EXPECT_LT(Distance(PhotonicMesh(shifted, {}, 7, "a").Matrix(), shifted.Matrix()), 1e-12);
}

// Insertion loss scales every MZI by a = 10^(−dB/20): one MZI passes a² of the power on both
// inputs; a path through a Clements mesh crosses at most N MZIs, so it keeps at least a^{2N}.
TEST(PhotonicMesh, LossScalesTheMatrix) {
  MziMesh one;
  one.modes = 2;
  one.mzis = {{.mode = 0, .theta = 0.4, .phi = 1.0, .column = 1}};
  one.output_phases = {0.3, 0.0};
  const MatrixC m = PhotonicMesh(one, {.loss_db = 0.5}, 7, "a").Matrix();
  EXPECT_LT((m.adjoint() * m - std::pow(10.0, -0.05) * MatrixC::Identity(2, 2)).norm(), 1e-15);
  const int n = 6;
  const MatrixC u = PhotonicMesh(RandomMesh(n, 2), {.loss_db = 0.5}, 7, "a").Matrix();
  const Eigen::VectorXd power = (u.adjoint() * u).diagonal().real();
  for (int k = 0; k < n; ++k) {
    EXPECT_LT(power[k], 1.0);
    EXPECT_GE(power[k], std::pow(10.0, -0.5 * n / 10.0) - 1e-12);
  }
}

// Splitter imbalance keeps each MZI unitary but moves U, by O(σ √#MZI); σ = 0 does not move it.
TEST(PhotonicMesh, SplitterImbalanceMovesTheUnitaryAsSigmaRootK) {
  for (const int n : {8, 16}) {
    const MziMesh mesh = RandomMesh(n, 3);
    const double k = static_cast<double>(mesh.mzis.size());
    for (const double sigma : {1e-3, 1e-2}) {
      const MatrixC u = PhotonicMesh(mesh, {.splitter_sigma = sigma}, 11, "b").Matrix();
      EXPECT_LT((u.adjoint() * u - MatrixC::Identity(n, n)).norm(), 1e-12);
      const double ratio = Distance(u, mesh.Matrix()) / (sigma * std::sqrt(k));
      EXPECT_GT(ratio, 0.3) << n << " " << sigma;
      EXPECT_LT(ratio, 5.0) << n << " " << sigma;
    }
  }
}

// Static (d2d) and cycle-to-cycle phase errors on every heater move U by O(σ √heaters); the c2c
// draw changes at each realisation, the d2d error does not.
TEST(PhotonicMesh, PhaseErrorsOnEveryHeater) {
  const MziMesh mesh = RandomMesh(16, 4);
  const double h = 2.0 * static_cast<double>(mesh.mzis.size()) + 16;
  const PhotonicMesh d2d(mesh, {.phase_sigma_d2d = 1e-3}, 5, "c");
  EXPECT_EQ(d2d.heaters(), static_cast<int>(h));
  const double moved = Distance(d2d.Matrix(), mesh.Matrix()) / (1e-3 * std::sqrt(h));
  EXPECT_GT(moved, 0.2);
  EXPECT_LT(moved, 5.0);
  EXPECT_EQ(d2d.Matrix(), d2d.Matrix());
  const PhotonicMesh c2c(mesh, {.phase_sigma_c2c = 1e-3}, 5, "c");
  Rng stream(1, "test", "c2c");
  const MatrixC first = c2c.Matrix(&stream), second = c2c.Matrix(&stream);
  EXPECT_GT(Distance(first, second), 1e-4);
  EXPECT_THROW(c2c.Matrix(nullptr), std::logic_error);
}

// The heater DAC: b bits put every phase within π/2^b of its target, so the error falls as 2^−b;
// at 24 bits the device is the ideal one to ~1e-6.
TEST(PhotonicMesh, PhaseQuantisationErrorHalvesPerBit) {
  const MziMesh mesh = RandomMesh(8, 5);
  const double e6 = Distance(PhotonicMesh(mesh, {.phase_bits = 6}, 1, "q").Matrix(), mesh.Matrix());
  const double e10 =
      Distance(PhotonicMesh(mesh, {.phase_bits = 10}, 1, "q").Matrix(), mesh.Matrix());
  EXPECT_GT(e6, 1e-3);
  EXPECT_NEAR(std::log2(e6 / e10), 4.0, 1.0);
  EXPECT_LT(Distance(PhotonicMesh(mesh, {.phase_bits = 24}, 1, "q").Matrix(), mesh.Matrix()), 1e-5);
}

// Thermal crosstalk: κ of each column neighbour's held phase. A mesh whose heaters are all at 0
// has no crosstalk to show; one MZI alone has no neighbour.
TEST(PhotonicMesh, CrosstalkReachesOnlyColumnNeighbours) {
  MziMesh one;
  one.modes = 2;
  one.mzis = {{.mode = 0, .theta = 0.4, .phi = 1.0, .column = 1}};
  one.output_phases = {0.0, 0.0};
  EXPECT_LT(Distance(PhotonicMesh(one, {.crosstalk = 0.1}, 1, "x").Matrix(), one.Matrix()), 1e-15);
  // Two MZIs in one column, on modes (0,1) and (2,3): each gets κ times the other's phases.
  MziMesh two;
  two.modes = 4;
  two.mzis = {{.mode = 0, .theta = 0.4, .phi = 1.0, .column = 1},
              {.mode = 2, .theta = 0.2, .phi = 2.0, .column = 1}};
  two.output_phases = {0.0, 0.0, 0.0, 0.0};
  const double kappa = 0.05;
  MziMesh expected = two;
  expected.mzis[0].theta += kappa * 0.2;  // θ′ = (2θ + κ·2θ_n)/2
  expected.mzis[0].phi += kappa * 2.0;
  expected.mzis[1].theta += kappa * 0.4;
  expected.mzis[1].phi += kappa * 1.0;
  EXPECT_LT(Distance(PhotonicMesh(two, {.crosstalk = kappa}, 1, "x").Matrix(), expected.Matrix()),
            1e-14);
}

TEST(PhotonicMesh, BadImperfectionsAreRefusedByName) {
  const auto message = [](const MeshImperfections& imp) {
    try {
      imp.Validate();
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(message({.loss_db = -0.1}).find("loss_db = -0.1 dB"), std::string::npos);
  EXPECT_NE(message({.phase_bits = 30}).find("phase_bits = 30"), std::string::npos);
  EXPECT_NE(message({.crosstalk = 1.0}).find("crosstalk = 1"), std::string::npos);
  EXPECT_NE(message({.splitter_sigma = NAN}).find("splitter_sigma"), std::string::npos);
}

// Batched propagation is the dense product; backpropagation returns the input and M† G, and its
// phase gradients match finite differences of a quadratic loss through a lossy, imbalanced mesh.
TEST(MeshPropagation, ForwardIsTheMatrixAndBackwardIsItsAdjoint) {
  const int n = 6, batch = 5;
  const PhotonicMesh device(RandomMesh(n, 6), {.loss_db = 0.3, .splitter_sigma = 0.02}, 3, "p");
  const RealisedMesh mesh = device.Realise(nullptr);
  Rng rng(2, "test", "field");
  Field x(n, batch), target(n, batch);
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    x.data()[i] = Complex(rng.Normal(), rng.Normal());
    target.data()[i] = Complex(rng.Normal(), rng.Normal());
  }
  Field y = x;
  Propagate(mesh, y);
  const MatrixC u = mesh.Matrix();
  EXPECT_LT((y - u * x).norm(), 1e-13);
  // L = ½ Σ |y − t|²: G_y = y − t.
  Field grad = y - target;
  const Field expected_gx = u.adjoint() * grad;
  MeshGradient g(mesh);
  Field back = y;
  Backpropagate(mesh, back, grad, g);
  EXPECT_LT((back - x).norm(), 1e-13);
  EXPECT_LT((grad - expected_gx).norm(), 1e-13);
  const auto loss = [&](const PhotonicMesh& d) {
    Field out = x;
    Propagate(d.Realise(nullptr), out);
    return 0.5 * (out - target).squaredNorm();
  };
  const double h = 1e-6;
  for (const std::size_t j : {0u, 4u, 14u}) {
    for (const bool theta : {true, false}) {
      PhotonicMesh plus = device, minus = device;
      (theta ? plus.programmed().mzis[j].theta : plus.programmed().mzis[j].phi) += h;
      (theta ? minus.programmed().mzis[j].theta : minus.programmed().mzis[j].phi) -= h;
      const double fd = (loss(plus) - loss(minus)) / (2 * h);
      EXPECT_NEAR(theta ? g.theta[j] : g.phi[j], fd, 1e-6 * (1 + std::abs(fd))) << j << theta;
    }
  }
  PhotonicMesh plus = device, minus = device;
  plus.programmed().output_phases[2] += h;
  minus.programmed().output_phases[2] -= h;
  EXPECT_NEAR(g.output[2], (loss(plus) - loss(minus)) / (2 * h), 1e-6);
}

// Williamson et al.'s activation: |f|² = (1 − α) cos²ψ |z|², linear at g = 0 up to the factor
// i√(1 − α); its gradient matches finite differences of a real function of f.
TEST(EoActivation, TransmissionAndGradient) {
  const EoActivation act{.alpha = 0.1, .gain = 2.0, .bias = std::numbers::pi};
  const Complex z(0.3, -0.7);
  const double psi = 0.5 * (2.0 * std::norm(z) + std::numbers::pi);
  EXPECT_NEAR(std::norm(act.Apply(z)), 0.9 * std::cos(psi) * std::cos(psi) * std::norm(z), 1e-15);
  const EoActivation linear{.alpha = 0.1, .gain = 0.0, .bias = 0.0};
  EXPECT_NEAR(std::abs(linear.Apply(z) - Complex(0.0, std::sqrt(0.9)) * z), 0.0, 1e-15);
  // L = Re(w̄ f) + |f|²: G_f = w + 2f.
  const Complex w(0.4, 1.1);
  const auto loss = [&](Complex v) {
    const Complex f = act.Apply(v);
    return (std::conj(w) * f).real() + std::norm(f);
  };
  const Complex g = act.Gradient(z, w + 2.0 * act.Apply(z));
  const double h = 1e-7;
  EXPECT_NEAR(g.real(), (loss(z + h) - loss(z - h)) / (2 * h), 1e-7);
  EXPECT_NEAR(g.imag(), (loss(z + Complex(0, h)) - loss(z - Complex(0, h))) / (2 * h), 1e-7);
  EXPECT_THROW((EoActivation{.alpha = 1.0}.Validate()), std::invalid_argument);
}

// The link budget's power meets its SNR; when thermal noise dominates it is SNR·i_n√B/R.
TEST(Detection, PowerForSnrMeetsTheSnr) {
  const Photodetector pd{.responsivity = 0.95, .noise_current = 2e-12, .bandwidth = 1.2e9};
  for (const double snr : {3.0, 100.0, 1e4}) {
    const double p = pd.PowerForSnr(snr);
    EXPECT_NEAR(p / std::sqrt(pd.NoiseVariance(p)), snr, 1e-9 * snr);
  }
  const Photodetector quiet{.responsivity = 1.0, .noise_current = 1e-9, .bandwidth = 1e9};
  EXPECT_NEAR(quiet.PowerForSnr(10.0) / (10.0 * 1e-9 * std::sqrt(1e9)), 1.0, 1e-4);
  EXPECT_NEAR(LinkBudgetInputPower(pd, 10.0, 10, 0.5), 20.0 * pd.PowerForSnr(10.0), 1e-20);
  EXPECT_NEAR(SnrFromDb(20.0), 10.0, 1e-12);
  EXPECT_THROW((Photodetector{.responsivity = 0.0}.Validate()), std::invalid_argument);
  EXPECT_THROW(LinkBudgetInputPower(pd, 10.0, 10, 0.0), std::invalid_argument);
}

}  // namespace
}  // namespace landauer::optical

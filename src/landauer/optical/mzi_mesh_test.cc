#include "landauer/optical/mzi_mesh.h"

#include <gtest/gtest.h>

#include <cmath>

namespace landauer::optical {
namespace {

// T(θ, φ) is unitary and is Clements' Eq. 1.
TEST(MziMesh, TheMziMatrixIsUnitary) {
  const Eigen::Matrix2cd t = MziMatrix(0.3, 1.1);
  EXPECT_LT((t.adjoint() * t - Eigen::Matrix2cd::Identity()).norm(), 1e-15);
  EXPECT_NEAR(std::abs(t(0, 0)), std::cos(0.3), 1e-15);
  EXPECT_NEAR(std::arg(t(1, 0)), 1.1, 1e-15);
  EXPECT_EQ(t(0, 1), Complex(-std::sin(0.3), 0.0));
}

// Both decompositions rebuild Haar-random unitaries, N = 4 … 64, to 1e-12 with N(N−1)/2 MZIs;
// Clements' mesh is N columns deep, Reck's 2N − 3 (N ≥ 3).
TEST(MziMesh, ReckAndClementsReconstructHaarUnitaries) {
  Rng rng(1, "test", "haar");
  for (const int n : {2, 3, 4, 5, 8, 16, 33, 64}) {
    const MatrixC u = HaarUnitary(n, rng);
    ASSERT_LT((u.adjoint() * u - MatrixC::Identity(n, n)).cwiseAbs().maxCoeff(), 1e-12);
    for (const bool clements : {false, true}) {
      const MziMesh mesh = clements ? DecomposeClements(u) : DecomposeReck(u);
      EXPECT_EQ(std::ssize(mesh.mzis), n * (n - 1) / 2) << n;
      // (Two modes take one MZI, one column, in both.)
      EXPECT_EQ(mesh.depth(), n == 2 ? 1 : clements ? n : 2 * n - 3) << n << " " << clements;
      EXPECT_LT((mesh.Matrix() - u).cwiseAbs().maxCoeff(), 1e-12) << n << " " << clements;
    }
  }
}

// Phase noise σ on every physical phase moves U by O(σ √#MZI) in the Frobenius norm; σ = 0 moves
// it not at all.
TEST(MziMesh, PhaseNoiseGrowsAsSigmaTimesTheRootOfTheMziCount) {
  Rng rng(2, "test", "haar");
  for (const int n : {8, 16, 32}) {
    const MziMesh mesh = DecomposeClements(HaarUnitary(n, rng));
    const MatrixC u = mesh.Matrix();
    Rng zero(3, "test", "noise");
    EXPECT_EQ(mesh.WithPhaseNoise(0.0, zero).Matrix(), u);
    for (const double sigma : {1e-4, 1e-3, 1e-2}) {
      Rng noise(4, "test", "noise");
      double ratio = 0.0;
      constexpr int kTrials = 8;
      for (int k = 0; k < kTrials; ++k) {
        const double moved = (mesh.WithPhaseNoise(sigma, noise).Matrix() - u).norm();
        ratio += moved / (sigma * std::sqrt(static_cast<double>(mesh.mzis.size())));
      }
      ratio /= kTrials;
      EXPECT_GT(ratio, 0.5) << n << " " << sigma;
      EXPECT_LT(ratio, 3.0) << n << " " << sigma;
    }
  }
}

TEST(MziMesh, NonUnitaryMatricesAreRefused) {
  MatrixC a = MatrixC::Identity(3, 3);
  a(0, 1) = 0.5;
  EXPECT_THROW(DecomposeClements(a), std::invalid_argument);
  EXPECT_THROW(DecomposeReck(MatrixC::Identity(2, 3)), std::invalid_argument);
}

}  // namespace
}  // namespace landauer::optical

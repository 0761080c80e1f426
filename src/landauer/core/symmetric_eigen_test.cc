#include "landauer/core/symmetric_eigen.h"

#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "landauer/core/rng.h"

namespace landauer {
namespace {

// A symmetric n × n matrix; with `rank` < n, the Gram matrix B Bᵀ of an n × rank B (PSD, with
// n − rank zero eigenvalues, as the batch GGN's Gram matrix of nn/ggn_subspace.h has).
Eigen::MatrixXd RandomSymmetric(int n, int rank, std::uint64_t seed) {
  Rng rng(seed, "core.symmetric_eigen", "test");
  if (rank < n) {
    Eigen::MatrixXd b(n, rank);
    for (Eigen::Index i = 0; i < b.size(); ++i) b.data()[i] = rng.Normal(0.0, 1.0);
    return b * b.transpose();
  }
  Eigen::MatrixXd a(n, n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j <= i; ++j) a(i, j) = a(j, i) = rng.Normal(0.0, 1.0);
  return a;
}

void ExpectDecomposes(const Eigen::MatrixXd& a, double tolerance) {
  const SymmetricEigen e = SymmetricEigenDecompose(a);
  const auto n = a.rows();
  ASSERT_EQ(e.values.size(), n);
  ASSERT_EQ(e.vectors.rows(), n);
  ASSERT_EQ(e.vectors.cols(), n);
  for (Eigen::Index i = 1; i < n; ++i) EXPECT_LE(e.values[i - 1], e.values[i]) << "ascending";
  const double scale = a.cwiseAbs().maxCoeff();
  EXPECT_LT(
      (e.vectors.transpose() * e.vectors - Eigen::MatrixXd::Identity(n, n)).cwiseAbs().maxCoeff(),
      tolerance);
  EXPECT_LT((e.vectors * e.values.asDiagonal() * e.vectors.transpose() - a).cwiseAbs().maxCoeff(),
            tolerance * scale);
  // The eigenvalues agree with Eigen's tridiagonal QR to rounding.
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> reference(a, Eigen::EigenvaluesOnly);
  EXPECT_LT((reference.eigenvalues() - e.values).cwiseAbs().maxCoeff(), tolerance * scale);
}

TEST(SymmetricEigen, DecomposesIndefiniteAndRankDeficientMatrices) {
  ExpectDecomposes(RandomSymmetric(7, 7, 1), 1e-13);
  ExpectDecomposes(RandomSymmetric(120, 120, 2), 1e-12);
  // The size and rank of the batch GGN's Gram matrix: r = 64 · 10 rows, rank ≤ 64 · 9.
  ExpectDecomposes(RandomSymmetric(640, 576, 3), 1e-11);
}

TEST(SymmetricEigen, MatchesAClosedForm) {
  // [[2, 1], [1, 2]]: eigenvalues 1 and 3, eigenvectors (1, −1)/√2 and (1, 1)/√2.
  Eigen::MatrixXd a(2, 2);
  a << 2, 1, 1, 2;
  const SymmetricEigen e = SymmetricEigenDecompose(a);
  EXPECT_NEAR(e.values[0], 1.0, 1e-15);
  EXPECT_NEAR(e.values[1], 3.0, 1e-15);
  EXPECT_NEAR(std::abs(e.vectors(0, 1)), std::sqrt(0.5), 1e-15);
  EXPECT_NEAR(e.vectors(0, 0) * e.vectors(1, 0), -0.5, 1e-15);
}

TEST(SymmetricEigen, ReadsOnlyTheLowerTriangle) {
  const Eigen::MatrixXd a = RandomSymmetric(30, 30, 4);
  Eigen::MatrixXd scribbled = a;
  scribbled.triangularView<Eigen::StrictlyUpper>().setConstant(1e300);
  const SymmetricEigen e = SymmetricEigenDecompose(a);
  const SymmetricEigen f = SymmetricEigenDecompose(scribbled);
  EXPECT_EQ(e.values, f.values);
  EXPECT_EQ(e.vectors, f.vectors);
}

TEST(SymmetricEigen, IsDeterministic) {
  const Eigen::MatrixXd a = RandomSymmetric(200, 150, 5);
  const SymmetricEigen e = SymmetricEigenDecompose(a);
  const SymmetricEigen f = SymmetricEigenDecompose(a);
  EXPECT_EQ(e.values, f.values);
  EXPECT_EQ(e.vectors, f.vectors);
}

TEST(SymmetricEigen, ANonFiniteEntryGivesNonFiniteValuesNotAHangOrACrash) {
  Eigen::MatrixXd a = RandomSymmetric(20, 20, 6);
  a(3, 2) = a(2, 3) = std::numeric_limits<double>::quiet_NaN();
  const SymmetricEigen e = SymmetricEigenDecompose(a);
  EXPECT_FALSE(e.values.allFinite());
}

TEST(SymmetricEigen, EmptyAndNonSquare) {
  const SymmetricEigen e = SymmetricEigenDecompose(Eigen::MatrixXd(0, 0));
  EXPECT_EQ(e.values.size(), 0);
  EXPECT_THROW(SymmetricEigenDecompose(Eigen::MatrixXd(3, 2)), std::invalid_argument);
}

}  // namespace
}  // namespace landauer

// The subspace operator against the explicit GGN of a small network.
#include "landauer/nn/ggn_subspace.h"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>

#include <gtest/gtest.h>

#include "landauer/core/rng.h"

namespace landauer::nn {
namespace {

struct Small {
  Mlp model{MlpSpec::Parse("mlp:5-6-4"), Activation::kTanh};
  MatrixF x;
  Eigen::MatrixXd ggn;  // explicit N × N from GGN-vector products of unit vectors
  Small() {
    model.Initialize(2);
    Rng rng(1, "test", "x");
    x.resize(3, 5);
    for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = static_cast<float>(rng.Normal());
    const auto n = model.storage_size();
    ggn.resize(n, n);
    std::vector<float> e(static_cast<std::size_t>(n), 0.0f);
    for (std::int64_t k = 0; k < n; ++k) {
      e[k] = 1;
      const AlignedFloats column = model.GgnProduct(x, e);
      e[k] = 0;
      for (std::int64_t i = 0; i < n; ++i) ggn(i, k) = column[i];
    }
  }
};

TEST(GgnSubspace, EigenvaluesMatchTheExplicitGgn) {
  Small s;
  const GgnSubspace subspace(s.model, s.x);
  EXPECT_EQ(subspace.rows(), 12);
  EXPECT_LE(subspace.rank(), 3 * 3);  // each sample's H has rank C − 1 = 3
  const Eigen::VectorXd explicit_mu = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(0.5 * (s.ggn + s.ggn.transpose()))
                                          .eigenvalues().reverse();
  for (int i = 0; i < subspace.rank(); ++i) EXPECT_NEAR(subspace.eigenvalues()[i], explicit_mu[i], 1e-4 * explicit_mu[0]);
  EXPECT_LT(explicit_mu[subspace.rank()], 1e-5 * explicit_mu[0]);  // the rest is the null space
}

TEST(GgnSubspace, SolveIsExactNaturalGradient) {
  Small s;
  const GgnSubspace subspace(s.model, s.x);
  const double lambda = 0.01;
  Rng rng(3, "test", "v");
  std::vector<float> v(static_cast<std::size_t>(s.model.storage_size()));
  Eigen::VectorXd vd(static_cast<Eigen::Index>(v.size()));
  for (std::size_t i = 0; i < v.size(); ++i) vd[static_cast<Eigen::Index>(i)] = v[i] = static_cast<float>(rng.Normal());
  const Eigen::MatrixXd f = s.ggn + lambda * Eigen::MatrixXd::Identity(s.ggn.rows(), s.ggn.cols());
  const Eigen::VectorXd exact = f.ldlt().solve(vd);
  const AlignedFloats solved = subspace.Solve(v, lambda);
  for (std::size_t i = 0; i < v.size(); ++i) EXPECT_NEAR(solved[i], exact[static_cast<Eigen::Index>(i)], 2e-3 * exact.cwiseAbs().maxCoeff());
  // V has orthonormal columns: Vᵀ V a = a.
  const Eigen::VectorXd a = Eigen::VectorXd::LinSpaced(subspace.rank(), -1, 1);
  const AlignedFloats lifted = subspace.Lift(a);
  const Eigen::VectorXd back = subspace.Project(lifted);
  EXPECT_TRUE(back.isApprox(a, 1e-4));
}

}  // namespace
}  // namespace landauer::nn

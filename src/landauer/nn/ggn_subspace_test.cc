// The subspace operator against the explicit GGN of a small network.
#include "landauer/nn/ggn_subspace.h"

#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>

#include "explicit_ggn.h"
#include "landauer/core/rng.h"
#include "landauer/nn/loss.h"

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
    ggn = testing::ExplicitGgn(model, x);
  }
};

TEST(GgnSubspace, EigenvaluesMatchTheExplicitGgn) {
  Small s;
  const GgnSubspace subspace(s.model, s.x);
  EXPECT_EQ(subspace.rows(), 12);
  EXPECT_LE(subspace.rank(), 3 * 3);  // each sample's H has rank C − 1 = 3
  const Eigen::VectorXd explicit_mu =
      Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(0.5 * (s.ggn + s.ggn.transpose()))
          .eigenvalues()
          .reverse();
  for (int i = 0; i < subspace.rank(); ++i)
    EXPECT_NEAR(subspace.eigenvalues()[i], explicit_mu[i], 1e-4 * explicit_mu[0]);
  EXPECT_LT(explicit_mu[subspace.rank()], 1e-5 * explicit_mu[0]);  // the rest is the null space
}

TEST(GgnSubspace, SolveIsExactNaturalGradient) {
  Small s;
  const GgnSubspace subspace(s.model, s.x);
  const double lambda = 0.01;
  Rng rng(3, "test", "v");
  std::vector<float> v(static_cast<std::size_t>(s.model.storage_size()));
  Eigen::VectorXd vd(static_cast<Eigen::Index>(v.size()));
  for (std::size_t i = 0; i < v.size(); ++i)
    vd[static_cast<Eigen::Index>(i)] = v[i] = static_cast<float>(rng.Normal());
  const Eigen::MatrixXd f = s.ggn + lambda * Eigen::MatrixXd::Identity(s.ggn.rows(), s.ggn.cols());
  const Eigen::VectorXd exact = f.ldlt().solve(vd);
  const AlignedFloats solved = subspace.Solve(v, lambda);
  for (std::size_t i = 0; i < v.size(); ++i)
    EXPECT_NEAR(solved[i], exact[static_cast<Eigen::Index>(i)], 2e-3 * exact.cwiseAbs().maxCoeff());
  // V has orthonormal columns: Vᵀ V a = a.
  const Eigen::VectorXd a = Eigen::VectorXd::LinSpaced(subspace.rank(), -1, 1);
  const AlignedFloats lifted = subspace.Lift(a);
  const Eigen::VectorXd back = subspace.Project(lifted);
  EXPECT_TRUE(back.isApprox(a, 1e-4));
}

// Built from explicit factors (J, the blocks of H), the subspace is the matrix-free one: the same
// eigenvalues and the same solve. The factors themselves: J row by row (one VJP per sample and
// class) and H block by block, against their definitions.
TEST(GgnSubspace, ExplicitFactorsGiveTheSameSubspace) {
  Small s;
  const int batch = 3, classes = 4;
  const GgnFactors factors = ExplicitGgnFactors(s.model, s.x);
  ASSERT_EQ(factors.jacobian.rows(), batch * classes);
  ASSERT_EQ(factors.jacobian.cols(), s.model.storage_size());
  ASSERT_EQ(factors.loss_hessian_blocks.size(), 3u);
  DigitalEngine engine;
  Mlp::Workspace ws;
  s.model.Forward(s.x, engine, ws);
  MatrixF p;
  Softmax(ws.logits(), p);
  for (int i = 0; i < batch; ++i) {
    for (int c = 0; c < classes; ++c) {
      for (int c2 = 0; c2 < classes; ++c2) {
        const double h = ((c == c2 ? p(i, c) : 0.0) - double(p(i, c)) * p(i, c2)) / batch;
        EXPECT_NEAR(factors.loss_hessian_blocks[static_cast<std::size_t>(i)](c, c2), h, 1e-9);
      }
    }
  }
  // J v against the forward-mode JVP.
  Rng rng(5, "test", "v");
  std::vector<float> v(static_cast<std::size_t>(s.model.storage_size()));
  for (float& value : v) value = static_cast<float>(rng.Normal());
  const MatrixF jv = s.model.Jvp(s.x, v);
  const VectorF jv_explicit =
      factors.jacobian * Eigen::Map<const VectorF>(v.data(), static_cast<Eigen::Index>(v.size()));
  for (Eigen::Index k = 0; k < jv.size(); ++k) EXPECT_NEAR(jv_explicit[k], jv.data()[k], 1e-4);

  const GgnSubspace matrix_free(s.model, s.x);
  const GgnSubspace from_factors(s.model, s.x, factors);
  EXPECT_FALSE(matrix_free.explicit_jacobian());
  EXPECT_TRUE(from_factors.explicit_jacobian());
  ASSERT_EQ(from_factors.rank(), matrix_free.rank());
  for (int i = 0; i < matrix_free.rank(); ++i) {
    EXPECT_NEAR(from_factors.eigenvalues()[i],
                matrix_free.eigenvalues()[i],
                1e-5 * matrix_free.eigenvalues()[0]);
  }
  const AlignedFloats a = matrix_free.Solve(v, 0.01), b = from_factors.Solve(v, 0.01);
  double scale = 0;
  for (const float value : a) scale = std::max(scale, double(std::abs(value)));
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-4 * scale) << i;
}

TEST(GgnSubspace, ExplicitJacobianIsRefusedBeyondItsLimit) {
  Mlp wide(MlpSpec::Parse("mlp:1000-1000-10"), Activation::kRelu);
  const MatrixF x = MatrixF::Zero(600, 1000);  // 6000 rows × ~1e6 parameters
  try {
    ExplicitGgnFactors(wide, x);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("smaller batch or model"), std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace landauer::nn

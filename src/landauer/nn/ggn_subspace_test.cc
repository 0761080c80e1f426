// The subspace operator against the explicit GGN of a small network.
#include "landauer/nn/ggn_subspace.h"

#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>

#include "explicit_ggn.h"
#include "landauer/core/quantize.h"
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

// Coupling quantisation: the subspace's solve equals (J_qᵀ H_q J_q + λI)⁻¹ v built explicitly
// from the quantised Jacobian and loss Hessian; at 16 bits it is close to the ideal solve, at 3
// bits visibly not.
TEST(GgnSubspace, QuantisedCouplingsSolveTheQuantisedSystem) {
  Small s;
  const auto n = s.model.storage_size();
  const int batch = 3, classes = 4, r = batch * classes;
  // J row by row (one VJP per sample and class) and H block by block, then quantised.
  Eigen::MatrixXd j(r, n), h = Eigen::MatrixXd::Zero(r, r);
  DigitalEngine engine;
  Mlp::Workspace ws;
  s.model.Forward(s.x, engine, ws);
  MatrixF p;
  Softmax(ws.logits(), p);
  for (int i = 0; i < batch; ++i) {
    for (int c = 0; c < classes; ++c) {
      MatrixF unit = MatrixF::Zero(1, classes);
      unit(0, c) = 1;
      const MatrixF sample = s.x.row(i);
      const AlignedFloats row = s.model.Vjp(sample, unit);
      for (std::int64_t k = 0; k < n; ++k) j(i * classes + c, k) = row[static_cast<std::size_t>(k)];
      for (int c2 = 0; c2 < classes; ++c2) {
        h(i * classes + c, i * classes + c2) =
            ((c == c2 ? p(i, c) : 0.0) - double(p(i, c)) * p(i, c2)) / batch;
      }
    }
  }
  Rng rng(5, "test", "v");
  std::vector<float> v(static_cast<std::size_t>(n));
  Eigen::VectorXd vd(n);
  for (std::int64_t i = 0; i < n; ++i)
    vd[i] = v[static_cast<std::size_t>(i)] = static_cast<float>(rng.Normal());
  const double lambda = 0.01;
  auto explicit_solve = [&](int bits) {
    const double j_range = j.cwiseAbs().maxCoeff(), h_range = h.cwiseAbs().maxCoeff();
    const Eigen::MatrixXd jq = j.unaryExpr(
        [&](double x) { return double(float(QuantizeSymmetric(float(x), j_range, bits))); });
    Eigen::MatrixXd hq = h.unaryExpr([&](double x) { return QuantizeSymmetric(x, h_range, bits); });
    for (int i = 0; i < batch;
         ++i) {  // the device's H must be PSD: clamp each block, as the subspace does
      const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(
          hq.block(i * classes, i * classes, classes, classes));
      hq.block(i * classes, i * classes, classes, classes) =
          eig.eigenvectors() * eig.eigenvalues().cwiseMax(0.0).asDiagonal() *
          eig.eigenvectors().transpose();
    }
    const Eigen::MatrixXd f = jq.transpose() * hq * jq + lambda * Eigen::MatrixXd::Identity(n, n);
    return Eigen::VectorXd(f.ldlt().solve(vd));
  };
  const GgnSubspace ideal(s.model, s.x);
  const AlignedFloats ideal_solve = ideal.Solve(v, lambda);
  for (int bits : {3, 16}) {
    const GgnSubspace quantised(s.model, s.x, bits);
    EXPECT_EQ(quantised.coupling_bits(), bits);
    const Eigen::VectorXd expected = explicit_solve(bits);
    const AlignedFloats solved = quantised.Solve(v, lambda);
    double err = 0, ideal_gap = 0;
    for (std::int64_t i = 0; i < n; ++i) {
      err = std::max(err, std::abs(solved[static_cast<std::size_t>(i)] - expected[i]));
      ideal_gap = std::max(ideal_gap,
                           double(std::abs(solved[static_cast<std::size_t>(i)] -
                                           ideal_solve[static_cast<std::size_t>(i)])));
    }
    const double scale = expected.cwiseAbs().maxCoeff();
    EXPECT_LT(err, 2e-3 * scale) << bits << " bits";
    if (bits == 16) EXPECT_LT(ideal_gap, 5e-3 * scale);
    if (bits == 3) EXPECT_GT(ideal_gap, 1e-2 * scale);
  }
  EXPECT_THROW(GgnSubspace(s.model, s.x, 1), std::invalid_argument);
}

}  // namespace
}  // namespace landauer::nn

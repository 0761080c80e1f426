// Jacobian-vector, vector-Jacobian and GGN-vector products against explicit matrices.
#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>

#include "landauer/core/rng.h"
#include "landauer/nn/mlp.h"

namespace landauer::nn {
namespace {

struct Fixture {
  Mlp model{MlpSpec::Parse("mlp:4-5-3"), Activation::kTanh};
  MatrixF x;
  Fixture() {
    model.Initialize(3);
    Rng rng(1, "test", "x");
    x.resize(6, 4);
    for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = static_cast<float>(rng.Normal());
  }
  // Explicit Jacobian of the flattened logits (B·C × N) from forward-mode columns.
  Eigen::MatrixXd Jacobian() const {
    const auto n = model.storage_size();
    Eigen::MatrixXd j(x.rows() * 3, n);
    std::vector<float> e(static_cast<std::size_t>(n), 0.0f);
    for (std::int64_t k = 0; k < n; ++k) {
      e[k] = 1.0f;
      const MatrixF column = model.Jvp(x, e);
      e[k] = 0.0f;
      for (Eigen::Index i = 0; i < column.size(); ++i) j(i, k) = column.data()[i];
    }
    return j;
  }
  MatrixF Logits(const Mlp& m) const {
    DigitalEngine engine;
    Mlp::Workspace ws;
    m.Forward(x, engine, ws);
    return ws.logits();
  }
};

TEST(Curvature, JvpMatchesFiniteDifferencesOfTheLogits) {
  Fixture f;
  const Eigen::MatrixXd j = f.Jacobian();
  for (std::int64_t k = 0; k < f.model.storage_size(); ++k) {
    Mlp plus = f.model, minus = f.model;
    plus.parameters()[k] += 1e-2f;
    minus.parameters()[k] -= 1e-2f;
    const MatrixF fd = (f.Logits(plus) - f.Logits(minus)) / 2e-2f;
    for (Eigen::Index i = 0; i < fd.size(); ++i) {
      EXPECT_NEAR(j(i, k), fd.data()[i], 1e-3 + 1e-2 * std::abs(fd.data()[i])) << "param " << k;
    }
  }
}

TEST(Curvature, VjpIsTheTransposeOfJvp) {
  Fixture f;
  const Eigen::MatrixXd j = f.Jacobian();
  Rng rng(2, "test", "u");
  MatrixF u(f.x.rows(), 3);
  for (Eigen::Index i = 0; i < u.size(); ++i) u.data()[i] = static_cast<float>(rng.Normal());
  const AlignedFloats vjp = f.model.Vjp(f.x, u);
  Eigen::VectorXd u_flat(u.size());
  for (Eigen::Index i = 0; i < u.size(); ++i) u_flat[i] = u.data()[i];
  const Eigen::VectorXd expected = j.transpose() * u_flat;
  for (std::size_t k = 0; k < vjp.size(); ++k)
    EXPECT_NEAR(vjp[k], expected[static_cast<Eigen::Index>(k)], 1e-4);
}

TEST(Curvature, GgnProductMatchesTheExplicitGgn) {
  Fixture f;
  const Eigen::MatrixXd j = f.Jacobian();
  // H_L: block diagonal, (diag p − p pᵀ) / B per sample.
  MatrixF p;
  Softmax(f.Logits(f.model), p);
  const Eigen::Index b = f.x.rows(), c = 3;
  Eigen::MatrixXd h = Eigen::MatrixXd::Zero(b * c, b * c);
  for (Eigen::Index i = 0; i < b; ++i) {
    for (Eigen::Index r = 0; r < c; ++r) {
      for (Eigen::Index s = 0; s < c; ++s) {
        h(i * c + r, i * c + s) =
            ((r == s ? p(i, r) : 0.0) - p(i, r) * p(i, s)) / static_cast<double>(b);
      }
    }
  }
  const Eigen::MatrixXd ggn = j.transpose() * h * j;
  EXPECT_TRUE(ggn.isApprox(ggn.transpose(), 1e-12));
  EXPECT_GE(Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(ggn).eigenvalues().minCoeff(),
            -1e-6);  // PSD
  Rng rng(4, "test", "v");
  std::vector<float> v(static_cast<std::size_t>(f.model.storage_size()));
  Eigen::VectorXd v_d(static_cast<Eigen::Index>(v.size()));
  for (std::size_t k = 0; k < v.size(); ++k)
    v_d[static_cast<Eigen::Index>(k)] = v[k] = static_cast<float>(rng.Normal());
  const AlignedFloats gv = f.model.GgnProduct(f.x, v);
  const Eigen::VectorXd expected = ggn * v_d;
  const double scale = expected.cwiseAbs().maxCoeff();
  for (std::size_t k = 0; k < gv.size(); ++k)
    EXPECT_NEAR(gv[k], expected[static_cast<Eigen::Index>(k)], 1e-4 * scale);
}

}  // namespace
}  // namespace landauer::nn

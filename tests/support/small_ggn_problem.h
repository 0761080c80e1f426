// tests/support/small_ggn_problem.h — a network, a batch and its gradient small enough that the
// GGN can be formed explicitly: the reference the natural-gradient directions
// (nn/natural_gradient.h, thermo/tngd.h) are checked against.
#ifndef LANDAUER_TESTS_SUPPORT_SMALL_GGN_PROBLEM_H_
#define LANDAUER_TESTS_SUPPORT_SMALL_GGN_PROBLEM_H_

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "explicit_ggn.h"
#include "landauer/core/rng.h"
#include "landauer/nn/mlp.h"

namespace landauer::testing {

// mlp:5-6-4 (tanh), N = 64 parameters, a batch of B = 3 with labels {0, 2, 3}: r = B·C = 12.
struct SmallGgnProblem {
  nn::Mlp model{nn::MlpSpec::Parse("mlp:5-6-4"), nn::Activation::kTanh};
  MatrixF x;
  AlignedFloats gradient;
  SmallGgnProblem() {
    model.Initialize(2);
    Rng rng(1, "test", "x");
    x.resize(3, 5);
    for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = static_cast<float>(rng.Normal());
    nn::DigitalEngine engine;
    nn::Mlp::Workspace ws;
    model.Backward(x, std::vector<std::int32_t>{0, 2, 3}, engine, ws, gradient);
  }
  // (G + λI)⁻¹ g with G formed explicitly from GGN-vector products (g: the problem's gradient,
  // or another vector of its size).
  Eigen::VectorXd ExactNgd(double lambda) const { return ExactNgd(lambda, gradient); }
  Eigen::VectorXd ExactNgd(double lambda, const AlignedFloats& vector) const {
    const auto n = model.storage_size();
    Eigen::MatrixXd f = ExplicitGgn(model, x);
    f += lambda * Eigen::MatrixXd::Identity(n, n);
    Eigen::VectorXd g(n);
    for (std::int64_t i = 0; i < n; ++i) g[i] = vector[static_cast<std::size_t>(i)];
    return f.ldlt().solve(g);
  }
};

inline double MaxDifference(const AlignedFloats& a, const Eigen::VectorXd& b) {
  double worst = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    worst = std::max(worst, std::abs(a[i] - b[static_cast<Eigen::Index>(i)]));
  }
  return worst;
}

}  // namespace landauer::testing

#endif  // LANDAUER_TESTS_SUPPORT_SMALL_GGN_PROBLEM_H_

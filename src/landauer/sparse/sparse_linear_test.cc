#include "landauer/sparse/sparse_linear.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "landauer/core/rng.h"
#include "landauer/nn/linear_engine.h"
#include "landauer/nn/mlp.h"
#include "landauer/sparse/sparse_mlp.h"

namespace landauer::sparse {
namespace {

MatrixF RandomMatrix(Eigen::Index rows, Eigen::Index cols, Rng& rng) {
  MatrixF m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<float>(rng.Normal());
  return m;
}

// A layer with about `density` of its positions connected, random weights and bias.
SparseLinear RandomLayer(int in, int out, double density, Rng& rng) {
  SparseLinear layer(in, out);
  std::vector<std::int64_t> flat;
  for (std::int64_t f = 0; f < std::int64_t{in} * out; ++f) {
    if (rng.Uniform() < density) flat.push_back(f);
  }
  std::reverse(flat.begin(), flat.end());  // any order is accepted
  layer.SetTopology(flat);
  for (float& w : layer.values()) w = static_cast<float>(rng.Normal());
  for (float& b : layer.bias()) b = static_cast<float>(rng.Normal());
  return layer;
}

void ExpectNear(const MatrixF& a, const MatrixF& b, double tolerance) {
  ASSERT_EQ(a.rows(), b.rows());
  ASSERT_EQ(a.cols(), b.cols());
  const double scale = std::max(1.0, double(b.cwiseAbs().maxCoeff()));
  EXPECT_LE(double((a - b).cwiseAbs().maxCoeff()), tolerance * scale);
}

// The sparse products equal the dense computation with the zeros in place (the masked dense
// layer every peer trains) on the same weights.
TEST(SparseLinear, ProductsEqualTheDenseMaskedComputation) {
  Rng rng(1, "test", "sparse");
  for (const double density : {0.01, 0.05, 0.3, 1.0}) {
    const SparseLinear layer = RandomLayer(97, 53, density, rng);
    const MatrixF w = layer.Dense();
    EXPECT_EQ((w.array() != 0.0f).count(), layer.nonzeros());
    const MatrixF x = RandomMatrix(97, 33, rng), dy = RandomMatrix(53, 33, rng);
    MatrixF y, dx;
    layer.Forward(x, y, 1);
    const Eigen::Map<const VectorF> b(layer.bias().data(), 53);
    MatrixF y_dense = w * x;
    y_dense.colwise() += b;
    ExpectNear(y, y_dense, 1e-5);
    layer.BackwardInput(dy, dx, 1);
    ExpectNear(dx, w.transpose() * dy, 1e-5);
    std::vector<float> gw(static_cast<std::size_t>(layer.nonzeros())), gb(53);
    layer.WeightGradient(dy, x, gw, gb, 1);
    const MatrixF g_dense = dy * x.transpose();
    for (std::int64_t k = 0; k < layer.nonzeros(); ++k) {
      const std::int64_t f = layer.FlatIndex(k);
      EXPECT_NEAR(gw[k], g_dense(f / 97, f % 97), 1e-4 * std::max(1.0f, std::abs(gw[k])));
    }
    const VectorF gb_dense = dy.rowwise().sum();
    for (int i = 0; i < 53; ++i) EXPECT_NEAR(gb[i], gb_dense[i], 1e-4);
  }
}

TEST(SparseLinear, ResultsDoNotDependOnTheThreadCount) {
  Rng rng(2, "test", "sparse");
  const SparseLinear layer = RandomLayer(700, 400, 0.2, rng);  // above the parallel threshold
  const MatrixF x = RandomMatrix(700, 64, rng), dy = RandomMatrix(400, 64, rng);
  MatrixF y1, y2, dx1, dx2;
  layer.Forward(x, y1, 1);
  layer.Forward(x, y2, 3);
  layer.BackwardInput(dy, dx1, 1);
  layer.BackwardInput(dy, dx2, 3);
  std::vector<float> g1(static_cast<std::size_t>(layer.nonzeros())), g2(g1.size()), b1(400),
      b2(400);
  layer.WeightGradient(dy, x, g1, b1, 1);
  layer.WeightGradient(dy, x, g2, b2, 3);
  EXPECT_EQ(y1, y2);
  EXPECT_EQ(dx1, dx2);
  EXPECT_EQ(g1, g2);
  EXPECT_EQ(b1, b2);
}

TEST(SparseLinear, RewireCarriesWeightsAndStateAndGrowsZeros) {
  SparseLinear layer(4, 3);
  const std::vector<std::int64_t> flat = {1, 2, 4, 7, 9, 11};  // rows 0, 0, 1, 1, 2, 2
  layer.SetTopology(flat);
  ASSERT_EQ(layer.nonzeros(), 6);
  for (int k = 0; k < 6; ++k) layer.values()[k] = float(k + 1);
  AlignedFloats momentum = {10, 20, 30, 40, 50, 60};
  AlignedFloats* state[] = {&momentum};
  const std::vector<std::uint8_t> keep = {1, 0, 1, 1, 0, 1};  // drop flat 2 and 9
  const std::vector<std::int64_t> grown = {8, 0, 5};
  layer.Rewire(keep, grown, state);
  ASSERT_EQ(layer.nonzeros(), 7);
  std::vector<std::int64_t> now;
  for (std::int64_t k = 0; k < layer.nonzeros(); ++k) now.push_back(layer.FlatIndex(k));
  EXPECT_EQ(now, (std::vector<std::int64_t>{0, 1, 4, 5, 7, 8, 11}));
  const std::vector<float> values(layer.values().begin(), layer.values().end());
  EXPECT_EQ(values, (std::vector<float>{0, 1, 3, 0, 4, 0, 6}));
  EXPECT_EQ(momentum, (AlignedFloats{0, 10, 30, 0, 40, 0, 60}));
  // The transposed index follows: Wᵀ dy sees the new weights.
  MatrixF dy = MatrixF::Ones(3, 1), dx;
  layer.BackwardInput(dy, dx, 1);
  const MatrixF expected = layer.Dense().transpose() * dy;
  EXPECT_EQ(dx, expected);

  const std::vector<std::uint8_t> all(7, 1);
  const std::vector<std::int64_t> existing = {5};
  EXPECT_THROW(layer.Rewire(all, existing, {}), std::invalid_argument);
  const std::vector<std::int64_t> outside = {12};
  EXPECT_THROW(layer.Rewire(all, outside, {}), std::invalid_argument);
  EXPECT_THROW(layer.Rewire(std::vector<std::uint8_t>(3, 1), {}, {}), std::invalid_argument);
  const std::vector<std::int64_t> repeated = {1, 1};
  EXPECT_THROW(layer.SetTopology(repeated), std::invalid_argument);
  EXPECT_THROW(layer.SetTopology(outside), std::invalid_argument);
  EXPECT_THROW(SparseLinear(0, 3), std::invalid_argument);
}

// The whole network: loss and gradient equal nn::Mlp's (the exact digital engine) on the dense
// masked weights, at every connection and bias.
TEST(SparseMlp, GradientEqualsTheDenseMaskedMlp) {
  const nn::MlpSpec spec = nn::MlpSpec::Parse("mlp:20-16-12-5");
  SparseMlp sparse(spec);
  const std::vector<double> densities = {0.3, 0.5, 0.8};
  sparse.Initialize(7, densities);
  nn::Mlp dense(spec, nn::Activation::kRelu);
  for (int l = 0; l < sparse.num_layers(); ++l) {
    dense.Weight(l) = sparse.layer(l).Dense();
    dense.Bias(l) = Eigen::Map<const VectorF>(sparse.layer(l).bias().data(), sparse.layer(l).out());
  }
  Rng rng(3, "test", "sparse");
  const MatrixF x = RandomMatrix(9, 20, rng);
  std::vector<std::int32_t> labels(9);
  for (int i = 0; i < 9; ++i) labels[i] = i % 5;
  SparseMlp::Workspace ws;
  SparseGradient g;
  const nn::LossResult sparse_loss = sparse.Backward(x, labels, ws, g, 1);
  nn::DigitalEngine engine(1);
  nn::Mlp::Workspace dense_ws;
  AlignedFloats dense_g;
  const nn::LossResult dense_loss = dense.Backward(x, labels, engine, dense_ws, dense_g);
  EXPECT_NEAR(sparse_loss.loss, dense_loss.loss, 1e-6);
  EXPECT_EQ(sparse_loss.correct, dense_loss.correct);
  ExpectNear(ws.logits, dense_ws.logits(), 1e-5);
  for (int l = 0; l < sparse.num_layers(); ++l) {
    const SparseLinear& layer = sparse.layer(l);
    const float* gw = dense_g.data() + dense.Offset(l);
    for (std::int64_t k = 0; k < layer.nonzeros(); ++k) {
      EXPECT_NEAR(g.weights[l][k], gw[layer.FlatIndex(k)], 1e-5) << l << " " << k;
    }
    for (int i = 0; i < layer.out(); ++i) {
      EXPECT_NEAR(g.biases[l][i], dense_g[dense.BiasOffset(l) + i], 1e-5);
    }
    // RigL's dense gradient is the dense MLP's at every position, connected or not; the dense
    // MLP's gradient at a masked position is what a peer's dense-masked layer computes there.
    const MatrixF full = sparse.DenseWeightGradient(l, ws);
    const Eigen::Map<const MatrixF> expected(gw, layer.out(), layer.in());
    ExpectNear(full, expected, 1e-5);
  }
}

TEST(SparseMlp, InitialTopologyHasExactCountsAndIsSeeded) {
  const nn::MlpSpec spec = nn::MlpSpec::Parse("mlp:784-300-100-10");
  const std::vector<double> densities = LayerDensities(spec, 0.05, Distribution::kUniform);
  SparseMlp a(spec), b(spec), c(spec);
  a.Initialize(1, densities);
  b.Initialize(1, densities);
  c.Initialize(2, densities);
  EXPECT_EQ(a.layer(0).nonzeros(), 11760);  // round(0.05 · 784 · 300)
  EXPECT_EQ(a.layer(1).nonzeros(), 1500);
  EXPECT_EQ(a.layer(2).nonzeros(), 50);
  EXPECT_NEAR(a.density(), 0.05, 1e-4);
  const auto flat = [](const SparseLinear& layer) {
    std::vector<std::int64_t> f;
    for (std::int64_t k = 0; k < layer.nonzeros(); ++k) f.push_back(layer.FlatIndex(k));
    return f;
  };
  EXPECT_EQ(flat(a.layer(0)), flat(b.layer(0)));
  EXPECT_NE(flat(a.layer(0)), flat(c.layer(0)));
  // Uniform over positions: each row of the first layer holds ~39.2 ± 6.1 connections.
  const auto start = a.layer(0).row_start();
  double mean = 0.0;
  for (int i = 0; i < 300; ++i) mean += double(start[i + 1] - start[i]) / 300.0;
  EXPECT_NEAR(mean, 39.2, 1e-9);
  // Weights are U(−1/√784, 1/√784), with the dense fan-in.
  const auto w = a.layer(0).values();
  EXPECT_LE(*std::max_element(w.begin(), w.end()), 1.0f / 28.0f);
  EXPECT_GE(*std::min_element(w.begin(), w.end()), -1.0f / 28.0f);
}

// RigL's ERK (sparse_utils.py): density_l = ε (in + out)/(in · out), ε solved so the total is
// kept; LeNet-300-100 at 5 %: ε = 0.05 · 266200 / Σ(in + out) = 13310 / 1594 = 8.350.
TEST(SparseMlp, ErkDensitiesKeepTheTotalAndCapAtOne) {
  const nn::MlpSpec lenet = nn::MlpSpec::Parse("mlp:784-300-100-10");
  const std::vector<double> d = LayerDensities(lenet, 0.05, Distribution::kErk);
  const double epsilon = 13310.0 / 1594.0;
  EXPECT_NEAR(d[0], epsilon * 1084.0 / 235200.0, 1e-12);  // 3.85 %
  EXPECT_NEAR(d[1], epsilon * 400.0 / 30000.0, 1e-12);    // 11.1 %
  EXPECT_NEAR(d[2], epsilon * 110.0 / 1000.0, 1e-12);     // 91.8 %
  // At 20 % the last layer would exceed 1: it is made dense and ε is solved over the others.
  const std::vector<double> e = LayerDensities(lenet, 0.2, Distribution::kErk);
  EXPECT_EQ(e[2], 1.0);
  EXPECT_NEAR(e[0] * 235200 + e[1] * 30000 + 1000, 0.2 * 266200, 1e-6);
  EXPECT_NEAR(e[0] / e[1], (1084.0 / 235200.0) / (400.0 / 30000.0), 1e-12);
  EXPECT_EQ(LayerDensities(lenet, 1.0, Distribution::kErk), std::vector<double>(3, 1.0));
  for (const double bad : {0.0, -0.1, 1.5, std::nan("")}) {
    EXPECT_THROW(LayerDensities(lenet, bad, Distribution::kUniform), std::invalid_argument);
  }
  EXPECT_THROW(DistributionFromString("gaussian"), std::invalid_argument);
}

}  // namespace
}  // namespace landauer::sparse

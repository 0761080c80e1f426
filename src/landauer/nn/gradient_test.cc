// Every gradient of the learning core against central finite differences.
#include <gtest/gtest.h>

#include <cmath>

#include "landauer/core/rng.h"
#include "landauer/nn/mlp.h"

namespace landauer::nn {
namespace {

MatrixF RandomMatrix(int rows, int cols, std::uint64_t seed) {
  Rng rng(seed, "test", "matrix");
  MatrixF m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<float>(rng.Normal());
  return m;
}

double LossAt(const Mlp& model, const MatrixF& x, const std::vector<std::int32_t>& labels) {
  DigitalEngine engine;
  Mlp::Workspace ws;
  model.Forward(x, engine, ws);
  MatrixF gradient;
  return SoftmaxCrossEntropy(ws.logits(), labels, gradient).loss;
}

class GradientTest : public ::testing::TestWithParam<Activation> {};

TEST_P(GradientTest, BackpropMatchesCentralDifferences) {
  Mlp model(MlpSpec::Parse("mlp:5-4-6-3"), GetParam());
  model.Initialize(7);
  const MatrixF x = RandomMatrix(8, 5, 1);
  const std::vector<std::int32_t> labels = {0, 1, 2, 0, 1, 2, 2, 1};
  DigitalEngine engine;
  Mlp::Workspace ws;
  AlignedFloats gradient;
  model.Backward(x, labels, engine, ws, gradient);
  ASSERT_EQ(static_cast<std::int64_t>(gradient.size()), model.storage_size());
  // Central differences in float32: truncation O(h²) and rounding O(eps_f / h); h = 1e-2 balances
  // them at ~1e-4 absolute for O(1) losses.
  constexpr float kStep = 1e-2f;
  for (std::int64_t i = 0; i < model.storage_size(); ++i) {
    Mlp plus = model, minus = model;
    plus.parameters()[i] += kStep;
    minus.parameters()[i] -= kStep;
    const double numeric = (LossAt(plus, x, labels) - LossAt(minus, x, labels)) / (2.0 * kStep);
    EXPECT_NEAR(gradient[i], numeric, 2e-3 + 2e-2 * std::abs(numeric)) << "parameter " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Activations,
                         GradientTest,
                         ::testing::Values(Activation::kRelu, Activation::kTanh, Activation::kGelu),
                         [](const auto& info) { return std::string(ToString(info.param)); });

TEST(Activation, DerivativesMatchFiniteDifferences) {
  MatrixF z(1, 7);
  z << -3.0f, -1.2f, -0.3f, 0.2f, 0.7f, 1.5f, 2.5f;
  for (Activation a : {Activation::kRelu, Activation::kTanh, Activation::kGelu}) {
    MatrixF grad = MatrixF::Ones(1, 7), plus, minus;
    MultiplyByDerivative(a, z, grad);
    ApplyActivation(a, (z.array() + 1e-3f).matrix(), plus);
    ApplyActivation(a, (z.array() - 1e-3f).matrix(), minus);
    for (int j = 0; j < 7; ++j) {
      EXPECT_NEAR(grad(0, j), (plus(0, j) - minus(0, j)) / 2e-3f, 2e-3)
          << ToString(a) << " at " << z(0, j);
    }
  }
  // GELU(1) = Φ(1) = 0.8413447 (exact erf form).
  MatrixF one = MatrixF::Ones(1, 1), out;
  ApplyActivation(Activation::kGelu, one, out);
  EXPECT_NEAR(out(0, 0), 0.8413447f, 1e-6f);
}

TEST(Loss, SoftmaxCrossEntropyClosedForm) {
  MatrixF logits(1, 3);
  logits << 1.0f, 2.0f, 3.0f;
  MatrixF gradient;
  const LossResult r = SoftmaxCrossEntropy(logits, std::vector<std::int32_t>{2}, gradient);
  const double z = std::exp(1.0) + std::exp(2.0) + std::exp(3.0);
  EXPECT_NEAR(r.loss, std::log(z) - 3.0, 1e-6);
  EXPECT_EQ(r.correct, 1);
  EXPECT_NEAR(gradient(0, 0), std::exp(1.0) / z, 1e-6);
  EXPECT_NEAR(gradient(0, 2), std::exp(3.0) / z - 1.0, 1e-6);
  // Stable for huge logits.
  logits << 1000.0f, 0.0f, -1000.0f;
  EXPECT_NEAR(SoftmaxCrossEntropy(logits, std::vector<std::int32_t>{0}, gradient).loss, 0.0, 1e-6);
}

TEST(MlpSpec, ParsesAndRejects) {
  EXPECT_EQ(MlpSpec::Parse("mlp:784-256-10").widths, (std::vector<int>{784, 256, 10}));
  EXPECT_EQ(MlpSpec::Parse("mlp:784-256-10").ToString(), "mlp:784-256-10");
  for (const char* bad : {"784-10", "mlp:", "mlp:784", "mlp:784--10", "mlp:784-x-10", "mlp:0-10"}) {
    EXPECT_THROW(MlpSpec::Parse(bad), std::invalid_argument) << bad;
  }
}

}  // namespace
}  // namespace landauer::nn

namespace landauer::nn {
namespace {

TEST(Mlp, StorageIsAlignedAndPaddingStaysZero) {
  Mlp model(MlpSpec::Parse("mlp:5-3-2"), Activation::kRelu);
  model.Initialize(1);
  EXPECT_EQ(model.num_parameters(), 3 * 6 + 2 * 4);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(model.parameters().data()) % EIGEN_MAX_ALIGN_BYTES,
            0u);
  for (int l = 0; l < 2; ++l) {
    EXPECT_EQ(model.Offset(l) % kAlignFloats, 0);
    EXPECT_EQ(model.BiasOffset(l) % kAlignFloats, 0);
  }
  double total = 0;
  for (float p : model.parameters()) total += std::abs(p);
  double in_blocks = 0;
  for (int l = 0; l < 2; ++l)
    in_blocks += model.Weight(l).cwiseAbs().sum() + model.Bias(l).cwiseAbs().sum();
  EXPECT_NEAR(total, in_blocks, 1e-5);  // every nonzero lives in a W or b block
}

TEST(Mlp, BackwardOverwritesAReusedGradientBufferPaddingIncluded) {
  // Backward writes every weight and bias entry and zeroes only the padding of a buffer of the
  // right size: what the buffer held before (NaN here) must not leak into the gradient.
  Mlp model(MlpSpec::Parse("mlp:5-3-2"), Activation::kRelu);
  model.Initialize(3);
  const MatrixF x = RandomMatrix(4, 5, 2);
  const std::vector<std::int32_t> labels = {0, 1, 1, 0};
  DigitalEngine engine;
  Mlp::Workspace ws;
  AlignedFloats fresh, reused(static_cast<std::size_t>(model.storage_size()), std::nanf(""));
  model.Backward(x, labels, engine, ws, fresh);
  model.Backward(x, labels, engine, ws, reused);
  ASSERT_EQ(fresh.size(), reused.size());
  for (std::size_t i = 0; i < fresh.size(); ++i) EXPECT_EQ(fresh[i], reused[i]) << "entry " << i;
  double total = 0, in_blocks = 0;
  for (float g : reused) total += std::abs(g);
  for (int l = 0; l < 2; ++l) {
    const std::int64_t out = model.spec().widths[l + 1], in = model.spec().widths[l];
    for (std::int64_t i = 0; i < out * in; ++i) in_blocks += std::abs(reused[model.Offset(l) + i]);
    for (std::int64_t i = 0; i < out; ++i) in_blocks += std::abs(reused[model.BiasOffset(l) + i]);
  }
  EXPECT_EQ(total, in_blocks);  // the padding is exactly zero
}

}  // namespace
}  // namespace landauer::nn

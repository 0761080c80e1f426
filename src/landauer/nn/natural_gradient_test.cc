#include "landauer/nn/natural_gradient.h"

#include <gtest/gtest.h>

#include <Eigen/Cholesky>

#include "explicit_ggn.h"
#include "landauer/data/synthetic.h"
#include "landauer/nn/trainer.h"

namespace landauer::nn {
namespace {

struct Small {
  Mlp model{MlpSpec::Parse("mlp:5-6-4"), Activation::kTanh};
  MatrixF x;
  AlignedFloats gradient;
  Small() {
    model.Initialize(2);
    Rng rng(1, "test", "x");
    x.resize(3, 5);
    for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = static_cast<float>(rng.Normal());
    DigitalEngine engine;
    Mlp::Workspace ws;
    model.Backward(x, std::vector<std::int32_t>{0, 2, 3}, engine, ws, gradient);
  }
  // (G + λI)⁻¹ g with G formed explicitly from GGN-vector products.
  Eigen::VectorXd ExactNgd(double lambda) const {
    const auto n = model.storage_size();
    Eigen::MatrixXd f = testing::ExplicitGgn(model, x);
    f += lambda * Eigen::MatrixXd::Identity(n, n);
    Eigen::VectorXd g(n);
    for (std::int64_t i = 0; i < n; ++i) g[i] = gradient[i];
    return f.ldlt().solve(g);
  }
};

double MaxDifference(const AlignedFloats& a, const Eigen::VectorXd& b) {
  double worst = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    worst = std::max(worst, std::abs(a[i] - b[static_cast<Eigen::Index>(i)]));
  return worst;
}

TEST(NaturalGradient, NgdAndCgMatchTheExplicitSolve) {
  Small s;
  const double lambda = 0.1;
  const Eigen::VectorXd exact = s.ExactNgd(lambda);
  const double scale = exact.cwiseAbs().maxCoeff();
  AlignedFloats direction;
  NaturalGradient ngd({.method = "ngd", .damping = lambda});
  ngd.Apply(s.model, s.x, s.gradient, direction, nullptr, "train");
  EXPECT_LT(MaxDifference(direction, exact), 1e-3 * scale);
  NaturalGradient cg({.method = "ngd-cg", .damping = lambda, .cg_iterations = 60});
  cg.Apply(s.model, s.x, s.gradient, direction, nullptr, "train");
  EXPECT_LT(MaxDifference(direction, exact), 1e-3 * scale);
}

// The digital work of NGD and NGD-CG is counted: N = 5·6+6 + 6·4+4 = 64, B = 3, C = 4, r = 12.
TEST(NaturalGradient, NgdAndCgCountTheirDigitalWork) {
  Small s;
  AlignedFloats direction;
  Ledger ledger;
  NaturalGradient ngd({.method = "ngd", .damping = 0.1});
  ngd.Apply(s.model, s.x, s.gradient, direction, &ledger, "train");
  const double n = 64, b = 3, c = 4, r = 12;
  const double gram = b * b * 6 + r * r * 6 + b * b * 7 + r * r * 4;
  EXPECT_DOUBLE_EQ(ledger.count("train", "alu", "fp32_mac"),
                   r * n + gram + 2 * r * r * c + 4.5 * r * r * r + 3 * b * n);
  EXPECT_DOUBLE_EQ(ledger.erased_bits("train"), 32.0 * (r * 10 + 2 * r * r + n));
  Ledger cg_ledger;
  NaturalGradient cg({.method = "ngd-cg", .damping = 0.1, .cg_iterations = 5});
  cg.Apply(s.model, s.x, s.gradient, direction, &cg_ledger, "train");
  EXPECT_DOUBLE_EQ(cg_ledger.count("train", "alu", "fp32_mac"),
                   5 * (3 * b * n + b * c * c + 3 * n));
  EXPECT_DOUBLE_EQ(cg_ledger.erased_bits("train"), 5 * 32.0 * 4 * n);
}

// TNGD interpolates: t = 0 returns the gradient, long analog time reaches NGD (Eq. 19).
TEST(NaturalGradient, TngdInterpolatesFromSgdToNgd) {
  Small s;
  const double lambda = 0.1;
  AlignedFloats direction;
  NaturalGradient zero({.method = "tngd", .damping = lambda, .analog_time_tau = 0});
  zero.Apply(s.model, s.x, s.gradient, direction, nullptr, "train");
  EXPECT_EQ(direction, s.gradient);
  NaturalGradient long_time({.method = "tngd", .damping = lambda, .analog_time_tau = 500});
  long_time.Apply(s.model, s.x, s.gradient, direction, nullptr, "train");
  const Eigen::VectorXd exact = s.ExactNgd(lambda);
  EXPECT_LT(MaxDifference(direction, exact), 1e-3 * exact.cwiseAbs().maxCoeff());
}

// The closed-form n-step Euler–Maruyama law equals iterating g̃ ← g̃ − h((G + λI) g̃ − g) with
// explicit GGN products (κ₀ = 0, so both are deterministic).
TEST(NaturalGradient, EulerMaruyamaClosedFormEqualsIteratedSteps) {
  Small s;
  const double lambda = 0.1, h = 0.1, t = 3.0;
  AlignedFloats direction;
  NaturalGradient em({.method = "tngd", .damping = lambda, .analog_time_tau = t, .step_tau = h});
  em.Apply(s.model, s.x, s.gradient, direction, nullptr, "train");
  AlignedFloats iterate = s.gradient;  // warm start g̃₀ = g
  for (int step = 0; step < 30; ++step) {
    const AlignedFloats gv = s.model.GgnProduct(s.x, iterate);
    for (std::size_t i = 0; i < iterate.size(); ++i) {
      iterate[i] -= static_cast<float>(h * (gv[i] + lambda * iterate[i] - s.gradient[i]));
    }
  }
  double worst = 0, scale = 0;
  for (std::size_t i = 0; i < iterate.size(); ++i) {
    worst = std::max(worst, double(std::abs(direction[i] - iterate[i])));
    scale = std::max(scale, double(std::abs(iterate[i])));
  }
  EXPECT_LT(worst, 1e-4 * scale);
}

// With noise, the device's state is a sample around the deterministic answer: over 400 seeds
// the mean matches the noiseless result within 5 standard errors.
TEST(NaturalGradient, NoiseIsUnbiased) {
  Small s;
  AlignedFloats noiseless;
  NaturalGradient reference({.method = "tngd", .damping = 0.5, .analog_time_tau = 2});
  reference.Apply(s.model, s.x, s.gradient, noiseless, nullptr, "train");
  const std::size_t n = noiseless.size();
  std::vector<double> sum(n, 0.0), sum_sq(n, 0.0);
  constexpr int kSeeds = 400;
  for (int seed = 0; seed < kSeeds; ++seed) {
    AlignedFloats direction;
    NaturalGradient noisy({.method = "tngd",
                           .damping = 0.5,
                           .analog_time_tau = 2,
                           .kappa0 = 0.01,
                           .seed = static_cast<std::uint64_t>(seed)});
    noisy.Apply(s.model, s.x, s.gradient, direction, nullptr, "train");
    for (std::size_t i = 0; i < n; ++i)
      sum[i] += direction[i], sum_sq[i] += double(direction[i]) * direction[i];
  }
  for (std::size_t i = 0; i < n; ++i) {
    const double mean = sum[i] / kSeeds, var = sum_sq[i] / kSeeds - mean * mean;
    if (var <= 0) continue;  // padding entries
    EXPECT_NEAR(mean, noiseless[i], 5 * std::sqrt(var / kSeeds)) << i;
  }
}

TEST(NaturalGradient, TrainsAndCountsTheDevice) {
  const TrainTest data =
      MakeSynthetic({.train_samples = 256, .test_samples = 128, .dimension = 8, .classes = 3}, 1);
  for (const char* method : {"tngd", "ngd"}) {
    Mlp model(MlpSpec::Parse("mlp:8-16-3"), Activation::kRelu);
    model.Initialize(0);
    DigitalEngine engine;
    TrainOptions options;
    options.epochs = 3;
    options.batch = 32;
    options.optimizer = {.name = "sgd", .learning_rate = 0.05, .momentum = 0.0};
    options.natural_gradient = std::make_shared<NaturalGradient>(NaturalGradientOptions{
        .method = method, .damping = 0.1, .analog_time_tau = 20, .delay_tau = 1});
    const DigitalCostModel cost(model.spec(), Precision::kFp32);
    Ledger ledger;
    const TrainResult result = Train(model, data.train, options, engine, &cost, &ledger, nullptr);
    EXPECT_LT(result.epochs.back().loss, result.epochs.front().loss) << method;
    if (std::string(method) == "tngd") {
      EXPECT_GT(ledger.count("train", "spu", "cell_tau"), 0.0);
      EXPECT_EQ(ledger.count("train", "dac", "convert_16b"), 24.0 * model.num_parameters());
    }
  }
  EXPECT_THROW(NaturalGradient({.method = "kfac"}), std::invalid_argument);
}

// What StateHeader/StatePayload save is all a fresh NaturalGradient needs to continue bit for bit.
TEST(NaturalGradient, TngdStateRoundTripsWithNoiseAndDelay) {
  Small s;
  const NaturalGradientOptions options{.method = "tngd",
                                       .damping = 0.1,
                                       .analog_time_tau = 3,
                                       .delay_tau = 0.5,
                                       .kappa0 = 0.01,
                                       .seed = 4};
  NaturalGradient original(options);
  AlignedFloats direction;
  for (int k = 0; k < 3; ++k) original.Apply(s.model, s.x, s.gradient, direction, nullptr, "train");
  NaturalGradient restored(options);
  const std::vector<float> payload = original.StatePayload();
  restored.RestoreState(original.StateHeader(), payload, s.model);
  AlignedFloats a, b;
  original.Apply(s.model, s.x, s.gradient, a, nullptr, "train");
  restored.Apply(s.model, s.x, s.gradient, b, nullptr, "train");
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) ASSERT_EQ(a[i], b[i]) << i;
  EXPECT_THROW(restored.RestoreState(
                   original.StateHeader(), std::span<const float>(payload.data(), 3), s.model),
               std::invalid_argument);
}

}  // namespace
}  // namespace landauer::nn

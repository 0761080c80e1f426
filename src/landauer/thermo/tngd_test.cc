// TNGD (thermo/tngd.h) against the explicit natural gradient of a small network.
#include "landauer/thermo/tngd.h"

#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <functional>

#include "landauer/core/quantize.h"
#include "landauer/data/synthetic.h"
#include "landauer/nn/digital_cost.h"
#include "landauer/nn/loss.h"
#include "landauer/nn/trainer.h"
#include "small_ggn_problem.h"

namespace landauer::thermo {
namespace {

using Small = testing::SmallGgnProblem;
using testing::MaxDifference;

// The k-th of a run of distinct gradients: the small problem's gradient, scaled and tilted.
AlignedFloats KthGradient(const AlignedFloats& gradient, int k) {
  AlignedFloats g = gradient;
  for (std::size_t i = 0; i < g.size(); ++i) {
    g[i] = static_cast<float>(g[i] * (1.0 + 0.1 * k) + 1e-3 * ((i + k) % 7));
  }
  return g;
}

// Over many steps: t = 0 is SGD (the current gradient each step) under the gradient init, and
// under the warm start it freezes the direction at the first gradient (Alg. 1 read literally).
TEST(Tngd, ZeroAnalogTimeOverManyStepsInBothInitModes) {
  Small s;
  Tngd reset({.damping = 0.1, .analog_time_tau = 0, .init = TngdInit::kGradient});
  Tngd warm({.damping = 0.1, .analog_time_tau = 0, .init = TngdInit::kWarm});
  AlignedFloats direction;
  const AlignedFloats first = KthGradient(s.gradient, 0);
  for (int k = 0; k < 40; ++k) {
    const AlignedFloats g = KthGradient(s.gradient, k);
    reset.Apply(s.model, s.x, g, direction, nullptr, "train");
    EXPECT_EQ(direction, g) << k;
    warm.Apply(s.model, s.x, g, direction, nullptr, "train");
    EXPECT_EQ(direction, first) << k;
    if (k > 0) EXPECT_NE(direction, g) << k;
  }
}

// Long analog time reaches NGD of the current F and g at every step (Eq. 19), from either start.
TEST(Tngd, LongAnalogTimeIsNgdAtEveryStepInBothInitModes) {
  Small s;
  const double lambda = 0.1;
  for (const TngdInit init : {TngdInit::kWarm, TngdInit::kGradient}) {
    Tngd tngd({.damping = lambda, .analog_time_tau = 500, .init = init});
    AlignedFloats direction;
    for (int k = 0; k < 10; ++k) {
      const AlignedFloats g = KthGradient(s.gradient, k);
      tngd.Apply(s.model, s.x, g, direction, nullptr, "train");
      const Eigen::VectorXd exact = s.ExactNgd(lambda, g);
      EXPECT_LT(MaxDifference(direction, exact), 1e-3 * exact.cwiseAbs().maxCoeff())
          << ToString(init) << " step " << k;
    }
  }
}

// Training with the gradient init at t = 0 is SGD, bit for bit, over every step of a run.
TEST(Tngd, GradientInitAtZeroTimeTrainsExactlyAsSgd) {
  const TrainTest data =
      MakeSynthetic({.train_samples = 256, .test_samples = 16, .dimension = 8, .classes = 3}, 2);
  auto train = [&](bool through_tngd) {
    nn::Mlp model(nn::MlpSpec::Parse("mlp:8-16-3"), nn::Activation::kRelu);
    model.Initialize(0);
    nn::DigitalEngine engine;
    nn::TrainOptions options;
    options.epochs = 4;
    options.batch = 16;
    options.optimizer = {.name = "sgd", .learning_rate = 0.05, .momentum = 0.0};
    if (through_tngd) {
      options.direction = std::make_shared<Tngd>(TngdOptions{
          .damping = 0.01, .analog_time_tau = 0, .kappa0 = 0, .init = TngdInit::kGradient});
    }
    nn::Train(model, data.train, options, engine, nullptr, nullptr, nullptr);
    return model.parameters();
  };
  EXPECT_EQ(train(true), train(false));
}

// The closed-form n-step Euler–Maruyama law equals iterating g̃ ← g̃ − h((G + λI) g̃ − g) with
// explicit GGN products (κ₀ = 0, so both are deterministic).
TEST(Tngd, EulerMaruyamaClosedFormEqualsIteratedSteps) {
  Small s;
  const double lambda = 0.1, h = 0.1, t = 3.0;
  AlignedFloats direction;
  Tngd em({.damping = lambda, .analog_time_tau = t, .step_tau = h});
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
TEST(Tngd, NoiseIsUnbiased) {
  Small s;
  AlignedFloats noiseless;
  Tngd reference({.damping = 0.5, .analog_time_tau = 2});
  reference.Apply(s.model, s.x, s.gradient, noiseless, nullptr, "train");
  const std::size_t n = noiseless.size();
  std::vector<double> sum(n, 0.0), sum_sq(n, 0.0);
  constexpr int kSeeds = 400;
  for (int seed = 0; seed < kSeeds; ++seed) {
    AlignedFloats direction;
    Tngd noisy({.damping = 0.5,
                .analog_time_tau = 2,
                .kappa0 = 0.01,
                .seed = static_cast<std::uint64_t>(seed)});
    noisy.Apply(s.model, s.x, s.gradient, direction, nullptr, "train");
    for (std::size_t i = 0; i < n; ++i) {
      sum[i] += direction[i];
      sum_sq[i] += double(direction[i]) * direction[i];
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    const double mean = sum[i] / kSeeds, var = sum_sq[i] / kSeeds - mean * mean;
    if (var <= 0) continue;  // padding entries
    EXPECT_NEAR(mean, noiseless[i], 5 * std::sqrt(var / kSeeds)) << i;
  }
}

// Coupling quantisation: long analog time relaxes to (J_qᵀ H_q J_q + λI)⁻¹ g, built here
// explicitly from the quantised Jacobian and loss Hessian (each H block clamped to PSD, as the
// device's must be); at 16 bits that is close to the ideal NGD, at 3 bits visibly not.
TEST(Tngd, QuantisedCouplingsRelaxToTheQuantisedSystem) {
  Small s;
  const auto n = s.model.storage_size();
  const int batch = 3, classes = 4, r = batch * classes;
  Eigen::MatrixXd j(r, n), h = Eigen::MatrixXd::Zero(r, r);
  nn::DigitalEngine engine;
  nn::Mlp::Workspace ws;
  s.model.Forward(s.x, engine, ws);
  MatrixF p;
  nn::Softmax(ws.logits(), p);
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
  Eigen::VectorXd g(n);
  for (std::int64_t i = 0; i < n; ++i) g[i] = s.gradient[static_cast<std::size_t>(i)];
  const double lambda = 0.05;
  auto explicit_solve = [&](int bits) {
    const double j_range = j.cwiseAbs().maxCoeff(), h_range = h.cwiseAbs().maxCoeff();
    const Eigen::MatrixXd jq = j.unaryExpr(
        [&](double x) { return double(float(QuantizeSymmetric(float(x), j_range, bits))); });
    Eigen::MatrixXd hq = h.unaryExpr([&](double x) { return QuantizeSymmetric(x, h_range, bits); });
    for (int i = 0; i < batch; ++i) {
      const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(
          hq.block(i * classes, i * classes, classes, classes));
      hq.block(i * classes, i * classes, classes, classes) =
          eig.eigenvectors() * eig.eigenvalues().cwiseMax(0.0).asDiagonal() *
          eig.eigenvectors().transpose();
    }
    const Eigen::MatrixXd f = jq.transpose() * hq * jq + lambda * Eigen::MatrixXd::Identity(n, n);
    return Eigen::VectorXd(f.ldlt().solve(g));
  };
  const Eigen::VectorXd ideal = s.ExactNgd(lambda);
  for (const int bits : {3, 16}) {
    Tngd tngd({.damping = lambda, .analog_time_tau = 2000, .coupling_bits = bits});
    AlignedFloats direction;
    tngd.Apply(s.model, s.x, s.gradient, direction, nullptr, "train");
    const Eigen::VectorXd expected = explicit_solve(bits);
    const double scale = expected.cwiseAbs().maxCoeff();
    EXPECT_LT(MaxDifference(direction, expected), 2e-3 * scale) << bits << " bits";
    const double ideal_gap = MaxDifference(direction, ideal);
    if (bits == 16) EXPECT_LT(ideal_gap, 5e-3 * scale);
    if (bits == 3) EXPECT_GT(ideal_gap, 1e-2 * scale);
  }
}

// One iteration's SPU actions, against the counting stated in tngd.h: B = 3, C = 4, r = 12,
// N = 64 parameters.
TEST(Tngd, CountsOneIterationAsStated) {
  Small s;
  for (const int bits : {0, 6}) {
    Tngd tngd({.damping = 0.1, .analog_time_tau = 5, .delay_tau = 1, .coupling_bits = bits});
    AlignedFloats direction;
    Ledger ledger;
    tngd.Apply(s.model, s.x, s.gradient, direction, &ledger, "train");
    const double n = 64, b = 3, c = 4, r = 12, value_bits = bits == 0 ? 16 : bits;
    EXPECT_DOUBLE_EQ(ledger.count("train", "alu", "fp32_mac"), r * n + b * c * c);
    const double link_bits = value_bits * r * (r + 2 * n) + 16 * 2 * n;
    EXPECT_DOUBLE_EQ(ledger.count("train", "link", "bit"), link_bits);
    // Erased: the bits received, the 16-bit DAC and ADC values, and the host MACs' accumulators.
    EXPECT_DOUBLE_EQ(ledger.erased_bits("train"),
                     link_bits + 16 * n + 16 * n + 32 * (r * n + b * c * c));
    EXPECT_DOUBLE_EQ(ledger.count("train", "dac", "convert_16b"), n);
    EXPECT_DOUBLE_EQ(ledger.count("train", "adc", "convert_16b"), n);
    EXPECT_DOUBLE_EQ(ledger.count("train", "spu", "cell_tau"), (n + r) * 6.0);
    // One resistor per programmed value of J_f, H_L and J_fᵀ, written, then carrying t + t_d.
    EXPECT_DOUBLE_EQ(ledger.count("train", "spu", "resistor_write"), r * (r + 2 * n));
    EXPECT_DOUBLE_EQ(ledger.count("train", "spu", "resistor_tau"), r * (r + 2 * n) * 6.0);
  }
}

TEST(Tngd, TrainsAnMlpAndCountsTheDevice) {
  const TrainTest data =
      MakeSynthetic({.train_samples = 256, .test_samples = 128, .dimension = 8, .classes = 3}, 1);
  nn::Mlp model(nn::MlpSpec::Parse("mlp:8-16-3"), nn::Activation::kRelu);
  model.Initialize(0);
  nn::DigitalEngine engine;
  nn::TrainOptions options;
  options.epochs = 3;
  options.batch = 32;
  options.optimizer = {.name = "sgd", .learning_rate = 0.05, .momentum = 0.0};
  options.direction =
      std::make_shared<Tngd>(TngdOptions{.damping = 0.1, .analog_time_tau = 20, .delay_tau = 1});
  const nn::DigitalCostModel cost(model.spec(), nn::Precision::kFp32);
  Ledger ledger;
  const nn::TrainResult result =
      nn::Train(model, data.train, options, engine, &cost, &ledger, nullptr);
  EXPECT_LT(result.epochs.back().loss, result.epochs.front().loss);
  EXPECT_GT(ledger.count("train", "spu", "cell_tau"), 0.0);
  EXPECT_EQ(ledger.count("train", "dac", "convert_16b"), 24.0 * model.num_parameters());
}

// What StateHeader/StatePayload save is all a fresh Tngd needs to continue bit for bit.
TEST(Tngd, StateRoundTripsWithNoiseAndDelay) {
  Small s;
  const TngdOptions options{
      .damping = 0.1, .analog_time_tau = 3, .delay_tau = 0.5, .kappa0 = 0.01, .seed = 4};
  Tngd original(options);
  AlignedFloats direction;
  for (int k = 0; k < 3; ++k) original.Apply(s.model, s.x, s.gradient, direction, nullptr, "train");
  Tngd restored(options);
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

// A checkpoint's TNGD state is input like any other (issue 11, class 3): a tampered header is
// refused with std::invalid_argument (exit 2 in the CLI), never a JSON exception or a bad read,
// and a refused restore changes nothing.
TEST(Tngd, Issue11Class3TamperedStateIsRefusedAndChangesNothing) {
  Small s;
  const TngdOptions options{
      .damping = 0.1, .analog_time_tau = 3, .delay_tau = 0.5, .kappa0 = 0.01, .seed = 4};
  Tngd original(options);
  AlignedFloats direction;
  for (int k = 0; k < 2; ++k) original.Apply(s.model, s.x, s.gradient, direction, nullptr, "train");
  const nlohmann::json good = original.StateHeader();
  const std::vector<float> payload = original.StatePayload();
  ASSERT_TRUE(good.value("previous", false));
  const std::vector<std::function<void(nlohmann::json&)>> edits = {
      [](nlohmann::json& h) { h["state"] = "x"; },
      [](nlohmann::json& h) { h["previous"] = 1; },
      [](nlohmann::json& h) { h.erase("iterations"); },
      [](nlohmann::json& h) { h["iterations"] = -3; },
      [](nlohmann::json& h) { h["previous_batch_rows"] = -1; },
      [](nlohmann::json& h) {
        // Same element count, wrong shape: the batch would be multiplied with the wrong width.
        const std::int64_t rows = h["previous_batch_rows"], cols = h["previous_batch_cols"];
        h["previous_batch_rows"] = rows * cols;
        h["previous_batch_cols"] = 1;
      },
      [](nlohmann::json& h) { h["previous_batch_cols"] = "wide"; },
      [](nlohmann::json& h) { h = nlohmann::json::array(); },
  };
  for (std::size_t i = 0; i < edits.size(); ++i) {
    nlohmann::json header = good;
    edits[i](header);
    Tngd fresh(options);
    const nlohmann::json before = fresh.StateHeader();
    EXPECT_THROW(fresh.RestoreState(header, payload, s.model), std::invalid_argument) << i;
    EXPECT_EQ(fresh.StateHeader(), before) << i;
  }
}

TEST(Tngd, RejectsBadOptionsNamingTheField) {
  auto message = [](const TngdOptions& options) {
    try {
      Tngd tngd(options);
    } catch (const std::exception& error) {
      return std::string(error.what());
    }
    return std::string();
  };
  EXPECT_NE(message({.damping = 0}).find("damping"), std::string::npos);
  EXPECT_NE(message({.analog_time_tau = -1}).find("analog_time_tau"), std::string::npos);
  EXPECT_NE(message({.kappa0 = -1}).find("kappa0"), std::string::npos);
  EXPECT_NE(message({.coupling_bits = 1}).find("coupling_bits"), std::string::npos);
  EXPECT_NE(message({.coupling_bits = 25}).find("2 to 24"), std::string::npos);
  EXPECT_NE(message({.delay_tau = 1, .init = TngdInit::kGradient}).find("init = warm"),
            std::string::npos);
  EXPECT_EQ(TngdInitFromString("gradient"), TngdInit::kGradient);
  EXPECT_THROW(TngdInitFromString("cold"), std::invalid_argument);
  // An Euler–Maruyama step beyond 2/(μ_max + λ) is refused with the limit and the fix.
  Small s;
  Tngd unstable({.damping = 0.1, .analog_time_tau = 50, .step_tau = 40});
  AlignedFloats direction;
  try {
    unstable.Apply(s.model, s.x, s.gradient, direction, nullptr, "train");
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("stability limit"), std::string::npos);
  }
}

}  // namespace
}  // namespace landauer::thermo

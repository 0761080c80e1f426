#include "landauer/nn/natural_gradient.h"

#include <gtest/gtest.h>

#include "landauer/data/synthetic.h"
#include "landauer/nn/digital_cost.h"
#include "landauer/nn/trainer.h"
#include "small_ggn_problem.h"

namespace landauer::nn {
namespace {

using Small = testing::SmallGgnProblem;
using testing::MaxDifference;

TEST(NaturalGradient, NgdAndCgMatchTheExplicitSolve) {
  Small s;
  const double lambda = 0.1;
  const Eigen::VectorXd exact = s.ExactNgd(lambda);
  const double scale = exact.cwiseAbs().maxCoeff();
  AlignedFloats direction;
  NaturalGradient ngd({.method = NaturalGradientMethod::kExact, .damping = lambda});
  ngd.Apply(s.model, s.x, s.gradient, direction, nullptr, "train");
  EXPECT_LT(MaxDifference(direction, exact), 1e-3 * scale);
  NaturalGradient cg({.method = NaturalGradientMethod::kConjugateGradient,
                      .damping = lambda,
                      .cg_iterations = 60});
  cg.Apply(s.model, s.x, s.gradient, direction, nullptr, "train");
  EXPECT_LT(MaxDifference(direction, exact), 1e-3 * scale);
}

// The digital work of NGD and NGD-CG is counted: N = 5·6+6 + 6·4+4 = 64, B = 3, C = 4, r = 12.
TEST(NaturalGradient, NgdAndCgCountTheirDigitalWork) {
  Small s;
  AlignedFloats direction;
  Ledger ledger;
  NaturalGradient ngd({.method = NaturalGradientMethod::kExact, .damping = 0.1});
  ngd.Apply(s.model, s.x, s.gradient, direction, &ledger, "train");
  const double n = 64, b = 3, c = 4, r = 12;
  const double gram = b * b * 6 + r * r * 6 + b * b * 7 + r * r * 4;
  EXPECT_DOUBLE_EQ(ledger.count("train", "alu", "fp32_mac"),
                   r * n + gram + 2 * r * r * c + 4.5 * r * r * r + 3 * b * n);
  // Erased: the fp32 values written, and each MAC's accumulator (energy/erasure.h).
  const double written = 32.0 * (r * 10 + 2 * r * r + n);
  EXPECT_DOUBLE_EQ(ledger.count("train", "sram_small", "write_bit"), written);
  EXPECT_DOUBLE_EQ(ledger.erased_bits("train"),
                   written + 32.0 * ledger.count("train", "alu", "fp32_mac"));
  Ledger cg_ledger;
  NaturalGradient cg(
      {.method = NaturalGradientMethod::kConjugateGradient, .damping = 0.1, .cg_iterations = 5});
  cg.Apply(s.model, s.x, s.gradient, direction, &cg_ledger, "train");
  EXPECT_DOUBLE_EQ(cg_ledger.count("train", "alu", "fp32_mac"),
                   5 * (3 * b * n + b * c * c + 3 * n));
  EXPECT_DOUBLE_EQ(cg_ledger.count("train", "sram_small", "write_bit"), 5 * 32.0 * 4 * n);
  EXPECT_DOUBLE_EQ(cg_ledger.erased_bits("train"),
                   5 * 32.0 * 4 * n + 32.0 * cg_ledger.count("train", "alu", "fp32_mac"));
}

TEST(NaturalGradient, TrainsAndCountsItsDigitalWork) {
  const TrainTest data =
      MakeSynthetic({.train_samples = 256, .test_samples = 128, .dimension = 8, .classes = 3}, 1);
  for (const NaturalGradientMethod method :
       {NaturalGradientMethod::kExact, NaturalGradientMethod::kConjugateGradient}) {
    Mlp model(MlpSpec::Parse("mlp:8-16-3"), Activation::kRelu);
    model.Initialize(0);
    DigitalEngine engine;
    TrainOptions options;
    options.epochs = 3;
    options.batch = 32;
    options.optimizer = {.name = "sgd", .learning_rate = 0.05, .momentum = 0.0};
    options.direction = std::make_shared<NaturalGradient>(
        NaturalGradientOptions{.method = method, .damping = 0.1, .cg_iterations = 5});
    const DigitalCostModel cost(model.spec(), Precision::kFp32);
    Ledger ledger, plain;
    const TrainResult result = Train(model, data.train, options, engine, &cost, &ledger, nullptr);
    EXPECT_LT(result.epochs.back().loss, result.epochs.front().loss) << ToString(method);
    // The transform's MACs come on top of the plain training's.
    Mlp again(MlpSpec::Parse("mlp:8-16-3"), Activation::kRelu);
    again.Initialize(0);
    options.direction.reset();
    Train(again, data.train, options, engine, &cost, &plain, nullptr);
    EXPECT_GT(ledger.count("train", "alu", "fp32_mac"), plain.count("train", "alu", "fp32_mac"));
  }
}

TEST(NaturalGradient, NamesAndBadOptions) {
  EXPECT_EQ(NaturalGradientMethodFromString("ngd"), NaturalGradientMethod::kExact);
  EXPECT_EQ(NaturalGradientMethodFromString("ngd-cg"), NaturalGradientMethod::kConjugateGradient);
  EXPECT_EQ(ToString(NaturalGradientMethod::kConjugateGradient), "ngd-cg");
  EXPECT_THROW(NaturalGradientMethodFromString("kfac"), std::invalid_argument);
  EXPECT_THROW(NaturalGradient({.damping = 0.0}), std::domain_error);
  EXPECT_THROW(NaturalGradient({.cg_iterations = 0}), std::domain_error);
  NaturalGradient ngd({.damping = 0.1});
  EXPECT_EQ(ngd.OptionsJson()["method"], "ngd");
  const std::vector<float> stray = {1.0f};
  EXPECT_THROW(ngd.RestoreState(
                   {{"iterations", 3}}, stray, Mlp(MlpSpec::Parse("mlp:2-2"), Activation::kRelu)),
               std::invalid_argument);
  ngd.RestoreState({{"iterations", 3}}, {}, Mlp(MlpSpec::Parse("mlp:2-2"), Activation::kRelu));
  EXPECT_EQ(ngd.iterations(), 3);
}

}  // namespace
}  // namespace landauer::nn

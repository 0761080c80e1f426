// The conformance harness itself: it passes the exact engine, respects capabilities, and fails
// wrong engines (a wrong forward in product mode, a wrong backward in gradient mode). Every
// registered engine is run through it by tests/conformance/engine_conformance_test.cc.
#include "landauer/nn/engine_conformance.h"

#include <gtest/gtest.h>

#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

#include "landauer/core/rng.h"
#include "landauer/data/synthetic.h"
#include "landauer/nn/digital_cost.h"
#include "landauer/nn/mlp.h"
#include "landauer/nn/programmed_network.h"
#include "landauer/nn/quantized_engine.h"
#include "landauer/nn/trainer.h"

namespace landauer::nn {
namespace {

TEST(EngineConformance, DigitalEngineIsExactOnAnyThreadCount) {
  DigitalEngine two_threads(2);
  const ConformanceReport report = CheckEngineConformance(two_threads, {0.0, 0.0, 0.0});
  EXPECT_TRUE(report.passed) << report.Describe();
  EXPECT_EQ(report.cases.size(), 15u);
  const ConformanceReport gradient = CheckEngineGradient(two_threads, 5e-3);
  EXPECT_TRUE(gradient.passed) << gradient.Describe();
  EXPECT_EQ(gradient.cases.size(), 4u);
}

TEST(EngineConformance, QuantisedEnginesRunForwardOnlyWithinTheirTolerance) {
  QuantizedEngine bf16(Precision::kBf16, 2);
  const ConformanceReport report = CheckEngineConformance(bf16, QuantizedEngine::kBf16Tolerances);
  EXPECT_TRUE(report.passed) << report.Describe();
  EXPECT_EQ(report.cases.size(), 5u);  // no backward products: the engine does not claim them
  // And it is not exact: bf16 keeps 8 bits of mantissa (relative rounding 2^-9).
  EXPECT_GT(report.cases[3].nmse, 1e-7) << report.Describe();
  QuantizedEngine int8(Precision::kInt8, 1);
  EXPECT_TRUE(CheckEngineConformance(int8, QuantizedEngine::kInt8Tolerances).passed);
  EXPECT_FALSE(int8.Capabilities().backward_input);
  EXPECT_FALSE(int8.Capabilities().weight_gradient);
}

// Deliberately wrong engines: the harness must be able to fail.
class ScaledEngine final : public LinearEngine {
 public:
  ScaledEngine(float forward_scale, float backward_scale)
      : forward_scale_(forward_scale), backward_scale_(backward_scale) {}
  std::string Name() const override { return "broken"; }
  EngineCapabilities Capabilities() const override { return exact_.Capabilities(); }
  std::unique_ptr<ProgrammedWeights> Program(const WeightsView& w,
                                             const ProgramContext& context) override {
    return std::make_unique<Weights>(exact_.Program(w, context), forward_scale_, backward_scale_);
  }
  void WeightGradient(const ConstMatrixRef& dy, const ConstMatrixRef& x, MatrixRef dw) override {
    exact_.WeightGradient(dy, x, dw);
  }

 private:
  class Weights final : public ProgrammedWeights {
   public:
    Weights(std::unique_ptr<ProgrammedWeights> exact, float forward, float backward)
        : exact_(std::move(exact)), forward_(forward), backward_(backward) {}
    Eigen::Index rows() const override { return exact_->rows(); }
    Eigen::Index cols() const override { return exact_->cols(); }
    void Forward(const ConstMatrixRef& x, MatrixF& y) override {
      exact_->Forward(x, y);
      y *= forward_;
    }
    void BackwardInput(const ConstMatrixRef& dy, MatrixF& dx) override {
      exact_->BackwardInput(dy, dx);
      dx *= backward_;
    }

   private:
    std::unique_ptr<ProgrammedWeights> exact_;
    float forward_, backward_;
  };
  DigitalEngine exact_;
  float forward_scale_, backward_scale_;
};

TEST(EngineConformance, CatchesAWrongForward) {
  ScaledEngine broken(1.01f, 1.0f);
  const ConformanceReport report = CheckEngineConformance(broken, {.forward = 1e-5});
  EXPECT_FALSE(report.passed);
  EXPECT_NEAR(report.cases[0].nmse, 1e-4, 1e-6);  // (0.01)²
}

// A backward pass that is not the adjoint of the forward pass: the products alone can be set to
// pass (a loose backward tolerance), the gradient check cannot.
TEST(EngineConformance, GradientModeCatchesABackwardThatIsNotTheForwardsAdjoint) {
  ScaledEngine broken(1.0f, 0.5f);
  EXPECT_TRUE(CheckEngineConformance(broken, {.backward_input = 1.0}).passed);
  const ConformanceReport report = CheckEngineGradient(broken, 5e-3);
  EXPECT_FALSE(report.passed) << report.Describe();
}

// Products an engine does not run are the host's: an inference-only engine still back-propagates
// exactly (straight through its quantised forward).
TEST(ProgrammedNetwork, RunsTheProductsTheEngineLacksOnTheHost) {
  Mlp model(MlpSpec::Parse("mlp:6-5-3"), Activation::kTanh);
  model.Initialize(1);
  MatrixF x(4, 6);
  Rng rng(3, "test", "x");
  for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = static_cast<float>(rng.Normal());
  const std::vector<std::int32_t> labels = {0, 1, 2, 1};
  DigitalEngine exact;
  QuantizedEngine int8(Precision::kInt8);
  ProgrammedNetwork device(int8);
  EXPECT_FALSE(device.programmed());
  device.Program(model);
  EXPECT_EQ(device.programmings(), 1);
  EXPECT_EQ(device.num_layers(), 2);
  Mlp::Workspace ws, ws_exact;
  AlignedFloats gradient, gradient_exact;
  model.Backward(x, labels, device, ws, gradient);
  model.Backward(x, labels, exact, ws_exact, gradient_exact);
  // The forward differs (int8), so the gradients differ a little; the backward ran at all.
  ASSERT_EQ(gradient.size(), gradient_exact.size());
  double difference = 0, scale = 0;
  for (std::size_t i = 0; i < gradient.size(); ++i) {
    difference = std::max(difference, double(std::abs(gradient[i] - gradient_exact[i])));
    scale = std::max(scale, double(std::abs(gradient_exact[i])));
  }
  EXPECT_GT(difference, 0.0);
  EXPECT_LT(difference, 0.05 * scale);
}

TEST(Bfloat16, RoundsToNearestEven) {
  EXPECT_EQ(RoundToBfloat16(1.0f), 1.0f);
  EXPECT_EQ(RoundToBfloat16(1.0f + 1.0f / 256), 1.0f);               // tie -> even (1.0)
  EXPECT_EQ(RoundToBfloat16(1.0f + 3.0f / 256), 1.0f + 4.0f / 256);  // tie -> even (1 + 2/128)
  EXPECT_EQ(RoundToBfloat16(1.0f + 1.5f / 256), 1.0f + 2.0f / 256);  // above half -> up
  EXPECT_EQ(RoundToBfloat16(-3.14159265f), -3.140625f);
  EXPECT_TRUE(std::isnan(RoundToBfloat16(std::numeric_limits<float>::quiet_NaN())));
  EXPECT_THROW(QuantizedEngine(Precision::kFp32), std::invalid_argument);
}

// WeightsView binds to storage only: an expression would need a temporary an engine could not
// keep, so passing one does not compile.
static_assert(std::is_constructible_v<WeightsView, const MatrixF&>);
static_assert(std::is_constructible_v<WeightsView, Eigen::Map<const MatrixF>>);
static_assert(!std::is_constructible_v<WeightsView, MatrixF&&>);
static_assert(!std::is_constructible_v<WeightsView, decltype(std::declval<MatrixF>().transpose())>);
static_assert(!std::is_constructible_v<WeightsView, decltype(2.0f * std::declval<MatrixF>())>);

// An engine that counts its programming, to pin when the trainer and Evaluate program.
class CountingEngine final : public LinearEngine {
 public:
  std::string Name() const override { return "counting"; }
  EngineCapabilities Capabilities() const override { return exact_.Capabilities(); }
  std::unique_ptr<ProgrammedWeights> Program(const WeightsView& w,
                                             const ProgramContext& context) override {
    if (context.ledger != nullptr) context.ledger->Count(context.phase, "cell", "write", 1.0);
    updates.push_back(context.update);
    return exact_.Program(w, context);
  }
  void WeightGradient(const ConstMatrixRef& dy, const ConstMatrixRef& x, MatrixRef dw) override {
    exact_.WeightGradient(dy, x, dw);
  }
  std::vector<std::int64_t> updates;

 private:
  DigitalEngine exact_;
};

// Every training step programs each layer once, before it is used, with the updates so far as
// its index; the final weights are programmed by Evaluate, as a fresh device (update 0).
TEST(ProgrammedNetwork, TrainingProgramsOncePerStepAndEvaluationOnce) {
  const TrainTest data =
      MakeSynthetic({.train_samples = 100, .test_samples = 30, .dimension = 5, .classes = 3}, 7);
  Mlp model(MlpSpec::Parse("mlp:5-4-3"), Activation::kRelu);
  model.Initialize(1);
  CountingEngine engine;
  const DigitalCostModel cost(model.spec(), Precision::kFp32);
  TrainOptions options;
  options.epochs = 2;
  options.batch = 40;  // 3 steps per epoch
  Ledger ledger;
  Train(model, data.train, options, engine, &cost, &ledger, nullptr);
  EXPECT_EQ(ledger.count("train", "cell", "write"), 6.0 * 2);  // 6 steps × 2 layers
  ASSERT_EQ(engine.updates.size(), 12u);
  for (std::size_t i = 0; i < engine.updates.size(); ++i) {
    EXPECT_EQ(engine.updates[i], static_cast<std::int64_t>(i / 2));
  }
  engine.updates.clear();
  Evaluate(model, data.test, 10, engine, &cost, &ledger, "inference");
  EXPECT_EQ(ledger.count("inference", "cell", "write"), 2.0);
  EXPECT_EQ(engine.updates, (std::vector<std::int64_t>{0, 0}));
}
}  // namespace
}  // namespace landauer::nn

#include "landauer/nn/engine_conformance.h"

#include <gtest/gtest.h>

#include <limits>

#include "landauer/nn/quantized_engine.h"

namespace landauer::nn {
namespace {

TEST(EngineConformance, DigitalEngineIsExactOnAnyThreadCount) {
  DigitalEngine two_threads(2);
  const ConformanceReport report = CheckEngineConformance(two_threads, {0.0, 0.0, 0.0});
  EXPECT_TRUE(report.passed) << report.Describe();
  EXPECT_EQ(report.cases.size(), 15u);
}

TEST(EngineConformance, Bf16ForwardWithinItsTolerance) {
  QuantizedEngine engine(Precision::kBf16, 2);
  const ConformanceReport report =
      CheckEngineConformance(engine, {.forward = 1e-4, .backward_input = 0, .weight_gradient = 0});
  EXPECT_TRUE(report.passed) << report.Describe();
  // And it is not exact: bf16 keeps 8 bits of mantissa (relative rounding 2^-9).
  EXPECT_GT(report.cases[3].nmse, 1e-7) << report.Describe();
}

TEST(EngineConformance, Int8ForwardWithinItsTolerance) {
  QuantizedEngine engine(Precision::kInt8, 1);
  const ConformanceReport report =
      CheckEngineConformance(engine, {.forward = 1e-3, .backward_input = 0, .weight_gradient = 0});
  EXPECT_TRUE(report.passed) << report.Describe();
}

// The harness must be able to fail: a deliberately wrong engine.
class OffByScaleEngine final : public LinearEngine {
 public:
  std::string Name() const override { return "broken"; }
  void Forward(const ConstMatrixRef& x, const ConstMatrixRef& w, MatrixF& y) override {
    exact_.Forward(x, w, y);
    y *= 1.01f;
  }
  void BackwardInput(const ConstMatrixRef& dy, const ConstMatrixRef& w, MatrixF& dx) override {
    exact_.BackwardInput(dy, w, dx);
  }
  void WeightGradient(const ConstMatrixRef& dy, const ConstMatrixRef& x, MatrixRef dw) override {
    exact_.WeightGradient(dy, x, dw);
  }

 private:
  DigitalEngine exact_;
};

TEST(EngineConformance, CatchesAWrongEngine) {
  OffByScaleEngine broken;
  const ConformanceReport report = CheckEngineConformance(broken, {.forward = 1e-5});
  EXPECT_FALSE(report.passed);
  EXPECT_NEAR(report.cases[0].nmse, 1e-4, 1e-6);  // (0.01)²
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

}  // namespace
}  // namespace landauer::nn

#include "landauer/nn/optimizer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace landauer::nn {
namespace {

// Three steps on L = Σ θ³ + θ² (∇ = 3θ² + 2θ) from θ = (0.5, −1, 2, 0), compared with PyTorch 1.13
// (torch.optim.Adam(lr=0.1) and SGD(lr=0.1, momentum=0.9); bench/optimizer_reference.py prints
// them).
std::vector<float> RunThreeSteps(const OptimizerOptions& options, int threads) {
  std::vector<float> theta = {0.5f, -1.0f, 2.0f, 0.0f}, grad(4);
  auto optimizer = MakeOptimizer(options, 4);
  for (int step = 0; step < 3; ++step) {
    for (int i = 0; i < 4; ++i) grad[i] = 3 * theta[i] * theta[i] + 2 * theta[i];
    optimizer->Step(theta, grad, threads);
  }
  EXPECT_EQ(optimizer->steps(), 3);
  return theta;
}

TEST(Optimizer, AdamMatchesPyTorch) {
  const std::vector<float> theta = RunThreeSteps({.name = "adam", .learning_rate = 0.1}, 1);
  const std::vector<float> torch = {0.207771242f, -1.29832697f, 1.70124173f, 0.0f};
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(theta[i], torch[i], 2e-6f) << i;
}

TEST(Optimizer, SgdMomentumMatchesPyTorch) {
  const std::vector<float> theta =
      RunThreeSteps({.name = "sgd", .learning_rate = 0.1, .momentum = 0.9}, 2);
  const std::vector<float> torch = {-0.173623055f, -1.80916679f, -2.75486708f, 0.0f};
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(theta[i], torch[i], 2e-6f) << i;
}

// A schedule's step: plain SGD (μ = 0) steps θ − η g with the η set last; a bad η is refused
// and leaves the old one in place.
TEST(Optimizer, LearningRateCanChangeBetweenSteps) {
  auto optimizer = MakeOptimizer({.name = "sgd", .learning_rate = 0.5, .momentum = 0.0}, 1);
  std::vector<float> theta = {1.0f};
  const std::vector<float> grad = {2.0f};
  optimizer->Step(theta, grad, 1);
  EXPECT_FLOAT_EQ(theta[0], 0.0f);  // 1 − 0.5·2
  optimizer->set_learning_rate(0.25);
  optimizer->Step(theta, grad, 1);
  EXPECT_FLOAT_EQ(theta[0], -0.5f);  // 0 − 0.25·2
  EXPECT_THROW(optimizer->set_learning_rate(0.0), std::domain_error);
  EXPECT_THROW(optimizer->set_learning_rate(std::nan("")), std::domain_error);
  EXPECT_EQ(optimizer->options().learning_rate, 0.25);
  EXPECT_EQ(optimizer->steps(), 2);

  // Adam keeps its moments: after the same first step, a second step at η/2 moves exactly half
  // as far as one at η (a reset would make m̂/√v̂ = 1 instead of ≈ 0.918 for gradients 1 then 3).
  auto full = MakeOptimizer({.name = "adam", .learning_rate = 0.1}, 1);
  auto half = MakeOptimizer({.name = "adam", .learning_rate = 0.1}, 1);
  std::vector<float> x = {0.0f}, y = {0.0f};
  full->Step(x, std::vector<float>{1.0f}, 1);
  half->Step(y, std::vector<float>{1.0f}, 1);
  half->set_learning_rate(0.05);
  const float before = x[0];
  full->Step(x, std::vector<float>{3.0f}, 1);
  half->Step(y, std::vector<float>{3.0f}, 1);
  EXPECT_FLOAT_EQ(y[0] - before, 0.5f * (x[0] - before));
  EXPECT_NEAR(x[0] - before, -0.1 * 0.9177, 1e-4);
}

TEST(Optimizer, RejectsBadOptions) {
  EXPECT_THROW(MakeOptimizer({.name = "rmsprop"}, 1), std::invalid_argument);
  EXPECT_THROW(MakeOptimizer({.name = "adam", .learning_rate = -1}, 1), std::domain_error);
  EXPECT_THROW(MakeOptimizer({.name = "sgd", .momentum = 1.0}, 1), std::domain_error);
}

}  // namespace
}  // namespace landauer::nn

#include "landauer/spiking/neuron.h"

#include <gtest/gtest.h>

#include <cmath>

namespace landauer::spiking {
namespace {

// LIF under a constant current: v(t) = v_leak + R I + (v0 − v_leak − R I) e^{−t/τ}, to 1e-12
// after 1,000 exact steps.
TEST(Neuron, LifMatchesItsClosedFormUnderConstantCurrent) {
  const NeuronParams p{.model = NeuronModel::kLif,
                       .tau_mem = 20e-3,
                       .r = 2.0,
                       .v_leak = -0.07,
                       .v_threshold = 10.0,
                       .v_reset = -0.07};
  constexpr double kDt = 1e-4, kCurrent = 0.3;
  NeuronPopulation pop(p, 1, kDt);
  const std::vector<double> input = {kCurrent};
  std::vector<std::int32_t> spikes;
  for (int s = 1; s <= 1000; ++s) {
    pop.Step(input, spikes);
    const double t = s * kDt;
    const double exact = p.v_leak + p.r * kCurrent +
                         (p.v_leak - p.v_leak - p.r * kCurrent) * std::exp(-t / p.tau_mem);
    ASSERT_NEAR(pop.v()[0], exact, 1e-12) << s;
  }
}

// CubaLIF after one charge q at t = 0: I = q e^{−t/τs} and
// v(t) = R q τs/(τs − τm) (e^{−t/τs} − e^{−t/τm}); with τs = τm, v(t) = R q (t/τm) e^{−t/τm}.
TEST(Neuron, CubaLifMatchesItsClosedFormAfterOneImpulse) {
  for (const double tau_syn : {5e-3, 10e-3}) {
    const NeuronParams p{.model = NeuronModel::kCubaLif,
                         .tau_mem = 10e-3,
                         .tau_syn = tau_syn,
                         .r = 1.5,
                         .v_threshold = 100.0};
    constexpr double kDt = 1e-4, kCharge = 2.0;
    NeuronPopulation pop(p, 1, kDt);
    std::vector<std::int32_t> spikes;
    pop.Step(std::vector<double>{kCharge}, spikes);
    for (int s = 1; s <= 800; ++s) {
      const double t = s * kDt;
      const double exact = tau_syn == p.tau_mem
                               ? p.r * kCharge * (t / p.tau_mem) * std::exp(-t / p.tau_mem)
                               : p.r * kCharge * tau_syn / (tau_syn - p.tau_mem) *
                                     (std::exp(-t / tau_syn) - std::exp(-t / p.tau_mem));
      ASSERT_NEAR(pop.v()[0], exact, 1e-12) << tau_syn << " " << s;
      ASSERT_NEAR(pop.current()[0], kCharge * std::exp(-t / tau_syn), 1e-12);
      pop.Step(std::vector<double>{0.0}, spikes);
    }
  }
}

// IF in exact binary arithmetic: v grows by R I h = 0.25 a step and fires every 4th step; reset
// by subtraction keeps the overshoot, reset to a value drops it.
TEST(Neuron, IfFiresRegularlyAndTheResetIsExplicit) {
  NeuronParams p{.model = NeuronModel::kIf, .r = 1.0, .v_threshold = 1.0, .v_reset = 0.0};
  p.reset = ResetMode::kSubtract;
  NeuronPopulation pop(p, 1, 1.0);
  std::vector<std::int32_t> spikes;
  int fired = 0;
  for (int s = 1; s <= 40; ++s) {
    pop.Step(std::vector<double>{0.25}, spikes);
    fired += static_cast<int>(spikes.size());
    EXPECT_EQ(spikes.size() == 1, s % 4 == 0) << s;
  }
  EXPECT_EQ(fired, 10);
  // An input of 0.7: subtraction keeps 0.4 after the first spike, reset to value keeps nothing.
  for (const ResetMode mode : {ResetMode::kSubtract, ResetMode::kToValue}) {
    p.reset = mode;
    NeuronPopulation q(p, 1, 1.0);
    q.Step(std::vector<double>{0.7}, spikes);
    q.Step(std::vector<double>{0.7}, spikes);  // 1.4: fires
    ASSERT_EQ(spikes, std::vector<std::int32_t>{0});
    EXPECT_NEAR(q.v()[0], mode == ResetMode::kSubtract ? 0.4 : 0.0, 1e-15) << ToString(mode);
  }
}

// A refractory LIF ignores its input for ⌈t_ref/h⌉ steps after a spike.
TEST(Neuron, RefractoryStepsHoldTheMembrane) {
  const NeuronParams p{.model = NeuronModel::kLif,
                       .tau_mem = 1e-2,
                       .v_threshold = 0.5,
                       .v_reset = 0.0,
                       .t_ref = 2.5e-3};
  NeuronPopulation pop(p, 1, 1e-3);
  EXPECT_EQ(pop.propagators().refractory_steps, 3);
  std::vector<std::int32_t> spikes;
  const std::vector<double> big = {100.0};
  pop.Step(big, spikes);
  ASSERT_EQ(spikes, std::vector<std::int32_t>{0});
  for (int s = 0; s < 3; ++s) {
    pop.Step(big, spikes);
    EXPECT_TRUE(spikes.empty());
    EXPECT_EQ(pop.v()[0], 0.0);
  }
  pop.Step(big, spikes);
  EXPECT_EQ(spikes, std::vector<std::int32_t>{0});
}

TEST(Neuron, BadParametersAreRefusedByName) {
  const auto message = [](const NeuronParams& p, double dt) -> std::string {
    try {
      NeuronPopulation(p, 1, dt);
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_NE(message({.tau_mem = -1e-3}, 1e-4).find("tau_mem"), std::string::npos);
  EXPECT_NE(message({.model = NeuronModel::kCubaLif, .tau_syn = 0.0}, 1e-4).find("tau_syn"),
            std::string::npos);
  EXPECT_NE(message({.v_threshold = 0.0, .v_reset = 0.0}, 1e-4).find("v_threshold"),
            std::string::npos);
  EXPECT_NE(message({.t_ref = -1.0}, 1e-4).find("t_ref"), std::string::npos);
  EXPECT_NE(message({}, 0.0).find("dt"), std::string::npos);
  EXPECT_THROW(NeuronModelFromString("hh"), std::invalid_argument);
  EXPECT_THROW(ResetModeFromString("zero"), std::invalid_argument);
  EXPECT_EQ(ResetModeFromString("subtract"), ResetMode::kSubtract);
}

}  // namespace
}  // namespace landauer::spiking

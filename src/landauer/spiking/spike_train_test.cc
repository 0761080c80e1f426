#include "landauer/spiking/spike_train.h"

#include <gtest/gtest.h>

#include <cmath>

#include "landauer/core/rng.h"

namespace landauer::spiking {
namespace {

// A clock has CV 0; a Poisson train CV 1 (within sampling error); rates are spikes / window.
TEST(SpikeTrain, ClockAndPoissonTrainsHaveTheirKnownStatistics) {
  std::vector<std::int64_t> steps;
  std::vector<std::int32_t> neurons;
  for (std::int64_t t = 0; t < 10000; t += 100) {  // neuron 0: every 10 ms at dt = 0.1 ms
    steps.push_back(t);
    neurons.push_back(0);
  }
  Rng rng(1, "test", "poisson");
  for (std::int64_t t = 0; t < 10000; ++t) {  // neuron 1: Poisson at 50 Hz
    if (rng.Uniform() < 50.0 * 1e-4) {
      steps.push_back(t);
      neurons.push_back(1);
    }
  }
  const SpikeTrainStats s = SummarizeSpikes(steps, neurons, 3, 1e-4, 0, 10000);
  EXPECT_DOUBLE_EQ(s.rates_hz[0], 100.0);
  EXPECT_NEAR(s.rates_hz[1], 50.0, 5 * std::sqrt(50.0));
  EXPECT_EQ(s.rates_hz[2], 0.0);
  EXPECT_NEAR(s.silent_fraction, 1.0 / 3.0, 1e-15);
  ASSERT_EQ(s.cv_neurons, 2);
  EXPECT_EQ(s.cvs[0], 0.0);
  EXPECT_NEAR(s.cvs[1], 1.0, 0.2);
  EXPECT_NEAR(s.mean_rate_hz, (100.0 + s.rates_hz[1]) / 3.0, 1e-12);
  // A window counts only its spikes.
  EXPECT_EQ(SummarizeSpikes(steps, neurons, 3, 1e-4, 0, 5000).rates_hz[0], 100.0);
  EXPECT_THROW(SummarizeSpikes(steps, neurons, 1, 1e-4, 0, 100), std::invalid_argument);
  EXPECT_THROW(SummarizeSpikes(steps, neurons, 3, 1e-4, 10, 10), std::invalid_argument);
}

}  // namespace
}  // namespace landauer::spiking

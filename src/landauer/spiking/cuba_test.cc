#include "landauer/spiking/cuba.h"

#include <gtest/gtest.h>

#include <cmath>

namespace landauer::spiking {
namespace {

// The full-size network for 0.2 s of model time (a fraction of a second to run). Reference, from
// Brian 2.5 running the same network (bench/cuba_vs_brian2.py, 1 s, 5 seeds): see docs/spiking.md.
// Here the checks are structural and loose on statistics: the network is seeded, its synapses
// are Binomial(N², p), it fires irregularly at a few Hz, and every spike makes fan-out events.
TEST(Cuba, TheBenchmarkNetworkIsSeededAndFiresIrregularly) {
  CubaConfig c;
  c.duration = 0.2;
  const CubaResult a = RunCuba(c);
  const double mean = 4000.0 * 4000.0 * 0.02;
  EXPECT_NEAR(static_cast<double>(a.connections), mean, 5 * std::sqrt(mean));
  EXPECT_EQ(a.synapses, a.connections);
  EXPECT_EQ(a.counts.neuron_updates, 4000 * 2000);
  EXPECT_GT(a.all.mean_rate_hz, 1.0);
  EXPECT_LT(a.all.mean_rate_hz, 50.0);
  // Each spike reaches ≈ p·N = 80 targets.
  EXPECT_NEAR(static_cast<double>(a.counts.synaptic_events) / static_cast<double>(a.counts.spikes),
              80.0,
              4.0);
  const CubaResult b = RunCuba(c);
  EXPECT_EQ(a.counts.spikes, b.counts.spikes);
  EXPECT_EQ(a.counts.synaptic_events, b.counts.synaptic_events);
  c.seed = 2;
  EXPECT_NE(RunCuba(c).counts.spikes, a.counts.spikes);
}

// Dense projections (zeros stored) give the same spikes and N events per spike.
TEST(Cuba, DenseStorageGivesTheSameSpikesAndCountsEveryPair) {
  CubaConfig c;
  c.neurons = 1000;
  c.connection_probability = 0.08;  // the same 80 synapses per neuron
  c.duration = 0.1;
  const CubaResult sparse = RunCuba(c);
  c.dense = true;
  const CubaResult dense = RunCuba(c);
  EXPECT_EQ(dense.counts.spikes, sparse.counts.spikes);
  EXPECT_EQ(dense.all.rates_hz, sparse.all.rates_hz);
  EXPECT_EQ(dense.synapses, 1000 * 1000);
  EXPECT_EQ(dense.connections, sparse.connections);
  EXPECT_EQ(dense.counts.synaptic_events, dense.counts.spikes * 1000);
}

TEST(Cuba, BadConfigurationsAreRefusedByName) {
  const auto message = [](CubaConfig c) -> std::string {
    try {
      c.Validate();
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_NE(message({.neurons = 1}).find("neurons"), std::string::npos);
  EXPECT_NE(message({.connection_probability = 2.0}).find("connection_probability"),
            std::string::npos);
  EXPECT_NE(message({.tau_mem = -1.0}).find("tau_mem"), std::string::npos);
  EXPECT_NE(message({.v_threshold = -70e-3}).find("v_threshold"), std::string::npos);
  EXPECT_NE(message({.dt = 0.0}).find("dt"), std::string::npos);
  EXPECT_EQ(message({}), "");
}

}  // namespace
}  // namespace landauer::spiking

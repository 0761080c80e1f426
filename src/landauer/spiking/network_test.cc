#include "landauer/spiking/network.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace landauer::spiking {
namespace {

// A fixed-probability projection has Binomial(pre·post, p) synapses, targets ascending and
// distinct within a row, and the same topology for the same seed.
TEST(Projection, FixedProbabilityIsBernoulliPerPairAndSeeded) {
  const Rng rng(7, "test", "connect");
  const Projection a = Projection::FixedProbability(400, 300, 0.05, 1.0, 1, rng);
  const double mean = 400 * 300 * 0.05, sd = std::sqrt(mean * 0.95);
  EXPECT_NEAR(static_cast<double>(a.synapses()), mean, 5 * sd);
  for (std::int64_t j = 0; j < a.pre(); ++j) {
    const auto begin = a.targets().begin() + a.row_start()[j];
    const auto end = a.targets().begin() + a.row_start()[j + 1];
    EXPECT_TRUE(std::adjacent_find(begin, end, std::greater_equal<>()) == end) << j;
  }
  // Every target column is hit about equally often (a uniform Bernoulli, not a biased gap).
  std::vector<int> hits(300, 0);
  for (const std::int32_t k : a.targets()) ++hits[k];
  EXPECT_NEAR(*std::max_element(hits.begin(), hits.end()), 20, 20);
  EXPECT_GE(*std::min_element(hits.begin(), hits.end()), 3);
  const Projection b = Projection::FixedProbability(400, 300, 0.05, 1.0, 1, rng);
  EXPECT_TRUE(std::ranges::equal(a.targets(), b.targets()));
  const Projection c =
      Projection::FixedProbability(400, 300, 0.05, 1.0, 1, Rng(8, "test", "connect"));
  EXPECT_FALSE(std::ranges::equal(a.targets(), c.targets()));
  EXPECT_EQ(Projection::FixedProbability(30, 20, 0.0, 1.0, 1, rng).synapses(), 0);
  EXPECT_EQ(Projection::FixedProbability(30, 20, 1.0, 1.0, 1, rng).synapses(), 600);
}

// An IF neuron that fires at every step (input 1, threshold 1) drives a silent IF target
// through one synapse of weight w and delay d: the target's v first moves at step d, by R w h.
TEST(Network, ASpikeActsExactlyItsDelayLater) {
  for (const int delay : {1, 2, 5}) {
    Network net(1.0);
    const NeuronParams driver{.model = NeuronModel::kIf, .v_threshold = 1.0};
    const NeuronParams target{.model = NeuronModel::kIf, .v_threshold = 1e9};
    const int a = net.AddPopulation("a", driver, 1);
    const int b = net.AddPopulation("b", target, 1);
    net.Connect(a, b, Projection::Sparse(1, 1, {0, 1}, {0}, {0.125}, delay), Receptor::kExcitatory);
    SpikeRecord record;
    for (int t = 0; t < 8; ++t) {
      net.Stimulate(a, Receptor::kExcitatory, std::vector<double>{t == 0 ? 1.0 : 0.0});
      net.Run(1, &record);
      // The driver spikes at step 0 only; b integrates 0.125 at step `delay`.
      EXPECT_EQ(net.population(b).v()[0], t >= delay ? 0.125 : 0.0) << delay << " " << t;
    }
    EXPECT_EQ(record.steps[0], std::vector<std::int64_t>{0});
    EXPECT_EQ(net.counts().synaptic_events, 1);
    EXPECT_EQ(net.counts().neuron_updates, 16);
  }
}

// Per-synapse delays: one spike reaches three targets at three different steps.
TEST(Network, PerSynapseDelaysAreKeptApart) {
  Network net(1.0);
  const int a = net.AddPopulation("a", {.model = NeuronModel::kIf}, 1);
  const int b = net.AddPopulation("b", {.model = NeuronModel::kIf, .v_threshold = 1e9}, 3);
  net.Connect(a,
              b,
              Projection::Sparse(1, 3, {0, 3}, {0, 1, 2}, {1.0, 2.0, 4.0}, 1, {3, 1, 2}),
              Receptor::kExcitatory);
  net.Stimulate(a, Receptor::kExcitatory, std::vector<double>{1.0});
  std::vector<std::vector<double>> v;
  for (int t = 0; t < 5; ++t) {
    net.Run(1);
    v.emplace_back(net.population(b).v().begin(), net.population(b).v().end());
  }
  EXPECT_EQ(v[1], (std::vector<double>{0, 2, 0}));
  EXPECT_EQ(v[2], (std::vector<double>{0, 2, 4}));
  EXPECT_EQ(v[3], (std::vector<double>{1, 2, 4}));
}

// Dense and sparse storage of the same synapses give bit-identical dynamics; the dense one
// counts an event for every pair, zeros included.
TEST(Network, DenseAndSparseProjectionsAgreeBitForBit) {
  const Rng rng(3, "test", "dense");
  const Projection sparse = Projection::FixedProbability(50, 40, 0.2, 0.3, 1, rng);
  std::vector<double> dense_weights(50 * 40, 0.0);
  for (std::int64_t j = 0; j < 50; ++j) {
    for (std::int64_t s = sparse.row_start()[j]; s < sparse.row_start()[j + 1]; ++s) {
      dense_weights[j * 40 + sparse.targets()[s]] = 0.3;
    }
  }
  const NeuronParams lif{.model = NeuronModel::kLif, .tau_mem = 1e-2, .v_threshold = 0.5};
  std::vector<std::vector<double>> trajectories;
  std::vector<Counts> counts;
  for (const bool dense : {false, true}) {
    Network net(1e-3);
    const int in = net.AddPopulation("in", lif, 50);
    const int out = net.AddPopulation("out", lif, 40);
    net.Connect(in,
                out,
                dense ? Projection::Dense(50, 40, dense_weights, 1) : sparse,
                Receptor::kExcitatory);
    Rng drive(5, "test", "drive");
    std::vector<double> x(50);
    std::vector<double> trajectory;
    for (int t = 0; t < 200; ++t) {
      for (double& value : x) value = drive.Uniform() < 0.1 ? 200.0 : 0.0;
      net.Stimulate(in, Receptor::kExcitatory, x);
      net.Run(1);
      trajectory.insert(
          trajectory.end(), net.population(out).v().begin(), net.population(out).v().end());
    }
    trajectories.push_back(trajectory);
    counts.push_back(net.counts());
  }
  EXPECT_EQ(trajectories[0], trajectories[1]);
  EXPECT_EQ(counts[0].spikes, counts[1].spikes);
  ASSERT_GT(counts[0].spikes, 0);
  // Dense: every input spike costs 40 events; sparse: its fan-out.
  EXPECT_GT(counts[1].synaptic_events, counts[0].synaptic_events);
  EXPECT_EQ(counts[1].synaptic_events % 40, 0);
}

// A two-current CubaLIF keeps excitation and inhibition apart: each decays with its own τ.
TEST(Network, ReceptorsFeedTheirOwnCurrents) {
  Network net(1e-4);
  const NeuronParams p{.model = NeuronModel::kCubaLif,
                       .tau_mem = 20e-3,
                       .tau_syn = 5e-3,
                       .tau_syn_inh = 10e-3,
                       .v_threshold = 1e9};
  const int n = net.AddPopulation("n", p, 1);
  net.Stimulate(n, Receptor::kExcitatory, std::vector<double>{2.0});
  net.Stimulate(n, Receptor::kInhibitory, std::vector<double>{-1.0});
  net.Run(100);
  const double t = 100 * 1e-4;
  EXPECT_NEAR(net.population(n).current()[0], 2.0 * std::exp(-t / 5e-3), 1e-12);
  EXPECT_NEAR(net.population(n).inhibitory_current()[0], -1.0 * std::exp(-t / 10e-3), 1e-12);
  const auto psp = [](double q, double ts, double tm, double time) {
    return q * ts / (ts - tm) * (std::exp(-time / ts) - std::exp(-time / tm));
  };
  EXPECT_NEAR(
      net.population(n).v()[0], psp(2.0, 5e-3, 20e-3, t) + psp(-1.0, 10e-3, 20e-3, t), 1e-12);
}

// A connection made after the run has begun, with a longer delay, keeps the input waiting.
TEST(Network, GrowingTheDelayKeepsPendingInput) {
  Network net(1.0);
  const int a = net.AddPopulation("a", {.model = NeuronModel::kIf, .v_threshold = 1e9}, 1);
  net.Run(3);
  net.Stimulate(a, Receptor::kExcitatory, std::vector<double>{0.5});
  net.Connect(a, a, Projection::Sparse(1, 1, {0, 1}, {0}, {1.0}, 7), Receptor::kExcitatory);
  net.Run(1);
  EXPECT_EQ(net.population(a).v()[0], 0.5);
}

TEST(Network, BadShapesAndArgumentsAreRefused) {
  Network net(1e-3);
  const int a = net.AddPopulation("a", {}, 3);
  const int b = net.AddPopulation("b", {}, 2);
  try {
    net.Connect(
        a, b, Projection::Dense(2, 3, std::vector<double>(6, 0.0), 1), Receptor::kExcitatory);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("'a' (3 neurons)"), std::string::npos) << e.what();
  }
  EXPECT_THROW(net.Stimulate(a, Receptor::kExcitatory, std::vector<double>(2)),
               std::invalid_argument);
  EXPECT_THROW(Projection::Dense(2, 2, std::vector<double>(3), 1), std::invalid_argument);
  EXPECT_THROW(Projection::Dense(2, 2, std::vector<double>(4), 0), std::invalid_argument);
  EXPECT_THROW(Projection::Sparse(2, 2, {0, 1, 1}, {2}, {1.0}, 1), std::invalid_argument);
  EXPECT_THROW(Projection::Sparse(2, 2, {0, 2, 1}, {0}, {1.0}, 1), std::invalid_argument);
  EXPECT_THROW(Projection::FixedProbability(2, 2, 1.5, 1.0, 1, Rng(1, "a", "b")),
               std::invalid_argument);
  EXPECT_THROW(Network(0.0), std::invalid_argument);
  EXPECT_THROW(net.Run(-1), std::invalid_argument);
}

}  // namespace
}  // namespace landauer::spiking

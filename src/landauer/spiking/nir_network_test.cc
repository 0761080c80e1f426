#include "landauer/spiking/nir_network.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "landauer/core/errors.h"
#include "landauer/core/rng.h"

namespace landauer::spiking {
namespace {

std::string Shared(const std::string& name) {
  return std::string(LANDAUER_SHARED_DATA_DIR) + "/nir/" + name;
}

// Rows of a CSV of numbers.
std::vector<std::vector<double>> ReadCsv(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::vector<double>> rows;
  std::string line;
  while (std::getline(in, line)) {
    std::vector<double> row;
    std::stringstream fields(line);
    std::string field;
    while (std::getline(fields, field, ',')) row.push_back(std::stod(field));
    rows.push_back(row);
  }
  return rows;
}

struct Trace {
  std::vector<double> v, spikes;
};

Trace RunLifExperiment(const NirRunOptions& options) {
  const NirGraph graph = ReadNir(Shared("lif_norse.nir"));
  NirNetwork net(graph, options, "lif_norse.nir");
  Trace trace;
  std::vector<double> out;
  for (const std::vector<double>& row : ReadCsv(Shared("lif_exact.csv"))) {
    net.Step(std::vector<double>{row[0]}, out);
    trace.v.push_back(net.v("1")[0]);
    trace.spikes.push_back(out[0]);
  }
  return trace;
}

// The NIR paper's single-neuron experiment: lif_norse.nir (tau 2.5 ms, threshold 0.1, reset to
// 0) on its input at dt = 0.1 ms. With precise spike times landauer reproduces the event-based
// exact solution (lif_exact.csv) in every step, voltage and spikes; on the grid it fires in the
// same steps and differs only by the part of a spiking step after the crossing.
TEST(NirNetwork, TheSingleNeuronExperimentMatchesTheExactSolution) {
  const std::vector<std::vector<double>> exact = ReadCsv(Shared("lif_exact.csv"));
  ASSERT_EQ(exact.size(), 1000U);
  const Trace precise = RunLifExperiment({.dt = 1e-4, .precise_spike_times = true});
  const Trace grid = RunLifExperiment({.dt = 1e-4});
  double worst = 0.0, worst_grid = 0.0;
  int spikes = 0;
  for (std::size_t s = 0; s < exact.size(); ++s) {
    worst = std::max(worst, std::abs(precise.v[s] - exact[s][1]));
    worst_grid = std::max(worst_grid, std::abs(grid.v[s] - exact[s][1]));
    EXPECT_EQ(precise.spikes[s], exact[s][2]) << s;
    EXPECT_EQ(grid.spikes[s], exact[s][2]) << s;
    spikes += static_cast<int>(exact[s][2]);
  }
  EXPECT_EQ(spikes, 4);
  // 2.8e-9 here: the reference was not computed in full double precision (it differs from the
  // closed form by 1e-9 before the first spike already), half a float32 ulp of its values.
  EXPECT_LT(worst, 4e-9);
  EXPECT_GT(worst_grid, 1e-3);  // the grid's reset at the step's end shows
  EXPECT_LT(worst_grid, 0.1);   // ... and stays below the threshold
}

// Exact integration of a CubaLIF node matches its closed form after one input pulse; Euler does
// not, by O(h/τ).
TEST(NirNetwork, CubaLifIsExactAndEulerIsNot) {
  NirGraph g;
  g.nodes["in"] = {.type = "Input", .data = {.datasets = {{"shape", NirArray::Int({1}, {1})}}}};
  g.nodes["n"] = {.type = "CubaLIF",
                  .data = {.datasets = {{"tau_mem", NirArray::Real({10e-3}, {1})},
                                        {"tau_syn", NirArray::Real({5e-3}, {1})},
                                        {"r", NirArray::Real({2.0}, {1})},
                                        {"v_leak", NirArray::Real({0.0}, {1})},
                                        {"v_threshold", NirArray::Real({1e9}, {1})},
                                        {"w_in", NirArray::Real({3.0}, {1})}}}};
  g.nodes["out"] = {.type = "Output", .data = {.datasets = {{"shape", NirArray::Int({1}, {1})}}}};
  g.edges = {{"in", "n"}, {"n", "out"}};
  constexpr double kH = 1e-4, kX = 0.5;
  double euler_error = 0.0;
  for (const NirIntegration integration : {NirIntegration::kExact, NirIntegration::kEuler}) {
    NirNetwork net(g, {.dt = kH, .integration = integration}, "g");
    std::vector<double> out;
    net.Step(std::vector<double>{kX}, out);  // a pulse of height x for one step
    // Over the pulse: I = c(1 − e^{−t/τs}), v the response to it (c = w_in x).
    const double c = 3.0 * kX, ts = 5e-3, tm = 10e-3;
    const double i1 = c * (1 - std::exp(-kH / ts));
    const double v1 = 2.0 * c * (1 - std::exp(-kH / tm)) -
                      2.0 * c * ts / (ts - tm) * (std::exp(-kH / ts) - std::exp(-kH / tm));
    if (integration == NirIntegration::kExact) {
      EXPECT_NEAR(net.v("n")[0], v1, 1e-15);
    }
    // Then free decay for 200 steps.
    double t = 0.0;
    for (int s = 0; s < 200; ++s) {
      net.Step(std::vector<double>{0.0}, out);
      t += kH;
    }
    const double v = 2.0 * i1 * ts / (ts - tm) * (std::exp(-t / ts) - std::exp(-t / tm)) +
                     v1 * std::exp(-t / tm);
    if (integration == NirIntegration::kExact) {
      EXPECT_NEAR(net.v("n")[0], v, 1e-12);
      EXPECT_EQ(out[0], 0.0);  // a CubaLIF's output is its spikes: none below threshold
    } else {
      euler_error = std::abs(net.v("n")[0] - v) / std::abs(v);
    }
  }
  EXPECT_GT(euler_error, 1e-3);
}

// The recurrent Braille network (CubaLIF, Linear, a recurrent edge) runs; reset by subtraction
// and to a value, exact and Euler integration, all give different spike counts; the events are
// counted.
TEST(NirNetwork, TheRecurrentBrailleNetworkRunsUnderEachSemantics) {
  const NirGraph g = ReadNir(Shared("braille_noDelay_noBias_subtract.nir"));
  std::vector<double> counts;
  for (const ResetMode reset : {ResetMode::kSubtract, ResetMode::kToValue}) {
    for (const NirIntegration integration : {NirIntegration::kEuler, NirIntegration::kExact}) {
      NirNetwork net(g, {.dt = 1e-4, .integration = integration, .reset = reset}, "braille");
      ASSERT_EQ(net.input_size(), 12);
      ASSERT_EQ(net.output_size(), 7);
      Rng rng(4, "test", "braille");
      std::vector<double> in(12), out;
      double spikes = 0;
      for (int s = 0; s < 300; ++s) {
        for (double& x : in) x = rng.Uniform() < 0.2 ? 1.0 : 0.0;
        net.Step(in, out);
        for (const double o : out) spikes += o;
      }
      EXPECT_EQ(net.work().neuron_updates, 300.0 * (40 + 7));
      EXPECT_GT(net.work().spikes, 0.0);
      EXPECT_GT(net.work().synaptic_events, 0.0);
      counts.push_back(net.work().spikes);
    }
  }
  EXPECT_NE(counts[0], counts[1]);
  EXPECT_NE(counts[0], counts[2]);
}

TEST(NirNetwork, WhatItCannotRunIsRefusedByName) {
  const auto message = [](const NirGraph& g, const NirRunOptions& o) -> std::string {
    try {
      NirNetwork(g, o, "g.nir");
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_NE(message(ReadNir(Shared("cnn_sinabs.nir")), {}).find("'0' (Conv2d) cannot be simulated"),
            std::string::npos);
  const NirGraph lif = ReadNir(Shared("lif_norse.nir"));
  EXPECT_NE(message(lif, {.dt = 0.0}).find("dt"), std::string::npos);
  EXPECT_NE(message(lif, {.integration = NirIntegration::kEuler, .precise_spike_times = true})
                .find("precise"),
            std::string::npos);
  // An edge into a subgraph is read but not run.
  NirGraph nested = lif;
  nested.nodes["sub"] = {
      .type = "NIRGraph",
      .data = {.datasets = {{"edges", NirArray{.type = NirArray::Type::kString, .shape = {0, 2}}}},
               .groups = {{"nodes", {}}}}};
  nested.edges.emplace_back("1", "sub.x");
  EXPECT_NE(message(nested, {}).find("reaches into a subgraph"), std::string::npos);
  NirGraph bad = lif;
  bad.nodes["1"].data.datasets["v_reset"] = NirArray::Real({0.5}, {1});
  EXPECT_NE(message(bad, {}).find("v_threshold = 0.1"), std::string::npos);
  EXPECT_THROW(NirIntegrationFromString("rk4"), std::invalid_argument);
}

}  // namespace
}  // namespace landauer::spiking

#include "landauer/spiking/cuba.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "landauer/core/rng.h"

namespace landauer::spiking {
namespace {

constexpr std::string_view kComponent = "spiking.cuba";

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

std::int64_t ExcitatoryCount(const CubaConfig& c) {
  return static_cast<std::int64_t>(
      std::llround(c.excitatory_fraction * static_cast<double>(c.neurons)));
}

Projection Make(const CubaConfig& c,
                std::int64_t pre,
                std::int64_t post,
                double weight,
                std::string_view purpose,
                std::int64_t& connections) {
  Projection sparse = Projection::FixedProbability(pre,
                                                   post,
                                                   c.connection_probability,
                                                   weight,
                                                   /*delay_steps=*/1,
                                                   Rng(c.seed, kComponent, purpose));
  connections += sparse.synapses();
  if (!c.dense) return sparse;
  std::vector<double> weights(static_cast<std::size_t>(pre * post), 0.0);
  for (std::int64_t j = 0; j < pre; ++j) {
    for (std::int64_t s = sparse.row_start()[j]; s < sparse.row_start()[j + 1]; ++s) {
      weights[static_cast<std::size_t>(j * post + sparse.targets()[s])] = sparse.weights()[s];
    }
  }
  return Projection::Dense(pre, post, std::move(weights), 1);
}

}  // namespace

void CubaConfig::Validate() const {
  const auto fail = [](std::string_view field, double value, std::string_view accepted) {
    throw std::invalid_argument(
        fmt::format("cuba: {} = {} is invalid; accepted: {}", field, value, accepted));
  };
  if (neurons < 2 || neurons > 1'000'000) fail("neurons", static_cast<double>(neurons), "2 … 10^6");
  if (!(excitatory_fraction > 0.0 && excitatory_fraction < 1.0)) {
    fail("excitatory_fraction", excitatory_fraction, "a fraction in (0, 1)");
  }
  const std::int64_t e = ExcitatoryCount(*this);
  if (e < 1 || e >= neurons) {
    fail("excitatory_fraction", excitatory_fraction, "a fraction leaving ≥ 1 neuron of each kind");
  }
  if (!(connection_probability >= 0.0 && connection_probability <= 1.0)) {
    fail("connection_probability", connection_probability, "a probability in [0, 1]");
  }
  for (const auto& [field, value] : {std::pair{"tau_mem", tau_mem},
                                     std::pair{"tau_exc", tau_exc},
                                     std::pair{"tau_inh", tau_inh},
                                     std::pair{"dt", dt},
                                     std::pair{"duration", duration}}) {
    if (!(value > 0.0) || !std::isfinite(value)) fail(field, value, "a finite time > 0 s");
  }
  if (!(duration >= dt)) fail("duration", duration, "at least one step dt");
  if (duration / dt > 1e9) fail("duration", duration, "at most 10^9 steps");
  if (static_cast<double>(neurons) * static_cast<double>(neurons) * connection_probability > 5e8) {
    fail("connection_probability",
         connection_probability,
         "at most 5·10^8 expected synapses (neurons² × p): about 6 GB");
  }
  if (dense && static_cast<double>(neurons) * static_cast<double>(neurons) > 1e8) {
    fail("neurons", static_cast<double>(neurons), "≤ 10^4 with dense projections (N² weights)");
  }
  // The neuron's own checks (threshold above reset, t_ref ≥ 0, finite potentials).
  NeuronParams{.model = NeuronModel::kCubaLif,
               .tau_mem = tau_mem,
               .tau_syn = tau_exc,
               .tau_syn_inh = tau_inh,
               .v_leak = v_leak,
               .v_threshold = v_threshold,
               .v_reset = v_reset,
               .t_ref = t_ref}
      .Validate();
  if (!std::isfinite(w_exc) || !std::isfinite(w_inh)) fail("w_exc/w_inh", w_exc + w_inh, "finite");
}

Network BuildCuba(const CubaConfig& c, std::int64_t* connections_out) {
  c.Validate();
  const NeuronParams neuron{.model = NeuronModel::kCubaLif,
                            .tau_mem = c.tau_mem,
                            .tau_syn = c.tau_exc,
                            .tau_syn_inh = c.tau_inh,
                            .r = 1.0,
                            .v_leak = c.v_leak,
                            .v_threshold = c.v_threshold,
                            .v_reset = c.v_reset,
                            .t_ref = c.t_ref,
                            .reset = ResetMode::kToValue};
  const std::int64_t ne = ExcitatoryCount(c), ni = c.neurons - ne;
  Network net(c.dt);
  const int e = net.AddPopulation("excitatory", neuron, ne);
  const int i = net.AddPopulation("inhibitory", neuron, ni);
  std::int64_t connections = 0;
  net.Connect(e, e, Make(c, ne, ne, c.w_exc, "connect_ee", connections), Receptor::kExcitatory);
  net.Connect(e, i, Make(c, ne, ni, c.w_exc, "connect_ei", connections), Receptor::kExcitatory);
  net.Connect(i, e, Make(c, ni, ne, c.w_inh, "connect_ie", connections), Receptor::kInhibitory);
  net.Connect(i, i, Make(c, ni, ni, c.w_inh, "connect_ii", connections), Receptor::kInhibitory);
  Rng start(c.seed, kComponent, "initial_v");
  for (const int p : {e, i}) {
    std::vector<double> v(static_cast<std::size_t>(net.population(p).size()));
    for (double& x : v) x = c.v_reset + start.Uniform() * (c.v_threshold - c.v_reset);
    net.population(p).SetV(v);
  }
  if (connections_out != nullptr) *connections_out = connections;
  return net;
}

CubaResult RunCuba(const CubaConfig& c, SpikeRecord* record_out) {
  CubaResult result;
  const auto built = std::chrono::steady_clock::now();
  Network net = BuildCuba(c, &result.connections);
  result.build_seconds = Seconds(built);
  result.synapses = net.synapses();
  const std::int64_t steps = std::llround(c.duration / c.dt);
  SpikeRecord record;
  const auto started = std::chrono::steady_clock::now();
  net.Run(steps, &record);
  result.run_seconds = Seconds(started);
  result.counts = net.counts();
  result.excitatory =
      SummarizeSpikes(record.steps[0], record.neurons[0], net.population(0).size(), c.dt, 0, steps);
  result.inhibitory =
      SummarizeSpikes(record.steps[1], record.neurons[1], net.population(1).size(), c.dt, 0, steps);
  // Both populations as one, the inhibitory neurons numbered after the excitatory ones.
  std::vector<std::int64_t> all_steps;
  std::vector<std::int32_t> all_neurons;
  const auto offset = static_cast<std::int32_t>(net.population(0).size());
  for (int p = 0; p < 2; ++p) {
    all_steps.insert(all_steps.end(), record.steps[p].begin(), record.steps[p].end());
    for (const std::int32_t n : record.neurons[p]) all_neurons.push_back(n + (p == 1 ? offset : 0));
  }
  result.all = SummarizeSpikes(all_steps, all_neurons, c.neurons, c.dt, 0, steps);
  if (record_out != nullptr) *record_out = std::move(record);
  return result;
}

}  // namespace landauer::spiking

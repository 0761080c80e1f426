// landauer snn: spiking networks (docs/spiking.md).
//   snn cuba   the Brette et al. (2007) CUBA benchmark: rates, CV(ISI), synaptic events and the
//              simulator's speed in synaptic events per second of wall time.
#include <fmt/format.h>

#include <cmath>
#include <memory>

#include "commands.h"
#include "landauer/core/atomic_file.h"
#include "landauer/energy/hardware_catalog.h"
#include "landauer/energy/roofline.h"
#include "landauer/energy/scope.h"
#include "landauer/report/text_table.h"
#include "landauer/spiking/cuba.h"
#include "landauer/spiking/spiking_cost.h"
#include "number_options.h"
#include "paths.h"

namespace landauer::cli {
namespace {

struct CubaCliOptions {
  CommonOptions common;
  spiking::CubaConfig config;
  std::string spikes;  // CSV of every spike, when given
  std::string hardware = "loihi", scope = "chip";
};

nlohmann::json StatsJson(const spiking::SpikeTrainStats& s) {
  return {{"neurons", s.neurons},
          {"spikes", s.spikes},
          {"mean_rate_hz", s.mean_rate_hz},
          {"sd_rate_hz", s.sd_rate_hz},
          {"silent_fraction", s.silent_fraction},
          {"cv_neurons", s.cv_neurons},
          {"mean_cv_isi", s.mean_cv},
          {"sd_cv_isi", s.sd_cv}};
}

void RunCubaCommand(CubaCliOptions& options, CliEnvironment& environment) {
  spiking::CubaConfig config = options.config;
  config.seed = options.common.seed;
  config.Validate();  // what the flags' own rules cannot see: --duration < --dt, --dense too large
  const EnergyTable& table = environment.catalog().Get(options.hardware);
  const Scope scope = CheckedScope(options.scope, table);
  spiking::SpikeRecord record;
  const spiking::CubaResult result = spiking::RunCuba(config, &record);
  // The run's events on the chip (or as digital operations on a digital table).
  Ledger ledger;
  const spiking::SpikingShape shape{
      .neuron = {.model = spiking::NeuronModel::kCubaLif, .tau_syn_inh = config.tau_inh},
      .weights = static_cast<double>(result.synapses),
      .neurons = static_cast<double>(config.neurons)};
  spiking::CountSpiking(ledger,
                        "run",
                        {.synaptic_events = static_cast<double>(result.counts.synaptic_events),
                         .neuron_updates = static_cast<double>(result.counts.neuron_updates),
                         .spikes = static_cast<double>(result.counts.spikes)},
                        shape,
                        table);
  const ScopedPhase priced = PriceAtScope(ledger, "run", table, scope);
  if (!options.spikes.empty()) {
    // time_s,neuron — inhibitory neurons numbered after the excitatory ones, as in Brian.
    std::string csv = "time_s,neuron\n";
    const auto offset = static_cast<std::int32_t>(result.excitatory.neurons);
    for (std::size_t p = 0; p < record.steps.size(); ++p) {
      for (std::size_t i = 0; i < record.steps[p].size(); ++i) {
        csv += fmt::format("{:.6g},{}\n",
                           static_cast<double>(record.steps[p][i]) * config.dt,
                           record.neurons[p][i] + (p == 1 ? offset : 0));
      }
    }
    WriteFileAtomically(options.spikes, csv);
  }
  const double events_per_s =
      static_cast<double>(result.counts.synaptic_events) / std::max(result.run_seconds, 1e-9);
  nlohmann::json json = {{"command", "snn cuba"},
                         {"neurons", config.neurons},
                         {"connection_probability", config.connection_probability},
                         {"dense", config.dense},
                         {"dt_s", config.dt},
                         {"duration_s", config.duration},
                         {"seed", config.seed},
                         {"synapses", result.synapses},
                         {"connections", result.connections},
                         {"steps", result.counts.steps},
                         {"neuron_updates", result.counts.neuron_updates},
                         {"spikes", result.counts.spikes},
                         {"synaptic_events", result.counts.synaptic_events},
                         {"excitatory", StatsJson(result.excitatory)},
                         {"inhibitory", StatsJson(result.inhibitory)},
                         {"all", StatsJson(result.all)},
                         {"build_seconds", result.build_seconds},
                         {"run_seconds", result.run_seconds},
                         {"synaptic_events_per_second", events_per_s},
                         {"hardware", table.name()},
                         {"scope", ToString(scope)},
                         {"energy_j", priced.energy.energy_j},
                         {"modelled_seconds", priced.time.seconds},
                         {"energy_report", priced.energy.ToJson()}};
  const auto line = [](std::string_view name, const spiking::SpikeTrainStats& s) {
    return fmt::format(
        "  {:<11} {:>5} neurons  rate {:6.2f} ± {:5.2f} Hz  CV(ISI) {:.3f} ± {:.3f} "
        "({} neurons with ≥ 3 spikes)  silent {:.1f} %\n",
        name,
        s.neurons,
        s.mean_rate_hz,
        s.sd_rate_hz,
        s.mean_cv,
        s.sd_cv,
        s.cv_neurons,
        100 * s.silent_fraction);
  };
  const std::string human = fmt::format(
      "CUBA (Brette et al. 2007): {} neurons, p = {}, {} synapses ({}), {} s at dt = {} s, seed "
      "{}\n"
      "{}{}{}"
      "{} spikes, {} synaptic events, {} neuron updates\n"
      "wall: build {:.3f} s, run {:.3f} s — {:.3g} synaptic events/s\n"
      "energy on {} at {} scope: {} for {} s of network time ({} per synaptic event); modelled "
      "time on the chip {}\n",
      config.neurons,
      config.connection_probability,
      result.connections,
      config.dense ? "dense storage" : "sparse",
      config.duration,
      config.dt,
      config.seed,
      line("excitatory", result.excitatory),
      line("inhibitory", result.inhibitory),
      line("all", result.all),
      result.counts.spikes,
      result.counts.synaptic_events,
      result.counts.neuron_updates,
      result.build_seconds,
      result.run_seconds,
      events_per_s,
      table.name(),
      ToString(scope),
      FormatSi(priced.energy.energy_j, "J"),
      config.duration,
      FormatSi(priced.energy.energy_j /
                   std::max<double>(1.0, static_cast<double>(result.counts.synaptic_events)),
               "J"),
      FormatSi(priced.time.seconds, "s"));
  Emit(options.common, std::move(json), human);
}

}  // namespace

void AddSnnCommand(CLI::App& app, CliEnvironment& environment, std::vector<Command>& commands) {
  CLI::App* snn = app.add_subcommand(
      "snn", "Spiking networks: exact LIF simulation, event-driven synapses, their joules");
  snn->require_subcommand(1);
  auto [cuba, command] = AddCommand<CubaCliOptions>(
      *snn,
      commands,
      "cuba",
      "Run the CUBA benchmark network (Brette et al. 2007): firing rates, CV of inter-spike "
      "intervals, synaptic events, and events per second of wall time",
      [&environment](CubaCliOptions& o) { RunCubaCommand(o, environment); });
  AddNumber(*command,
            "--neurons",
            cuba->config.neurons,
            "Neurons, 80 % excitatory",
            Count(2, 1'000'000, "a number of neurons", "--neurons 4000"));
  AddNumber(*command,
            "--probability",
            cuba->config.connection_probability,
            "Connection probability of each ordered pair",
            Between(0, Bound::kClosed, 1, Bound::kClosed, "a probability", "--probability 0.02"));
  AddNumber(*command,
            "--duration",
            cuba->config.duration,
            "Model time in seconds",
            Positive("a time in seconds", "--duration 1"));
  AddNumber(*command,
            "--dt",
            cuba->config.dt,
            "Time step in seconds",
            Positive("a time step in seconds", "--dt 1e-4"));
  command->add_flag("--dense",
                    cuba->config.dense,
                    "Store every pair (zero weights included) and count an event for each");
  AsOutputFile(command->add_option(
      "--spikes", cuba->spikes, "Also write every spike here as CSV (time_s,neuron)"));
  AddHardwareOption(*command,
                    cuba->hardware,
                    "Energy table: a neuromorphic chip (loihi, truenorth, spinnaker, spinnaker2) "
                    "or a digital processor (its events become digital operations)");
  AddScopeOption(*command, cuba->scope);
}

}  // namespace landauer::cli

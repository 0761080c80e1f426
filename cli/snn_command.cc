// landauer snn: spiking networks (docs/spiking.md).
//   snn cuba        the Brette et al. (2007) CUBA benchmark: rates, CV(ISI), synaptic events,
//                   the simulator's speed in synaptic events per second of wall time, joules.
//   snn train       train a spiking MLP by surrogate gradients: accuracy, spikes, events, joules.
//   snn convert     train the digital MLP, convert it to IF neurons, and report the accuracy,
//                   spikes, synaptic events and joules against T beside the ANN's.
//   snn nir import  read a NIR graph, check it, describe it; run it on an input trace.
//   snn nir export  write a NIR graph (read and checked) back out, as landauer writes NIR.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <memory>

#include "commands.h"
#include "landauer/core/atomic_file.h"
#include "landauer/core/errors.h"
#include "landauer/core/progress.h"
#include "landauer/data/workload.h"
#include "landauer/energy/erasure.h"
#include "landauer/energy/hardware_catalog.h"
#include "landauer/energy/roofline.h"
#include "landauer/energy/scope.h"
#include "landauer/methods/method.h"
#include "landauer/nn/digital_cost.h"
#include "landauer/nn/linear_engine.h"
#include "landauer/nn/trainer.h"
#include "landauer/report/text_table.h"
#include "landauer/spiking/conversion.h"
#include "landauer/spiking/cuba.h"
#include "landauer/spiking/input_trace.h"
#include "landauer/spiking/nir.h"
#include "landauer/spiking/nir_network.h"
#include "landauer/spiking/snn_training.h"
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
      .neurons = static_cast<double>(config.neurons),
      .precision = nn::Precision::kFp32,
      .levels = {}};
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

struct SnnTrainOptions {
  CommonOptions common;
  WorkloadOptions workload;
  int hidden = 800, steps = 25, epochs = 5, batch = 128;
  double beta = 0.95, threshold = 1.0, slope = 25.0, learning_rate = 5e-4;
  std::string surrogate = "fast-sigmoid", loss = "membrane", coding = "direct";
  std::string hardware = "h100", chip = "loihi", scope = "chip";
};

// The table a trained network's inference is priced with: the host's digital table combined with
// the chip's, or the host's alone for --chip digital (the events as digital operations).
EnergyTable SpikingTable(CliEnvironment& environment,
                         const std::string& hardware,
                         const std::string& chip) {
  if (chip == "digital") return environment.catalog().Get(hardware);
  const EnergyTable& device = environment.catalog().Get(chip);
  if (!spiking::IsNeuromorphic(device)) {
    throw std::invalid_argument(fmt::format(
        "--chip {}: table '{}' prices no neuromorphic events; choose loihi, truenorth, spinnaker, "
        "spinnaker2 or digital",
        chip,
        chip));
  }
  return environment.catalog().Combined(hardware, std::vector<std::string>{chip});
}

void AddChipOptions(CLI::App& command,
                    std::string& hardware,
                    std::string& chip,
                    std::string& scope) {
  AddHardwareOption(command, hardware, "Energy table of the host (digital) processor");
  command
      .add_option("--chip",
                  chip,
                  "Where inference runs: loihi, truenorth, spinnaker, spinnaker2, or digital (the "
                  "events as digital operations on --hardware)")
      ->capture_default_str();
  AddScopeOption(command, scope);
}

void RunSnnTrain(SnnTrainOptions& options, CliEnvironment& environment) {
  // Everything that can be refused is refused before the data loads.
  spiking::SnnSpec spec{
      .widths = {1, options.hidden, 2},
      .steps = options.steps,
      .beta = options.beta,
      .threshold = options.threshold,
      .surrogate =
          WithFlag("--surrogate", [&] { return spiking::SurrogateFromString(options.surrogate); }),
      .slope = options.slope,
      .loss = WithFlag("--loss", [&] { return spiking::SnnLossFromString(options.loss); }),
      .coding =
          WithFlag("--coding", [&] { return spiking::InputCodingFromString(options.coding); })};
  WithFlag("--steps", [&] { spec.Validate(); });
  const EnergyTable table = SpikingTable(environment, options.hardware, options.chip);
  const Scope scope = CheckedScope(options.scope, table);
  options.workload.seed = options.common.seed;
  const TrainTest data = LoadWorkload(options.workload);
  const int threads = environment.Context(options.common).threads;
  spec.widths = {static_cast<int>(data.train.dimension()), options.hidden, data.train.num_classes};
  spiking::SnnMlp net(spec);
  net.Initialize(options.common.seed);
  const spiking::IntensityRange range = spiking::IntensityRange::Of(data.train);
  const spiking::SnnTrainingResult trained =
      spiking::TrainSnn(net,
                        data.train,
                        range,
                        {.epochs = options.epochs,
                         .batch = options.batch,
                         .seed = options.common.seed,
                         .threads = threads,
                         .optimizer = {.name = "adam", .learning_rate = options.learning_rate}},
                        environment.progress());
  const spiking::SnnEvaluation tested =
      spiking::EvaluateSnn(net, data.test, range, kEvaluationBatch, options.common.seed, threads);
  Ledger inference;
  spiking::CountSnnInference(inference,
                             "inference",
                             tested.work,
                             tested.input_macs,
                             spiking::ShapeOf(spec),
                             options.chip != "digital");
  const double per = 1.0 / static_cast<double>(data.test.size());
  nlohmann::json json = {{"command", "snn train"},
                         {"data", options.workload.data},
                         {"widths", spec.widths},
                         {"steps", spec.steps},
                         {"beta", spec.beta},
                         {"threshold", spec.threshold},
                         {"surrogate", options.surrogate},
                         {"slope", spec.slope},
                         {"loss", options.loss},
                         {"coding", options.coding},
                         {"train_seconds", trained.seconds},
                         {"test_accuracy", tested.accuracy},
                         {"spikes_per_sample", tested.spikes_per_sample},
                         {"synaptic_events_per_sample", tested.work.synaptic_events * per},
                         {"neuron_updates_per_sample", tested.work.neuron_updates * per},
                         {"input_macs_per_sample", tested.input_macs * per},
                         {"hardware", table.name()},
                         {"chip", options.chip},
                         {"scope", ToString(scope)}};
  nlohmann::json curve = nlohmann::json::array();
  std::string rows;
  for (const spiking::SnnEpoch& e : trained.curve) {
    curve.push_back({{"epoch", e.epoch},
                     {"loss", e.loss},
                     {"train_accuracy", e.train_accuracy},
                     {"hidden_rate", e.hidden_rate}});
    rows += fmt::format("  epoch {:>3}: loss {:.4f}, train accuracy {:.2f} %, hidden rate {:.3f}\n",
                        e.epoch,
                        e.loss,
                        100 * e.train_accuracy,
                        e.hidden_rate);
  }
  json["curve"] = curve;
  const ScopedPhase priced = PriceAtScope(inference, "inference", table, scope);
  json["j_per_inference"] = priced.energy.energy_j * per;
  json["inference_report"] = priced.energy.ToJson();
  const std::string energy = fmt::format("{} per inference on {} at {} scope",
                                         FormatSi(priced.energy.energy_j * per, "J"),
                                         table.name(),
                                         ToString(scope));
  const std::string human = fmt::format(
      "spiking MLP {} on {} ({} train / {} test), T = {}, beta {}, {} surrogate, {} loss, {} "
      "coding\n{}test accuracy {:.2f} %; per inference: {:.1f} input spikes, {:.1f} hidden, {:.1f} "
      "output, {:.0f} synaptic events, {:.0f} neuron updates{}\n{}; training took {:.1f} s\n",
      fmt::join(spec.widths, "-"),
      options.workload.data,
      data.train.size(),
      data.test.size(),
      spec.steps,
      spec.beta,
      options.surrogate,
      options.loss,
      options.coding,
      rows,
      100 * tested.accuracy,
      tested.spikes_per_sample[0],
      tested.spikes_per_sample[1],
      tested.spikes_per_sample.back(),
      tested.work.synaptic_events * per,
      tested.work.neuron_updates * per,
      tested.input_macs > 0
          ? fmt::format(", {:.0f} input MACs (held input)", tested.input_macs * per)
          : "",
      energy,
      trained.seconds);
  Emit(options.common, std::move(json), human);
}

struct SnnConvertOptions {
  CommonOptions common;
  WorkloadOptions workload;
  std::string hidden = "256-256";
  int epochs = 5, batch = 128;
  double learning_rate = 1e-3, percentile = 99.9;
  std::string normalization = "percentile";
  std::vector<int> steps = {10, 25, 50, 100, 200};
  std::string hardware = "h100", chip = "loihi", scope = "chip";
};

void RunSnnConvert(SnnConvertOptions& options, CliEnvironment& environment) {
  const spiking::ConversionOptions conversion{
      .normalization =
          WithFlag("--normalization",
                   [&] { return spiking::NormalizationFromString(options.normalization); }),
      .percentile = options.percentile};
  WithFlag("--percentile", [&] { conversion.Validate(); });
  WithFlag("--hidden", [&] { nn::MlpSpec::Parse("mlp:1-" + options.hidden + "-2"); });
  const EnergyTable table = SpikingTable(environment, options.hardware, options.chip);
  const Scope scope = CheckedScope(options.scope, table);
  const EnergyTable& host = environment.catalog().Get(options.hardware);
  const Scope host_scope = CheckedScope(options.scope, host);
  options.workload.seed = options.common.seed;
  const TrainTest data = LoadWorkload(options.workload);
  const int threads = environment.Context(options.common).threads;
  // The ANN: the digital MLP, trained as `train` and digital-mlp train it.
  nn::Mlp ann(nn::MlpSpec::Parse("mlp:" + std::to_string(data.train.dimension()) + "-" +
                                 options.hidden + "-" + std::to_string(data.train.num_classes)),
              nn::Activation::kRelu);
  ann.Initialize(options.common.seed);
  nn::TrainOptions train;
  train.epochs = options.epochs;
  train.batch = options.batch;
  train.seed = options.common.seed;
  train.threads = threads;
  train.optimizer = {.name = "adam", .learning_rate = options.learning_rate};
  nn::DigitalEngine engine(threads);
  ProgressTask progress(environment.progress(), "ann", nn::TrainingSteps(data.train.size(), train));
  nn::Train(ann, data.train, train, engine, nullptr, nullptr, &progress);
  progress.End();
  const nn::DigitalCostModel ann_cost(ann.spec(), nn::Precision::kFp32);
  Ledger ann_ledger;
  const nn::EvalResult ann_eval =
      nn::Evaluate(ann, data.test, kEvaluationBatch, engine, &ann_cost, &ann_ledger, "inference");
  const double per = 1.0 / static_cast<double>(data.test.size());
  const double ann_j =
      PriceAtScope(ann_ledger, "inference", host, host_scope).energy.energy_j * per;
  // Convert and run to the largest T, reading out at each.
  const spiking::ConvertedSnn snn = spiking::ConvertMlp(ann,
                                                        data.train,
                                                        {.normalization = conversion.normalization,
                                                         .percentile = conversion.percentile,
                                                         .threads = threads});
  const spiking::ConversionResult result =
      spiking::EvaluateConverted(snn, data.test, options.steps, threads);
  nlohmann::json curve = nlohmann::json::array();
  TextTable text({"T",
                  "accuracy",
                  "vs ANN",
                  "spikes",
                  "synaptic events",
                  "neuron updates",
                  "J per inference"});
  for (std::size_t c = 0; c < 7; ++c) text.SetAlignment(c, TextTable::Align::kRight);
  for (const spiking::ConversionPoint& point : result.curve) {
    Ledger ledger;
    spiking::CountSnnInference(ledger,
                               "inference",
                               point.work,
                               result.input_macs_per_sample,
                               spiking::ShapeOf(snn),
                               options.chip != "digital");
    const ScopedPhase priced = PriceAtScope(ledger, "inference", table, scope);
    curve.push_back({{"steps", point.steps},
                     {"accuracy", point.accuracy},
                     {"accuracy_loss_points", 100 * (ann_eval.accuracy - point.accuracy)},
                     {"spikes_per_inference", point.spikes_per_sample},
                     {"synaptic_events_per_inference", point.work.synaptic_events},
                     {"neuron_updates_per_inference", point.work.neuron_updates},
                     {"j_per_inference", priced.energy.energy_j}});
    text.AddRow({std::to_string(point.steps),
                 fmt::format("{:.2f} %", 100 * point.accuracy),
                 fmt::format("{:+.2f}", 100 * (point.accuracy - ann_eval.accuracy)),
                 fmt::format("{:.0f}", point.spikes_per_sample),
                 fmt::format("{:.0f}", point.work.synaptic_events),
                 fmt::format("{:.0f}", point.work.neuron_updates),
                 FormatSi(priced.energy.energy_j, "J")});
  }
  nlohmann::json json = {{"command", "snn convert"},
                         {"data", options.workload.data},
                         {"ann", ann.spec().ToString()},
                         {"ann_accuracy", ann_eval.accuracy},
                         {"ann_j_per_inference", ann_j},
                         {"normalization", options.normalization},
                         {"percentile", options.percentile},
                         {"scales", snn.scales},
                         {"input_macs_per_inference", result.input_macs_per_sample},
                         {"hardware", table.name()},
                         {"chip", options.chip},
                         {"scope", ToString(scope)},
                         {"curve", curve}};
  const std::string human = fmt::format(
      "ANN {} on {}: test accuracy {:.2f} %, {} per inference on {} at {} scope\n"
      "converted to IF neurons ({} balancing{}; scales {:.3g}), the held input's first layer as "
      "{:.0f} digital MACs; priced on {}:\n\n{}",
      ann.spec().ToString(),
      options.workload.data,
      100 * ann_eval.accuracy,
      FormatSi(ann_j, "J"),
      host.name(),
      ToString(host_scope),
      options.normalization,
      conversion.normalization == spiking::Normalization::kPercentile
          ? fmt::format(" at p = {}", options.percentile)
          : "",
      fmt::join(snn.scales, ", "),
      result.input_macs_per_sample,
      table.name(),
      text.Render());
  Emit(options.common, std::move(json), human);
}

struct NirImportOptions {
  CommonOptions common;
  std::string graph, input, trace;
  std::vector<int> columns;
  double dt = 1e-4;
  std::string integration = "exact", reset = "to-value";
  bool precise = false;
  std::string hardware = "loihi", scope = "chip";
};

struct NirExportOptions {
  CommonOptions common;
  std::string graph, out;
};

std::string Shape(const std::vector<std::int64_t>& shape) {
  std::string text;
  for (const std::int64_t d : shape) text += fmt::format("{}{}", text.empty() ? "" : "×", d);
  return text.empty() ? "scalar" : text;
}

void RunNirImport(NirImportOptions& options, CliEnvironment& environment) {
  const spiking::NirGraph graph = spiking::ReadNir(options.graph);
  nlohmann::json nodes = nlohmann::json::object();
  std::string human = fmt::format("NIR graph {} (version {}): {} nodes, {} edges\n",
                                  options.graph,
                                  graph.version,
                                  graph.nodes.size(),
                                  graph.edges.size());
  for (const auto& [name, node] : graph.nodes) {
    nlohmann::json parameters = nlohmann::json::object();
    std::string described;
    for (const auto& [p, array] : node.data.datasets) {
      parameters[p] = array.shape;
      if (array.type == spiking::NirArray::Type::kInt64 && array.ints.size() <= 4) {
        described += fmt::format(" {}={}", p, Shape(array.ints));  // shapes, strides: the values
      } else {
        described += fmt::format(" {}[{}]", p, Shape(array.shape));
      }
    }
    const std::optional<std::int64_t> in = spiking::NirInputSize(node);
    const std::optional<std::int64_t> out = spiking::NirOutputSize(node);
    nodes[name] = {{"type", node.type},
                   {"parameters", parameters},
                   {"inputs", in ? nlohmann::json(*in) : nlohmann::json()},
                   {"outputs", out ? nlohmann::json(*out) : nlohmann::json()}};
    human += fmt::format("  {:<22} {:<10}{}\n", name, node.type, described);
  }
  nlohmann::json edges = nlohmann::json::array();
  for (const auto& [from, to] : graph.edges) edges.push_back({from, to});
  nlohmann::json json = {{"command", "snn nir import"},
                         {"graph", options.graph},
                         {"version", graph.version},
                         {"nodes", nodes},
                         {"edges", edges}};
  if (!options.input.empty()) {
    const spiking::NirRunOptions run{
        .dt = options.dt,
        .integration =
            WithFlag("--integration",
                     [&] { return spiking::NirIntegrationFromString(options.integration); }),
        .reset = WithFlag("--reset", [&] { return spiking::ResetModeFromString(options.reset); }),
        .precise_spike_times = options.precise};
    const EnergyTable& table = environment.catalog().Get(options.hardware);
    const Scope scope = CheckedScope(options.scope, table);
    spiking::NirNetwork net(graph, run, options.graph);
    const spiking::InputTrace trace = spiking::ReadInputTrace(options.input, options.columns);
    if (std::ssize(trace.rows.front()) != net.input_size()) {
      throw InputError(options.input,
                       0,
                       fmt::format("{} values per row for a graph with {} inputs",
                                   trace.rows.front().size(),
                                   net.input_size()),
                       "pick the input columns with --columns (counting from 0)");
    }
    const std::vector<std::string> neurons = net.neuron_nodes();
    std::string csv = "step,time_s";
    for (std::int64_t o = 0; o < net.output_size(); ++o) csv += fmt::format(",output_{}", o);
    for (const std::string& n : neurons) {
      for (std::size_t k = 0; k < net.v(n).size(); ++k) csv += fmt::format(",v_{}_{}", n, k);
    }
    csv += "\n";
    std::vector<double> out;
    double output_sum = 0.0;
    for (std::size_t s = 0; s < trace.rows.size(); ++s) {
      net.Step(trace.rows[s], out);
      for (const double o : out) output_sum += o;
      if (options.trace.empty()) continue;
      csv += fmt::format("{},{:.17g}", s, static_cast<double>(s + 1) * options.dt);
      for (const double o : out) csv += fmt::format(",{:.17g}", o);
      for (const std::string& n : neurons) {
        for (const double v : net.v(n)) csv += fmt::format(",{:.17g}", v);
      }
      csv += "\n";
    }
    if (!options.trace.empty()) WriteFileAtomically(options.trace, csv);
    Ledger ledger;
    double weights = 0.0, neuron_count = 0.0;
    for (const auto& [name, node] : graph.nodes) {
      if (const spiking::NirArray* w = node.Find("weight"))
        weights += static_cast<double>(w->size());
    }
    for (const std::string& n : neurons) neuron_count += static_cast<double>(net.v(n).size());
    // The digital count's neuron arithmetic follows the graph's costliest neuron type.
    spiking::NeuronModel model = spiking::NeuronModel::kIf;
    for (const auto& [name, node] : graph.nodes) {
      if (node.type == "CubaLIF" || node.type == "CubaLI") {
        model = spiking::NeuronModel::kCubaLif;
      } else if ((node.type == "LIF" || node.type == "LI") && model == spiking::NeuronModel::kIf) {
        model = spiking::NeuronModel::kLif;
      }
    }
    spiking::CountSpiking(ledger,
                          "run",
                          net.work(),
                          {.neuron = {.model = model},
                           .weights = weights,
                           .neurons = neuron_count,
                           .precision = nn::Precision::kFp32,
                           .levels = {}},
                          table);
    const ScopedPhase priced = PriceAtScope(ledger, "run", table, scope);
    json["run"] = {{"steps", net.steps()},
                   {"dt_s", options.dt},
                   {"integration", options.integration},
                   {"reset", options.reset},
                   {"precise_spike_times", options.precise},
                   {"output_sum", output_sum},
                   {"spikes", net.work().spikes},
                   {"synaptic_events", net.work().synaptic_events},
                   {"neuron_updates", net.work().neuron_updates},
                   {"hardware", table.name()},
                   {"scope", ToString(scope)},
                   {"energy_j", priced.energy.energy_j},
                   {"energy_report", priced.energy.ToJson()}};
    human += fmt::format(
        "ran {} steps of {} s ({} integration, reset {}{}): {} spikes, {} synaptic events, {} "
        "neuron updates; {} on {} at {} scope{}\n",
        net.steps(),
        options.dt,
        options.integration,
        options.reset,
        options.precise ? ", precise spike times" : "",
        net.work().spikes,
        net.work().synaptic_events,
        net.work().neuron_updates,
        FormatSi(priced.energy.energy_j, "J"),
        table.name(),
        ToString(scope),
        options.trace.empty() ? "" : "; trace in " + options.trace);
  }
  Emit(options.common, std::move(json), human);
}

void RunNirExport(NirExportOptions& options) {
  const spiking::NirGraph graph = spiking::ReadNir(options.graph);
  spiking::WriteNir(options.out, graph);
  Emit(options.common,
       {{"command", "snn nir export"},
        {"graph", options.graph},
        {"out", options.out},
        {"nodes", graph.nodes.size()},
        {"edges", graph.edges.size()}},
       fmt::format("wrote {} ({} nodes, {} edges) from {}\n",
                   options.out,
                   graph.nodes.size(),
                   graph.edges.size(),
                   options.graph));
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

  auto [train, train_command] = AddCommand<SnnTrainOptions>(
      *snn,
      commands,
      "train",
      "Train a spiking MLP (LIF, surrogate-gradient BPTT): accuracy, spikes and synaptic events "
      "per inference, joules on --hardware",
      [&environment](SnnTrainOptions& o) { RunSnnTrain(o, environment); });
  AddWorkloadOptions(*train_command, train->workload);
  AddNumber(*train_command,
            "--hidden",
            train->hidden,
            "Hidden LIF neurons",
            Count(1, 1 << 20, "a number of neurons", "--hidden 800"));
  AddNumber(*train_command,
            "--steps",
            train->steps,
            "Time steps T per sample",
            Count(1, 100000, "a number of time steps", "--steps 25"));
  AddNumber(*train_command,
            "--beta",
            train->beta,
            "Membrane decay per step, e^(-dt/tau); 1 gives IF neurons",
            Between(0, Bound::kOpen, 1, Bound::kClosed, "a decay", "--beta 0.95"));
  AddNumber(*train_command,
            "--threshold",
            train->threshold,
            "Firing threshold (reset value 0)",
            Positive("a threshold", "--threshold 1"));
  AddNumber(*train_command,
            "--slope",
            train->slope,
            "Surrogate slope: k of the fast sigmoid, alpha of the arctan",
            Positive("a slope", "--slope 25"));
  train_command->add_option("--surrogate", train->surrogate, "fast-sigmoid or arctan")
      ->capture_default_str();
  train_command->add_option("--loss", train->loss, "membrane, count, rate or first-spike")
      ->capture_default_str();
  train_command->add_option("--coding", train->coding, "direct, poisson, rate or latency")
      ->capture_default_str();
  AddEpochsOption(*train_command, train->epochs);
  AddBatchOption(*train_command, train->batch);
  AddLearningRateOption(*train_command, train->learning_rate);
  AddChipOptions(*train_command, train->hardware, train->chip, train->scope);

  auto [convert, convert_command] = AddCommand<SnnConvertOptions>(
      *snn,
      commands,
      "convert",
      "Train the digital MLP, convert it to IF neurons with data-based threshold balancing, and "
      "report accuracy, spikes, synaptic events and joules against T beside the ANN",
      [&environment](SnnConvertOptions& o) { RunSnnConvert(o, environment); });
  AddWorkloadOptions(*convert_command, convert->workload);
  convert_command->add_option("--hidden", convert->hidden, "The ANN's hidden widths, e.g. 256-256")
      ->capture_default_str();
  AddEpochsOption(*convert_command, convert->epochs);
  AddBatchOption(*convert_command, convert->batch);
  AddLearningRateOption(*convert_command, convert->learning_rate);
  convert_command
      ->add_option("--normalization",
                   convert->normalization,
                   "Threshold balancing: max (Diehl et al. 2015) or percentile (Rueckauer et al. "
                   "2017)")
      ->capture_default_str();
  AddNumber(*convert_command,
            "--percentile",
            convert->percentile,
            "The activation percentile a layer is scaled by",
            Between(0, Bound::kOpen, 100, Bound::kClosed, "a percentile", "--percentile 99.9"));
  AddNumber(*convert_command,
            "--steps",
            convert->steps,
            "Time steps T at which to read out, comma-separated",
            Count(1, 100000, "a number of time steps", "--steps 10,50,200"))
      ->delimiter(',');
  AddChipOptions(*convert_command, convert->hardware, convert->chip, convert->scope);

  CLI::App* nir = snn->add_subcommand(
      "nir", "The Neuromorphic Intermediate Representation: read, check, run and write graphs");
  nir->require_subcommand(1);
  auto [import, import_command] = AddCommand<NirImportOptions>(
      *nir,
      commands,
      "import",
      "Read a NIR graph (HDF5), check it and describe it; with --input, run it on a trace",
      [&environment](NirImportOptions& o) { RunNirImport(o, environment); });
  AsInputFile(import_command->add_option("graph", import->graph, "A NIR file (.nir)")->required());
  AsInputFile(import_command->add_option(
      "--input", import->input, "CSV of input values, one row per time step"));
  AddNumber(*import_command,
            "--columns",
            import->columns,
            "Columns of --input that feed the graph's inputs, comma-separated, counting from 0 "
            "(default: all)",
            Count(0, 1 << 20, "a column index", "--columns 0"))
      ->delimiter(',');
  AddNumber(*import_command,
            "--dt",
            import->dt,
            "Time step in seconds",
            Positive("a time step in seconds", "--dt 1e-4"));
  import_command
      ->add_option("--integration",
                   import->integration,
                   "exact (held input, exact propagators) or euler (as snnTorch and Norse step)")
      ->capture_default_str();
  import_command
      ->add_option("--reset",
                   import->reset,
                   "to-value (v <- v_reset) or subtract (v <- v - (v_threshold - v_reset)): NIR "
                   "leaves it to the platform")
      ->capture_default_str();
  import_command->add_flag(
      "--precise", import->precise, "Solve each spike's time inside the step (exact LIF and IF)");
  AsOutputFile(import_command->add_option(
      "--trace", import->trace, "Also write outputs and membrane potentials per step as CSV"));
  AddHardwareOption(*import_command, import->hardware, "Energy table for the run's events");
  AddScopeOption(*import_command, import->scope);
  auto [export_options, export_command] = AddCommand<NirExportOptions>(
      *nir,
      commands,
      "export",
      "Read and check a NIR graph and write it as landauer writes NIR (HDF5, atomically)",
      [](NirExportOptions& o) { RunNirExport(o); });
  AsInputFile(export_command->add_option("graph", export_options->graph, "A NIR file")->required());
  AsOutputFile(export_command->add_option("--out", export_options->out, "The NIR file to write")
                   ->required());
}

}  // namespace landauer::cli

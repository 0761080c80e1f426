// `landauer rev sim|stats|compile|energy` — reversible circuits: simulate, measure, compile, price.
#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <memory>

#include "cli_common.h"
#include "landauer/core/atomic_file.h"
#include "landauer/core/errors.h"
#include "landauer/data/workload.h"
#include "landauer/energy/energy_table.h"
#include "landauer/energy/unit_parse.h"
#include "landauer/report/html_report.h"
#include "landauer/report/text_table.h"
#include "landauer/reversible/adiabatic.h"
#include "landauer/reversible/arithmetic.h"
#include "landauer/reversible/bennett.h"
#include "landauer/reversible/metrics.h"
#include "landauer/reversible/pebbling.h"
#include "landauer/reversible/revlib.h"
#include "landauer/reversible/revnet.h"
#include "landauer/reversible/simulator.h"

namespace landauer::cli {
namespace {

using namespace landauer::reversible;

struct RevOptions {
  CommonOptions common;
  std::string file, compare;
  bool inverse = false;
  int max_inputs = 16;
  // compile
  std::string circuit, expr, netlist, out;
  bool discard_inputs = false;
  int pebble_steps = 0, pebbles = 0;
  // energy
  std::string clock = "1ns:1us";
  int points = 31;
  std::string hardware = "adiabatic-cmos", html;
  // revnet
  WorkloadOptions workload;
  std::vector<int> depths = {2, 4, 8, 16, 32};
  int half_width = 32, epochs = 5, batch = 64;
  double learning_rate = 0.2;
};

std::string StatsTable(const CircuitStats& s) {
  TextTable t({"metric", "value"});
  t.SetAlignment(1, TextTable::Align::kRight);
  t.AddRow({"lines", std::to_string(s.lines)});
  t.AddRow({"inputs / outputs", fmt::format("{} / {}", s.inputs, s.outputs)});
  t.AddRow({"ancillae / garbage", fmt::format("{} / {}", s.ancillae, s.garbage)});
  t.AddRow({"gates", std::to_string(s.gates)});
  for (const auto& [kind, count] : s.gates_by_kind) t.AddRow({"  " + kind, std::to_string(count)});
  t.AddRow({"quantum cost", std::to_string(s.quantum_cost)});
  t.AddRow({"T-count", std::to_string(s.t_count)});
  t.AddRow({"depth", std::to_string(s.depth)});
  t.AddRow({"bits erased (garbage cleared)", std::to_string(s.bits_erased)});
  t.AddRow({"bits erased (run irreversibly)", std::to_string(s.bits_erased_irreversible)});
  return t.Render();
}

void RunSim(const RevOptions& o) {
  const Circuit c = ReadReal(o.file);
  const int n = static_cast<int>(c.InputLines().size());
  if (n > o.max_inputs) {
    throw std::invalid_argument(
        fmt::format("{}: {} free inputs would give a truth table of 2^{} rows; raise --max-inputs "
                    "(up to 24) or use 'rev stats'",
                    o.file,
                    n,
                    n));
  }
  const Circuit run = o.inverse ? c.Inverse() : c;
  const std::vector<std::string> table = TruthTable(run, o.max_inputs);
  const EquivalenceResult round_trip = CheckRoundTrip(c);
  std::vector<std::string> inputs, outputs;
  for (int l : c.InputLines()) inputs.push_back(c.line(l).input_label);
  for (int l : c.OutputLines()) outputs.push_back(c.line(l).output_label);
  nlohmann::json json = {{"command", "rev sim"},
                         {"file", o.file},
                         {"direction", o.inverse ? "inverse" : "forward"},
                         {"inputs", inputs},
                         {"outputs", outputs},
                         {"truth_table", table},
                         {"inverse_restores_input", round_trip.equivalent}};
  std::string header_in, header_out;
  for (const auto& s : inputs) header_in += s + " ";
  for (const auto& s : outputs) header_out += s + " ";
  if (!o.compare.empty()) {
    const Circuit other = ReadReal(o.compare);
    EquivalenceOptions eq;
    eq.seed = o.common.seed;
    const EquivalenceResult r = CheckEquivalence(c, other, eq);
    json["equivalence"] = {{"other", o.compare},
                           {"equivalent", r.equivalent},
                           {"exhaustive", r.exhaustive},
                           {"patterns", r.patterns_checked},
                           {"counterexample", r.counterexample}};
  }
  std::string human = fmt::format("{} ({}), {} inputs -> {} outputs\n  inputs: {}\n outputs: {}\n",
                                  o.file,
                                  o.inverse ? "inverse" : "forward",
                                  inputs.size(),
                                  outputs.size(),
                                  header_in,
                                  header_out);
  for (std::size_t p = 0; p < table.size(); ++p) {
    std::string bits;
    for (int k = 0; k < n; ++k) bits += ((p >> (n - 1 - k)) & 1) ? '1' : '0';
    human += fmt::format("  {} -> {}\n", bits, table[p]);
  }
  human += fmt::format("running the inverse after the circuit restores every line: {}\n",
                       round_trip.equivalent ? "yes" : "NO (simulator bug: please report)");
  if (json.contains("equivalence")) {
    const auto& e = json["equivalence"];
    human += fmt::format("equivalent to {} on {} {} patterns: {}\n",
                         o.compare,
                         e["patterns"].get<std::uint64_t>(),
                         e["exhaustive"].get<bool>() ? "(all)" : "seeded random",
                         e["equivalent"].get<bool>() ? "yes"
                                                     : "NO, first difference at input " +
                                                           e["counterexample"].get<std::string>());
  }
  Emit(o.common, std::move(json), human);
}

void RunStats(const RevOptions& o) {
  const Circuit c = ReadReal(o.file);
  const CircuitStats s = ComputeStats(c);
  nlohmann::json json = s.ToJson();
  json["command"] = "rev stats";
  json["file"] = o.file;
  Emit(o.common, std::move(json), fmt::format("{}\n\n{}", o.file, StatsTable(s)));
}

void RunCompile(const RevOptions& o) {
  const int sources = !o.circuit.empty() + !o.expr.empty() + !o.netlist.empty();
  if (sources != 1) {
    throw std::invalid_argument(
        "rev compile needs exactly one of --circuit KIND:N, --expr TEXT or --netlist FILE");
  }
  const auto start = std::chrono::steady_clock::now();
  Circuit circuit;
  std::string origin;
  std::unique_ptr<LogicNetwork> network;
  int compute_gates = 0;
  if (o.circuit.rfind("cuccaro:", 0) == 0) {
    const std::string width = o.circuit.substr(8);
    int n = 0;
    const auto [end, error] = std::from_chars(width.data(), width.data() + width.size(), n);
    if (error != std::errc() || end != width.data() + width.size() || width.empty()) {
      throw std::invalid_argument(
          fmt::format("--circuit '{}': write cuccaro:N with N a width, e.g. cuccaro:8", o.circuit));
    }
    circuit = CuccaroAdder(n);
    origin = o.circuit + " (Cuccaro in-place adder, built directly)";
  } else {
    if (!o.circuit.empty()) {
      network = std::make_unique<LogicNetwork>(GenerateKernel(o.circuit));
      origin = o.circuit;
    } else if (!o.expr.empty()) {
      network = std::make_unique<LogicNetwork>(ParseLogic(o.expr, "--expr"));
      origin = "--expr";
    } else {
      network = std::make_unique<LogicNetwork>(ParseLogic(ReadFile(o.netlist), o.netlist));
      origin = o.netlist;
    }
    BennettResult compiled = CompileBennett(*network, {.discard_inputs = o.discard_inputs});
    circuit = std::move(compiled.circuit);
    compute_gates = compiled.compute_gates;
  }
  const double compile_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const CircuitStats stats = ComputeStats(circuit);
  nlohmann::json json = stats.ToJson();
  json["command"] = "rev compile";
  json["source"] = origin;
  json["compile_seconds"] = compile_s;
  std::string human =
      fmt::format("{}: compiled in {}\n\n{}", origin, FormatSi(compile_s, "s"), StatsTable(stats));
  if (network) {
    json["logic_gates"] = network->num_gates();
    json["compute_gates"] = compute_gates;
    const VerifyResult verify =
        VerifyAgainstNetwork(circuit, *network, 24, 1'000'000, o.common.seed);
    json["verified"] = {{"ok", verify.ok},
                        {"exhaustive", verify.exhaustive},
                        {"patterns", verify.patterns},
                        {"problem", verify.problem}};
    human += fmt::format("\nverified against the logic network on {} {} patterns: {}\n",
                         verify.patterns,
                         verify.exhaustive ? "(all)" : "seeded random",
                         verify.ok ? "ok" : "FAILED: " + verify.problem);
    if (!verify.ok)
      throw std::logic_error("compiled circuit does not match its network: " + verify.problem);
  } else {
    const EquivalenceResult round_trip = CheckRoundTrip(circuit);
    json["verified"] = {{"ok", round_trip.equivalent},
                        {"exhaustive", round_trip.exhaustive},
                        {"patterns", round_trip.patterns_checked},
                        {"problem", ""}};
  }
  if (o.pebble_steps > 0) {
    // A chain of `steps` copies of this circuit as one stage each: time in stage runs, space in
    // stored stage states (each as wide as the circuit's lines).
    TextTable t({"strategy", "pebbles", "stage runs", "time / steps", "lines", "gates"});
    for (std::size_t c = 1; c < 6; ++c) t.SetAlignment(c, TextTable::Align::kRight);
    nlohmann::json rows = nlohmann::json::array();
    std::vector<PebbleSchedule> schedules = {Bennett1973Schedule(o.pebble_steps)};
    int k = 0;
    while ((1 << k) < o.pebble_steps) ++k;
    if ((1 << k) == o.pebble_steps) schedules.push_back(Bennett1989Schedule(k));
    const int min_pebbles = k + 1;
    const int budget = o.pebbles > 0 ? o.pebbles : min_pebbles;
    schedules.push_back(BoundedSchedule(o.pebble_steps, budget));
    for (const PebbleSchedule& s : schedules) {
      const double ratio = static_cast<double>(s.time()) / o.pebble_steps;
      const std::int64_t lines = static_cast<std::int64_t>(s.peak_pebbles) * stats.lines;
      const std::int64_t gates = s.time() * stats.gates;
      rows.push_back({{"strategy", s.strategy},
                      {"pebbles", s.peak_pebbles},
                      {"moves", s.time()},
                      {"time_multiplier", ratio},
                      {"lines", lines},
                      {"gates", gates}});
      t.AddRow({s.strategy,
                std::to_string(s.peak_pebbles),
                std::to_string(s.time()),
                fmt::format("{:.2f}", ratio),
                std::to_string(lines),
                std::to_string(gates)});
    }
    json["pebbling"] = {{"steps", o.pebble_steps}, {"schedules", rows}};
    human += fmt::format(
        "\nReversing a chain of {} such stages (pebble game):\n\n{}", o.pebble_steps, t.Render());
  }
  if (!o.out.empty()) {
    WriteReal(o.out, circuit);
    json["out"] = o.out;
    human += "\nwrote " + o.out + "\n";
  }
  Emit(o.common, std::move(json), human);
}

std::pair<double, double> ParseClockRange(const std::string& text) {
  const std::size_t colon = text.find(':');
  const std::string fix = "write --clock MIN:MAX with time units, e.g. --clock 1ns:1us";
  if (colon == std::string::npos)
    throw std::invalid_argument(fmt::format("--clock '{}': {}", text, fix));
  try {
    const double lo = ParseQuantity(text.substr(0, colon), QuantityKind::kTime);
    const double hi = ParseQuantity(text.substr(colon + 1), QuantityKind::kTime);
    if (!(lo > 0.0) || !(hi >= lo)) throw std::invalid_argument("need 0 < MIN <= MAX");
    return {lo, hi};
  } catch (const std::invalid_argument& error) {
    throw std::invalid_argument(fmt::format("--clock '{}': {}. Fix: {}", text, error.what(), fix));
  }
}

nlohmann::json SweepChartSpec(const EnergySweep& sweep) {
  nlohmann::json values = nlohmann::json::array();
  for (const SweepPoint& p : sweep.points) {
    values.push_back({{"period_ns", p.period_s * 1e9},
                      {"style", "conventional CMOS"},
                      {"energy_fj", p.conventional_j * 1e15}});
    values.push_back({{"period_ns", p.period_s * 1e9},
                      {"style", "adiabatic reversible"},
                      {"energy_fj", p.adiabatic_j * 1e15}});
    values.push_back({{"period_ns", p.period_s * 1e9},
                      {"style", "Landauer floor (reversible)"},
                      {"energy_fj", p.adiabatic_floor_j * 1e15}});
    values.push_back({{"period_ns", p.period_s * 1e9},
                      {"style", "Landauer floor (conventional)"},
                      {"energy_fj", p.conventional_floor_j * 1e15}});
  }
  return {{"$schema", "https://vega.github.io/schema/vega-lite/v5.json"},
          {"title", fmt::format("Energy per {} against clock period", sweep.kernel.name)},
          {"width", 640},
          {"height", 380},
          {"data", {{"values", values}}},
          {"mark", {{"type", "line"}, {"point", true}}},
          {"encoding",
           {{"x",
             {{"field", "period_ns"},
              {"type", "quantitative"},
              {"scale", {{"type", "log"}}},
              {"title", "clock period (ns)"}}},
            {"y",
             {{"field", "energy_fj"},
              {"type", "quantitative"},
              {"scale", {{"type", "log"}}},
              {"title", "energy per operation (fJ)"}}},
            {"color", {{"field", "style"}, {"type", "nominal"}, {"title", ""}}},
            {"tooltip",
             {{{"field", "style"}},
              {{"field", "period_ns"}, {"format", ".3g"}},
              {{"field", "energy_fj"}, {"format", ".3g"}}}}}}};
}

void RunEnergy(const RevOptions& o) {
  const auto [lo, hi] = ParseClockRange(o.clock);
  const std::string kernel_spec = o.circuit.empty() ? "mac:8" : o.circuit;
  const KernelActivity kernel =
      MeasureKernel(kernel_spec, GenerateKernel(kernel_spec), o.common.seed);
  const EnergyTable table = LoadHardwareTable(o.hardware, HardwareDir());
  const EnergySweep sweep = SweepClock(kernel, table, lo, hi, o.points);
  nlohmann::json json = sweep.ToJson();
  json["command"] = "rev energy";
  json["hardware"] = {{"name", table.name()}, {"path", table.origin()}};
  TextTable t({"clock period",
               "conventional",
               "adiabatic",
               "floor (rev.)",
               "adiabatic / conv.",
               "adiabatic / floor"});
  for (std::size_t c = 0; c < 6; ++c) t.SetAlignment(c, TextTable::Align::kRight);
  for (const SweepPoint& p : sweep.points) {
    t.AddRow({FormatSi(p.period_s, "s"),
              FormatSi(p.conventional_j, "J"),
              FormatSi(p.adiabatic_j, "J"),
              FormatSi(p.adiabatic_floor_j, "J"),
              fmt::format("{:.3f}", p.adiabatic_j / p.conventional_j),
              fmt::format("{:.3g}", p.adiabatic_j / p.adiabatic_floor_j)});
  }
  std::string crossovers;
  for (double c : sweep.crossovers_s)
    crossovers += (crossovers.empty() ? "" : ", ") + FormatSi(c, "s");
  std::string human = fmt::format(
      "Energy per {} on {}: conventional CMOS ({} gates, {:.1f} transitions per op) against the "
      "Bennett-compiled "
      "reversible circuit driven adiabatically ({} gates, {} lines)\n\n{}\n"
      "per node: T* = {}, E_min = {} (transition + leakage at T*) against {} conventional\n"
      "crossovers (the cheaper style changes): {}\n",
      kernel.name,
      table.name(),
      kernel.conventional_nodes,
      kernel.conventional_transitions,
      kernel.reversible_gates,
      kernel.reversible_lines,
      t.Render(),
      FormatSi(sweep.model.OptimalRampS(), "s"),
      FormatSi(sweep.model.MinimumNodeEnergyJ(), "J"),
      FormatSi(sweep.model.conventional_transition_j, "J"),
      crossovers.empty() ? "none in this range" : crossovers);
  if (!o.html.empty()) {
    const std::string body = fmt::format(
        "<p>{} on <b>{}</b>. Conventional: {} gates, {:.1f} measured transitions per operation. "
        "Adiabatic: {} gates of "
        "the Bennett-compiled circuit, one adiabatic transition each. Per node T* = {}, "
        "E<sub>min</sub> = {}. "
        "Crossovers: {}.</p>",
        EscapeHtml(kernel.name),
        EscapeHtml(table.name()),
        kernel.conventional_nodes,
        kernel.conventional_transitions,
        kernel.reversible_gates,
        FormatSi(sweep.model.OptimalRampS(), "s"),
        FormatSi(sweep.model.MinimumNodeEnergyJ(), "J"),
        EscapeHtml(crossovers.empty() ? "none" : crossovers));
    WriteFileAtomically(o.html,
                        RenderChartPage("landauer rev energy: " + kernel.name,
                                        body,
                                        {{"sweep", SweepChartSpec(sweep)}},
                                        ReportAssetDirectory()));
    json["html"] = o.html;
    human += "wrote " + o.html + "\n";
  }
  Emit(o.common, std::move(json), human);
}

void RunRevNet(RevOptions o) {
  o.workload.seed = o.common.seed;
  const TrainTest data = LoadWorkload(o.workload);
  const Eigen::MatrixXd x = data.train.features.transpose().cast<double>();
  const Eigen::MatrixXd x_test = data.test.features.transpose().cast<double>();
  TextTable t({"blocks",
               "test accuracy",
               "peak activations (RevNet)",
               "peak activations (stored)",
               "time (RevNet)",
               "time (stored)",
               "exact inverse"});
  for (std::size_t c = 0; c < 7; ++c) t.SetAlignment(c, TextTable::Align::kRight);
  nlohmann::json rows = nlohmann::json::array();
  for (int depth : o.depths) {
    RevNet net(static_cast<int>(data.train.dimension()),
               o.half_width,
               depth,
               data.train.num_classes,
               o.common.seed);
    RevNetParameters g;
    MemoryMeter rev_meter, store_meter;
    double rev_s = 0.0, store_s = 0.0;
    const Eigen::Index n = x.cols();
    for (int epoch = 0; epoch < o.epochs; ++epoch) {
      for (Eigen::Index start = 0; start + o.batch <= n; start += o.batch) {
        const std::vector<std::int32_t> y(data.train.labels.begin() + start,
                                          data.train.labels.begin() + start + o.batch);
        const Eigen::MatrixXd xb = x.middleCols(start, o.batch);
        auto t0 = std::chrono::steady_clock::now();
        net.LossAndGradient(xb, y, g, Backward::kReconstruct, &rev_meter);
        rev_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (epoch == 0) {  // the stored-activation pass, for its memory and time (same gradient)
          RevNetParameters g_store;
          t0 = std::chrono::steady_clock::now();
          net.LossAndGradient(xb, y, g_store, Backward::kStore, &store_meter);
          store_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        }
        net.parameters().AddScaled(g, -o.learning_rate);
      }
    }
    const double accuracy = net.Accuracy(x_test, data.test.labels);
    const bool exact = net.CheckReconstruction(x_test);
    const double rev_per_step = rev_s / o.epochs, store_per_step = store_s;
    rows.push_back({{"blocks", depth},
                    {"test_accuracy", accuracy},
                    {"peak_activation_bytes_revnet", rev_meter.peak},
                    {"peak_activation_bytes_stored", store_meter.peak},
                    {"epoch_seconds_revnet", rev_per_step},
                    {"epoch_seconds_stored", store_per_step},
                    {"exact_inverse", exact}});
    t.AddRow({std::to_string(depth),
              fmt::format("{:.2f} %", 100 * accuracy),
              FormatSi(static_cast<double>(rev_meter.peak), "B"),
              FormatSi(static_cast<double>(store_meter.peak), "B"),
              FormatSi(rev_per_step, "s"),
              FormatSi(store_per_step, "s"),
              exact ? "yes" : "NO"});
  }
  nlohmann::json json = {{"command", "rev revnet"},
                         {"data", o.workload.data},
                         {"half_width", o.half_width},
                         {"batch", o.batch},
                         {"epochs", o.epochs},
                         {"rows", rows}};
  Emit(o.common,
       std::move(json),
       fmt::format("RevNet on {} (half width {}, batch {}, {} epochs of SGD): activation memory "
                   "against depth\n\n{}",
                   o.workload.data,
                   o.half_width,
                   o.batch,
                   o.epochs,
                   t.Render()));
}

}  // namespace

void RegisterRevCommand(CLI::App& app, std::vector<Command>& commands) {
  CLI::App* rev = app.add_subcommand("rev",
                                     "Reversible computing: circuits (simulate, measure, compile, "
                                     "price adiabatically) and RevNets");
  rev->require_subcommand(1);

  auto sim = std::make_shared<RevOptions>();
  CLI::App* sim_app =
      rev->add_subcommand("sim", "Simulate a RevLib .real circuit and print its truth table");
  AddCommonOptions(*sim_app, sim->common);
  sim_app->add_option("file", sim->file, "RevLib .real file")->required()->check(CLI::ExistingFile);
  sim_app->add_flag("--inverse", sim->inverse, "Run the inverse circuit");
  sim_app
      ->add_option("--compare",
                   sim->compare,
                   "Also check equivalence with this circuit (exhaustive up to 24 inputs, else "
                   "2^20 seeded patterns)")
      ->check(CLI::ExistingFile);
  sim_app->add_option("--max-inputs", sim->max_inputs, "Refuse truth tables of more free inputs")
      ->check(CLI::Range(1, 24))
      ->capture_default_str();
  commands.push_back({sim_app, [sim] { RunSim(*sim); }});

  auto stats = std::make_shared<RevOptions>();
  CLI::App* stats_app = rev->add_subcommand(
      "stats", "Gate counts, quantum cost, T-count, depth, ancillae, garbage, bits erased");
  AddCommonOptions(*stats_app, stats->common);
  stats_app->add_option("file", stats->file, "RevLib .real file")
      ->required()
      ->check(CLI::ExistingFile);
  commands.push_back({stats_app, [stats] { RunStats(*stats); }});

  auto compile = std::make_shared<RevOptions>();
  CLI::App* compile_app = rev->add_subcommand(
      "compile", "Compile logic to a garbage-free reversible circuit (Bennett)");
  AddCommonOptions(*compile_app, compile->common);
  compile_app->add_option(
      "--circuit",
      compile->circuit,
      "Generator: adder:N, multiplier:N, mac:N, comparator:N, relu:N, or cuccaro:N (direct)");
  compile_app->add_option("--expr", compile->expr, "Logic, e.g. \"s = a ^ b; c = a & b\"");
  compile_app->add_option("--netlist", compile->netlist, "File of logic statements")
      ->check(CLI::ExistingFile);
  compile_app->add_option("--out", compile->out, "Write the circuit as RevLib .real");
  compile_app->add_flag(
      "--discard-inputs", compile->discard_inputs, "Mark the inputs as garbage (they are erased)");
  compile_app
      ->add_option("--pebble-steps",
                   compile->pebble_steps,
                   "Also plan reversing a chain of this many stages")
      ->check(CLI::Range(1, 4096));
  compile_app
      ->add_option("--pebbles",
                   compile->pebbles,
                   "Pebble budget for the bounded strategy (default: the fewest)")
      ->check(CLI::Range(1, 4096));
  commands.push_back({compile_app, [compile] { RunCompile(*compile); }});

  auto energy = std::make_shared<RevOptions>();
  CLI::App* energy_app = rev->add_subcommand(
      "energy", "Energy per operation: conventional vs adiabatic vs Landauer, over the clock");
  AddCommonOptions(*energy_app, energy->common);
  energy_app
      ->add_option("--circuit",
                   energy->circuit,
                   "Kernel: mac:N, adder:N, multiplier:N, comparator:N, relu:N")
      ->default_str("mac:8");
  energy_app->add_option("--clock", energy->clock, "Clock period range MIN:MAX")
      ->capture_default_str();
  energy_app->add_option("--points", energy->points, "Log-spaced periods in the range")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  energy_app->add_option("--hardware", energy->hardware, "Adiabatic energy table")
      ->capture_default_str();
  energy_app->add_option("--html", energy->html, "Also write a chart page here");
  commands.push_back({energy_app, [energy] { RunEnergy(*energy); }});

  auto revnet = std::make_shared<RevOptions>();
  revnet->workload.data = "digits";
  CLI::App* revnet_app = rev->add_subcommand(
      "revnet", "Train RevNets of several depths: activation memory, stored vs reconstructed");
  AddCommonOptions(*revnet_app, revnet->common);
  AddWorkloadOptions(*revnet_app, revnet->workload);
  revnet_app->add_option("--depths", revnet->depths, "Numbers of coupling blocks")
      ->delimiter(',')
      ->check(CLI::Range(0, 4096));
  revnet_app->add_option("--half-width", revnet->half_width, "Width of each half of the state")
      ->check(CLI::Range(1, 65536))
      ->capture_default_str();
  revnet_app->add_option("--epochs", revnet->epochs, "Training epochs")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  revnet_app->add_option("--batch", revnet->batch, "Minibatch size")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  revnet_app->add_option("--lr", revnet->learning_rate, "SGD learning rate")
      ->check(PositiveNumber("learning rate", "--lr 0.2"))
      ->capture_default_str();
  commands.push_back({revnet_app, [revnet] { RunRevNet(*revnet); }});
}

}  // namespace landauer::cli

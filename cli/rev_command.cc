// `landauer rev sim|stats|compile|energy` — reversible circuits: simulate, measure, compile, price.
#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <cmath>
#include <iostream>
#include <memory>
#include <set>

#include "commands.h"
#include "landauer/core/atomic_file.h"
#include "landauer/core/errors.h"
#include "landauer/core/number_parse.h"
#include "landauer/data/workload.h"
#include "landauer/energy/energy_table.h"
#include "landauer/energy/hardware_catalog.h"
#include "landauer/energy/roofline.h"
#include "landauer/energy/scope.h"
#include "landauer/energy/unit_parse.h"
#include "landauer/report/charts.h"
#include "landauer/report/html_report.h"
#include "landauer/report/text_table.h"
#include "landauer/reversible/adiabatic.h"
#include "landauer/reversible/arithmetic.h"
#include "landauer/reversible/bennett.h"
#include "landauer/reversible/hypergrad_cost.h"
#include "landauer/reversible/hyperparameter_search.h"
#include "landauer/reversible/metrics.h"
#include "landauer/reversible/pebbling.h"
#include "landauer/reversible/revlib.h"
#include "landauer/reversible/revnet.h"
#include "landauer/reversible/revnet_cost.h"
#include "landauer/reversible/simulator.h"
#include "paths.h"

namespace landauer::cli {
namespace {

using reversible::Backward;
using reversible::BennettResult;
using reversible::CheckEquivalence;
using reversible::CheckRestoredLines;
using reversible::CheckRoundTrip;
using reversible::Circuit;
using reversible::CircuitStats;
using reversible::CompareStrategies;
using reversible::CompileBennett;
using reversible::ComputeStats;
using reversible::CuccaroAdder;
using reversible::EnergySweep;
using reversible::EquivalenceOptions;
using reversible::EquivalenceResult;
using reversible::GenerateKernel;
using reversible::KernelActivity;
using reversible::LogicNetwork;
using reversible::MeasureKernel;
using reversible::ParseLogic;
using reversible::PebbleSchedule;
using reversible::ReadReal;
using reversible::RevNetDepthRow;
using reversible::RevNetDepthSweep;
using reversible::RevNetSweepOptions;
using reversible::SweepClock;
using reversible::SweepPoint;
using reversible::TruthTable;
using reversible::VerifyAgainstNetwork;
using reversible::VerifyResult;
using reversible::WriteReal;

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
  std::string scope = "chip";
  WorkloadOptions workload;
  RevNetSweepOptions revnet;
};

struct HypergradCliOptions {
  CommonOptions common;
  WorkloadOptions workload;
  reversible::HypergradOptions search;
  std::string hardware = "h100", scope = "chip";
  bool quiet = false;
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

// A .real file whose #@restored pragma claims an ancilla the circuit does not restore would erase
// bits the stats do not count: refuse it, with the line and an input that shows it.
Circuit ReadCheckedReal(const std::string& path, std::uint64_t seed) {
  Circuit circuit = ReadReal(path);
  std::string line;
  const EquivalenceResult restored = CheckRestoredLines(circuit, {.seed = seed}, &line);
  if (!restored.equivalent) {
    throw InputError(path,
                     0,
                     fmt::format("#@restored marks '{}', but for input {} the circuit leaves it "
                                 "changed",
                                 line,
                                 restored.counterexample),
                     "drop it from #@restored: it is garbage, and erasing it costs bits");
  }
  return circuit;
}

void RunSim(const RevOptions& options, ProgressSink* progress) {
  const Circuit c = ReadCheckedReal(options.file, options.common.seed);
  const int n = static_cast<int>(c.InputLines().size());
  // Beyond --max-inputs there is no truth table, but --compare still checks equivalence (on
  // seeded random patterns past 24 inputs), and the round trip is checked the same way.
  const bool tabulate = n <= options.max_inputs;
  if (!tabulate && options.compare.empty()) {
    throw std::invalid_argument(
        fmt::format("{}: {} free inputs would give a truth table of 2^{} rows; raise --max-inputs "
                    "(up to 24), check equivalence alone with --compare OTHER.real, or use "
                    "'rev stats'",
                    options.file,
                    n,
                    n));
  }
  const Circuit run = options.inverse ? c.Inverse() : c;
  const std::vector<std::string> table =
      tabulate ? TruthTable(run, options.max_inputs) : std::vector<std::string>{};
  const EquivalenceResult round_trip =
      CheckRoundTrip(c, {.seed = options.common.seed, .progress = progress});
  std::vector<std::string> inputs, outputs;
  for (int l : c.InputLines()) inputs.push_back(c.line(l).input_label);
  for (int l : c.OutputLines()) outputs.push_back(c.line(l).output_label);
  nlohmann::json json = {{"command", "rev sim"},
                         {"file", options.file},
                         {"direction", options.inverse ? "inverse" : "forward"},
                         {"inputs", inputs},
                         {"outputs", outputs},
                         {"truth_table", tabulate ? nlohmann::json(table) : nlohmann::json()},
                         {"inverse_restores_input", round_trip.equivalent}};
  std::string header_in, header_out;
  for (const auto& s : inputs) header_in += s + " ";
  for (const auto& s : outputs) header_out += s + " ";
  if (!options.compare.empty()) {
    const Circuit other = ReadCheckedReal(options.compare, options.common.seed);
    EquivalenceOptions eq;
    eq.seed = options.common.seed;
    eq.progress = progress;
    const EquivalenceResult r = CheckEquivalence(c, other, eq);
    json["equivalence"] = {{"other", options.compare},
                           {"equivalent", r.equivalent},
                           {"exhaustive", r.exhaustive},
                           {"patterns", r.patterns_checked},
                           {"counterexample", r.counterexample}};
  }
  std::string human = fmt::format("{} ({}), {} inputs -> {} outputs\n  inputs: {}\n outputs: {}\n",
                                  options.file,
                                  options.inverse ? "inverse" : "forward",
                                  inputs.size(),
                                  outputs.size(),
                                  header_in,
                                  header_out);
  if (!tabulate) {
    human += fmt::format(
        "  (no truth table: {} free inputs is more than --max-inputs {})\n", n, options.max_inputs);
  }
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
                         options.compare,
                         e["patterns"].get<std::uint64_t>(),
                         e["exhaustive"].get<bool>() ? "(all)" : "seeded random",
                         e["equivalent"].get<bool>() ? "yes"
                                                     : "NO, first difference at input " +
                                                           e["counterexample"].get<std::string>());
  }
  Emit(options.common, std::move(json), human);
}

void RunStats(const RevOptions& options) {
  const Circuit c = ReadCheckedReal(options.file, options.common.seed);
  const CircuitStats s = ComputeStats(c);
  nlohmann::json json = s.ToJson();
  json["command"] = "rev stats";
  json["file"] = options.file;
  Emit(options.common, std::move(json), fmt::format("{}\n\n{}", options.file, StatsTable(s)));
}

void RunCompile(const RevOptions& options, ProgressSink* progress) {
  const int sources = !options.circuit.empty() + !options.expr.empty() + !options.netlist.empty();
  if (sources != 1) {
    throw std::invalid_argument(
        "rev compile needs exactly one of --circuit KIND:N, --expr TEXT or --netlist FILE");
  }
  if (options.pebbles > 0 && options.pebble_steps > 0 && options.pebbles < 64 &&
      options.pebble_steps > (std::int64_t{1} << (options.pebbles - 1))) {
    throw std::invalid_argument(fmt::format(
        "--pebbles {} cannot reverse --pebble-steps {}: P pebbles reverse at most 2^(P-1) steps; "
        "give --pebbles {} or more",
        options.pebbles,
        options.pebble_steps,
        1 + static_cast<int>(std::ceil(std::log2(options.pebble_steps)))));
  }
  if (options.pebbles > 0 && options.pebble_steps == 0) {
    throw std::invalid_argument("--pebbles needs --pebble-steps N (the chain to reverse)");
  }
  const auto start = std::chrono::steady_clock::now();
  Circuit circuit;
  std::string origin;
  std::unique_ptr<LogicNetwork> network;
  int compute_gates = 0;
  if (options.circuit.rfind("cuccaro:", 0) == 0) {
    const ParsedInteger width = ParseInteger(std::string_view(options.circuit).substr(8));
    if (!width.ok() || width.value < 1 || width.value > 4096) {
      throw std::invalid_argument(
          fmt::format("--circuit '{}': write cuccaro:N with N a width in [1, 4096], e.g. cuccaro:8",
                      options.circuit));
    }
    const int n = static_cast<int>(width.value);
    circuit = WithFlag("--circuit", [&] { return CuccaroAdder(n); });
    origin = options.circuit + " (Cuccaro in-place adder, built directly)";
  } else {
    if (!options.circuit.empty()) {
      network = std::make_unique<LogicNetwork>(
          WithFlag("--circuit", [&] { return GenerateKernel(options.circuit); }));
      origin = options.circuit;
    } else if (!options.expr.empty()) {
      network = std::make_unique<LogicNetwork>(ParseLogic(options.expr, "--expr"));
      origin = "--expr";
    } else {
      network =
          std::make_unique<LogicNetwork>(ParseLogic(ReadFile(options.netlist), options.netlist));
      origin = options.netlist;
    }
    BennettResult compiled = CompileBennett(*network, {.discard_inputs = options.discard_inputs});
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
        VerifyAgainstNetwork(circuit, *network, 24, 1'000'000, options.common.seed, progress);
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
    const EquivalenceResult round_trip =
        CheckRoundTrip(circuit, {.seed = options.common.seed, .progress = progress});
    json["verified"] = {{"ok", round_trip.equivalent},
                        {"exhaustive", round_trip.exhaustive},
                        {"patterns", round_trip.patterns_checked},
                        {"problem", ""}};
  }
  if (options.pebble_steps > 0) {
    // A chain of `steps` copies of this circuit as one stage each: time in stage runs, space in
    // stored stage states (each as wide as the circuit's lines).
    TextTable t({"strategy", "pebbles", "stage runs", "time / steps", "lines", "gates"});
    for (std::size_t c = 1; c < 6; ++c) t.SetAlignment(c, TextTable::Align::kRight);
    nlohmann::json rows = nlohmann::json::array();
    const std::vector<PebbleSchedule> schedules =
        CompareStrategies(options.pebble_steps, options.pebbles);
    for (const PebbleSchedule& s : schedules) {
      const double ratio = static_cast<double>(s.time()) / options.pebble_steps;
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
    json["pebbling"] = {{"steps", options.pebble_steps}, {"schedules", rows}};
    human += fmt::format("\nReversing a chain of {} such stages (pebble game):\n\n{}",
                         options.pebble_steps,
                         t.Render());
  }
  if (!options.out.empty()) {
    WriteReal(options.out, circuit);
    json["out"] = options.out;
    human += "\nwrote " + options.out + "\n";
  }
  Emit(options.common, std::move(json), human);
}

std::pair<double, double> ParseClockRange(const std::string& text) {
  const std::size_t colon = text.find(':');
  const std::string fix = "write --clock MIN:MAX with time units, e.g. --clock 1ns:1us";
  if (colon == std::string::npos)
    throw std::invalid_argument(fmt::format("--clock '{}': {}", text, fix));
  try {
    const double lo = ParseQuantity(text.substr(0, colon), QuantityKind::kTime);
    const double hi = ParseQuantity(text.substr(colon + 1), QuantityKind::kTime);
    // Periods from a femtosecond (beyond any clock) to an hour (beyond any useful one): outside
    // them the leakage and transition models overflow or underflow a double.
    if (!(lo >= 1e-15) || !(hi >= lo) || !(hi <= 3600.0)) {
      throw std::invalid_argument("need 1 fs <= MIN <= MAX <= 1 h");
    }
    return {lo, hi};
  } catch (const std::invalid_argument& error) {
    throw std::invalid_argument(fmt::format("--clock '{}': {}. Fix: {}", text, error.what(), fix));
  }
}

void RunEnergy(const RevOptions& options, const HardwareCatalog& catalog) {
  const auto [lo, hi] = ParseClockRange(options.clock);
  const std::string kernel_spec = options.circuit.empty() ? "mac:8" : options.circuit;
  const KernelActivity kernel =
      MeasureKernel(kernel_spec,
                    WithFlag("--circuit", [&] { return GenerateKernel(kernel_spec); }),
                    options.common.seed);
  const EnergyTable& table = catalog.Get(options.hardware);
  const EnergySweep sweep = SweepClock(kernel, table, lo, hi, options.points);
  nlohmann::json json = sweep.ToJson();
  json["command"] = "rev energy";
  RequireFiniteResults(json,
                       "rev energy",
                       "the clock range and the table's energies overflow a double",
                       "use a narrower --clock range or check the table's entries");
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
  if (!options.html.empty()) {
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
    WriteFileAtomically(options.html,
                        RenderChartPage("landauer rev energy: " + kernel.name,
                                        body,
                                        {{"sweep", ClockSweepChartSpec(sweep)}},
                                        ReportAssetDirectory()));
    json["html"] = options.html;
    human += "wrote " + options.html + "\n";
  }
  Emit(options.common, std::move(json), human);
}

// One training step of `shape` in `mode`, priced at `scope` (reversible/revnet_cost.h).
ScopedPhase PriceRevNetStep(const reversible::RevNetShape& shape,
                            std::int64_t batch,
                            Backward mode,
                            const EnergyTable& table,
                            Scope scope) {
  Ledger ledger;
  reversible::CountRevNetStep(ledger, "train", shape, batch, mode);
  return PriceAtScope(ledger, "train", table, scope);
}

// "; outside the chip boundary: dram" when the priced phases left components out, else "".
std::string OutsideNote(const EnergyReport& report, Scope scope) {
  std::set<std::string> outside;
  for (const PhaseReport& phase : report.phases) {
    for (const ExcludedAction& action : phase.outside_scope) outside.insert(action.component);
  }
  std::string names;
  for (const std::string& name : outside) names += (names.empty() ? "" : ", ") + name;
  return names.empty() ? "" : fmt::format("; outside the {} boundary: {}", ToString(scope), names);
}

nlohmann::json StepJson(const ScopedPhase& step) {
  return {{"energy_j", step.energy.energy_j},
          {"bits_erased", step.energy.bits_erased},
          {"landauer_floor_j", step.energy.landauer_floor_j},
          {"modelled_seconds", step.time.seconds},
          {"bound_by", step.time.bound_by},
          {"report", step.energy.ToJson()}};
}

void RunRevNet(RevOptions options, CliEnvironment& environment) {
  options.workload.seed = options.common.seed;
  // The table and scope are checked before anything trains.
  const EnergyTable& table = environment.catalog().Get(options.hardware);
  const Scope scope = CheckedScope(options.scope, table);
  const TrainTest data = LoadWorkload(options.workload);
  RevNetSweepOptions sweep = options.revnet;
  sweep.seed = options.common.seed;
  sweep.progress = environment.progress();
  const auto shape_of = [&](int blocks) {
    return reversible::RevNetShape{.inputs = static_cast<int>(data.train.dimension()),
                                   .half_width = sweep.half_width,
                                   .blocks = blocks,
                                   .classes = data.train.num_classes};
  };
  // Every action has a price before anything trains (MissingPriceError names the one missing).
  for (const Backward mode : {Backward::kReconstruct, Backward::kStore}) {
    PriceRevNetStep(shape_of(1), 1, mode, table, scope);
  }
  const std::vector<RevNetDepthRow> sweep_rows = RevNetDepthSweep(data, sweep);
  TextTable t({"blocks",
               "test accuracy",
               "peak activations (RevNet)",
               "peak activations (stored)",
               "J/step (RevNet)",
               "J/step (stored)",
               "× floor (RevNet)",
               "host time (RevNet)",
               "host time (stored)",
               "exact inverse"});
  for (std::size_t c = 0; c < 10; ++c) t.SetAlignment(c, TextTable::Align::kRight);
  nlohmann::json rows = nlohmann::json::array();
  std::string outside;
  for (const RevNetDepthRow& row : sweep_rows) {
    const reversible::RevNetShape shape = shape_of(row.blocks);
    const ScopedPhase revnet =
        PriceRevNetStep(shape, sweep.batch, Backward::kReconstruct, table, scope);
    const ScopedPhase stored = PriceRevNetStep(shape, sweep.batch, Backward::kStore, table, scope);
    for (const ScopedPhase* step : {&revnet, &stored}) {
      const std::string note = OutsideNote(step->energy, scope);
      if (note.size() > outside.size()) outside = note;
    }
    rows.push_back({{"blocks", row.blocks},
                    {"test_accuracy", row.test_accuracy},
                    {"peak_activation_bytes_revnet", row.peak_activation_bytes_revnet},
                    {"peak_activation_bytes_stored", row.peak_activation_bytes_stored},
                    {"step_revnet", StepJson(revnet)},
                    {"step_stored", StepJson(stored)},
                    {"epoch_seconds_revnet", row.epoch_seconds_revnet},
                    {"epoch_seconds_stored", row.epoch_seconds_stored},
                    {"exact_inverse", row.exact_inverse}});
    t.AddRow({std::to_string(row.blocks),
              fmt::format("{:.2f} %", 100 * row.test_accuracy),
              FormatSi(static_cast<double>(row.peak_activation_bytes_revnet), "B"),
              FormatSi(static_cast<double>(row.peak_activation_bytes_stored), "B"),
              FormatSi(revnet.energy.energy_j, "J"),
              FormatSi(stored.energy.energy_j, "J"),
              fmt::format("{:.3g}", revnet.energy.RatioToFloor()),
              FormatSi(row.epoch_seconds_revnet, "s"),
              FormatSi(row.epoch_seconds_stored, "s"),
              row.exact_inverse ? "yes" : "NO"});
  }
  nlohmann::json json = {{"command", "rev revnet"},
                         {"data", options.workload.data},
                         {"half_width", sweep.half_width},
                         {"batch", sweep.batch},
                         {"epochs", sweep.epochs},
                         {"hardware", table.name()},
                         {"scope", ToString(scope)},
                         {"rows", rows}};
  Emit(options.common,
       std::move(json),
       fmt::format("RevNet on {} (half width {}, batch {}, {} epochs of SGD): activation memory "
                   "and energy per training step against depth, priced on {} at {} scope\n\n{}\n"
                   "J/step: one training step of {} samples (reversible/revnet_cost.h), static "
                   "power over its roofline time included{}; × floor: J/step ÷ (bits erased × kT "
                   "ln 2); host time: the simulator's seconds per epoch on this machine\n",
                   options.workload.data,
                   sweep.half_width,
                   sweep.batch,
                   sweep.epochs,
                   table.name(),
                   ToString(scope),
                   t.Render(),
                   sweep.batch,
                   outside));
}

void RunHypergrad(HypergradCliOptions options, CliEnvironment& environment) {
  if (options.quiet) environment.terminal().StopHeartbeat();
  options.workload.seed = options.common.seed;
  options.search.seed = options.common.seed;
  options.search.Validate();
  const EnergyTable& table = environment.catalog().Get(options.hardware);
  const Scope scope = CheckedScope(options.scope, table);
  const TrainTest data = LoadWorkload(options.workload);
  using reversible::Trajectory;
  // One meta-iteration priced at the scope (reversible/hypergrad_cost.h).
  const auto price = [&](const std::vector<int>& widths, double buffer_bits, Trajectory mode) {
    Ledger ledger;
    reversible::CountMetaIteration(
        ledger,
        "meta",
        {.widths = widths,
         .iterations = options.search.iterations,
         .batch = options.search.batch,
         .validation_samples = static_cast<std::int64_t>(std::llround(
             options.search.validation_fraction * static_cast<double>(data.train.size())))},
        buffer_bits,
        mode);
    return PriceAtScope(ledger, "meta", table, scope);
  };
  // Every action has a price before anything trains.
  const std::vector<int> widths =
      options.search.Widths(static_cast<int>(data.train.dimension()), data.train.num_classes);
  for (const Trajectory mode : {Trajectory::kReversed, Trajectory::kStored})
    price(widths, 64.0, mode);
  const reversible::HypergradReport report = reversible::RunHyperparameterSearch(
      data, options.search, options.quiet ? nullptr : environment.progress());
  nlohmann::json json = report.ToJson(options.search);
  json["data"] = options.workload.data;
  // The mean meta-iteration, reversed (with its measured buffers) and with the trajectory stored.
  std::string energy_line = "energy: no meta-iteration ran\n";
  if (!report.meta.empty()) {
    double buffer_bits = 0.0;
    for (const reversible::MetaIteration& m : report.meta) {
      buffer_bits += static_cast<double>(m.buffer_bits_allocated);
    }
    buffer_bits /= static_cast<double>(report.meta.size());
    const ScopedPhase reversed = price(report.widths, buffer_bits, Trajectory::kReversed);
    const ScopedPhase stored = price(report.widths, buffer_bits, Trajectory::kStored);
    json["energy"] = {{"hardware", table.name()},
                      {"scope", ToString(scope)},
                      {"per_meta_iteration_reversed", StepJson(reversed)},
                      {"per_meta_iteration_stored", StepJson(stored)}};
    energy_line = fmt::format(
        "energy per meta-iteration on {} at {} scope (reversible/hypergrad_cost.h): reversed {} "
        "(floor {}, {:.3g}× it; {} modelled{}), trajectory stored instead {} ({:.3g}× the "
        "reversed{})\n",
        table.name(),
        ToString(scope),
        FormatSi(reversed.energy.energy_j, "J"),
        FormatSi(reversed.energy.landauer_floor_j, "J"),
        reversed.energy.RatioToFloor(),
        FormatSi(reversed.time.seconds, "s"),
        OutsideNote(reversed.energy, scope),
        FormatSi(stored.energy.energy_j, "J"),
        stored.energy.energy_j / reversed.energy.energy_j,
        OutsideNote(stored.energy, scope));
  }
  TextTable meta(
      {"meta-iteration", "validation loss", "bits/param/step", "reversal", "reverse / forward"});
  for (std::size_t c = 0; c < 5; ++c) meta.SetAlignment(c, TextTable::Align::kRight);
  for (std::size_t k = 0; k < report.meta.size(); ++k) {
    const auto& m = report.meta[k];
    meta.AddRow({std::to_string(k + 1),
                 fmt::format("{:.4f}", m.validation_loss),
                 fmt::format("{:.4f}", m.buffer_bits_per_parameter_step),
                 m.exact_reversal ? "bit-exact" : "NOT EXACT",
                 fmt::format("{:.2f}", m.reverse_seconds / std::max(m.forward_seconds, 1e-12))});
  }
  TextTable schedule({"group", "initial", "learned: first 10 steps", "middle", "last 10 steps"});
  const std::size_t groups = report.group_names.size(),
                    t_max = static_cast<std::size_t>(options.search.iterations);
  // Mean over steps [begin, end) of group g, or "-" where the range is empty (few iterations).
  auto mean =
      [&](const std::vector<double>& flat, std::size_t g, std::size_t begin, std::size_t end) {
        if (end <= begin) return std::string("-");
        double s = 0.0;
        for (std::size_t t = begin; t < end; ++t) s += flat[t * groups + g];
        return fmt::format("{:.3g}", s / static_cast<double>(end - begin));
      };
  const std::size_t tenth = std::max<std::size_t>(1, std::min<std::size_t>(10, t_max / 3));
  for (std::size_t g = 0; g < groups; ++g) {
    schedule.AddRow({report.group_names[g],
                     fmt::format("{:.3g}", report.initial_schedule[g]),
                     mean(report.learned_schedule, g, 0, std::min(tenth, t_max)),
                     mean(report.learned_schedule, g, tenth, t_max > tenth ? t_max - tenth : 0),
                     mean(report.learned_schedule, g, t_max > tenth ? t_max - tenth : 0, t_max)});
  }
  const std::string human = fmt::format(
      "hypergrad on {} ({} train / {} validation / {} test), MLP {} ({} parameters), {} SGD steps "
      "of {} with "
      "gamma = {} ({}/{})\n\n{}\nLearned learning rates (mean over steps)\n\n{}\n"
      "validation loss {:.4f} -> {:.4f}; test accuracy {:.2f} % -> {:.2f} %\n"
      "information buffer: {:.4f} bits per parameter per step stored, growing at {:.4f} (log2(d/n) "
      "= {:.4f}); a "
      "float64 trajectory would take 128 (w and v); reversal exact in every "
      "meta-iteration: {}; reverse pass / forward pass: {:.2f}\n{}",
      options.workload.data,
      report.train_samples,
      report.validation_samples,
      report.test_samples,
      options.search.hidden,
      report.parameters,
      options.search.iterations,
      options.search.batch,
      options.search.gamma,
      json["gamma_rational"][0].get<std::uint32_t>(),
      json["gamma_rational"][1].get<std::uint32_t>(),
      meta.Render(),
      schedule.Render(),
      report.initial_validation_loss,
      report.learned_validation_loss,
      100 * report.initial_test_accuracy,
      100 * report.learned_test_accuracy,
      json["buffer_bits_per_parameter_step"].get<double>(),
      json["buffer_growth_per_parameter_step"].get<double>(),
      json["expected_bits_per_parameter_step"].get<double>(),
      json["exact_reversal"].get<bool>() ? "yes" : "NO",
      json["reverse_over_forward"].get<double>(),
      energy_line);
  Emit(options.common, std::move(json), human);
}

// The options of `rev hypergrad` (and of the old spelling, `landauer hypergrad`).
void AddHypergradOptions(CLI::App& command, HypergradCliOptions& options) {
  options.workload.data = "digits";
  AddWorkloadOptions(command, options.workload);
  command.add_option("--hidden", options.search.hidden, "Hidden widths of the tanh MLP")
      ->capture_default_str();
  AddNumber(command,
            "--iterations",
            options.search.iterations,
            "SGD steps per training run",
            Count(1, 10000000, "a number of SGD steps", "--iterations 100"));
  AddBatchOption(command, options.search.batch);
  AddNumber(command,
            "--meta-iterations",
            options.search.meta_iterations,
            "Hypergradient steps",
            Count(0, 100000, "a number of hypergradient steps", "--meta-iterations 10"));
  AddNumber(command,
            "--meta-lr",
            options.search.meta_learning_rate,
            "Adam step on log learning rates",
            Positive("a meta learning rate", "--meta-lr 0.04"));
  AddNumber(command,
            "--gamma",
            options.search.gamma,
            "Momentum decay, in (0, 1]",
            Between(0.0, Bound::kOpen, 1.0, Bound::kClosed, "a momentum decay", "--gamma 0.9"));
  AddNumber(command,
            "--initial-lr",
            options.search.initial_learning_rate,
            "Starting learning rate of every step and group",
            Positive("a learning rate", "--initial-lr 0.5"));
  AddNumber(command,
            "--init-scale",
            options.search.init_scale,
            "Initial weights N(0, scale^2 / fan_in)",
            Positive("an initial weight scale", "--init-scale 1"));
  AddNumber(command,
            "--validation-fraction",
            options.search.validation_fraction,
            "Part of the training set held out",
            Between(0.01,
                    Bound::kClosed,
                    0.99,
                    Bound::kClosed,
                    "a validation fraction",
                    "--validation-fraction 0.2"));
  command.add_flag("--quiet", options.quiet, "No progress output");
  AddHardwareOption(command, options.hardware, "Energy table of the digital processor");
  command
      .add_option("--scope",
                  options.scope,
                  "System boundary of the energy: core, chip (+ on-chip memory, static power) or "
                  "system (+ off-chip memory)")
      ->capture_default_str();
}

}  // namespace

void AddRevCommand(CLI::App& app, CliEnvironment& environment, std::vector<Command>& commands) {
  CLI::App* rev = app.add_subcommand("rev",
                                     "Reversible computing: circuits (simulate, measure, compile, "
                                     "price adiabatically), RevNets and exactly reversible SGD");
  rev->require_subcommand(1);

  auto [sim, sim_app] =
      AddCommand<RevOptions>(*rev,
                             commands,
                             "sim",
                             "Simulate a RevLib .real circuit and print its truth table",
                             [&environment](RevOptions& o) { RunSim(o, environment.progress()); });
  AsInputFile(sim_app->add_option("file", sim->file, "RevLib .real file")->required());
  sim_app->add_flag("--inverse", sim->inverse, "Run the inverse circuit");
  AsInputFile(sim_app->add_option("--compare",
                                  sim->compare,
                                  "Also check equivalence with this circuit (exhaustive up to 24 "
                                  "inputs, else 2^20 seeded patterns; then the truth table may be "
                                  "omitted)"));
  AddNumber(*sim_app,
            "--max-inputs",
            sim->max_inputs,
            "Print no truth table for more free inputs (an error without --compare)",
            Count(1, 24, "a number of inputs", "--max-inputs 16"));

  auto [stats, stats_app] = AddCommand<RevOptions>(
      *rev,
      commands,
      "stats",
      "Gate counts, quantum cost, T-count, depth, ancillae, garbage, bits erased",
      RunStats);
  AsInputFile(stats_app->add_option("file", stats->file, "RevLib .real file")->required());

  auto [compile, compile_app] = AddCommand<RevOptions>(
      *rev,
      commands,
      "compile",
      "Compile logic to a garbage-free reversible circuit (Bennett)",
      [&environment](RevOptions& o) { RunCompile(o, environment.progress()); });
  compile_app->add_option(
      "--circuit",
      compile->circuit,
      "Generator: adder:N, multiplier:N, mac:N, comparator:N, relu:N, or cuccaro:N (direct)");
  compile_app->add_option("--expr", compile->expr, "Logic, e.g. \"s = a ^ b; c = a & b\"");
  AsInputFile(compile_app->add_option("--netlist", compile->netlist, "File of logic statements"));
  AsOutputFile(compile_app->add_option("--out", compile->out, "Write the circuit as RevLib .real"));
  compile_app->add_flag(
      "--discard-inputs", compile->discard_inputs, "Mark the inputs as garbage (they are erased)");
  AddNumber(*compile_app,
            "--pebble-steps",
            compile->pebble_steps,
            "Also plan reversing a chain of this many stages",
            Count(1, 4096, "a number of stages", "--pebble-steps 16"),
            /*show_default=*/false);
  AddNumber(*compile_app,
            "--pebbles",
            compile->pebbles,
            "Pebble budget for the bounded strategy (default: the fewest)",
            Count(1, 4096, "a pebble budget", "--pebbles 4"),
            /*show_default=*/false);

  auto energy_defaults = std::make_shared<RevOptions>();
  energy_defaults->circuit = "mac:8";
  auto [energy, energy_app] = AddCommand<RevOptions>(
      *rev,
      commands,
      "energy",
      "Energy per operation: conventional vs adiabatic vs Landauer, over the clock",
      [&environment](RevOptions& o) { RunEnergy(o, environment.catalog()); },
      energy_defaults);
  energy_app
      ->add_option("--circuit",
                   energy->circuit,
                   "Kernel: mac:N, adder:N, multiplier:N, comparator:N, relu:N")
      ->capture_default_str();
  energy_app->add_option("--clock", energy->clock, "Clock period range MIN:MAX")
      ->capture_default_str();
  AddNumber(*energy_app,
            "--points",
            energy->points,
            "Log-spaced periods in the range",
            Count(1, 1000, "a number of points", "--points 31"));
  AddHardwareOption(*energy_app, energy->hardware, "Energy table of the adiabatic logic");
  AsOutputFile(energy_app->add_option("--html", energy->html, "Also write a chart page here"));

  auto revnet_defaults = std::make_shared<RevOptions>();
  revnet_defaults->workload.data = "digits";
  revnet_defaults->hardware = "h100";
  auto [revnet, revnet_app] = AddCommand<RevOptions>(
      *rev,
      commands,
      "revnet",
      "Train RevNets of several depths: activation memory, stored vs reconstructed",
      [&environment](RevOptions& o) { RunRevNet(o, environment); },
      revnet_defaults);
  AddWorkloadOptions(*revnet_app, revnet->workload);
  AddHardwareOption(*revnet_app, revnet->hardware, "Energy table of the digital processor");
  revnet_app
      ->add_option("--scope",
                   revnet->scope,
                   "System boundary of the energy: core, chip (+ on-chip memory, static power) "
                   "or system (+ off-chip memory)")
      ->capture_default_str();
  AddNumber(*revnet_app,
            "--depths",
            revnet->revnet.depths,
            "Numbers of coupling blocks, comma-separated",
            Count(0, 4096, "a number of coupling blocks", "--depths 0,2,4"))
      ->delimiter(',');
  AddNumber(*revnet_app,
            "--half-width",
            revnet->revnet.half_width,
            "Width of each half of the state",
            Count(1, 65536, "a half width", "--half-width 32"));
  AddEpochsOption(*revnet_app, revnet->revnet.epochs);
  AddBatchOption(*revnet_app, revnet->revnet.batch);
  AddLearningRateOption(*revnet_app, revnet->revnet.learning_rate);

  const std::string hypergrad_help =
      "Learn a per-step, per-layer learning-rate schedule by exactly reversible SGD (Maclaurin "
      "et al. 2015)";
  auto [hypergrad, hypergrad_app] = AddCommand<HypergradCliOptions>(
      *rev, commands, "hypergrad", hypergrad_help, [&environment](HypergradCliOptions& o) {
        RunHypergrad(o, environment);
      });
  AddHypergradOptions(*hypergrad_app, *hypergrad);
  // The old spelling keeps working, says where the command went, and is not listed in --help.
  auto [old, old_app] = AddCommand<HypergradCliOptions>(
      app, commands, "hypergrad", hypergrad_help, [&environment](HypergradCliOptions& o) {
        std::cerr << "landauer: note: 'landauer hypergrad' is now 'landauer rev hypergrad'\n";
        RunHypergrad(o, environment);
      });
  old_app->group("");
  AddHypergradOptions(*old_app, *old);
}

}  // namespace landauer::cli

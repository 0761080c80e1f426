// `landauer compare` — the main job: the default set of methods (or --methods) on one workload,
// one energy table,
// one report (table, results.json, self-contained report.html with charts).
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <set>

#include "commands.h"
#include "landauer/core/atomic_file.h"
#include "landauer/core/errors.h"
#include "landauer/data/workload.h"
#include "landauer/methods/compare.h"
#include "landauer/report/html_report.h"
#include "landauer/report/text_table.h"
#include "number_options.h"
#include "paths.h"

namespace landauer::cli {
namespace {

struct CompareCliOptions {
  CommonOptions common;
  WorkloadOptions workload;
  std::string methods;  // comma-separated; not given = the default set
  CLI::Option* methods_option = nullptr;
  std::vector<std::string> params;
  std::string out = "landauer-compare";
  std::string scope = "chip";
  int seeds = 1;
  CompareOptions compare;
};

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) items.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return items;
}

// Each table the rows were priced with, once (a combined table as its own entry list).
std::vector<EnergyTable> UsedTables(const ComparePlan& plan) {
  std::vector<EnergyTable> tables;
  for (const PlannedMethod& planned : plan.methods) {
    bool seen = false;
    for (const EnergyTable& table : tables)
      seen = seen || table.name() == planned.priced_with.name();
    if (!seen) tables.push_back(planned.priced_with);
  }
  return tables;
}

void RunCompare(CompareCliOptions options, CliEnvironment& environment) {
  CompareOptions& compare = options.compare;
  compare.methods = SplitList(options.methods);
  if (options.methods_option->count() > 0 && compare.methods.empty()) {
    throw std::invalid_argument(fmt::format(
        "--methods '{}' names no method; list names ('landauer methods'), e.g. --methods "
        "digital-mlp,adiabatic-mlp, or 'all', or leave the flag out for the default set",
        options.methods));
  }
  for (const std::string& text : options.params) compare.params.push_back(ParseParamOverride(text));
  compare.workload_name = options.workload.data;
  compare.scope = WithFlag("--scope", [&] { return ScopeFromString(options.scope); });
  options.workload.seed = options.common.seed;
  // Everything that can fail is checked before the long part runs.
  const ComparePlan plan = PlanComparison(compare, environment.catalog());
  for (const std::string& name : plan.added_by_param) {
    std::cerr << "landauer: note: --param " << name << ".* adds the opt-in method " << name
              << " to the default set\n";
  }
  const std::string assets = ReportAssetDirectory();
  namespace fs = std::filesystem;
  // --out's parent may be new (e.g. --out runs/today); --out itself is replaced as a whole at the
  // end (CheckPaths has checked that it holds nothing else).
  const fs::path parent = fs::path(options.out).parent_path();
  if (!parent.empty()) {
    std::error_code error;
    fs::create_directories(parent, error);
    if (error) {
      throw InputError(options.out,
                       0,
                       "cannot create the parent directory: " + error.message(),
                       "pass a writable --out DIR");
    }
  }
  const TrainTest split = LoadWorkload(options.workload);
  // --seeds N: the whole comparison again with seeds seed + 1 ... seed + N - 1 (the data split
  // stays that of --seed); every row then carries the mean and sd across them.
  Comparison comparison = RunComparison(split, plan, environment.Context(options.common));
  if (options.seeds > 1) {
    std::vector<Comparison> all = {comparison};
    for (int k = 1; k < options.seeds; ++k) {
      MethodContext context = environment.Context(options.common);
      context.seed = options.common.seed + static_cast<std::uint64_t>(k);
      all.push_back(RunComparison(split, plan, context));
    }
    AddSeedSpread(comparison, all);
  }

  const ReportProvenance provenance = CurrentProvenance(environment.command_line());
  nlohmann::json results = ComparisonJson(comparison);
  results["provenance"] = {{"version", provenance.version},
                           {"commit", provenance.commit},
                           {"date_utc", provenance.date_utc},
                           {"host", provenance.host},
                           {"command", provenance.command}};
  const std::string results_path = (fs::path(options.out) / "results.json").string();
  const std::string csv_path = (fs::path(options.out) / "results.csv").string();
  const std::string report_path = (fs::path(options.out) / "report.html").string();
  // Both files or neither: a kill at any moment leaves the previous complete output or none.
  WriteDirectoryAtomically(
      options.out,
      {{"results.json",
        results.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"},
       {"results.csv", ComparisonCsv(comparison)},
       {"report.html", RenderCompareReport(comparison, assets, provenance, UsedTables(plan))}});

  // The comparable column is energy ÷ the workload floor (the same floor for every row); the
  // method's own floor says where it erases. Times are the simulator's, on this host.
  const WorkloadFloor& floor = comparison.workload_floor;
  TextTable text({"method",
                  "variant",
                  "accuracy (95 % CI)",
                  "J/inference",
                  "s/inference",
                  "× workload floor",
                  "× own floor",
                  "train J",
                  "train s",
                  "host train s",
                  "Pareto"});
  for (std::size_t c = 2; c < 10; ++c) text.SetAlignment(c, TextTable::Align::kRight);
  std::string warnings;
  for (const MethodRun& run : comparison.runs) {
    if (!run.train_floor_check.ok()) {
      warnings += fmt::format(
          "warning: {} training: {}\n", run.info.name, run.train_floor_check.FullReport());
    }
    for (const VariantRun& variant : run.variants) {
      const EnergyReport& e = variant.energy;
      text.AddRow(
          {run.info.name,
           variant.evaluation.variant,
           fmt::format("{:.2f} % [{:.2f}, {:.2f}]",
                       100.0 * variant.evaluation.accuracy,
                       100.0 * variant.accuracy_95.low,
                       100.0 * variant.accuracy_95.high),
           FormatSi(variant.joules_per_sample(), "J"),
           variant.time.seconds > 0 ? FormatSi(variant.modelled_s_per_sample(), "s") : "untimed",
           floor.known() ? fmt::format("{:.3g}", variant.joules_per_sample() / floor.joules)
                         : "n/a",
           e.landauer_floor_j > 0 ? fmt::format("{:.3g}", e.energy_j / e.landauer_floor_j) : "n/a",
           FormatSi(run.train_energy.energy_j, "J"),
           run.train_time.seconds > 0 ? FormatSi(run.train_time.seconds, "s") : "untimed",
           fmt::format("{:.1f}", run.fit.seconds),
           variant.pareto ? "*" : ""});
      if (!variant.floor_check.ok()) {
        warnings += fmt::format("warning: {} {}: {}\n",
                                run.info.name,
                                variant.evaluation.variant,
                                variant.floor_check.FullReport());
      }
    }
  }
  const std::string floor_line =
      floor.known()
          ? fmt::format(
                "workload floor: {:.0f} bits per inference ({:.0f} input bits − log2 {} "
                "classes) × kT ln 2 = {}\n",
                floor.bits,
                floor.input_bits,
                comparison.classes,
                FormatSi(floor.joules, "J"))
          : std::string(
                "workload floor: unknown (the data set does not say how it stores an input)\n");
  std::string pareto_line = fmt::format("Pareto (*): {}\n", kParetoRule);
  if (options.seeds > 1) {
    pareto_line += fmt::format("Across {} seeds (mean ± sd):\n", options.seeds);
    for (const MethodRun& run : comparison.runs) {
      for (const VariantRun& variant : run.variants) {
        pareto_line += fmt::format("  {} {}: accuracy {:.2f} ± {:.2f} %, {} ± {} per inference\n",
                                   run.info.name,
                                   variant.evaluation.variant,
                                   100.0 * variant.accuracy_over_seeds.mean,
                                   100.0 * variant.accuracy_over_seeds.sd,
                                   FormatSi(variant.joules_over_seeds.mean, "J"),
                                   FormatSi(variant.joules_over_seeds.sd, "J"));
      }
    }
  }
  // Each method's tables and nodes, and what its rows leave outside the boundary.
  for (const MethodRun& run : comparison.runs) {
    std::set<std::string> outside;
    for (const VariantRun& variant : run.variants) {
      for (const PhaseReport& phase : variant.energy.phases) {
        for (const ExcludedAction& action : phase.outside_scope) outside.insert(action.component);
      }
    }
    std::string excluded;
    for (const std::string& component : outside) {
      excluded += (excluded.empty() ? "" : ", ") + component;
    }
    pareto_line += fmt::format(
        "{}: priced with {}{}{}{}\n",
        run.info.name,
        run.priced_with,
        run.node.empty() ? "" : " (" + run.node + ")",
        run.family.empty()                          ? ""
        : run.family.find('+') == std::string::npos ? "; node family " + run.family
                                                    : "; mixes node families " + run.family,
        excluded.empty() ? "" : "; outside the " + comparison.scope + " boundary: " + excluded);
  }
  // The substrates' own quantities (Evaluation::metrics), one line per variant that has any.
  for (const MethodRun& run : comparison.runs) {
    for (const VariantRun& variant : run.variants) {
      std::string line;
      for (const auto& [name, value] : variant.evaluation.metrics) {
        line += fmt::format("{}{} {:.6g}", line.empty() ? "" : ", ", name, value);
      }
      if (!line.empty()) {
        pareto_line += fmt::format("{} {}: {}\n", run.info.name, variant.evaluation.variant, line);
      }
    }
  }
  const std::string human = fmt::format(
      "{} ({} train / {} test), priced on {} at {} scope\n\n{}{}{}{}\nwrote {}, {} and {}\n",
      options.workload.data,
      split.train.size(),
      split.test.size(),
      comparison.hardware,
      comparison.scope,
      text.Render(),
      floor_line,
      pareto_line,
      warnings,
      results_path,
      csv_path,
      report_path);
  results["command"] = "compare";
  results["results_path"] = results_path;
  results["csv_path"] = csv_path;
  results["report_path"] = report_path;
  Emit(options.common, std::move(results), human);
}

}  // namespace

void AddCompareCommand(CLI::App& app, CliEnvironment& environment, std::vector<Command>& commands) {
  auto [options, command] = AddCommand<CompareCliOptions>(
      app,
      commands,
      "compare",
      "Run the default set of methods (or --methods) on one workload; write results.json and "
      "report.html",
      [&environment](CompareCliOptions& o) { RunCompare(o, environment); });
  AddWorkloadOptions(*command, options->workload);
  options->methods_option =
      command->add_option("--methods",
                          options->methods,
                          "Comma-separated method names, or 'all' (default: the default set; "
                          "'landauer methods' lists them)");
  command
      ->add_option("--param",
                   options->params,
                   "Set a method's parameter, METHOD.KEY=VALUE (repeatable; 'landauer methods' "
                   "lists the parameters, their units and defaults)")
      ->type_name("METHOD.KEY=VALUE")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  AddHardwareOption(*command, options->compare.hardware, "Energy table every method is priced on");
  AddNumber(*command,
            "--seeds",
            options->seeds,
            "Repeat the comparison with N seeds (--seed, --seed + 1, ...) and report each row's "
            "mean and standard deviation",
            Count(1, 1000, "a number of seeds", "--seeds 5"));
  command
      ->add_option("--scope",
                   options->scope,
                   "System boundary every row is priced at: core (the operations), chip (+ on-chip "
                   "memory, converters, static power), system (+ off-chip memory and I/O)")
      ->capture_default_str();
  AsOutputDirectory(
      command->add_option("--out",
                          options->out,
                          "Output directory for results.json and report.html, replaced as a whole"),
      {"report.html", "results.csv", "results.json"})
      ->capture_default_str();
  MethodSettings& settings = options->compare.settings;
  AddEpochsOption(*command, settings.epochs);
  AddBatchOption(*command,
                 settings.batch,
                 "Mini-batch size of the methods that follow it ('landauer methods')");
  AddLearningRateOption(*command, settings.learning_rate);
  command
      ->add_option("--hidden",
                   settings.hidden,
                   "Hidden widths of the MLP methods that follow it, e.g. 256-256")
      ->capture_default_str();
}

}  // namespace landauer::cli

// `landauer compare` — the main job: every registered method on one workload, one energy table,
// one report (table, results.json, self-contained report.html with charts).
#include <fmt/format.h>

#include <filesystem>
#include <memory>

#include "cli_common.h"
#include "landauer/core/atomic_file.h"
#include "landauer/core/errors.h"
#include "landauer/data/workload.h"
#include "landauer/methods/compare.h"
#include "landauer/report/html_report.h"
#include "landauer/report/text_table.h"

namespace landauer::cli {
namespace {

struct CompareCliOptions {
  CommonOptions common;
  WorkloadOptions workload;
  std::string methods;  // comma-separated; empty = all
  std::string hardware = "h100";
  std::string out = "landauer-compare";
  MethodOptions method;
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

void RunCompare(CompareCliOptions options) {
  options.workload.seed = options.common.seed;
  options.method.seed = options.common.seed;
  options.method.threads = options.common.threads;
  options.method.hardware_dir = HardwareDir();
  CompareOptions compare;
  compare.methods = SplitList(options.methods);
  for (const std::string& name : compare.methods) {
    if (name != "all") CreateMethod(name, options.method);  // validate names early
  }
  compare.load_table = [](const std::string& name) {
    return LoadHardwareTable(name, HardwareDir());
  };
  compare.method = options.method;
  compare.workload_name = options.workload.data;
  // Check everything that can fail before the long part runs.
  const EnergyTable table = LoadHardwareTable(options.hardware, HardwareDir());
  const std::string assets = ReportAssetDirectory();
  namespace fs = std::filesystem;
  std::error_code error;
  fs::create_directories(options.out, error);
  if (error || !fs::is_directory(options.out)) {
    throw InputError(options.out,
                     0,
                     "cannot create the output directory: " + error.message(),
                     "pass a writable --out DIR");
  }
  const TrainTest split = LoadWorkload(options.workload);
  nlohmann::json results = RunComparison(split, compare, table);

  const std::string results_path = (fs::path(options.out) / "results.json").string();
  const std::string report_path = (fs::path(options.out) / "report.html").string();
  WriteFileAtomically(results_path, results.dump(2) + "\n");
  WriteFileAtomically(report_path, RenderCompareReport(results, assets));

  TextTable text({"method",
                  "variant",
                  "accuracy",
                  "J/inference",
                  "energy/floor",
                  "train J",
                  "train s",
                  "samples/s",
                  "Pareto"});
  for (std::size_t c = 2; c < 8; ++c) text.SetAlignment(c, TextTable::Align::kRight);
  std::map<std::string, double> samples_per_second;
  for (const auto& m : results["methods"])
    samples_per_second[m["name"]] = m["fit"]["samples_per_second"];
  for (const auto& r : results["results"]) {
    const auto ratio = r["inference_ratio_to_floor"];
    text.AddRow({r["method"],
                 r["variant"],
                 fmt::format("{:.2f} %", 100.0 * r["accuracy"].get<double>()),
                 FormatSi(r["inference_j_per_sample"].get<double>(), "J"),
                 ratio.is_null() ? "n/a" : fmt::format("{:.3g}", ratio.get<double>()),
                 FormatSi(r["train_j_total"].get<double>(), "J"),
                 fmt::format("{:.1f}", r["train_seconds"].get<double>()),
                 fmt::format("{:.0f}", samples_per_second[r["method"]]),
                 r["pareto"].get<bool>() ? "*" : ""});
  }
  const std::string human =
      fmt::format("{} ({} train / {} test), priced on {}\n\n{}\nwrote {} and {}\n",
                  options.workload.data,
                  split.train.size(),
                  split.test.size(),
                  table.name(),
                  text.Render(),
                  results_path,
                  report_path);
  results["command"] = "compare";
  results["results_path"] = results_path;
  results["report_path"] = report_path;
  Emit(options.common, std::move(results), human);
}

}  // namespace

void RegisterCompareCommand(CLI::App& app, std::vector<Command>& commands) {
  auto options = std::make_shared<CompareCliOptions>();
  CLI::App* command = app.add_subcommand(
      "compare", "Run every registered method on one workload; write results.json and report.html");
  AddCommonOptions(*command, options->common);
  AddWorkloadOptions(*command, options->workload);
  command->add_option(
      "--methods",
      options->methods,
      "Comma-separated method names, or 'all' (default: the default set; tngd-mlp is opt-in)");
  command
      ->add_option(
          "--hardware", options->hardware, "Energy table (landauer hardware list) or a .toml path")
      ->capture_default_str();
  command->add_option("--out", options->out, "Output directory for results.json and report.html")
      ->capture_default_str();
  command->add_option("--epochs", options->method.epochs, "Training epochs per method")
      ->check(PositiveNumber("number of epochs", "--epochs 5"))
      ->capture_default_str();
  command->add_option("--batch", options->method.batch, "Mini-batch size")
      ->check(PositiveNumber("batch size", "--batch 128"))
      ->capture_default_str();
  command->add_option("--lr", options->method.learning_rate, "Learning rate")
      ->check(PositiveNumber("learning rate", "--lr 1e-3"))
      ->capture_default_str();
  command
      ->add_option("--hidden", options->method.hidden, "Hidden widths of MLP methods, e.g. 256-256")
      ->capture_default_str();
  commands.push_back({command, [options] { RunCompare(*options); }});
}

}  // namespace landauer::cli

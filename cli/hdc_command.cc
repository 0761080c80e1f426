// landauer hdc train: binary hyperdimensional classifiers on any workload, over a sweep of D
// (docs/hdc.md).
#include <fmt/format.h>

#include <chrono>
#include <memory>

#include "commands.h"
#include "landauer/core/atomic_file.h"
#include "landauer/core/progress.h"
#include "landauer/data/workload.h"
#include "landauer/energy/hardware_catalog.h"
#include "landauer/energy/roofline.h"
#include "landauer/energy/scope.h"
#include "landauer/hdc/classifier.h"
#include "landauer/hdc/encoders.h"
#include "landauer/hdc/hdc_cost.h"
#include "landauer/report/html_report.h"
#include "landauer/report/text_table.h"
#include "paths.h"

namespace landauer::cli {
namespace {

struct HdcCliOptions {
  CommonOptions common;
  WorkloadOptions workload;
  std::vector<int> dimensions = {1024, 2048, 4992, 10048};
  std::string encoder = "idlevel", retraining = "perceptron", class_memory = "integer";
  int levels = 64, retrain_epochs = 10;
  double retrain_lr = 1.0;
  std::string hardware = "h100", scope = "chip", html;
};

double Accuracy(std::span<const std::int32_t> predicted, std::span<const std::int32_t> labels) {
  std::int64_t correct = 0;
  for (std::size_t i = 0; i < predicted.size(); ++i) correct += predicted[i] == labels[i];
  return static_cast<double>(correct) /
         static_cast<double>(std::max<std::size_t>(1, labels.size()));
}

void RunHdcTrain(HdcCliOptions options, CliEnvironment& environment) {
  // Everything that can be refused is refused before the data loads.
  for (const int d : options.dimensions) hdc::CheckDimension(d, "--dimensions");
  if (options.encoder != "idlevel" && options.encoder != "projection") {
    throw std::invalid_argument(
        fmt::format("--encoder '{}': choose idlevel or projection", options.encoder));
  }
  const hdc::Retraining mode =
      WithFlag("--retraining", [&] { return hdc::RetrainingFromString(options.retraining); });
  const hdc::ClassMemory memory =
      WithFlag("--class-memory", [&] { return hdc::ClassMemoryFromString(options.class_memory); });
  const EnergyTable& table = environment.catalog().Get(options.hardware);
  const Scope scope = CheckedScope(options.scope, table);
  const bool projection = options.encoder == "projection";
  if (!projection) {
    for (const int d : options.dimensions) {
      if (options.levels - 1 > d / 2) {
        throw std::invalid_argument(fmt::format(
            "--levels {} with --dimensions {}: each level flips at least one dimension, so D must "
            "be at least 2 (levels − 1) = {}",
            options.levels,
            d,
            2 * (options.levels - 1)));
      }
    }
  }
  options.workload.seed = options.common.seed;
  const TrainTest data = LoadWorkload(options.workload);
  const int threads = environment.Context(options.common).threads;
  const std::uint64_t seed = options.common.seed;

  TextTable text({"D",
                  "one-shot accuracy",
                  "retrained accuracy",
                  "J/inference",
                  "s/inference",
                  "train J",
                  "host s"});
  for (std::size_t c = 0; c < 7; ++c) text.SetAlignment(c, TextTable::Align::kRight);
  nlohmann::json rows = nlohmann::json::array(), chart_values = nlohmann::json::array();
  ProgressTask progress(
      environment.progress(),
      "hdc",
      static_cast<std::int64_t>(options.dimensions.size()) * (2 + options.retrain_epochs));
  for (const int d : options.dimensions) {
    const auto start = std::chrono::steady_clock::now();
    const hdc::HdcShape shape{.features = static_cast<int>(data.train.dimension()),
                              .dimension = d,
                              .levels = projection ? 0 : options.levels,
                              .classes = data.train.num_classes,
                              .projection = projection};
    hdc::EncodeWork train_work, test_work;
    hdc::FeatureEncoder encoder(projection, shape.features, d, options.levels, seed);
    encoder.Fit(data.train.features);
    const std::vector<hdc::BinaryHv> train =
        encoder.EncodeAll(data.train.features, threads, train_work);
    const std::vector<hdc::BinaryHv> test =
        encoder.EncodeAll(data.test.features, threads, test_work);
    progress.Advance(1, fmt::format("D = {}: encoded", d));
    hdc::CentroidClassifier model(data.train.num_classes, d, seed, memory);
    hdc::ClassifierWork learn, query;
    model.TrainOneShot(train, data.train.labels, learn);
    const double one_shot = Accuracy(model.PredictAll(test, threads, query), data.test.labels);
    progress.Advance(1, fmt::format("D = {}: one-shot {:.2f} %", d, 100 * one_shot));
    for (int e = 0; e < options.retrain_epochs; ++e) {
      model.RetrainEpoch(
          train, data.train.labels, mode, options.retrain_lr, static_cast<std::uint64_t>(e), learn);
      progress.Advance(1);
    }
    hdc::ClassifierWork final_query;
    const double retrained =
        Accuracy(model.PredictAll(test, threads, final_query), data.test.labels);
    const double host_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    Ledger train_ledger, test_ledger;
    const std::int64_t n = data.train.size();
    hdc::CountEncoding(train_ledger, "train", shape, n, train_work, n);
    hdc::CountClassifier(train_ledger, "train", shape, learn, n);
    hdc::CountEncoding(test_ledger, "inference", shape, data.test.size(), test_work, 1);
    hdc::CountClassifier(test_ledger, "inference", shape, final_query, 1);
    const ScopedPhase trained = PriceAtScope(train_ledger, "train", table, scope);
    const ScopedPhase inferred = PriceAtScope(test_ledger, "inference", table, scope);
    const double per = 1.0 / static_cast<double>(data.test.size());
    rows.push_back({{"dimension", d},
                    {"one_shot_accuracy", one_shot},
                    {"retrained_accuracy", retrained},
                    {"inference_j_per_sample", inferred.energy.energy_j * per},
                    {"inference_s_per_sample", inferred.time.seconds * per},
                    {"inference_floor_j_per_sample", inferred.energy.landauer_floor_j * per},
                    {"train_j", trained.energy.energy_j},
                    {"train_s", trained.time.seconds},
                    {"host_seconds", host_s},
                    {"inference_report", inferred.energy.ToJson()}});
    text.AddRow({std::to_string(d),
                 fmt::format("{:.2f} %", 100 * one_shot),
                 fmt::format("{:.2f} %", 100 * retrained),
                 FormatSi(inferred.energy.energy_j * per, "J"),
                 FormatSi(inferred.time.seconds * per, "s"),
                 FormatSi(trained.energy.energy_j, "J"),
                 fmt::format("{:.1f}", host_s)});
    for (const auto& [label, accuracy] :
         {std::pair{"one-shot", one_shot}, std::pair{"retrained", retrained}}) {
      chart_values.push_back({{"dimension", d},
                              {"training", label},
                              {"accuracy", accuracy},
                              {"nj_per_inference", inferred.energy.energy_j * per * 1e9}});
    }
  }
  progress.End();
  nlohmann::json json = {
      {"command", "hdc train"},
      {"data", options.workload.data},
      {"encoder", options.encoder},
      {"levels", projection ? nlohmann::json(nullptr) : nlohmann::json(options.levels)},
      {"retraining", options.retraining},
      {"class_memory", options.class_memory},
      {"retrain_epochs", options.retrain_epochs},
      {"hardware", table.name()},
      {"scope", ToString(scope)},
      {"rows", rows}};
  std::string human = fmt::format(
      "HDC ({} encoder, binary packed) on {} ({} train / {} test), {} retraining x{}, priced on {} "
      "at {} scope\n\n{}\n",
      options.encoder,
      options.workload.data,
      data.train.size(),
      data.test.size(),
      options.retraining,
      options.retrain_epochs,
      table.name(),
      ToString(scope),
      text.Render());
  if (!options.html.empty()) {
    // Two panels against D on a log axis: accuracy (one-shot and retrained), and energy.
    const auto panel = [](nlohmann::json y, nlohmann::json extra) {
      nlohmann::json encoding = {{"x",
                                  {{"field", "dimension"},
                                   {"type", "quantitative"},
                                   {"scale", {{"type", "log"}}},
                                   {"title", "D (bits)"}}},
                                 {"y", std::move(y)}};
      encoding.update(extra);
      return nlohmann::json{{"width", 380},
                            {"height", 300},
                            {"mark", {{"type", "line"}, {"point", true}}},
                            {"encoding", encoding}};
    };
    const nlohmann::json spec = {{"$schema", "https://vega.github.io/schema/vega-lite/v5.json"},
                                 {"title", "HDC accuracy and energy against the dimension D"},
                                 {"data", {{"values", chart_values}}},
                                 {"hconcat",
                                  {panel({{"field", "accuracy"},
                                          {"type", "quantitative"},
                                          {"axis", {{"format", ".1%"}}},
                                          {"scale", {{"zero", false}}},
                                          {"title", "test accuracy"}},
                                         {{"color", {{"field", "training"}, {"type", "nominal"}}}}),
                                   panel({{"field", "nj_per_inference"},
                                          {"type", "quantitative"},
                                          {"scale", {{"type", "log"}}},
                                          {"title", "nJ per inference"}},
                                         nlohmann::json::object())}}};
    WriteFileAtomically(options.html,
                        RenderChartPage("landauer hdc train",
                                        "<pre>" + EscapeHtml(human) + "</pre>",
                                        {{"sweep", spec}},
                                        ReportAssetDirectory()));
    json["html"] = options.html;
    human += "wrote " + options.html + "\n";
  }
  Emit(options.common, std::move(json), human);
}

}  // namespace

void AddHdcCommand(CLI::App& app, CliEnvironment& environment, std::vector<Command>& commands) {
  CLI::App* hdc = app.add_subcommand(
      "hdc", "Hyperdimensional computing: binary packed hypervectors, encoders, retraining");
  hdc->require_subcommand(1);
  auto defaults = std::make_shared<HdcCliOptions>();
  defaults->workload.data = "digits";
  auto [options, command] = AddCommand<HdcCliOptions>(
      *hdc,
      commands,
      "train",
      "Train and test a binary HDC classifier at each D of --dimensions: accuracy one-shot and "
      "retrained, energy and modelled time per inference, training energy",
      [&environment](HdcCliOptions& o) { RunHdcTrain(o, environment); },
      defaults);
  AddWorkloadOptions(*command, options->workload);
  AddNumber(*command,
            "--dimensions",
            options->dimensions,
            "Hypervector dimensions D, comma-separated, each a multiple of 64",
            Count(64, 1 << 20, "a dimension", "--dimensions 1024,10048"))
      ->delimiter(',');
  command->add_option("--encoder", options->encoder, "idlevel or projection")
      ->capture_default_str();
  AddNumber(*command,
            "--levels",
            options->levels,
            "ID–level: quantisation levels per feature",
            Count(2, 65536, "a number of levels", "--levels 64"));
  AddNumber(*command,
            "--retrain-epochs",
            options->retrain_epochs,
            "Retraining epochs after one-shot bundling",
            Count(0, 1000, "a number of epochs", "--retrain-epochs 10"));
  command
      ->add_option(
          "--retraining", options->retraining, "perceptron (AdaptHD) or adaptive (OnlineHD)")
      ->capture_default_str();
  command
      ->add_option("--class-memory",
                   options->class_memory,
                   "binary (class hypervectors, Hamming search) or integer (the accumulators, "
                   "cosine search)")
      ->capture_default_str();
  AddNumber(*command,
            "--retrain-lr",
            options->retrain_lr,
            "Adaptive retraining's learning rate",
            Positive("a learning rate", "--retrain-lr 1"));
  AddHardwareOption(*command, options->hardware, "Energy table of the digital processor");
  command
      ->add_option("--scope",
                   options->scope,
                   "System boundary: core, chip (+ on-chip memory, static power) or system")
      ->capture_default_str();
  AsOutputFile(command->add_option("--html", options->html, "Also write a chart page here"));
}

}  // namespace landauer::cli

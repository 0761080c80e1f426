// landauer hdc train|eval: hyperdimensional classifiers on any workload, over a sweep of D; a
// trained model saved and evaluated again (docs/hdc.md).
#include <fmt/format.h>

#include <chrono>
#include <memory>

#include "commands.h"
#include "landauer/core/atomic_file.h"
#include "landauer/core/errors.h"
#include "landauer/core/memory_budget.h"
#include "landauer/core/progress.h"
#include "landauer/data/workload.h"
#include "landauer/energy/hardware_catalog.h"
#include "landauer/energy/roofline.h"
#include "landauer/energy/scope.h"
#include "landauer/hdc/hdc_cost.h"
#include "landauer/hdc/model.h"
#include "landauer/hdc/model_file.h"
#include "landauer/report/html_report.h"
#include "landauer/report/text_table.h"
#include "paths.h"

namespace landauer::cli {
namespace {

struct HdcCliOptions {
  CommonOptions common;
  WorkloadOptions workload;
  std::vector<int> dimensions = {1024, 2048, 4992, 10048};
  std::string vsa = "bsc", encoder = "idlevel", retraining = "perceptron", class_memory = "integer";
  int levels = 64, retrain_epochs = 10;
  double retrain_lr = 1.0;
  std::string hardware = "h100", scope = "chip", html, save;
};

struct HdcEvalOptions {
  CommonOptions common;
  WorkloadOptions workload;
  std::string model, hardware = "h100", scope = "chip";
  bool data_given = false;
};

// Energy and modelled time of streaming inference over `samples` samples (one encoding held at a
// time), at the scope.
ScopedPhase PriceInference(const hdc::HdcShape& shape,
                           std::int64_t samples,
                           const hdc::EncodeWork& encode,
                           const hdc::ClassifierWork& query,
                           const EnergyTable& table,
                           Scope scope) {
  Ledger ledger;
  hdc::CountEncoding(ledger, "inference", shape, samples, encode, 1);
  hdc::CountClassifier(ledger, "inference", shape, query, 1);
  return PriceAtScope(ledger, "inference", table, scope);
}

void RunHdcTrain(HdcCliOptions options, CliEnvironment& environment) {
  // Everything that can be refused is refused before the data loads.
  if (options.encoder != "idlevel" && options.encoder != "projection") {
    throw std::invalid_argument(
        fmt::format("--encoder '{}': choose idlevel or projection", options.encoder));
  }
  const hdc::Retraining mode =
      WithFlag("--retraining", [&] { return hdc::RetrainingFromString(options.retraining); });
  const hdc::ClassMemory memory =
      WithFlag("--class-memory", [&] { return hdc::ClassMemoryFromString(options.class_memory); });
  const hdc::Vsa vsa = WithFlag("--vsa", [&] { return hdc::VsaFromString(options.vsa); });
  const EnergyTable& table = environment.catalog().Get(options.hardware);
  const Scope scope = CheckedScope(options.scope, table);
  const bool projection = options.encoder == "projection";
  if (!options.save.empty() && options.dimensions.size() != 1) {
    throw std::invalid_argument(fmt::format(
        "--save with {} values of --dimensions: a model file holds one model; give one D, e.g. "
        "--dimensions 10048",
        options.dimensions.size()));
  }
  // The model each D describes, checked with placeholder features and classes (the flags that
  // shape it are named in the message).
  const auto config_for = [&](int d, int features, int classes) {
    return hdc::ModelConfig{.vsa = vsa,
                            .projection = projection,
                            .features = features,
                            .dimension = d,
                            .levels = options.levels,
                            .classes = classes,
                            .memory = memory,
                            .seed = options.common.seed};
  };
  for (const int d : options.dimensions) config_for(d, 1, 2).Check(/*flags=*/true);
  options.workload.seed = options.common.seed;
  const TrainTest data = LoadWorkload(options.workload);
  const int threads = environment.Context(options.common).threads;

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
  std::unique_ptr<hdc::HdcModel> last;
  for (const int d : options.dimensions) {
    const auto start = std::chrono::steady_clock::now();
    const hdc::ModelConfig config =
        config_for(d, static_cast<int>(data.train.dimension()), data.train.num_classes);
    config.Check(/*flags=*/true);
    CheckMemory(
        fmt::format(
            "HDC at D = {} ({}, {} stored training records)", d, options.vsa, data.train.size()),
        config.Bytes(data.train.size() + data.test.size()),
        "use a smaller --dimensions, --vsa bsc, or --max-train");
    const hdc::HdcShape shape = config.Shape();
    hdc::EncodeWork train_work, test_work;
    auto model = std::make_unique<hdc::HdcModel>(config);
    model->Fit(data.train.features);
    const hdc::Encoded train = model->Encode(data.train.features, threads, train_work);
    const hdc::Encoded test = model->Encode(data.test.features, threads, test_work);
    progress.Advance(1, fmt::format("D = {}: encoded", d));
    hdc::ClassifierWork learn, query;
    model->TrainOneShot(train, data.train.labels, learn);
    const double one_shot = data.test.AccuracyOf(model->PredictAll(test, threads, query));
    progress.Advance(1, fmt::format("D = {}: one-shot {:.2f} %", d, 100 * one_shot));
    for (int e = 0; e < options.retrain_epochs; ++e) {
      model->RetrainEpoch(
          train, data.train.labels, mode, options.retrain_lr, static_cast<std::uint64_t>(e), learn);
      progress.Advance(1);
    }
    hdc::ClassifierWork final_query;
    const double retrained = data.test.AccuracyOf(model->PredictAll(test, threads, final_query));
    const double host_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    Ledger train_ledger;
    const std::int64_t n = data.train.size();
    hdc::CountEncoding(train_ledger, "train", shape, n, train_work, n);
    hdc::CountClassifier(train_ledger, "train", shape, learn, n);
    const ScopedPhase trained = PriceAtScope(train_ledger, "train", table, scope);
    const ScopedPhase inferred =
        PriceInference(shape, data.test.size(), test_work, final_query, table, scope);
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
    last = std::move(model);
  }
  progress.End();
  nlohmann::json json = {
      {"command", "hdc train"},
      {"data", options.workload.data},
      {"vsa", options.vsa},
      {"encoder", options.encoder},
      {"levels", projection ? nlohmann::json(nullptr) : nlohmann::json(options.levels)},
      {"retraining", options.retraining},
      {"class_memory", options.class_memory},
      {"retrain_epochs", options.retrain_epochs},
      {"hardware", table.name()},
      {"scope", ToString(scope)},
      {"rows", rows}};
  std::string human = fmt::format(
      "HDC ({} encoder, {}) on {} ({} train / {} test), {} retraining x{}, priced on {} at {} "
      "scope\n\n{}\n",
      options.encoder,
      vsa == hdc::Vsa::kBsc ? "binary packed" : options.vsa,
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
  if (!options.save.empty()) {
    hdc::SaveModel(options.save,
                   *last,
                   {.data = options.workload.data,
                    .pca = options.workload.pca,
                    .binarize = options.workload.binarize,
                    .max_train = options.workload.max_train});
    json["model"] = options.save;
    human += "saved the model to " + options.save + " (landauer hdc eval --model " + options.save +
             ")\n";
  }
  Emit(options.common, std::move(json), human);
}

void RunHdcEval(HdcEvalOptions options, CliEnvironment& environment) {
  const EnergyTable& table = environment.catalog().Get(options.hardware);
  const Scope scope = CheckedScope(options.scope, table);
  hdc::SavedModel saved = hdc::LoadModel(options.model);
  const hdc::ModelConfig& config = saved.model.config();
  // The data is read as training read it: the saved workload and preprocessing, the model's
  // seed; --data may name another source of the same shape.
  WorkloadOptions workload = options.workload;
  if (!options.data_given) workload.data = saved.workload.data;
  workload.pca = saved.workload.pca;
  workload.binarize = saved.workload.binarize;
  workload.max_train = saved.workload.max_train;
  workload.seed = config.seed;
  const TrainTest data = LoadWorkload(workload);
  if (data.test.dimension() != config.features || data.test.num_classes > config.classes) {
    throw InputError(options.model,
                     0,
                     fmt::format("the model takes {} features and {} classes, but {} has {} "
                                 "features and {} classes",
                                 config.features,
                                 config.classes,
                                 workload.data,
                                 data.test.dimension(),
                                 data.test.num_classes),
                     "evaluate it on data of the shape it was trained on (--data)");
  }
  CheckMemory(fmt::format("evaluating {} on {} test samples", options.model, data.test.size()),
              config.Bytes(data.test.size()),
              "use --max-test");
  const int threads = environment.Context(options.common).threads;
  const auto start = std::chrono::steady_clock::now();
  hdc::EncodeWork encode;
  hdc::ClassifierWork query;
  const hdc::Encoded test = saved.model.Encode(data.test.features, threads, encode);
  const double accuracy = data.test.AccuracyOf(saved.model.PredictAll(test, threads, query));
  const double host_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const ScopedPhase inferred =
      PriceInference(config.Shape(), data.test.size(), encode, query, table, scope);
  const double per = 1.0 / static_cast<double>(data.test.size());
  nlohmann::json json = {{"command", "hdc eval"},
                         {"model", options.model},
                         {"data", workload.data},
                         {"vsa", hdc::ToString(config.vsa)},
                         {"encoder", config.projection ? "projection" : "idlevel"},
                         {"dimension", config.dimension},
                         {"test_samples", data.test.size()},
                         {"accuracy", accuracy},
                         {"hardware", table.name()},
                         {"scope", ToString(scope)},
                         {"inference_j_per_sample", inferred.energy.energy_j * per},
                         {"inference_s_per_sample", inferred.time.seconds * per},
                         {"inference_floor_j_per_sample", inferred.energy.landauer_floor_j * per},
                         {"host_seconds", host_s},
                         {"inference_report", inferred.energy.ToJson()}};
  const std::string human = fmt::format(
      "HDC model {} ({}, {} encoder, D = {}) on {} ({} test samples)\n"
      "  accuracy        {:.2f} %\n"
      "  J/inference     {} ({} at {} scope)\n"
      "  s/inference     {}\n"
      "  Landauer floor  {} per inference\n",
      options.model,
      hdc::ToString(config.vsa),
      config.projection ? "projection" : "ID–level",
      config.dimension,
      workload.data,
      data.test.size(),
      100.0 * accuracy,
      FormatSi(inferred.energy.energy_j * per, "J"),
      table.name(),
      ToString(scope),
      FormatSi(inferred.time.seconds * per, "s"),
      FormatSi(inferred.energy.landauer_floor_j * per, "J"));
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
      "Train and test an HDC classifier at each D of --dimensions: accuracy one-shot and "
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
  command
      ->add_option("--vsa",
                   options->vsa,
                   "VSA model: bsc (packed binary), map (integer records) or fhrr (complex "
                   "phasors); map and fhrr run the ID–level encoder and the integer class memory")
      ->capture_default_str();
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
  AddScopeOption(*command, options->scope);
  AsOutputFile(command->add_option("--html", options->html, "Also write a chart page here"));
  AsOutputFile(command->add_option(
      "--save", options->save, "Save the trained model here (one --dimensions value)"));

  auto eval_defaults = std::make_shared<HdcEvalOptions>();
  auto [eval, eval_command] = AddCommand<HdcEvalOptions>(
      *hdc,
      commands,
      "eval",
      "Evaluate a model saved by `hdc train --save` on the test split of the data it was trained "
      "on: accuracy, energy and modelled time per inference",
      [&environment](HdcEvalOptions& o) { RunHdcEval(o, environment); },
      eval_defaults);
  AsInputFile(eval_command->add_option("--model", eval->model, "A model file (hdc train --save)")
                  ->required());
  AsInputOrName(eval_command->add_option("--data",
                                         eval->workload.data,
                                         "Data to test on (default: the data the model was "
                                         "trained on, with its preprocessing)"),
                {"*-ubyte", "*-ubyte.gz"})
      ->each([eval = eval.get()](const std::string&) { eval->data_given = true; });
  AddNumber(
      *eval_command,
      "--max-test",
      eval->workload.max_test,
      "Use only the first N test samples (0 = all)",
      Count(0, std::int64_t{1} << 40, "a number of test samples (0 = all)", "--max-test 1000"));
  AddHardwareOption(*eval_command, eval->hardware, "Energy table of the digital processor");
  AddScopeOption(*eval_command, eval->scope);
}

}  // namespace landauer::cli

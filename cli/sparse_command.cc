// landauer sparse sweep: dynamic sparse training against density, truly sparse kernels timed and
// priced against the dense masked layers the peers use — the crossover, measured (docs/sparse.md).
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <memory>

#include "commands.h"
#include "landauer/core/progress.h"
#include "landauer/data/workload.h"
#include "landauer/energy/hardware_catalog.h"
#include "landauer/energy/roofline.h"
#include "landauer/energy/scope.h"
#include "landauer/methods/method.h"
#include "landauer/nn/mlp.h"
#include "landauer/report/text_table.h"
#include "landauer/sparse/sparse_cost.h"
#include "landauer/sparse/sparse_training.h"
#include "number_options.h"

namespace landauer::cli {
namespace {

struct SparseSweepOptions {
  CommonOptions common;
  WorkloadOptions workload;
  std::vector<double> densities = {0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0};
  std::string algorithm = "sparse-momentum", distribution = "auto", hidden = "300-100";
  int epochs = 5, batch = 100, timing_steps = 30;
  double lr = 0.1, momentum = 0.9, weight_decay = 5e-4;
  std::string hardware = "h100", scope = "chip";
};

// Seconds per step over `steps` steps after two warm-up steps, the batches taken in order from
// the start of `train`.
template <typename StepFn>
double SecondsPerStep(const Dataset& train, std::int64_t batch, int steps, StepFn step) {
  const std::int64_t batches = std::max<std::int64_t>(1, train.size() / batch);
  const auto run = [&](int s) {
    const std::int64_t first = (s % batches) * batch;
    step(train.features.middleRows(first, batch),
         std::span<const std::int32_t>(train.labels.data() + first,
                                       static_cast<std::size_t>(batch)));
  };
  run(0);
  run(1);
  const auto start = std::chrono::steady_clock::now();
  for (int s = 0; s < steps; ++s) run(s + 2);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / steps;
}

// The density at which `ratio` (CSR over dense, one per density, densities ascending) first
// reaches 1, interpolated linearly in log density; null when it does not in the range.
nlohmann::json Crossover(const std::vector<double>& densities, const std::vector<double>& ratio) {
  for (std::size_t i = 0; i < ratio.size(); ++i) {
    if (ratio[i] < 1.0) continue;
    if (i == 0) return densities[0];  // already dearer at the sparsest point
    const double a = std::log(ratio[i - 1]), b = std::log(ratio[i]);
    const double t = a / (a - b);
    return std::exp(std::log(densities[i - 1]) +
                    t * (std::log(densities[i]) - std::log(densities[i - 1])));
  }
  return nullptr;
}

std::string FormatCrossover(const nlohmann::json& crossover) {
  return crossover.is_null() ? "none in the range" : fmt::format("{:.3g}", crossover.get<double>());
}

void RunSparseSweep(SparseSweepOptions options, CliEnvironment& environment) {
  // Everything that can be refused is refused before the data loads.
  const sparse::Algorithm algorithm =
      WithFlag("--algorithm", [&] { return sparse::AlgorithmFromString(options.algorithm); });
  sparse::DynamicSparseOptions training = sparse::DynamicSparseOptions::Defaults(algorithm);
  training.learning_rate = options.lr;
  training.momentum = options.momentum;
  training.weight_decay = options.weight_decay;
  WithFlag("--momentum", [&] { training.Validate(); });
  const sparse::Distribution distribution =
      options.distribution == "auto"
          ? (algorithm == sparse::Algorithm::kRigl ? sparse::Distribution::kErk
                                                   : sparse::Distribution::kUniform)
          : WithFlag("--distribution",
                     [&] { return sparse::DistributionFromString(options.distribution); });
  WithFlag("--hidden", [&] { nn::MlpSpec::Parse("mlp:1-" + options.hidden + "-1"); });
  std::sort(options.densities.begin(), options.densities.end());
  const EnergyTable& table = environment.catalog().Get(options.hardware);
  const Scope scope = CheckedScope(options.scope, table);
  options.workload.seed = options.common.seed;
  const TrainTest data = LoadWorkload(options.workload);
  const int threads = environment.Context(options.common).threads;
  const nn::MlpSpec spec = nn::MlpSpec::Parse(
      fmt::format("mlp:{}-{}-{}", data.train.dimension(), options.hidden, data.train.num_classes));
  const std::int64_t batch = std::min<std::int64_t>(options.batch, data.train.size());
  const double test_n = static_cast<double>(data.test.size());

  TextTable text({"density",
                  "accuracy",
                  "train J",
                  "CSR s/step",
                  "masked s/step",
                  "speed-up",
                  "CSR J/step",
                  "masked J/step",
                  "CSR J/inference",
                  "masked J/inference"});
  for (std::size_t c = 0; c < 10; ++c) text.SetAlignment(c, TextTable::Align::kRight);
  nlohmann::json rows = nlohmann::json::array();
  std::vector<double> time_ratio, energy_ratio, inference_ratio;
  ProgressTask progress(
      environment.progress(), "sparse sweep", static_cast<std::int64_t>(options.densities.size()));
  for (const double density : options.densities) {
    sparse::SparseMlp model(spec);
    model.Initialize(options.common.seed, sparse::LayerDensities(spec, density, distribution));
    const sparse::SparseTrainingResult trained =
        sparse::TrainSparseMlp(model,
                               data.train,
                               training,
                               {.epochs = options.epochs,
                                .batch = batch,
                                .seed = options.common.seed,
                                .threads = threads,
                                .progress_name = fmt::format("density {}", density)},
                               environment.progress());
    // Test accuracy and inference energy, CSR and dense masked, at compare's batch.
    Ledger csr_inference, dense_inference;
    const double accuracy =
        sparse::EvaluateSparseMlp(model, data.test, kEvaluationBatch, threads, &csr_inference);
    for (std::int64_t first = 0; first < data.test.size(); first += kEvaluationBatch) {
      sparse::CountDenseMaskedForward(
          dense_inference,
          "inference",
          spec.widths,
          std::min<std::int64_t>(kEvaluationBatch, data.test.size() - first));
    }
    const sparse::SparseCostModel cost(sparse::SparseShape::Of(model));
    // One training step each way, timed on the trained weights (a static topology: the step
    // itself, without the algorithm's updates) and priced.
    sparse::SparseMlp timed = model;
    sparse::DynamicSparseOptions step_options = training;
    step_options.algorithm = sparse::Algorithm::kStatic;
    sparse::DynamicSparseTrainer trainer(timed, step_options, 1'000'000, 1, options.common.seed);
    sparse::SparseWork ignored;
    const double csr_s =
        SecondsPerStep(data.train, batch, options.timing_steps, [&](const auto& x, auto y) {
          trainer.Step(x, y, threads, ignored);
        });
    sparse::DenseMaskedMlp masked(model, threads);
    const double dense_s =
        SecondsPerStep(data.train, batch, options.timing_steps, [&](const auto& x, auto y) {
          masked.Step(x, y, step_options);
        });
    Ledger csr_step, dense_step;
    cost.CountForward(csr_step, "train", batch);
    cost.CountBackward(csr_step, "train", batch);
    cost.CountSgdStep(csr_step, "train");
    sparse::CountDenseMaskedTrainingStep(dense_step, "train", spec.widths, batch);
    const double csr_j = PriceAtScope(csr_step, "train", table, scope).energy.energy_j;
    const double dense_j = PriceAtScope(dense_step, "train", table, scope).energy.energy_j;
    const double csr_inf_j =
        PriceAtScope(csr_inference, "inference", table, scope).energy.energy_j / test_n;
    const double dense_inf_j =
        PriceAtScope(dense_inference, "inference", table, scope).energy.energy_j / test_n;
    const double train_j = PriceAtScope(trained.ledger, "train", table, scope).energy.energy_j;
    time_ratio.push_back(csr_s / dense_s);
    energy_ratio.push_back(csr_j / dense_j);
    inference_ratio.push_back(csr_inf_j / dense_inf_j);
    rows.push_back({{"density", density},
                    {"achieved_density", model.density()},
                    {"accuracy", accuracy},
                    {"train_j", train_j},
                    {"train_host_seconds", trained.seconds},
                    {"csr_s_per_step", csr_s},
                    {"dense_masked_s_per_step", dense_s},
                    {"speedup", dense_s / csr_s},
                    {"csr_j_per_step", csr_j},
                    {"dense_masked_j_per_step", dense_j},
                    {"csr_j_per_inference", csr_inf_j},
                    {"dense_masked_j_per_inference", dense_inf_j},
                    {"topology_updates", trained.work.updates},
                    {"connections_regrown", trained.work.regrown}});
    text.AddRow({fmt::format("{:.3g}", density),
                 fmt::format("{:.2f} %", 100 * accuracy),
                 FormatSi(train_j, "J"),
                 FormatSi(csr_s, "s"),
                 FormatSi(dense_s, "s"),
                 fmt::format("{:.2f}×", dense_s / csr_s),
                 FormatSi(csr_j, "J"),
                 FormatSi(dense_j, "J"),
                 FormatSi(csr_inf_j, "J"),
                 FormatSi(dense_inf_j, "J")});
    progress.Advance(1, fmt::format("density {}: {:.2f} %", density, 100 * accuracy));
  }
  progress.End();
  const nlohmann::json time_cross = Crossover(options.densities, time_ratio);
  const nlohmann::json energy_cross = Crossover(options.densities, energy_ratio);
  const nlohmann::json inference_cross = Crossover(options.densities, inference_ratio);
  nlohmann::json json = {{"command", "sparse sweep"},
                         {"data", options.workload.data},
                         {"model", spec.ToString()},
                         {"algorithm", options.algorithm},
                         {"distribution", std::string(sparse::ToString(distribution))},
                         {"epochs", options.epochs},
                         {"batch", batch},
                         {"threads", threads},
                         {"hardware", table.name()},
                         {"scope", ToString(scope)},
                         {"crossover_density",
                          {{"wall_time_per_step", time_cross},
                           {"energy_per_step", energy_cross},
                           {"energy_per_inference", inference_cross}}},
                         {"rows", rows}};
  const std::string human = fmt::format(
      "{} on {} ({} train / {} test), {} epochs at batch {}, {} threads; priced on {} at {} "
      "scope\n\n{}\n"
      "CSR is dearer than the dense masked layer from density:\n"
      "  wall time per training step   {} (measured on this host)\n"
      "  energy per training step      {}\n"
      "  energy per inference          {}\n",
      options.algorithm,
      options.workload.data,
      data.train.size(),
      data.test.size(),
      options.epochs,
      batch,
      threads,
      table.name(),
      ToString(scope),
      text.Render(),
      FormatCrossover(time_cross),
      FormatCrossover(energy_cross),
      FormatCrossover(inference_cross));
  Emit(options.common, std::move(json), human);
}

}  // namespace

void AddSparseCommand(CLI::App& app, CliEnvironment& environment, std::vector<Command>& commands) {
  CLI::App* sparse_app = app.add_subcommand(
      "sparse", "Sparse training: truly sparse kernels against dense masked layers");
  sparse_app->require_subcommand(1);
  auto defaults = std::make_shared<SparseSweepOptions>();
  auto [options, command] = AddCommand<SparseSweepOptions>(
      *sparse_app,
      commands,
      "sweep",
      "Train at each density of --densities and time and price one training step on the CSR "
      "kernels against the dense masked layers of the same weights: accuracy, wall time, joules "
      "and the crossover densities",
      [&environment](SparseSweepOptions& o) { RunSparseSweep(o, environment); },
      defaults);
  AddWorkloadOptions(*command, options->workload);
  AddNumber(*command,
            "--densities",
            options->densities,
            "Densities (fractions of the weights kept), comma-separated",
            Between(0.0, Bound::kOpen, 1.0, Bound::kClosed, "a density", "--densities 0.05,0.5"))
      ->delimiter(',');
  command
      ->add_option("--algorithm",
                   options->algorithm,
                   "sparse-momentum, set, rigl or static (a fixed random topology)")
      ->capture_default_str();
  command
      ->add_option("--distribution",
                   options->distribution,
                   "Density per layer: uniform, erk or auto (erk for rigl)")
      ->capture_default_str();
  command->add_option("--hidden", options->hidden, "Hidden layer widths, e.g. 300-100")
      ->capture_default_str();
  AddEpochsOption(*command, options->epochs);
  AddBatchOption(*command, options->batch);
  AddNumber(
      *command, "--lr", options->lr, "SGD learning rate", Positive("a learning rate", "--lr 0.1"));
  AddNumber(*command,
            "--momentum",
            options->momentum,
            "Nesterov momentum",
            Between(0.0, Bound::kClosed, 1.0, Bound::kOpen, "a momentum", "--momentum 0.9"));
  AddNumber(*command,
            "--weight-decay",
            options->weight_decay,
            "L2 weight decay on every parameter",
            NonNegative("a weight decay", "--weight-decay 0.0005"));
  AddNumber(*command,
            "--timing-steps",
            options->timing_steps,
            "Training steps timed each way at each density",
            Count(1, 100000, "a number of steps", "--timing-steps 30"));
  AddHardwareOption(*command, options->hardware, "Energy table of the digital processor");
  AddScopeOption(*command, options->scope);
}

}  // namespace landauer::cli

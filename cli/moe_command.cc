// landauer moe: train a mixture-of-experts classifier and watch its experts — the load on each,
// the tokens dropped at capacity and the auxiliary loss, epoch by epoch — with the joules
// (docs/moe.md).
#include <fmt/format.h>

#include <memory>

#include "commands.h"
#include "landauer/core/progress.h"
#include "landauer/data/workload.h"
#include "landauer/energy/hardware_catalog.h"
#include "landauer/energy/roofline.h"
#include "landauer/energy/scope.h"
#include "landauer/methods/method.h"
#include "landauer/moe/moe_cost.h"
#include "landauer/moe/moe_training.h"
#include "landauer/report/text_table.h"
#include "number_options.h"

namespace landauer::cli {
namespace {

struct MoeCliOptions {
  CommonOptions common;
  WorkloadOptions workload;
  std::string gating = "switch";
  int experts = 8, top_k = 1, width = 64, expert_hidden = 128, devices = 1;
  double capacity_factor = 1.25, aux_weight = 0.01, balance_weight = 0.1;
  int epochs = 5, batch = 128;
  double learning_rate = 1e-3;
  std::string hardware = "h100", scope = "chip";
};

std::string Loads(const std::vector<double>& load) {
  std::string text;
  for (const double l : load) text += fmt::format("{}{:.3f}", text.empty() ? "" : " ", l);
  return text;
}

void RunMoe(MoeCliOptions options, CliEnvironment& environment) {
  // Everything that can be refused is refused before the data loads.
  const moe::Gating gating =
      WithFlag("--gating", [&] { return moe::GatingFromString(options.gating); });
  moe::MoeSpec spec{.input = 1,
                    .width = options.width,
                    .expert_hidden = options.expert_hidden,
                    .classes = 2,
                    .router = {.gating = gating,
                               .experts = options.experts,
                               .k = options.top_k,
                               .capacity_factor = options.capacity_factor,
                               .aux_weight = options.aux_weight,
                               .importance_weight = options.balance_weight,
                               .load_weight = options.balance_weight}};
  WithFlag("--top-k", [&] { spec.Validate(); });
  const HardwareCatalog& catalog = environment.catalog();
  const EnergyTable table =
      catalog.Combined(options.hardware, std::vector<std::string>{"interconnect"});
  const Scope scope = CheckedScope(options.scope, table);
  options.workload.seed = options.common.seed;
  const TrainTest data = LoadWorkload(options.workload);
  const int threads = environment.Context(options.common).threads;
  spec.input = static_cast<int>(data.train.dimension());
  spec.classes = data.train.num_classes;
  moe::MoeMlp model(spec);
  model.Initialize(options.common.seed);
  const moe::MoeTrainingResult trained = moe::TrainMoe(model,
                                                       data.train,
                                                       {.epochs = options.epochs,
                                                        .batch = options.batch,
                                                        .learning_rate = options.learning_rate,
                                                        .seed = options.common.seed,
                                                        .threads = threads,
                                                        .devices = options.devices},
                                                       environment.progress());
  const moe::MoeEvaluation tested =
      moe::EvaluateMoe(model, data.test, kEvaluationBatch, threads, options.devices);
  Ledger inference;
  moe::CountMoe(inference, "inference", spec, tested.work, kEvaluationBatch, 0);
  const ScopedPhase inferred = PriceAtScope(inference, "inference", table, scope);
  const ScopedPhase train_priced = PriceAtScope(trained.ledger, "train", table, scope);
  const double per = 1.0 / static_cast<double>(data.test.size());

  TextTable text(
      {"epoch", "loss", "aux loss", "train accuracy", "load CV", "dropped", "load per expert"});
  for (std::size_t c = 0; c < 6; ++c) text.SetAlignment(c, TextTable::Align::kRight);
  nlohmann::json curve = nlohmann::json::array();
  for (const moe::MoeEpoch& e : trained.curve) {
    text.AddRow({std::to_string(e.epoch),
                 fmt::format("{:.4f}", e.loss),
                 fmt::format("{:.4f}", e.aux_loss),
                 fmt::format("{:.2f} %", 100 * e.train_accuracy),
                 fmt::format("{:.3f}", e.load_cv),
                 fmt::format("{:.2f} %", 100 * e.dropped_fraction),
                 Loads(e.load)});
    curve.push_back({{"epoch", e.epoch},
                     {"loss", e.loss},
                     {"aux_loss", e.aux_loss},
                     {"train_accuracy", e.train_accuracy},
                     {"load", e.load},
                     {"load_cv", e.load_cv},
                     {"dropped_fraction", e.dropped_fraction}});
  }
  nlohmann::json json = {{"command", "moe"},
                         {"data", options.workload.data},
                         {"gating", options.gating},
                         {"experts", options.experts},
                         {"top_k", options.top_k},
                         {"capacity_factor", options.capacity_factor},
                         {"devices", options.devices},
                         {"parameters", spec.parameters()},
                         {"active_parameters", spec.active_parameters()},
                         {"hardware", table.name()},
                         {"scope", ToString(scope)},
                         {"curve", curve},
                         {"test",
                          {{"accuracy", tested.accuracy},
                           {"load", tested.load},
                           {"load_cv", tested.load_cv},
                           {"dropped_fraction", tested.dropped_fraction},
                           {"j_per_inference", inferred.energy.energy_j * per},
                           {"s_per_inference", inferred.time.seconds * per},
                           {"inference_report", inferred.energy.ToJson()}}},
                         {"train_j", train_priced.energy.energy_j},
                         {"train_host_seconds", trained.seconds}};
  const std::string human = fmt::format(
      "{} routing, {} experts, top-{}, capacity factor {} on {} ({} train / {} test); {} of {} "
      "parameters active per token\n\n{}\n"
      "test: accuracy {:.2f} %, load CV {:.3f}, dropped {:.2f} %, load per expert {}\n"
      "energy: {} per inference, {} to train ({} at {} scope; host {:.1f} s)\n",
      options.gating,
      options.experts,
      options.top_k,
      options.capacity_factor,
      options.workload.data,
      data.train.size(),
      data.test.size(),
      spec.active_parameters(),
      spec.parameters(),
      text.Render(),
      100 * tested.accuracy,
      tested.load_cv,
      100 * tested.dropped_fraction,
      Loads(tested.load),
      FormatSi(inferred.energy.energy_j * per, "J"),
      FormatSi(train_priced.energy.energy_j, "J"),
      table.name(),
      ToString(scope),
      trained.seconds);
  Emit(options.common, std::move(json), human);
}

}  // namespace

void AddMoeCommand(CLI::App& app, CliEnvironment& environment, std::vector<Command>& commands) {
  auto [options, command] = AddCommand<MoeCliOptions>(
      app,
      commands,
      "moe",
      "Train a mixture-of-experts classifier: load per expert, dropped tokens and the auxiliary "
      "loss per epoch; test accuracy and joules",
      [&environment](MoeCliOptions& o) { RunMoe(o, environment); });
  AddWorkloadOptions(*command, options->workload);
  command->add_option("--gating", options->gating, "switch or noisy-top-k")->capture_default_str();
  AddNumber(*command,
            "--experts",
            options->experts,
            "Experts in the layer",
            Count(1, 4096, "a number of experts", "--experts 8"));
  AddNumber(*command,
            "--top-k",
            options->top_k,
            "Experts per token (switch: 1)",
            Count(1, 4096, "a number of experts", "--top-k 2"));
  AddNumber(*command,
            "--capacity-factor",
            options->capacity_factor,
            "Expert capacity = ceil(k · tokens · factor / experts) per batch",
            Positive("a capacity factor", "--capacity-factor 1.25"));
  AddNumber(*command,
            "--aux-weight",
            options->aux_weight,
            "Switch's load-balancing weight α",
            NonNegative("a weight", "--aux-weight 0.01"));
  AddNumber(*command,
            "--balance-weight",
            options->balance_weight,
            "noisy-top-k's importance and load weights",
            NonNegative("a weight", "--balance-weight 0.1"));
  AddNumber(*command,
            "--width",
            options->width,
            "Token width through the MoE layer",
            Count(1, 65536, "a width", "--width 64"));
  AddNumber(*command,
            "--expert-hidden",
            options->expert_hidden,
            "Each expert's hidden width",
            Count(1, 65536, "a width", "--expert-hidden 128"));
  AddNumber(*command,
            "--devices",
            options->devices,
            "Devices the experts are spread over (the all-to-all is priced)",
            Count(1, 4096, "a number of devices", "--devices 4"));
  AddEpochsOption(*command, options->epochs);
  AddBatchOption(*command, options->batch);
  AddLearningRateOption(*command, options->learning_rate);
  AddHardwareOption(*command, options->hardware, "Energy table of the digital processor");
  AddScopeOption(*command, options->scope, "the interconnect");
}

}  // namespace landauer::cli

#include "landauer/methods/mlp_method.h"

#include <fmt/format.h>

#include <stdexcept>

#include "landauer/core/progress.h"
#include "landauer/methods/shared_work.h"
#include "landauer/nn/engine_registry.h"

namespace landauer {
namespace {

// A trained network and what training it cost, shared by recipes that train identically.
struct TrainedMlp {
  nn::Mlp model;
  FitSummary fit;
  Ledger ledger;
  std::string trained_by;  // the method that trained it
};

// Everything that determines the trained weights and the training ledger, so that only identical
// training is shared (the data is fixed within one SharedWork; the thread count changes nothing).
std::string TrainingKey(const nn::Mlp& model,
                        const nn::TrainOptions& options,
                        const Dataset& data) {
  const nn::OptimizerOptions& o = options.optimizer;
  nlohmann::json key = {
      {"model", model.spec().ToString()},
      {"activation", std::string(nn::ToString(model.activation()))},
      {"data", data.name},
      {"train_samples", data.size()},
      {"epochs", options.epochs},
      {"batch", options.batch},
      {"seed", options.seed},
      {"optimizer",
       {o.name, o.learning_rate, o.momentum, o.beta1, o.beta2, o.epsilon, o.weight_decay}},
      {"phase", options.phase},
      {"checkpoint",
       {options.checkpoint_path,
        options.checkpoint_every,
        options.resume,
        options.stop_after_steps}}};
  if (options.direction) key["direction"] = options.direction->OptionsJson();
  return "mlp-fit:" + key.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

ParamSpec EpochsParam() {
  return {.key = "epochs",
          .type = ParamType::kInt,
          .default_value = "5",
          .doc = "passes over the training set",
          .min = 1,
          .setting = CommonSetting::kEpochs};
}

ParamSpec BatchParam(int default_batch, bool follows) {
  return {.key = "batch",
          .type = ParamType::kInt,
          .default_value = std::to_string(default_batch),
          .unit = "samples",
          .doc = "mini-batch size",
          .min = 1,
          .setting = follows ? CommonSetting::kBatch : CommonSetting::kNone};
}

ParamSpec LearningRateParam() {
  return {.key = "lr",
          .type = ParamType::kReal,
          .default_value = "0.001",
          .doc = "learning rate of the optimizer (Adam)",
          .min = 0.0,
          .min_exclusive = true,
          .setting = CommonSetting::kLearningRate};
}

ParamSpec HiddenParam() {
  return {.key = "hidden",
          .type = ParamType::kText,
          .default_value = "256-256",
          .doc = "hidden layer widths",
          .check = [](std::string_view text) -> std::string {
            try {
              nn::MlpSpec::Parse("mlp:1-" + std::string(text) + "-1");
              return "";
            } catch (const std::invalid_argument&) {
              return "'" + std::string(text) + "' is not a list of layer widths";
            }
          },
          .accepted = "widths in 1..1048576 joined by '-', e.g. 256-256",
          .setting = CommonSetting::kHidden};
}

nn::MlpSpec ClassifierSpec(const Dataset& data, const std::string& hidden) {
  return nn::MlpSpec::Parse("mlp:" + std::to_string(data.dimension()) + "-" + hidden + "-" +
                            std::to_string(data.num_classes));
}

MethodRegistration MlpMethodRegistration(MlpRecipe recipe) {
  auto shared = std::make_shared<const MlpRecipe>(std::move(recipe));
  return {shared->info,
          shared->params,
          [shared](const MethodParams& params, const MethodContext& context) {
            return std::make_unique<MlpMethod>(shared, params, context);
          }};
}

MlpMethod::MlpMethod(std::shared_ptr<const MlpRecipe> recipe,
                     MethodParams params,
                     MethodContext context)
    : recipe_(std::move(recipe)), params_(std::move(params)), context_(context) {}

FitSummary MlpMethod::Fit(const Dataset& train, Ledger& ledger) {
  const std::string& name = recipe_->info.name;
  const nn::MlpSpec spec = ClassifierSpec(train, params_.Text("hidden"));
  nn::CheckTrainingMemory(
      spec,
      std::min<std::int64_t>(params_.Int("batch"), train.size()),
      fmt::format(
          "{}.hidden={} with batch {}", name, params_.Text("hidden"), params_.Int("batch")));
  auto model = std::make_unique<nn::Mlp>(spec, nn::Activation::kRelu);
  model->Initialize(context_.seed);
  nn::TrainOptions options;
  options.epochs = params_.Int("epochs");
  options.batch = params_.Int("batch");
  options.seed = context_.seed;
  options.threads = context_.threads;
  options.optimizer = {.name = "adam", .learning_rate = params_.Real("lr")};
  if (recipe_->configure) recipe_->configure(options, params_, context_);
  options.Validate();

  const std::string key = TrainingKey(*model, options, train);
  if (context_.shared != nullptr) {
    if (const auto hit = context_.shared->Find<TrainedMlp>(key)) {
      ProgressTask(context_.progress, name, 1).End("trained once, with " + hit->trained_by);
      if (ledger.empty()) {
        ledger = hit->ledger;
      } else {
        ledger.Merge(hit->ledger);
      }
      model_ = std::make_unique<nn::Mlp>(hit->model);
      fit_ = hit->fit;
      return hit->fit;
    }
  }
  nn::DigitalEngine engine(context_.threads);
  const std::unique_ptr<nn::CostModel> cost = engine.MakeCostModel(model->spec());
  // Counted straight into an empty ledger (as a shared copy stays bit-identical); else merged.
  Ledger fresh;
  Ledger& counts = ledger.empty() ? ledger : fresh;
  ProgressTask progress(context_.progress, name, nn::TrainingSteps(train.size(), options));
  const nn::TrainResult result =
      nn::Train(*model, train, options, engine, cost.get(), &counts, &progress);
  progress.End();
  if (&counts == &fresh) ledger.Merge(fresh);
  FitSummary fit{.seconds = result.train_seconds,
                 .samples = result.samples,
                 .steps = result.steps,
                 .final_loss = result.epochs.empty() ? 0.0 : result.epochs.back().loss,
                 .curve = {}};
  for (const nn::EpochStats& epoch : result.epochs) {
    fit.curve.push_back({epoch.epoch, epoch.loss, epoch.train_accuracy});
  }
  if (context_.shared != nullptr) {
    context_.shared->Store(
        key, std::make_shared<const TrainedMlp>(TrainedMlp{*model, fit, counts, name}));
  }
  model_ = std::move(model);
  fit_ = fit;
  return fit;
}

ModelledTime MlpMethod::ModelTime(const PhaseReport& phase, const std::string& variant) const {
  if (variant.empty()) {
    return recipe_->train_time ? recipe_->train_time(phase, params_, fit_) : Roofline(phase);
  }
  for (const MlpVariant& v : recipe_->variants) {
    if (v.name == variant) return v.time ? v.time(phase, params_, context_) : Roofline(phase);
  }
  throw std::invalid_argument(recipe_->info.name + ": no variant '" + variant + "'");
}

std::vector<Evaluation> MlpMethod::Evaluate(const Dataset& test) {
  if (!model_) throw std::logic_error(recipe_->info.name + ": Evaluate called before Fit");
  std::vector<Evaluation> evaluations;
  for (const MlpVariant& variant : recipe_->variants) {
    const std::unique_ptr<nn::LinearEngine> engine =
        nn::CreateEngine(variant.engine, {.threads = context_.threads, .seed = context_.seed});
    const std::unique_ptr<nn::CostModel> cost = variant.cost
                                                    ? variant.cost(model_->spec(), context_)
                                                    : engine->MakeCostModel(model_->spec());
    Evaluation evaluation;
    evaluation.variant = variant.name;
    const nn::EvalResult result = nn::Evaluate(
        *model_, test, kEvaluationBatch, *engine, cost.get(), &evaluation.ledger, "inference");
    evaluation.accuracy = result.accuracy;
    evaluation.samples = result.samples;
    evaluation.seconds = result.seconds;
    evaluations.push_back(std::move(evaluation));
  }
  return evaluations;
}

}  // namespace landauer

#include "landauer/methods/tngd_mlp.h"

#include <stdexcept>

#include "landauer/nn/digital_cost.h"
#include "landauer/nn/natural_gradient.h"
#include "landauer/nn/trainer.h"

namespace landauer {

namespace {
constexpr int kTngdBatch = 64;  // TNGD App. E
}  // namespace

TngdMlpMethod::TngdMlpMethod(MethodOptions options) : options_(std::move(options)) {}

MethodInfo TngdMlpMethod::Describe() const {
  MethodInfo info{"tngd-mlp", "thermodynamic",
                  "MLP (ReLU) trained with TNGD-Adam: an SPU relaxes to the natural-gradient direction "
                  "(t = 50 tau, lambda = 0.01) and Adam steps along it; fp32 digital inference",
                  "digital work as digital-mlp; plus every programmed resistor value and ADC output "
                  "register overwritten (16 bits each)"};
  info.in_default_set = false;
  info.device_tables = {"spu"};
  return info;
}

FitSummary TngdMlpMethod::Fit(const Dataset& train, Ledger& ledger) {
  const nn::MlpSpec spec = nn::MlpSpec::Parse("mlp:" + std::to_string(train.dimension()) + "-" +
                                              options_.hidden + "-" + std::to_string(train.num_classes));
  model_ = std::make_unique<nn::Mlp>(spec, nn::Activation::kRelu);
  model_->Initialize(options_.seed);
  nn::TrainOptions train_options;
  train_options.epochs = options_.epochs;
  train_options.batch = kTngdBatch;
  train_options.seed = options_.seed;
  train_options.threads = options_.threads;
  train_options.optimizer = {.name = "adam", .learning_rate = options_.learning_rate};
  train_options.natural_gradient = std::make_shared<nn::NaturalGradient>(nn::NaturalGradientOptions{
      .method = "tngd", .damping = 0.01, .analog_time_tau = 50, .kappa0 = 1e-3, .seed = options_.seed});
  nn::DigitalEngine engine(options_.threads);
  const nn::DigitalCostModel cost(spec, nn::Precision::kFp32);
  const std::int64_t steps = (train.size() + kTngdBatch - 1) / kTngdBatch * options_.epochs;
  ProgressReporter progress("tngd-mlp", steps,
                            options_.show_progress ? ProgressReporter::Mode::kAuto : ProgressReporter::Mode::kQuiet);
  const nn::TrainResult result = nn::Train(*model_, train, train_options, engine, &cost, &ledger, &progress);
  progress.Finish();
  return {result.train_seconds, result.samples, result.epochs.empty() ? 0.0 : result.epochs.back().loss};
}

std::vector<Evaluation> TngdMlpMethod::Evaluate(const Dataset& test) {
  if (!model_) throw std::logic_error("TngdMlpMethod::Evaluate called before Fit");
  nn::DigitalEngine engine(options_.threads);
  const nn::DigitalCostModel cost(model_->spec(), nn::Precision::kFp32);
  Evaluation evaluation;
  evaluation.variant = "fp32";
  const nn::EvalResult result = nn::Evaluate(*model_, test, 1000, engine, &cost, &evaluation.ledger, "inference");
  evaluation.accuracy = result.accuracy;
  evaluation.samples = result.samples;
  evaluation.seconds = result.seconds;
  std::vector<Evaluation> out;
  out.push_back(std::move(evaluation));
  return out;
}

}  // namespace landauer

#include "landauer/methods/digital_mlp.h"

#include <stdexcept>

#include "landauer/nn/digital_cost.h"
#include "landauer/nn/quantized_engine.h"
#include "landauer/nn/trainer.h"

namespace landauer {

DigitalMlpMethod::DigitalMlpMethod(MethodOptions options) : options_(std::move(options)) {}

MethodInfo DigitalMlpMethod::Describe() const {
  return {"digital-mlp", "digital",
          "MLP (ReLU) trained with Adam in fp32 on a digital processor; inference in fp32, bf16 "
          "and int8 (post-training quantisation)",
          "every bit written (activations, gradients, parameters, optimizer state) overwrites one "
          "that is lost: erased bits = bits written"};
}

FitSummary DigitalMlpMethod::Fit(const Dataset& train, Ledger& ledger) {
  const nn::MlpSpec spec = nn::MlpSpec::Parse("mlp:" + std::to_string(train.dimension()) + "-" +
                                              options_.hidden + "-" + std::to_string(train.num_classes));
  model_ = std::make_unique<nn::Mlp>(spec, nn::Activation::kRelu);
  model_->Initialize(options_.seed);
  nn::TrainOptions train_options;
  train_options.epochs = options_.epochs;
  train_options.batch = options_.batch;
  train_options.seed = options_.seed;
  train_options.threads = options_.threads;
  train_options.optimizer.name = "adam";
  train_options.optimizer.learning_rate = options_.learning_rate;
  nn::DigitalEngine engine(options_.threads);
  const nn::DigitalCostModel cost(spec, nn::Precision::kFp32);
  const std::int64_t steps = (train.size() + options_.batch - 1) / options_.batch * options_.epochs;
  ProgressReporter progress("digital-mlp", steps,
                            options_.show_progress ? ProgressReporter::Mode::kAuto : ProgressReporter::Mode::kQuiet);
  const nn::TrainResult result = nn::Train(*model_, train, train_options, engine, &cost, &ledger, &progress);
  progress.Finish();
  return {result.train_seconds, result.samples, result.epochs.empty() ? 0.0 : result.epochs.back().loss};
}

std::vector<Evaluation> DigitalMlpMethod::Evaluate(const Dataset& test) {
  if (!model_) throw std::logic_error("DigitalMlpMethod::Evaluate called before Fit");
  std::vector<Evaluation> evaluations;
  for (const nn::Precision precision : {nn::Precision::kFp32, nn::Precision::kBf16, nn::Precision::kInt8}) {
    std::unique_ptr<nn::LinearEngine> engine;
    if (precision == nn::Precision::kFp32) {
      engine = std::make_unique<nn::DigitalEngine>(options_.threads);
    } else {
      engine = std::make_unique<nn::QuantizedEngine>(precision, options_.threads);
    }
    const nn::DigitalCostModel cost(model_->spec(), precision);
    Evaluation evaluation;
    evaluation.variant = std::string(nn::ToString(precision));
    const nn::EvalResult result = nn::Evaluate(*model_, test, 1000, *engine, &cost, &evaluation.ledger, "inference");
    evaluation.accuracy = result.accuracy;
    evaluation.samples = result.samples;
    evaluation.seconds = result.seconds;
    evaluations.push_back(std::move(evaluation));
  }
  return evaluations;
}

}  // namespace landauer

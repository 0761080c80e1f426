#include "landauer/methods/mlp_method_support.h"

#include <memory>

#include "landauer/nn/quantized_engine.h"

namespace landauer {

nn::MlpSpec ClassifierSpec(const Dataset& data, const std::string& hidden) {
  return nn::MlpSpec::Parse("mlp:" + std::to_string(data.dimension()) + "-" + hidden + "-" +
                            std::to_string(data.num_classes));
}

std::unique_ptr<nn::Mlp> NewClassifier(const Dataset& train, const MethodOptions& options) {
  auto model =
      std::make_unique<nn::Mlp>(ClassifierSpec(train, options.hidden), nn::Activation::kRelu);
  model->Initialize(options.seed);
  return model;
}

nn::TrainOptions AdamTrainOptions(const MethodOptions& options) {
  nn::TrainOptions train_options;
  train_options.epochs = options.epochs;
  train_options.batch = options.batch;
  train_options.seed = options.seed;
  train_options.threads = options.threads;
  train_options.optimizer = {.name = "adam", .learning_rate = options.learning_rate};
  return train_options;
}

FitSummary FitMlp(nn::Mlp& model,
                  const Dataset& train,
                  const nn::TrainOptions& options,
                  const std::string& label,
                  bool show_progress,
                  Ledger& ledger) {
  nn::DigitalEngine engine(options.threads);
  const nn::DigitalCostModel cost(model.spec(), nn::Precision::kFp32);
  const std::int64_t steps = (train.size() + options.batch - 1) / options.batch * options.epochs;
  ProgressReporter progress(
      label, steps, show_progress ? ProgressReporter::Mode::kAuto : ProgressReporter::Mode::kQuiet);
  const nn::TrainResult result =
      nn::Train(model, train, options, engine, &cost, &ledger, &progress);
  progress.Finish();
  return {result.train_seconds,
          result.samples,
          result.epochs.empty() ? 0.0 : result.epochs.back().loss};
}

Evaluation EvaluateMlp(const nn::Mlp& model,
                       const Dataset& test,
                       nn::Precision precision,
                       int threads) {
  std::unique_ptr<nn::LinearEngine> engine;
  if (precision == nn::Precision::kFp32) {
    engine = std::make_unique<nn::DigitalEngine>(threads);
  } else {
    engine = std::make_unique<nn::QuantizedEngine>(precision, threads);
  }
  const nn::DigitalCostModel cost(model.spec(), precision);
  Evaluation evaluation;
  evaluation.variant = std::string(nn::ToString(precision));
  const nn::EvalResult result =
      nn::Evaluate(model, test, 1000, *engine, &cost, &evaluation.ledger, "inference");
  evaluation.accuracy = result.accuracy;
  evaluation.samples = result.samples;
  evaluation.seconds = result.seconds;
  return evaluation;
}

}  // namespace landauer

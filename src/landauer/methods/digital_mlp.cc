#include "landauer/methods/digital_mlp.h"

#include <stdexcept>

#include "landauer/methods/mlp_method_support.h"

namespace landauer {

DigitalMlpMethod::DigitalMlpMethod(MethodOptions options) : options_(std::move(options)) {}

MethodInfo DigitalMlpMethod::Describe() const {
  MethodInfo info;
  info.name = "digital-mlp";
  info.substrate = "digital";
  info.summary =
      "MLP (ReLU) trained with Adam in fp32 on a digital processor; inference in fp32, bf16 "
      "and int8 (post-training quantisation)";
  info.erased_bits =
      "every bit written (activations, gradients, parameters, optimizer state) overwrites one "
      "that is lost: erased bits = bits written";
  return info;
}

FitSummary DigitalMlpMethod::Fit(const Dataset& train, Ledger& ledger) {
  model_ = NewClassifier(train, options_);
  const nn::TrainOptions train_options = AdamTrainOptions(options_);
  return FitMlp(*model_, train, train_options, "digital-mlp", options_.show_progress, ledger);
}

std::vector<Evaluation> DigitalMlpMethod::Evaluate(const Dataset& test) {
  if (!model_) throw std::logic_error("DigitalMlpMethod::Evaluate called before Fit");
  std::vector<Evaluation> evaluations;
  for (const nn::Precision precision :
       {nn::Precision::kFp32, nn::Precision::kBf16, nn::Precision::kInt8}) {
    evaluations.push_back(EvaluateMlp(*model_, test, precision, options_.threads));
  }
  return evaluations;
}

}  // namespace landauer

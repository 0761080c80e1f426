#include "landauer/methods/tngd_mlp.h"

#include <stdexcept>

#include "landauer/methods/mlp_method_support.h"
#include "landauer/nn/natural_gradient.h"

namespace landauer {

namespace {
constexpr int kTngdBatch = 64;  // TNGD App. E
}  // namespace

TngdMlpMethod::TngdMlpMethod(MethodOptions options) : options_(std::move(options)) {}

MethodInfo TngdMlpMethod::Describe() const {
  MethodInfo info;
  info.name = "tngd-mlp";
  info.substrate = "thermodynamic";
  info.summary =
      "MLP (ReLU) trained with TNGD-Adam: an SPU relaxes to the natural-gradient direction "
      "(t = 50 tau, lambda = 0.01) and Adam steps along it; fp32 digital inference";
  info.erased_bits =
      "digital work as digital-mlp; plus every programmed resistor value and ADC output "
      "register overwritten (16 bits each)";
  info.in_default_set = false;
  info.device_tables = {"spu"};
  return info;
}

FitSummary TngdMlpMethod::Fit(const Dataset& train, Ledger& ledger) {
  model_ = NewClassifier(train, options_);
  nn::TrainOptions train_options = AdamTrainOptions(options_);
  train_options.batch = kTngdBatch;
  train_options.natural_gradient =
      std::make_shared<nn::NaturalGradient>(nn::NaturalGradientOptions{.method = "tngd",
                                                                       .damping = 0.01,
                                                                       .analog_time_tau = 50,
                                                                       .kappa0 = 1e-3,
                                                                       .seed = options_.seed});
  return FitMlp(*model_, train, train_options, "tngd-mlp", options_.show_progress, ledger);
}

std::vector<Evaluation> TngdMlpMethod::Evaluate(const Dataset& test) {
  if (!model_) throw std::logic_error("TngdMlpMethod::Evaluate called before Fit");
  std::vector<Evaluation> evaluations;
  evaluations.push_back(EvaluateMlp(*model_, test, nn::Precision::kFp32, options_.threads));
  return evaluations;
}

}  // namespace landauer

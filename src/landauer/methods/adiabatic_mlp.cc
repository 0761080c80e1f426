#include "landauer/methods/adiabatic_mlp.h"

#include <stdexcept>

#include "landauer/energy/energy_table.h"
#include "landauer/methods/mlp_method_support.h"
#include "landauer/reversible/adiabatic.h"
#include "landauer/reversible/arithmetic.h"

namespace landauer {

AdiabaticMlpMethod::AdiabaticMlpMethod(MethodOptions options) : options_(std::move(options)) {}

MethodInfo AdiabaticMlpMethod::Describe() const {
  MethodInfo info;
  info.name = "adiabatic-mlp";
  info.substrate = "reversible";
  info.summary =
      "digital-mlp's model with int8 inference MACs on Bennett-compiled reversible 8-bit MAC "
      "circuits, "
      "clocked adiabatically at the node optimum T* (adiabatic-cmos table)";
  info.erased_bits =
      "digital-mlp's bits written, plus 32 per MAC: the MAC circuit's operand copies cleared after "
      "each use (its ancillae are returned to 0 and cost nothing)";
  info.device_tables = {"adiabatic-cmos"};
  return info;
}

FitSummary AdiabaticMlpMethod::Fit(const Dataset& train, Ledger& ledger) {
  model_ = NewClassifier(train, options_);
  const nn::TrainOptions train_options = AdamTrainOptions(options_);
  return FitMlp(*model_, train, train_options, "adiabatic-mlp", options_.show_progress, ledger);
}

std::vector<Evaluation> AdiabaticMlpMethod::Evaluate(const Dataset& test) {
  if (!model_) throw std::logic_error("AdiabaticMlpMethod::Evaluate called before Fit");
  Evaluation evaluation = EvaluateMlp(*model_, test, nn::Precision::kInt8, options_.threads);
  evaluation.variant = "int8-adiabatic";
  // The int8 MACs run on the reversible circuit instead; the rest stays digital.
  const double macs = evaluation.ledger.Take("inference", "alu", "int8_mac");
  const std::string dir =
      options_.hardware_dir.empty() ? HardwareDirectory() : options_.hardware_dir;
  const auto model =
      reversible::AdiabaticNodeModel::FromTable(LoadHardwareTable("adiabatic-cmos", dir));
  const reversible::KernelActivity mac =
      reversible::MeasureKernel("mac:8", reversible::Mac(8), options_.seed);
  reversible::CountAdiabatic(
      mac, model, model.OptimalRampS(), macs, evaluation.ledger, "inference");
  return {std::move(evaluation)};
}

}  // namespace landauer

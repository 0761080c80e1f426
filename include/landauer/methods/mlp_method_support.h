// landauer/methods/mlp_method_support.h — the pieces every MLP-based method shares.
//
//   nn::MlpSpec spec = ClassifierSpec(train, options.hidden);      // "mlp:D-<hidden>-C"
//   FitSummary fit = FitMlp(model, train, train_options, "tngd-mlp", options.show_progress,
//   ledger); Evaluation e = EvaluateMlp(model, test, nn::Precision::kInt8, options.threads);
#ifndef LANDAUER_METHODS_MLP_METHOD_SUPPORT_H_
#define LANDAUER_METHODS_MLP_METHOD_SUPPORT_H_

#include <memory>
#include <string>

#include "landauer/methods/method.h"
#include "landauer/nn/digital_cost.h"
#include "landauer/nn/mlp.h"
#include "landauer/nn/trainer.h"

namespace landauer {

// The classifier for `data`: its feature count, the hidden widths ("256-256"), its class count.
nn::MlpSpec ClassifierSpec(const Dataset& data, const std::string& hidden);

// A freshly initialised ReLU classifier for `train` (seeded) and the Adam training options every
// MLP method starts from (epochs, batch, seed, threads, learning rate from `options`).
std::unique_ptr<nn::Mlp> NewClassifier(const Dataset& train, const MethodOptions& options);
nn::TrainOptions AdamTrainOptions(const MethodOptions& options);

// Trains `model` on the digital engine, counting fp32 digital actions (and whatever the options'
// natural gradient counts) into `ledger`, with a progress bar named `label`.
FitSummary FitMlp(nn::Mlp& model,
                  const Dataset& train,
                  const nn::TrainOptions& options,
                  const std::string& label,
                  bool show_progress,
                  Ledger& ledger);

// Test accuracy and the counted inference ledger at `precision` (fp32 on the DigitalEngine,
// bf16/int8 on the QuantizedEngine); the variant is named after the precision.
Evaluation EvaluateMlp(const nn::Mlp& model,
                       const Dataset& test,
                       nn::Precision precision,
                       int threads);

}  // namespace landauer

#endif  // LANDAUER_METHODS_MLP_METHOD_SUPPORT_H_

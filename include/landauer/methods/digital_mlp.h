// landauer/methods/digital_mlp.h — the digital baseline every substrate is measured against.
//
// An MLP (input-hidden-classes, ReLU) trained with Adam in float32 on the DigitalEngine, then
// evaluated three ways, each with its own accuracy and priced inference energy:
//   fp32  as trained;
//   bf16  weights and activations rounded to bfloat16, float32 accumulation;
//   int8  post-training quantisation: per-channel weights, per-sample dynamic activations.
// Actions are counted by nn::DigitalCostModel (MACs at their precision, traffic per memory level,
// erased bits = bits written).
#ifndef LANDAUER_METHODS_DIGITAL_MLP_H_
#define LANDAUER_METHODS_DIGITAL_MLP_H_

#include <memory>

#include "landauer/methods/method.h"
#include "landauer/nn/mlp.h"

namespace landauer {

class DigitalMlpMethod final : public Method {
 public:
  explicit DigitalMlpMethod(MethodOptions options);
  MethodInfo Describe() const override;
  FitSummary Fit(const Dataset& train, Ledger& ledger) override;
  std::vector<Evaluation> Evaluate(const Dataset& test) override;

 private:
  MethodOptions options_;
  std::unique_ptr<nn::Mlp> model_;
};

}  // namespace landauer

#endif  // LANDAUER_METHODS_DIGITAL_MLP_H_

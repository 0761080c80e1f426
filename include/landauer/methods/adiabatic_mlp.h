// landauer/methods/adiabatic_mlp.h — the digital MLP with its inference MACs run in adiabatic,
// reversible logic.
//
// Training is digital-mlp's (fp32, Adam). Inference runs the int8 post-training-quantised model;
// each int8 MAC is priced as the Bennett-compiled reversible 8-bit MAC (reversible/bennett.h)
// clocked adiabatically at the node optimum T* of the adiabatic-cmos table: per MAC, one
// adiabatic transition, leakage for T* and a resonator loss for each of its gates
// (reversible/adiabatic.h). Memory traffic stays priced by the digital table. The variant is
// "int8-adiabatic". Bits erased: digital-mlp's (bits written) plus the MAC circuit's discarded
// operand copies (32 per MAC).
#ifndef LANDAUER_METHODS_ADIABATIC_MLP_H_
#define LANDAUER_METHODS_ADIABATIC_MLP_H_

#include <memory>

#include "landauer/methods/method.h"
#include "landauer/nn/mlp.h"

namespace landauer {

class AdiabaticMlpMethod : public Method {
 public:
  explicit AdiabaticMlpMethod(MethodOptions options);
  MethodInfo Describe() const override;
  FitSummary Fit(const Dataset& train, Ledger& ledger) override;
  std::vector<Evaluation> Evaluate(const Dataset& test) override;

 private:
  MethodOptions options_;
  std::unique_ptr<nn::Mlp> model_;
};

}  // namespace landauer

#endif  // LANDAUER_METHODS_ADIABATIC_MLP_H_

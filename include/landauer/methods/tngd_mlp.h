// landauer/methods/tngd_mlp.h — the MLP trained with thermodynamic natural gradient descent.
//
// The digital MLP of digital_mlp.h, trained with TNGD-Adam (arXiv:2405.13817): the SPU relaxes to
// the natural-gradient direction for t = 50 τ per iteration (λ = 0.01, exact transitions,
// κ₀ = 0.001), and Adam (η = 1e-3) steps along it; batch 64 as in the paper. Inference is fp32 on
// the digital processor. The SPU's programming, converters and analog time are priced with the
// `spu` table, the digital work with the run's table.
//
// Not in compare's default set: each iteration diagonalises a (64·C)² Gram matrix, so a
// Fashion-MNIST epoch takes minutes. Run it with `compare --methods tngd-mlp` or `--methods all`.
#ifndef LANDAUER_METHODS_TNGD_MLP_H_
#define LANDAUER_METHODS_TNGD_MLP_H_

#include <memory>

#include "landauer/methods/method.h"
#include "landauer/nn/mlp.h"

namespace landauer {

class TngdMlpMethod final : public Method {
 public:
  explicit TngdMlpMethod(MethodOptions options);
  MethodInfo Describe() const override;
  FitSummary Fit(const Dataset& train, Ledger& ledger) override;
  std::vector<Evaluation> Evaluate(const Dataset& test) override;

 private:
  MethodOptions options_;
  std::unique_ptr<nn::Mlp> model_;
};

}  // namespace landauer

#endif  // LANDAUER_METHODS_TNGD_MLP_H_

// landauer/nn/natural_gradient.h — digital natural-gradient directions: exact NGD and NGD-CG.
//
// Each turns the mini-batch gradient g into a direction g̃ ≈ F⁻¹ g, F = G + λI with G the batch
// GGN (ggn_subspace.h); a first-order optimizer (SGD or Adam) then steps along g̃.
//   ngd      exact: g̃ = F⁻¹ g in the GGN's row space (equal to NGD-Woodbury, never N × N)
//   ngd-cg   c conjugate-gradient iterations on F x = g with GGN-vector products, x₀ = 0
// Thermodynamic NGD, where an analog device relaxes to g̃, is thermo::Tngd (thermo/tngd.h); all
// three are nn::DirectionTransforms (direction_transform.h).
//
//   auto ngd = std::make_shared<NaturalGradient>(NaturalGradientOptions{.damping = 0.01});
//   train_options.direction = ngd;
//
// Counting (digital, estimates in fp32 MACs): exact NGD pays the Jacobian rows, the Gram matrix,
// an r × r symmetric eigendecomposition (~9 r³ flops) and a JVP + VJP solve; NGD-CG pays one
// GGN-vector product (JVP, H_L, VJP ≈ 3 B·N MACs) and the vector updates per iteration. Bits
// erased: every fp32 value they write (sensitivities, Gram matrix and eigenvectors, CG vectors).
#ifndef LANDAUER_NN_NATURAL_GRADIENT_H_
#define LANDAUER_NN_NATURAL_GRADIENT_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string_view>
#include <vector>

#include "landauer/energy/ledger.h"
#include "landauer/nn/direction_transform.h"
#include "landauer/nn/mlp.h"

namespace landauer::nn {

enum class NaturalGradientMethod { kExact, kConjugateGradient };
// "ngd", "ngd-cg".
std::string_view ToString(NaturalGradientMethod method);
// Throws std::invalid_argument naming the accepted names.
NaturalGradientMethod NaturalGradientMethodFromString(std::string_view name);

struct NaturalGradientOptions {
  NaturalGradientMethod method = NaturalGradientMethod::kExact;
  double damping = 0.01;   // λ > 0
  int cg_iterations = 10;  // NGD-CG c ≥ 1

  // Throws std::domain_error naming the field, value and range.
  void Validate() const;
};

class NaturalGradient final : public DirectionTransform {
 public:
  explicit NaturalGradient(NaturalGradientOptions options);
  void Apply(const Mlp& model,
             const MatrixF& x,
             const AlignedFloats& gradient,
             AlignedFloats& direction,
             Ledger* ledger,
             std::string_view phase) override;
  const NaturalGradientOptions& options() const { return options_; }
  nlohmann::json OptionsJson() const override;
  // The iteration count; the directions themselves are stateless.
  nlohmann::json StateHeader() const override;
  std::vector<float> StatePayload() const override { return {}; }
  void RestoreState(const nlohmann::json& header,
                    std::span<const float> payload,
                    const Mlp& model) override;
  std::int64_t iterations() const { return iterations_; }

 private:
  NaturalGradientOptions options_;
  std::int64_t iterations_ = 0;
};

}  // namespace landauer::nn

#endif  // LANDAUER_NN_NATURAL_GRADIENT_H_

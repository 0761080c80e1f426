// landauer/nn/ggn_subspace.h — the GGN of a batch, in the space its Jacobian spans.
//
// For the mean softmax cross-entropy of a batch of B samples and C classes the GGN is
//   G = Jᵀ H J = J̃ᵀ J̃,   J̃ = H^{1/2} J   (r × N, r = B·C)
// with J the Jacobian of the logits and H = blockdiag_i (diag p_i − p_i p_iᵀ)/B (loss.h). G has
// rank ≤ r ≪ N, so it is never formed. Instead the r × r Gram matrix K = J̃ J̃ᵀ is built from the
// Jacobian's structure: for a dense layer, row (i, c) of J is δ_{ic} ⊗ [a_i; 1] (the sensitivity of
// logit c of sample i times the layer input), so
//   (J Jᵀ)_{(i,c),(j,c')} = Σ_l (δ_{l,ic} · δ_{l,jc'}) (a_{l−1,i} · a_{l−1,j} + 1)
// needs only C backward passes of the batch. With K = Q diag(μ) Qᵀ (core/symmetric_eigen.h:
// LAPACK's dsyevd, the step's dominant cost at r = 640), the columns of
//   V = J̃ᵀ Q diag(μ)^{−1/2}        (μ_i > μ_max · 1e-6; smaller ones are float32 rounding)
// are orthonormal eigenvectors of G with eigenvalues μ_i; products with V and Vᵀ cost one
// vector-Jacobian and one Jacobian-vector product:
//   Vᵀ v = μ^{−1/2} Qᵀ H^{1/2} (J v),    V a = Jᵀ H^{1/2} Q μ^{−1/2} a.
// So f(G + λI) v = V f(μ + λ) Vᵀ v + f(λ) (v − V Vᵀ v) for any f: the exact solve F⁻¹ v
// (NGD, Woodbury-equivalent), e^{−Ft} v, and the exact OU dynamics of the SPU in TNGD.
// Memory: O(r² + r·N_layer_width + N), never O(N²) or O(r·N). The subspace keeps its own copy of
// the model, so it stays valid (and reusable) after the model's parameters are updated.
//
// Explicit factors. A device that holds the GGN as programmed values (TNGD's SPU holds J_f and H_L
// as resistor values, thermo/tngd.h) needs J and H themselves, to perturb them as the device
// would: ExplicitGgnFactors forms J (r × N floats, one vector-Jacobian product per sample and
// class; refused above kMaxExplicitJacobianEntries) and the per-sample blocks of H, and the second
// constructor builds the subspace of G = Jᵀ H J from them, with each H block clamped to be
// positive semidefinite (a perturbed H can be slightly indefinite; a physical device would then
// not relax). Project and Lift then use J directly.
#ifndef LANDAUER_NN_GGN_SUBSPACE_H_
#define LANDAUER_NN_GGN_SUBSPACE_H_

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "landauer/core/matrix.h"
#include "landauer/nn/mlp.h"

namespace landauer::nn {

inline constexpr std::int64_t kMaxExplicitJacobianEntries = 50'000'000;

// J and the loss Hessian of a batch, formed explicitly.
struct GgnFactors {
  MatrixF jacobian;                                  // r × storage_size(); row (i, c) = i·C + c
  std::vector<Eigen::MatrixXd> loss_hessian_blocks;  // B blocks (diag p_i − p_i p_iᵀ)/B, C × C
};
// Throws std::invalid_argument (naming the sizes and the fix) when r × N exceeds
// kMaxExplicitJacobianEntries.
GgnFactors ExplicitGgnFactors(const Mlp& model, const MatrixF& x);

class GgnSubspace {
 public:
  // The exact GGN of `model` on batch `x`, matrix-free.
  GgnSubspace(const Mlp& model, const MatrixF& x);
  // G = Jᵀ H J from explicit (e.g. quantised) factors of `model` on `x`.
  GgnSubspace(const Mlp& model, const MatrixF& x, GgnFactors factors);

  int rank() const { return static_cast<int>(eigenvalues_.size()); }   // retained μ_i
  int rows() const { return rows_; }                                   // r = B · C
  const Eigen::VectorXd& eigenvalues() const { return eigenvalues_; }  // μ_i, descending
  // Vᵀ v (rank()) for v of size storage_size().
  Eigen::VectorXd Project(std::span<const float> v) const;
  // V a (size storage_size()).
  AlignedFloats Lift(const Eigen::VectorXd& a) const;
  // (G + λI)⁻¹ v exactly.
  AlignedFloats Solve(std::span<const float> v, double damping) const;
  // The model (a copy, at the parameters it was built with) and the batch: enough to rebuild it.
  const Mlp& model() const { return model_; }
  const MatrixF& batch() const { return x_; }
  // True when built from explicit factors.
  bool explicit_jacobian() const { return jacobian_.size() > 0; }

 private:
  void BuildGramFromStructure(const Mlp& model,
                              const MatrixF& x,
                              const Mlp::Workspace& ws,
                              MatrixD& gram) const;
  GgnSubspace(const Mlp& model, const MatrixF& x, std::optional<GgnFactors> factors);
  Mlp model_;
  MatrixF x_;
  int rows_ = 0;
  MatrixF jacobian_;  // J (r × storage size), only when built from explicit factors
  int classes_ = 0;
  MatrixD h_sqrt_;         // r × r block-diagonal H^{1/2}
  Eigen::MatrixXd basis_;  // r × rank: Q μ^{−1/2} (retained columns)
  Eigen::VectorXd eigenvalues_;
};

}  // namespace landauer::nn

#endif  // LANDAUER_NN_GGN_SUBSPACE_H_

// landauer/reversible/mlp_objective.h — a float64 tanh MLP with exact Hessian-vector products.
//
// The objective reversible SGD trains and differentiates through. Parameters are one flat
// double vector, layer by layer: W_l (out × in, column-major), then b_l. Hidden layers use tanh,
// the output softmax cross-entropy, averaged over the batch.
//
// Hessian-vector products are exact, by Pearlmutter's R-operator ("Fast exact multiplication by
// the Hessian", Neural Computation 6, 1994): a forward pass of directional derivatives
//   R(z_l) = V_l a_{l−1} + W_l R(a_{l−1}) + v_l,   R(a_l) = tanh′(z_l) ⊙ R(z_l)
// and a backward pass of the derivatives of the backpropagated errors
//   R(δ_L) = R(p)/B,  R(p) = p ⊙ (R(z_L) − pᵀR(z_L))
//   R(δ_{l−1}) = (V_lᵀ δ_l + W_lᵀ R(δ_l)) ⊙ tanh′(z_{l−1}) + (W_lᵀ δ_l) ⊙ tanh″(z_{l−1}) ⊙
//   R(z_{l−1}) R(∇W_l) = R(δ_l) a_{l−1}ᵀ + δ_l R(a_{l−1})ᵀ,   R(∇b_l) = Σ_batch R(δ_l).
// Tests compare it with central differences of the gradient.
#ifndef LANDAUER_REVERSIBLE_MLP_OBJECTIVE_H_
#define LANDAUER_REVERSIBLE_MLP_OBJECTIVE_H_

#include <Eigen/Core>
#include <cstdint>
#include <span>
#include <vector>

#include "landauer/core/rng.h"

namespace landauer::reversible {

class MlpObjective {
 public:
  // widths: input, hidden…, classes.
  explicit MlpObjective(std::vector<int> widths);

  std::int64_t num_parameters() const { return num_parameters_; }
  int num_layers() const { return static_cast<int>(widths_.size()) - 1; }
  const std::vector<int>& widths() const { return widths_; }
  // Parameter groups for per-layer hyperparameters: 2l = W_l, 2l + 1 = b_l.
  int num_groups() const { return 2 * num_layers(); }
  std::vector<int> GroupOfParameter() const;
  // N(0, scale²/fan_in) weights, zero biases.
  std::vector<double> Initialize(std::uint64_t seed, double scale = 1.0) const;

  // x: features × batch, labels: batch. Returns the mean loss; fills `gradient` if non-empty and,
  // if `direction` is non-empty, `hvp` = H · direction.
  double Evaluate(std::span<const double> w,
                  const Eigen::MatrixXd& x,
                  std::span<const std::int32_t> labels,
                  std::span<double> gradient,
                  std::span<const double> direction = {},
                  std::span<double> hvp = {}) const;
  double Accuracy(std::span<const double> w,
                  const Eigen::MatrixXd& x,
                  std::span<const std::int32_t> labels) const;

 private:
  std::vector<int> widths_;
  std::vector<std::int64_t> offsets_;  // W_l at offsets_[l], b_l right after
  std::int64_t num_parameters_ = 0;
};

}  // namespace landauer::reversible

#endif  // LANDAUER_REVERSIBLE_MLP_OBJECTIVE_H_

// landauer/nn/loss.h — softmax cross-entropy over a batch of logits.
//
//   L = (1/B) Σ_i −log softmax(z_i)[y_i]
//   ∂L/∂z_i = (softmax(z_i) − onehot(y_i)) / B
//   ∂²L/∂z_i² = (diag(p_i) − p_i p_iᵀ) / B        (the H_L of the GGN, block diagonal)
// Softmax is computed as exp(z − max z) for stability.
#ifndef LANDAUER_NN_LOSS_H_
#define LANDAUER_NN_LOSS_H_

#include <cstdint>
#include <span>

#include "landauer/core/matrix.h"

namespace landauer::nn {

struct LossResult {
  double loss = 0.0;         // mean over the batch
  std::int64_t correct = 0;  // argmax(z_i) == y_i
};

// Row-wise softmax of `logits` into `probabilities`.
void Softmax(const MatrixF& logits, MatrixF& probabilities);

// Loss and accuracy; writes ∂L/∂z into `gradient` (same shape as logits).
LossResult SoftmaxCrossEntropy(const MatrixF& logits,
                               std::span<const std::int32_t> labels,
                               MatrixF& gradient);

// Applies H_L to u (B × C) given the batch's softmax probabilities: (p ⊙ u − p (pᵀu)) / B per row.
void CrossEntropyHessianProduct(const MatrixF& probabilities, const MatrixF& u, MatrixF& out);

// Number of rows whose argmax equals the label.
std::int64_t CountCorrect(const MatrixF& logits, std::span<const std::int32_t> labels);

}  // namespace landauer::nn

#endif  // LANDAUER_NN_LOSS_H_

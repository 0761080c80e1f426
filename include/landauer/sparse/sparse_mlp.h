// landauer/sparse/sparse_mlp.h — a multilayer perceptron whose every layer is truly sparse.
//
//   SparseMlp model(nn::MlpSpec::Parse("mlp:784-300-100-10"));
//   model.Initialize(seed, LayerDensities(spec, 0.05, Distribution::kUniform));
//   SparseMlp::Workspace ws;
//   model.Forward(x_batch, ws, threads);                           // logits in ws.logits
//   nn::LossResult r = model.Backward(x_batch, labels, ws, g, threads);  // g at the non-zeros
//
// Layer l computes z_l = W_l a_{l−1} + b_l and a_l = ReLU(z_l); the last layer is linear and
// feeds softmax cross-entropy (nn/loss.h), as nn::Mlp does. Each W_l is a SparseLinear (CSR, no
// dense shadow); biases are dense, as in sparse_learning and RigL, whose masks cover weights only.
// Inside, activations are feature-major (sparse_linear.h); the batch comes in and the logits go
// out sample-major (B × features), as for nn::Mlp.
//
// Initialisation: each layer's connections are a uniform random subset of exactly
// round(density · in · out) positions (at least one per layer), drawn by selection sampling
// (Knuth, TAOCP vol. 2, Algorithm 3.4.2 S) from Rng(seed, "sparse.mlp", "topology"); weights and
// biases are U(−1/√in, 1/√in) with the dense fan-in, PyTorch's nn.Linear default, which is what
// a masked dense layer starts from in the peers (Rng(seed, "sparse.mlp", "init")).
#ifndef LANDAUER_SPARSE_SPARSE_MLP_H_
#define LANDAUER_SPARSE_SPARSE_MLP_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "landauer/core/matrix.h"
#include "landauer/nn/loss.h"
#include "landauer/nn/mlp.h"
#include "landauer/sparse/sparse_linear.h"

namespace landauer::sparse {

// How a global density is spread over the layers.
//   uniform: every layer at the same density (sparse_learning's default);
//   erk:     Erdős–Rényi–Kernel (RigL, Evci et al. 2020, §3): layer l's density is ε·(in+out)/
//            (in·out), with ε chosen so that the total non-zeros equal density · Σ in·out; a layer
//            that would exceed density 1 is made dense and ε is solved again over the others.
enum class Distribution { kUniform, kErk };
Distribution DistributionFromString(std::string_view text);  // throws std::invalid_argument
std::string_view ToString(Distribution distribution);

// The density of each layer of `spec` for a global `density` in (0, 1]. Throws
// std::invalid_argument for a density outside (0, 1].
std::vector<double> LayerDensities(const nn::MlpSpec& spec,
                                   double density,
                                   Distribution distribution);

// A gradient at the non-zeros: per layer, one entry per connection and one per bias.
struct SparseGradient {
  std::vector<AlignedFloats> weights, biases;
};

class SparseMlp {
 public:
  struct Workspace {
    std::vector<MatrixF> a;      // a[0] = xᵀ, a[l] = ReLU(z_l) (feature-major), a.back() logits
    std::vector<MatrixF> delta;  // ∂L/∂z_l per layer (feature-major), kept for dense gradients
    MatrixF logits;              // B × classes (sample-major)
    MatrixF logit_gradient;      // B × classes
    MatrixF scratch;
  };

  explicit SparseMlp(nn::MlpSpec spec);

  // Draws the topology at `densities` (one per layer, each in (0, 1]) and the weights.
  void Initialize(std::uint64_t seed, std::span<const double> densities);

  const nn::MlpSpec& spec() const { return spec_; }
  int num_layers() const { return static_cast<int>(layers_.size()); }
  SparseLinear& layer(int l) { return layers_[static_cast<std::size_t>(l)]; }
  const SparseLinear& layer(int l) const { return layers_[static_cast<std::size_t>(l)]; }
  // Weight non-zeros over all layers; biases are counted separately.
  std::int64_t nonzeros() const;
  std::int64_t biases() const;
  // Non-zeros over the dense weight count Σ in·out.
  double density() const;
  // The same network as a dense nn::Mlp (ReLU): the weights with zeros where there is no
  // connection, the biases as they are.
  nn::Mlp ToDense() const;

  // Logits of the rows of `x` (B × input) into ws.logits.
  void Forward(const nn::ConstMatrixRef& x, Workspace& ws, int threads) const;
  // Forward, mean softmax cross-entropy and its gradient at the non-zeros (resized as needed).
  // ws.delta then holds ∂L/∂z_l of every layer and ws.a the activations, from which
  // DenseWeightGradient forms the dense gradient of any layer.
  nn::LossResult Backward(const nn::ConstMatrixRef& x,
                          std::span<const std::int32_t> labels,
                          Workspace& ws,
                          SparseGradient& gradient,
                          int threads) const;
  // ∂L/∂W_l for every position (out × in), connected or not, from the last Backward: one dense
  // product δ_l a_{l−1}ᵀ. What RigL's growth criterion reads; not needed for training itself.
  MatrixF DenseWeightGradient(int l, const Workspace& ws) const;

 private:
  nn::MlpSpec spec_;
  std::vector<SparseLinear> layers_;
};

}  // namespace landauer::sparse

#endif  // LANDAUER_SPARSE_SPARSE_MLP_H_

// landauer/nn/mlp.h — a multilayer perceptron with explicit forward, backward and curvature.
//
//   Mlp model(MlpSpec::Parse("mlp:784-256-256-10"), Activation::kRelu);
//   model.Initialize(seed);
//   DigitalEngine engine(threads);
//   ProgrammedNetwork device(engine);                       // programmed_network.h
//   device.Program(model);                                  // again after every update
//   Mlp::Workspace ws;
//   model.Forward(x_batch, device, ws);                     // logits in ws.logits()
//   LossResult r = model.Backward(x_batch, labels, device, ws, gradient);  // flat ∂L/∂θ
//
// The overloads taking a LinearEngine program every layer for that one call: convenient for the
// exact digital engine (whose programming is a free view) and for tests, wrong for a device that
// pays to be programmed.
//
// Layer l computes z_l = a_{l−1} W_lᵀ + b_l and a_l = f(z_l); the last layer is linear (logits)
// and feeds softmax cross-entropy. Parameters live in ONE flat, 64-byte-aligned float vector θ,
// layer by layer: W_l (out × in, row-major) then b_l (out), each block starting on an alignment
// boundary (core/matrix.h explains why). The few padding floats between blocks are always zero and
// have zero gradient. Optimizers, checkpoints and curvature products all work on that flat vector
// (size storage_size()); Weight(l) and Bias(l) are views into it.
//
// Curvature (the thermodynamic optimizer relies on these):
//   Jvp(x, v)      J v  for v ∈ R^N: the directional derivative of the logits (B × C), forward mode
//   Vjp(x, u)      Jᵀ u for u ∈ R^{B×C}: backprop of u through the logits
//   GgnProduct     G v = Jᵀ H_L J v, with H_L the cross-entropy Hessian (loss.h); G is never
//   formed.
// Initialisation matches PyTorch's nn.Linear default: W, b ~ U(−1/√in, 1/√in), drawn from
// Rng(seed, "nn.mlp", "init"), so runs are comparable with the PyTorch benchmark.
#ifndef LANDAUER_NN_MLP_H_
#define LANDAUER_NN_MLP_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "landauer/core/matrix.h"
#include "landauer/nn/activation.h"
#include "landauer/nn/linear_engine.h"
#include "landauer/nn/loss.h"

namespace landauer::nn {

struct MlpSpec {
  std::vector<int> widths;  // input, hidden..., output (≥ 2 entries, all ≥ 1)

  // "mlp:784-256-256-10"; throws std::invalid_argument naming the text and the fix.
  static MlpSpec Parse(const std::string& text);
  std::string ToString() const;
  int num_layers() const { return static_cast<int>(widths.size()) - 1; }
  // Weights and biases, as a double (a product of widths can exceed 2^63 before it is checked).
  double parameters() const;
};

class ProgrammedNetwork;

class Mlp {
 public:
  struct Workspace {
    std::vector<MatrixF> z;  // pre-activations per layer
    std::vector<MatrixF> a;  // activations per layer (a.back() are the logits)
    MatrixF delta, delta_prev, probabilities;
    const MatrixF& logits() const { return a.back(); }
  };

  Mlp(MlpSpec spec, Activation activation);

  void Initialize(std::uint64_t seed);
  const MlpSpec& spec() const { return spec_; }
  Activation activation() const { return activation_; }
  // Trainable parameters: Σ out·(in+1).
  std::int64_t num_parameters() const { return num_parameters_; }
  // Length of the flat vector θ, including the zero padding between blocks.
  std::int64_t storage_size() const { return static_cast<std::int64_t>(parameters_.size()); }
  AlignedFloats& parameters() { return parameters_; }
  const AlignedFloats& parameters() const { return parameters_; }

  Eigen::Map<MatrixF> Weight(int layer);
  Eigen::Map<const MatrixF> Weight(int layer) const;
  Eigen::Map<VectorF> Bias(int layer);
  Eigen::Map<const VectorF> Bias(int layer) const;
  // Offsets of layer l's W and b in the flat vector.
  std::int64_t Offset(int layer) const { return offsets_[static_cast<std::size_t>(layer)]; }
  std::int64_t BiasOffset(int layer) const {
    return bias_offsets_[static_cast<std::size_t>(layer)];
  }

  // Logits of `x` into ws.logits(), on weights programmed from this model.
  void Forward(const ConstMatrixRef& x, ProgrammedNetwork& device, Workspace& ws) const;
  // Forward, loss and gradient (overwrites `gradient`, size storage_size()).
  LossResult Backward(const ConstMatrixRef& x,
                      std::span<const std::int32_t> labels,
                      ProgrammedNetwork& device,
                      Workspace& ws,
                      AlignedFloats& gradient) const;
  // The same, programming `engine` for this one call.
  void Forward(const ConstMatrixRef& x, LinearEngine& engine, Workspace& ws) const;
  LossResult Backward(const ConstMatrixRef& x,
                      std::span<const std::int32_t> labels,
                      LinearEngine& engine,
                      Workspace& ws,
                      AlignedFloats& gradient) const;

  // J v (B × C) for v of size storage_size(). Uses exact digital products.
  MatrixF Jvp(const ConstMatrixRef& x, std::span<const float> v) const;
  // Jᵀ u (size storage_size()) for u of shape B × C.
  AlignedFloats Vjp(const ConstMatrixRef& x, const MatrixF& u) const;
  // G v = Jᵀ H_L J v for the mean softmax cross-entropy over the batch (size storage_size()).
  AlignedFloats GgnProduct(const ConstMatrixRef& x, std::span<const float> v) const;

 private:
  // Backprop from ∂L/∂logits already in ws.delta (the forward pass must be in ws).
  void BackpropagateDelta(const ConstMatrixRef& x,
                          ProgrammedNetwork& device,
                          Workspace& ws,
                          AlignedFloats& gradient) const;

  MlpSpec spec_;
  Activation activation_;
  std::vector<std::int64_t> offsets_, bias_offsets_;
  std::int64_t num_parameters_ = 0;
  AlignedFloats parameters_;
};

}  // namespace landauer::nn

#endif  // LANDAUER_NN_MLP_H_

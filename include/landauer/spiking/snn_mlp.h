// landauer/spiking/snn_mlp.h — a multilayer spiking network of LIF neurons, trained by
// backpropagation through time with a surrogate gradient.
//
//   SnnMlp net({.widths = {784, 800, 10}, .steps = 25});
//   net.Initialize(seed);
//   net.Forward(inputs, workspace);                 // inputs: T·B × 784 (input_coding.h)
//   double loss = net.Backward(labels, workspace, gradient, threads);
//
// Each layer l runs, at every step t (snnTorch's Leaky, the algorithm of Eshraghian et al.,
// "Training spiking neural networks using lessons from deep learning", Proc. IEEE 111(9), 2023):
//   I_t = W_l x_t + b_l                         x_t: the previous layer's spikes (or the input)
//   v_t = β v_{t−1} + I_t − θ z_{t−1}            reset by subtraction, one step later, detached
//   z_t = H(v_t − θ)                             a spike
// i.e. the exact LIF step of neuron.h with its held-input factor R(1 − β) folded into W and b.
// The spike's derivative is replaced by a surrogate σ'(u), u = v − θ:
//   fast sigmoid   σ'(u) = 1 / (1 + k|u|)²                  (Zenke & Ganguli 2018; k = 25)
//   arctan         σ'(u) = (α/2) / (1 + (π α u / 2)²)       (Fang et al. 2021; α = 2)
// and backpropagation through time runs, per layer, from the last step down:
//   ∂L/∂v_t = ∂L/∂v_t|direct + ∂L/∂z_t σ'(v_t − θ) + β ∂L/∂v_{t+1},   ∂L/∂I_t = ∂L/∂v_t
//   ∂L/∂W = Σ_t (∂L/∂I_t)ᵀ x_t,   ∂L/∂x_t = (∂L/∂I_t) W
// Losses, on the last layer over the T steps:
//   membrane   mean over t of CE(softmax(v_t), y)          (snnTorch's tutorials)
//   count      CE(softmax(Σ_t z_t), y)                      (ce_count_loss)
//   rate       mean over t of CE(softmax(z_t), y)           (ce_rate_loss)
//   first-spike  time-to-first-spike output coding: CE(softmax(−t), y) with t_k the step of output
//              k's first spike (T if none), written t_k = Σ_t Π_{t'≤t} (1 − z_{t'}) so that
//              ∂t_k/∂z_s = −(f − s) before the first spike f, −(f₂ − f) at it (f₂ the second
//              spike, or T) and 0 after: an earlier spike lowers t by the steps it gains
//              (snnTorch's ce_temporal_loss, with this derivative of the spike time)
// Prediction: argmax of Σ_t v_t under the membrane loss, the earliest first spike under
// first-spike, else the spike count (ties: the membrane sum).
//
// Speed. All T steps of a layer go through one GEMM (T·B rows) rather than T small ones, and when
// the input is held (direct coding, input_coding.h) the first layer's product and its weight
// gradient are computed once per batch, not once per step: I is the same every step and
// Σ_t (∂L/∂I_t)ᵀ x = (Σ_t ∂L/∂I_t)ᵀ x. Both are exact identities. Products run on DigitalEngine,
// whose results do not depend on the thread count.
// Parameters: one flat float vector, layer by layer W_l (out × in, row-major) then b_l;
// initialisation as PyTorch's nn.Linear, U(−1/√in, 1/√in), from Rng(seed, "spiking.snn_mlp",
// "init").
#ifndef LANDAUER_SPIKING_SNN_MLP_H_
#define LANDAUER_SPIKING_SNN_MLP_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "landauer/core/matrix.h"
#include "landauer/spiking/input_coding.h"

namespace landauer::spiking {

enum class Surrogate { kFastSigmoid, kArctan };
enum class SnnLoss { kMembrane, kCount, kRate, kFirstSpike };
Surrogate SurrogateFromString(std::string_view text);  // fast-sigmoid, arctan
SnnLoss SnnLossFromString(std::string_view text);      // membrane, count, rate, first-spike
std::string_view ToString(Surrogate surrogate);
std::string_view ToString(SnnLoss loss);

// σ'(u) of a surrogate with its slope parameter (k or α).
double SurrogateGradient(Surrogate surrogate, double slope, double u);

struct SnnSpec {
  std::vector<int> widths = {784, 800, 10};
  int steps = 25;      // T
  double beta = 0.95;  // membrane decay per step, e^{−dt/τ_mem}; 1: IF neurons (no leak)
  double threshold = 1.0;
  Surrogate surrogate = Surrogate::kFastSigmoid;
  double slope = 25.0;  // k (fast sigmoid) or α (arctan)
  SnnLoss loss = SnnLoss::kMembrane;
  InputCoding coding = InputCoding::kDirect;

  // Throws std::invalid_argument naming the field: T < 1, β outside (0, 1], θ ≤ 0 (the reset
  // value), a slope ≤ 0, fewer than two widths or a width < 1.
  void Validate() const;
  std::int64_t parameters() const;
  int layers() const { return static_cast<int>(widths.size()) - 1; }
};

class SnnMlp {
 public:
  // What a forward pass keeps for the backward pass and for counting events.
  struct Workspace {
    std::int64_t batch = 0;
    bool held_input = false;          // direct coding: input rows are the same every step
    std::vector<MatrixF> inputs;      // per layer, its input: T·B × in (B × in when held)
    std::vector<MatrixF> v, z;        // per layer: T·B × out, membrane before reset, spikes
    MatrixF current, grad_v, grad_x;  // scratch
  };

  explicit SnnMlp(SnnSpec spec);
  void Initialize(std::uint64_t seed);

  // `x` is T·B × in (input_coding.h's layout), or B × in with held = true (direct coding).
  void Forward(const MatrixF& x, bool held, Workspace& ws, int threads) const;
  // Loss of the last Forward against `labels` (B); writes ∂L/∂θ into `gradient` (size
  // storage_size()). Returns the mean loss; `correct` gets the number predicted right.
  double Backward(std::span<const std::int32_t> labels,
                  Workspace& ws,
                  std::span<float> gradient,
                  int threads,
                  std::int64_t* correct = nullptr) const;
  // Predictions of the last Forward.
  std::vector<std::int32_t> Predict(const Workspace& ws) const;

  const SnnSpec& spec() const { return spec_; }
  std::span<float> parameters() { return theta_; }
  std::span<const float> parameters() const { return theta_; }
  std::int64_t storage_size() const { return std::ssize(theta_); }
  // Views of layer l's weights (out × in) and bias.
  Eigen::Map<const MatrixF> Weight(int l) const;
  Eigen::Map<MatrixF> Weight(int l);
  std::span<const float> Bias(int l) const;

 private:
  void RunLayer(int l, Workspace& ws, int threads) const;

  SnnSpec spec_;
  std::vector<float> theta_;
  std::vector<std::int64_t> offset_;  // start of W_l; b_l follows it
};

}  // namespace landauer::spiking

#endif  // LANDAUER_SPIKING_SNN_MLP_H_

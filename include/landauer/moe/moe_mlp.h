// landauer/moe/moe_mlp.h — a classifier with one mixture-of-experts layer, dispatched sparsely:
// only the experts a token is routed to compute on it.
//
//   MoeSpec spec{.input = 784, .width = 64, .expert_hidden = 128, .classes = 10,
//                .router = {.gating = Gating::kSwitch, .experts = 8, .k = 1}};
//   MoeMlp model(spec);
//   model.Initialize(seed);
//   MoeMlp::Workspace ws;
//   MoeStep r = model.Backward(x, labels, ws, gradient, &noise_rng, threads);  // CE + aux
//   optimizer->Step(model.parameters(), gradient, threads);
//
// The network, per token (one sample is one token):
//   h = ReLU(W_in x + b_in)                                    (width d)
//   y = h + Σ_{kept slots s of h} g_s · E_{e_s}(h)             (router.h; dropped slots: residual)
//   E_e(h) = W2_e ReLU(W1_e h + b1_e) + b2_e                   (d → expert_hidden → d)
//   logits = W_out y + b_out                                   → softmax cross-entropy
// and the loss is the cross-entropy plus the router's auxiliary loss. The router is r = W_r h (no
// bias), and, for noisy top-k, the noise scale n = W_noise h. With one expert (E = 1, k = 1) it
// is a dense residual MLP with the same active MACs: the equal-compute baseline.
//
// Dispatch is truly sparse: the tokens of each expert are gathered into one batch, the expert runs
// two dense GEMMs on that batch alone, and its outputs are scaled by their gates and added back.
// Experts run in parallel over threads; their input gradients are added to ∂L/∂h in expert order,
// so results do not depend on the thread count.
//
// Parameters live in one flat, aligned vector (as nn::Mlp's), in the order: W_in, b_in, W_r,
// W_noise (noisy top-k only), then per expert W1, b1, W2, b2, then W_out, b_out. Initialisation is
// PyTorch's nn.Linear default, U(±1/√fan_in), except the router, scaled down 10× as Switch §2.4
// recommends for stability; from Rng(seed, "moe.mlp", "init"). Noise draws come from the caller's
// Rng (the trainer's Rng(seed, "moe.train", "noise").Substream(step)).
#ifndef LANDAUER_MOE_MOE_MLP_H_
#define LANDAUER_MOE_MOE_MLP_H_

#include <cstdint>
#include <span>
#include <vector>

#include "landauer/core/matrix.h"
#include "landauer/core/rng.h"
#include "landauer/moe/router.h"
#include "landauer/nn/linear_engine.h"
#include "landauer/nn/loss.h"

namespace landauer::moe {

struct MoeSpec {
  int input = 784;
  int width = 64;           // d: the token width through the MoE layer
  int expert_hidden = 128;  // each expert's hidden width
  int classes = 10;
  RouterOptions router;

  // Throws std::invalid_argument naming the field (widths ≥ 1; the router's own checks).
  void Validate() const;
  std::int64_t parameters() const;         // all of them, every expert's included
  std::int64_t active_parameters() const;  // those one token uses: the k experts', not all E
  double ExpertMacs() const;               // one expert on one token (biases as MACs)
  // Multiply-adds of one token's forward pass: input layer, router (and noise), k experts, head.
  double ActiveMacsPerToken(bool noise) const;
};

// What a forward or backward pass did, for the ledger (moe_cost.h).
struct MoeWork {
  double tokens = 0.0;           // forward passes, one per token
  double backward_tokens = 0.0;  // tokens back-propagated
  double noisy_tokens = 0.0;     // tokens routed with noise (the noise projection ran)
  double kept_slots = 0.0;       // forward: token copies dispatched to an expert
  double backward_slots = 0.0;   // kept slots back-propagated
  double dropped_slots = 0.0;    // over capacity (forward)
  double expert_batches = 0.0;   // (expert, batch) pairs with at least one token: weight reads
  double batches = 0.0;          // forward passes over a batch
  double noisy_batches = 0.0;    // of them, routed with noise (the noise weights were read)
  double remote_slots = 0.0;     // kept slots whose expert lives on another device (forward)
};

struct MoeStep {
  nn::LossResult loss;  // the cross-entropy and accuracy
  double aux_loss = 0.0;
  Routing routing;
};

class MoeMlp {
 public:
  struct Workspace {
    MatrixF z0, h, router_logits, noise_logits, normal, y, logits, dlogits;
    std::vector<MatrixF> expert_in, expert_hidden, expert_out;  // per expert, its tokens only
  };

  explicit MoeMlp(MoeSpec spec);
  void Initialize(std::uint64_t seed);

  const MoeSpec& spec() const { return spec_; }
  AlignedFloats& parameters() { return parameters_; }
  const AlignedFloats& parameters() const { return parameters_; }

  // Views of the parameter blocks (row-major out × in).
  Eigen::Map<const MatrixF> InputWeight() const;
  Eigen::Map<const MatrixF> RouterWeight() const;
  Eigen::Map<const MatrixF> NoiseWeight() const;  // noisy top-k only
  Eigen::Map<const MatrixF> ExpertWeight1(int e) const;
  Eigen::Map<const MatrixF> ExpertWeight2(int e) const;
  Eigen::Map<const MatrixF> OutputWeight() const;
  std::span<const float> InputBias() const;
  std::span<const float> ExpertBias1(int e) const;
  std::span<const float> ExpertBias2(int e) const;
  std::span<const float> OutputBias() const;

  // Logits of the rows of `x` into ws.logits. `noise` (training, noisy top-k) draws the gating
  // noise; null routes without noise. `devices` > 1 places expert e on device e mod devices and
  // token t on t mod devices, and counts the slots that cross (MoeWork::remote_slots).
  MoeStep Forward(const nn::ConstMatrixRef& x,
                  std::span<const std::int32_t> labels,
                  Workspace& ws,
                  Rng* noise,
                  int threads,
                  MoeWork* work = nullptr,
                  int devices = 1) const;
  // Forward (with `noise`), then ∂(CE + aux)/∂θ into `gradient` (size parameters().size()).
  MoeStep Backward(const nn::ConstMatrixRef& x,
                   std::span<const std::int32_t> labels,
                   Workspace& ws,
                   AlignedFloats& gradient,
                   Rng* noise,
                   int threads,
                   MoeWork* work = nullptr,
                   int devices = 1) const;

 private:
  std::int64_t Block(std::int64_t size);  // reserves an aligned block, returns its offset

  MoeSpec spec_;
  std::int64_t w_in_ = 0, b_in_ = 0, w_router_ = 0, w_noise_ = -1, w_out_ = 0, b_out_ = 0;
  std::vector<std::int64_t> w1_, b1_, w2_, b2_;
  std::int64_t size_ = 0;
  AlignedFloats parameters_;
};

}  // namespace landauer::moe

#endif  // LANDAUER_MOE_MOE_MLP_H_

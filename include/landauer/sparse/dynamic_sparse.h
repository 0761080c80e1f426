// landauer/sparse/dynamic_sparse.h — dynamic sparse training: sparse momentum, SET and RigL on
// a truly sparse MLP (sparse_mlp.h), whose connections die and grow while it trains.
//
//   model.Initialize(seed, LayerDensities(spec, 0.05, Distribution::kUniform));  // sparse_mlp.h
//   DynamicSparseOptions options = DynamicSparseOptions::Defaults(Algorithm::kSparseMomentum);
//   DynamicSparseTrainer trainer(model, options, batches_per_epoch, epochs, seed);
//   for each epoch, for each batch: trainer.Step(x, labels, threads, work);
//
// The optimizer is SGD with Nesterov momentum μ and L2 weight decay λ on every weight and bias,
// PyTorch's form (sparse_learning's mnist_cifar/main.py: lr 0.1, μ = 0.9, λ = 5e-4, batch 100):
//   g ← ∂L/∂θ + λθ;  m ← μ m + g;  θ ← θ − η (g + μ m)
// with m kept per connection and carried through every topology change.
//
// The prune rate p_t decays by a cosine from p to p_min (sparse_learning's CosineDecay: p_min =
// 0.005; RigL: p_min = 0, stopping at 75 % of training):
//   p_t = p_min + (p − p_min) (1 + cos(π t / T)) / 2,   t ≤ T;   no updates after T,
// with T = end_fraction × the training steps.
//
// Algorithms (each update prunes, then regrows exactly as many connections, so the non-zero
// count never changes):
//
//   sparse momentum (Dettmers & Zettlemoyer, arXiv:1907.04840, Alg. 1; sparse_learning's
//     magnitude / momentum / momentum modes) — at the end of every epoch but the last:
//     1. each layer's share s_l = mean |m| over its connections, normalised over layers;
//     2. prune ⌈p_t · nnz_l⌉ of each layer's smallest |w|;
//     3. regrow Σ pruned over the layers in proportion to s_l (largest remainders; a layer takes
//        at most its free positions, the excess going to the others), each layer at the
//        positions of largest |m| among those not kept.
//     (sparse_learning's one exception is kept: a layer above density 0.8 whose share exceeds
//     1/L prunes at min(p_t, its sparsity).)
//     The momentum of a missing weight is the dense gradient's running average, as in the
//     peer, whose dense buffer keeps accumulating gradients at masked positions. Here it is
//     accumulated densely over only the last W = ⌈ln(10⁻⁴)/ln μ⌉ steps before an update (88 at
//     μ = 0.9), so older gradients, which carry weight μ^W < 10⁻⁴, are dropped; every other step
//     is truly sparse. The window's dense products are counted in the ledger.
//   SET (Mocanu et al., Nat. Commun. 9:2383, 2018) — at the end of every epoch but the last: of
//     each layer, prune the fraction p_t of the positive weights closest to zero and the same
//     fraction of the negative ones; regrow as many at uniformly random positions not kept.
//   RigL (Evci et al., ICML 2020, Alg. 1; google-research/rigl) — every ΔT = 100 steps while
//     t < 0.75 T: of each layer, prune ⌊p_t · nnz_l⌋ of the smallest |w| and regrow as many at
//     the largest |∂L/∂W| of the current batch (one dense gradient) among positions not kept.
//     As in the peer, the update step takes no SGD step.
//   static — the initial random topology, never changed (the control).
//
// Every algorithm, as both peers do: a regrown connection starts at w = 0 with m = 0, except one
// pruned and regrown in the same update, which keeps its weight and momentum. Ties in magnitude
// are broken by position (lower first), so results are deterministic.
//
// Differs from the peers, on purpose: sparse_learning draws its initial masks and SET's
// regrowth as Bernoulli masks, so counts drift, and corrects the drift with a feedback term;
// here counts are exact (selection sampling; rejection sampling for SET). sparse_learning's SET
// prune (magnitude_and_negativity_prune, after its issue #19) keeps only the most negative half;
// here it is the published rule.
#ifndef LANDAUER_SPARSE_DYNAMIC_SPARSE_H_
#define LANDAUER_SPARSE_DYNAMIC_SPARSE_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "landauer/core/rng.h"
#include "landauer/sparse/sparse_mlp.h"

namespace landauer::sparse {

enum class Algorithm { kStatic, kSet, kRigl, kSparseMomentum };
// "static", "set", "rigl", "sparse-momentum"; FromString throws std::invalid_argument.
Algorithm AlgorithmFromString(std::string_view text);
std::string_view ToString(Algorithm algorithm);

struct DynamicSparseOptions {
  Algorithm algorithm = Algorithm::kSparseMomentum;
  double learning_rate = 0.1;  // η
  double momentum = 0.9;       // μ ∈ [0, 1)
  double weight_decay = 5e-4;  // λ ≥ 0
  double prune_rate = 0.5;     // p ∈ [0, 1): sparse_learning 0.5, SET ζ = 0.3, RigL α = 0.3
  double prune_rate_min = 0.005;
  // Steps between updates; 0: at the end of every epoch but the last (sparse momentum, SET).
  int update_interval = 0;
  // Updates stop after this fraction of training (RigL: 0.75).
  double end_fraction = 1.0;
  // The sparse-momentum window W: dense momentum is accumulated over the last W steps before an
  // update; 0: ⌈ln(10⁻⁴)/ln μ⌉.
  int momentum_window = 0;

  // The peers' defaults for `algorithm`: RigL's ΔT = 100, α = 0.3, p_min = 0, end 0.75; SET's
  // ζ = 0.3; sparse momentum's 0.5 and 0.005 at the end of each epoch.
  static DynamicSparseOptions Defaults(Algorithm algorithm);
  // Throws std::invalid_argument naming the field and value.
  void Validate() const;
};

// The work an algorithm did beyond the sparse products, for the ledger (sparse_cost.h).
struct SparseWork {
  std::int64_t steps = 0;                // SGD steps taken
  std::int64_t samples = 0;              // training samples through the network
  double sparse_macs = 0.0;              // Σ nnz·B of forward, backward-input and gradient
  double dense_gradient_macs = 0.0;      // RigL's and the momentum window's dense δ aᵀ
  double dense_products = 0.0;           // of them, whole-network dense gradients formed
  double dense_gradient_rows = 0.0;      // Σ their batch sizes
  double dense_momentum_updates = 0.0;   // window entries updated (μM + G; not its first step)
  double comparisons = 0.0;              // magnitude comparisons of pruning and regrowth
  double scanned_positions = 0.0;        // positions whose regrowth score was read
  double rewired_read = 0.0;             // connections a rewire copied (survivors, with state)
  double rewired_written = 0.0;          // connections it wrote (survivors and grown)
  double random_draws = 0.0;             // SET's random positions drawn (rejections included)
  std::int64_t updates = 0;              // topology updates
  std::int64_t pruned = 0, regrown = 0;  // connections, over all updates
};

class DynamicSparseTrainer {
 public:
  // `model` is borrowed and must be initialised; training is `epochs` epochs of
  // `steps_per_epoch` mini-batches (T = their product). Throws std::invalid_argument for invalid
  // options or a non-positive length.
  DynamicSparseTrainer(SparseMlp& model,
                       const DynamicSparseOptions& options,
                       std::int64_t steps_per_epoch,
                       int epochs,
                       std::uint64_t seed);

  // One mini-batch: the gradient at the non-zeros and the SGD step, then a topology update when
  // one is due (RigL's replaces the SGD step of its batch).
  nn::LossResult Step(const nn::ConstMatrixRef& x,
                      std::span<const std::int32_t> labels,
                      int threads,
                      SparseWork& work);

  // p_t after `step` steps.
  double PruneRateAt(std::int64_t step) const;
  // Whether an update follows the step that brings the count to `step` (≥ 1); RigL: whether
  // the batch taken after `step` steps is an update.
  bool UpdateDue(std::int64_t step) const;
  std::int64_t steps_taken() const { return step_; }
  const DynamicSparseOptions& options() const { return options_; }
  int momentum_window() const { return window_; }
  // The momentum of each connection of layer l (carried through rewiring).
  std::span<const float> momentum(int l) const { return momentum_[static_cast<std::size_t>(l)]; }

 private:
  // The next update at or after `step` steps (a large number when none is left).
  std::int64_t NextUpdate(std::int64_t step) const;
  void AccumulateDenseMomentum(int threads, SparseWork& work);
  // Prunes and regrows every layer; `scores` (one dense out × in matrix per layer, or empty for
  // random regrowth) ranks the positions for regrowth.
  void Update(const std::vector<MatrixF>& scores, SparseWork& work);
  void SgdStep();

  SparseMlp& model_;
  DynamicSparseOptions options_;
  std::int64_t steps_per_epoch_ = 0;
  int epochs_ = 0;
  std::int64_t total_steps_ = 0;
  std::int64_t step_ = 0;
  int window_ = 0;
  Rng rng_;
  SparseMlp::Workspace ws_;
  SparseGradient gradient_;
  std::vector<AlignedFloats> momentum_, bias_momentum_;
  std::vector<MatrixF> dense_momentum_;  // the window's accumulator (sparse momentum only)
};

}  // namespace landauer::sparse

#endif  // LANDAUER_SPARSE_DYNAMIC_SPARSE_H_

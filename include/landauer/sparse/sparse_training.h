// landauer/sparse/sparse_training.h — the training loop of a sparse MLP, counted; and the same
// network as a dense masked layer, the way the peers simulate sparsity.
//
//   SparseTrainingResult r = TrainSparseMlp(model, train, options, {.epochs = 5, .batch = 100,
//                                           .seed = 1, .threads = 2}, progress);
//   // r.ledger: phase "train", every action (sparse_cost.h); r.work: what the algorithm did
//
//   DenseMaskedMlp masked(model, threads);  // dense weights with the zeros in place, and the mask
//   masked.Step(x, labels, options);        // dense GEMMs, Nesterov SGD, re-mask
//
// Epoch e visits the training set in a Fisher–Yates order drawn from
// Rng(seed, "sparse.train", "shuffle").Substream(e); the last batch may be smaller. Each step is
// counted at the shape it ran at (sparse momentum moves connections between layers).
//
// DenseMaskedMlp is sparse_learning's approach (and every masked-sparsity peer's): a dense
// nn::Mlp whose weights are multiplied by a 0/1 mask after each optimizer step; gradients and the
// momentum buffer stay dense. Its step is the reference a truly sparse step is timed against
// (`landauer sparse sweep`, bench/sparse_vs_torch.py) and must equal on the same weights
// (sparse_test).
#ifndef LANDAUER_SPARSE_SPARSE_TRAINING_H_
#define LANDAUER_SPARSE_SPARSE_TRAINING_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "landauer/data/dataset.h"
#include "landauer/energy/ledger.h"
#include "landauer/nn/linear_engine.h"
#include "landauer/nn/mlp.h"
#include "landauer/sparse/dynamic_sparse.h"

namespace landauer {
class ProgressSink;
}

namespace landauer::sparse {

struct SparseTrainingRun {
  int epochs = 5;
  std::int64_t batch = 100;
  std::uint64_t seed = 0;
  int threads = 1;
  std::string progress_name = "sparse";  // the progress task's name
};

struct SparseEpoch {
  int epoch = 0;                // 1-based
  double loss = 0.0;            // mean training loss
  double train_accuracy = 0.0;  // on the batches as trained
  double density = 0.0;         // at the end of the epoch
};

struct SparseTrainingResult {
  std::vector<SparseEpoch> curve;
  double seconds = 0.0;  // host wall time of the loop
  SparseWork work;
  Ledger ledger;  // phase "train"
};

// Trains `model` (initialised) on `train`. Throws std::invalid_argument for an empty data set, a
// feature count the model does not take, or invalid options, before training.
SparseTrainingResult TrainSparseMlp(SparseMlp& model,
                                    const Dataset& train,
                                    const DynamicSparseOptions& options,
                                    const SparseTrainingRun& run,
                                    ProgressSink* progress = nullptr);

// Test accuracy of `model` on the CSR kernels in batches of `batch`; with `ledger`, every forward
// pass is counted there under phase "inference" (SparseCostModel). Throws std::invalid_argument
// for an empty data set, features the model does not take, or batch < 1.
double EvaluateSparseMlp(const SparseMlp& model,
                         const Dataset& test,
                         std::int64_t batch,
                         int threads,
                         Ledger* ledger = nullptr);

class DenseMaskedMlp {
 public:
  // The dense weights of `sparse` (zeros where it has no connection) and its mask.
  explicit DenseMaskedMlp(const SparseMlp& sparse, int threads = 1);

  // One step: dense forward and backward, Nesterov SGD with weight decay on every parameter (the
  // masked ones included, as the peer's optimizer sees them), then θ ← θ ⊙ mask.
  nn::LossResult Step(const nn::ConstMatrixRef& x,
                      std::span<const std::int32_t> labels,
                      const DynamicSparseOptions& options);

  const nn::Mlp& model() const { return model_; }

 private:
  nn::Mlp model_;
  AlignedFloats mask_, momentum_, gradient_;
  nn::DigitalEngine engine_;
  nn::Mlp::Workspace ws_;
};

}  // namespace landauer::sparse

#endif  // LANDAUER_SPARSE_SPARSE_TRAINING_H_

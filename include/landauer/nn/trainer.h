// landauer/nn/trainer.h — seeded mini-batch training and evaluation with energy counting.
//
//   TrainOptions options;  options.epochs = 5; options.batch = 128; options.seed = 0;
//   std::unique_ptr<CostModel> cost = engine.MakeCostModel(model.spec());
//   ProgressTask progress(&sink, "train", TrainingSteps(train.size(), options));
//   TrainResult result = Train(model, train, options, engine, cost.get(), &ledger, &progress);
//   EvalResult eval = Evaluate(model, test, 1024, engine, cost.get(), &ledger, "inference");
//
// The engine's weights are programmed (programmed_network.h) at the start of every step, with the
// number of updates so far as the update index (so a resumed run programs as an uninterrupted
// one), and once for an evaluation, as a fresh device (update 0); the engine counts what
// programming costs. The
// cost model counts each batch's forward and backward pass and optimizer step; a direction
// transform (natural gradients) counts its own work.
//
// Epoch e visits the training set in the order of a Fisher–Yates shuffle drawn from
// Rng(seed, "nn.train", "shuffle").Substream(e); the last batch may be smaller (as PyTorch's
// DataLoader with drop_last=False). With a checkpoint path the trainer saves after every
// `checkpoint_every` steps and at each epoch end, atomically; with `resume` it continues from the
// checkpoint and ends with exactly the weights of an uninterrupted run. Nothing depends on the
// thread count.
#ifndef LANDAUER_NN_TRAINER_H_
#define LANDAUER_NN_TRAINER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "landauer/core/progress.h"
#include "landauer/data/dataset.h"
#include "landauer/energy/ledger.h"
#include "landauer/nn/checkpoint.h"
#include "landauer/nn/cost_model.h"
#include "landauer/nn/direction_transform.h"
#include "landauer/nn/mlp.h"
#include "landauer/nn/optimizer.h"

namespace landauer::nn {

struct TrainOptions {
  int epochs = 5;
  int batch = 128;
  std::uint64_t seed = 0;
  int threads = 0;
  OptimizerOptions optimizer;
  std::string checkpoint_path;         // empty: no checkpoints
  std::int64_t checkpoint_every = 0;   // steps between checkpoints (0: only at epoch ends)
  bool resume = false;                 // continue from checkpoint_path if it exists
  std::int64_t stop_after_steps = -1;  // stop (as if killed) after this global step; < 0: never
  std::string phase = "train";         // ledger phase for the counted actions
  // When set, the optimizer steps along this preconditioned direction instead of the gradient
  // (NGD, NGD-CG or TNGD; the optimizer is then SGD or Adam on g̃). Its state is checkpointed.
  std::shared_ptr<DirectionTransform> direction;

  void Validate() const;
};

struct TrainResult {
  std::vector<EpochStats> epochs;  // every finished epoch (also those before a resume)
  double train_seconds = 0.0;      // wall time of the training loop (excludes checkpoint I/O)
  std::int64_t samples = 0;        // samples processed (including before a resume)
  std::int64_t steps = 0;
  bool stopped_early = false;       // stop_after_steps was reached
  std::vector<double> step_losses;  // training loss of every step (also those before a resume)
};

// Refuses (InputError naming `what`, e.g. "--model mlp:784-65536-10") a model whose training in
// batches of `batch` would not fit in memory: parameters, gradient, optimizer buffers and the
// engine's copies (about eight float32 arrays of the model's size), and each layer's activations,
// pre-activations and their gradients for a batch (core/memory_budget.h).
void CheckTrainingMemory(const MlpSpec& spec, std::int64_t batch, const std::string& what);

// Optimizer steps of a full run on `samples` training samples: epochs × ⌈samples / batch⌉.
std::int64_t TrainingSteps(std::int64_t samples, const TrainOptions& options);

// Trains `model` on `engine`. With `cost` (and `ledger`) each step is counted into `ledger`;
// `progress` (may be null) advances once per step.
TrainResult Train(Mlp& model,
                  const Dataset& train,
                  const TrainOptions& options,
                  LinearEngine& engine,
                  const CostModel* cost,
                  Ledger* ledger,
                  ProgressTask* progress);

struct EvalResult {
  double accuracy = 0.0;
  double loss = 0.0;
  std::int64_t samples = 0;
  double seconds = 0.0;
};

// Loss and accuracy of `model` on `data` in batches of `batch`, on weights programmed once; with
// `cost` and `ledger` the programming and every forward pass are counted under `phase`.
EvalResult Evaluate(const Mlp& model,
                    const Dataset& data,
                    int batch,
                    LinearEngine& engine,
                    const CostModel* cost,
                    Ledger* ledger,
                    const std::string& phase);

}  // namespace landauer::nn

#endif  // LANDAUER_NN_TRAINER_H_

// landauer/moe/moe_training.h — training a mixture-of-experts classifier with Adam, counted, and
// the expert statistics a user asks for: load per expert, dropped tokens, the auxiliary loss.
//
//   MoeTrainingResult r = TrainMoe(model, train, {.epochs = 5, .batch = 128, .learning_rate =
//                                  1e-3, .seed = 1, .threads = 2}, progress);
//   MoeEvaluation e = EvaluateMoe(model, test, /*batch=*/1000, threads);  // no noise
//
// Epoch e visits the data in a Fisher–Yates order from Rng(seed, "moe.train", "shuffle")
// .Substream(e); step s draws its gating noise from Rng(seed, "moe.train", "noise").Substream(s).
// Capacity applies per batch (the batch is the routing group, as in Switch).
#ifndef LANDAUER_MOE_MOE_TRAINING_H_
#define LANDAUER_MOE_MOE_TRAINING_H_

#include <cstdint>
#include <string>
#include <vector>

#include "landauer/data/dataset.h"
#include "landauer/energy/ledger.h"
#include "landauer/moe/moe_mlp.h"

namespace landauer {
class ProgressSink;
}

namespace landauer::moe {

struct MoeTrainingRun {
  int epochs = 5;
  std::int64_t batch = 128;
  double learning_rate = 1e-3;  // Adam, PyTorch's defaults otherwise
  std::uint64_t seed = 0;
  int threads = 1;
  int devices = 1;  // experts spread over this many devices (the all-to-all is counted)
  std::string progress_name = "moe";
};

struct MoeEpoch {
  int epoch = 0;
  double loss = 0.0;      // mean cross-entropy
  double aux_loss = 0.0;  // mean auxiliary loss
  double train_accuracy = 0.0;
  std::vector<double> load;  // fraction of the routed slots per expert, over the epoch
  // The coefficient of variation (population sd / mean) of the slots routed to each expert in a
  // batch, averaged over the batches: the imbalance capacity sees. (Over a whole epoch the load
  // can look balanced while every batch is not: a router pushed off one expert onto another.)
  double load_cv = 0.0;
  double dropped_fraction = 0.0;  // slots over capacity, over all slots
};

struct MoeTrainingResult {
  std::vector<MoeEpoch> curve;
  double seconds = 0.0;
  std::int64_t steps = 0;
  MoeWork work;
  Ledger ledger;  // phase "train"
};

MoeTrainingResult TrainMoe(MoeMlp& model,
                           const Dataset& train,
                           const MoeTrainingRun& run,
                           ProgressSink* progress = nullptr);

struct MoeEvaluation {
  double accuracy = 0.0;
  std::vector<double> load;  // as MoeEpoch's
  double load_cv = 0.0;      // as MoeEpoch's
  double dropped_fraction = 0.0;
  MoeWork work;
};

// Routes without noise, in batches of `batch` (capacity per batch, as in training).
MoeEvaluation EvaluateMoe(
    const MoeMlp& model, const Dataset& test, std::int64_t batch, int threads, int devices = 1);

}  // namespace landauer::moe

#endif  // LANDAUER_MOE_MOE_TRAINING_H_

// landauer/nn/checkpoint.h — exact, atomic training checkpoints.
//
// A checkpoint holds everything a run needs to continue bit for bit: the parameters, every
// optimizer buffer and its step count, the position in the data (epoch, step within the epoch),
// the running epoch statistics, the energy ledger so far, the run's configuration and, for a
// natural-gradient run, its direction transform's state (for TNGD the SPU state and the delay's
// previous batch). The data order is a pure function of (seed, epoch), so it needs no storage.
//
// File layout: "LANDCKPT", u32 version, u64 header length, a JSON header, raw little-endian
// float32 arrays (parameters, then each optimizer buffer), and a u64 FNV-1a checksum of all
// preceding bytes. Written with WriteFileAtomically: a crash leaves the previous checkpoint.
// Loading checks the magic, version, checksum, sizes and that the configuration matches; each
// failure throws InputError naming the file and the mismatch.
#ifndef LANDAUER_NN_CHECKPOINT_H_
#define LANDAUER_NN_CHECKPOINT_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "landauer/energy/ledger.h"
#include "landauer/nn/direction_transform.h"
#include "landauer/nn/mlp.h"
#include "landauer/nn/optimizer.h"

namespace landauer::nn {

struct TrainingPosition {
  int epoch = 0;                   // current epoch (0-based)
  std::int64_t step_in_epoch = 0;  // next batch index within the epoch
  std::int64_t global_step = 0;
  double epoch_loss_sum = 0.0;  // Σ batch loss × batch size, this epoch
  std::int64_t epoch_correct = 0;
  std::int64_t epoch_seen = 0;
  double elapsed_s = 0.0;  // wall time spent training before this checkpoint
};

// `direction` (optional: a natural gradient) adds its state: header key "direction" and its
// floats after the optimizer buffers.
void SaveCheckpoint(const std::string& path,
                    const nlohmann::json& config,
                    const Mlp& model,
                    Optimizer& optimizer,
                    const TrainingPosition& position,
                    const Ledger& ledger,
                    const DirectionTransform* direction = nullptr);

// Restores model, optimizer, position, ledger and, if given, the direction transform's state.
// `config` must equal the saved configuration.
void LoadCheckpoint(const std::string& path,
                    const nlohmann::json& config,
                    Mlp& model,
                    Optimizer& optimizer,
                    TrainingPosition& position,
                    Ledger& ledger,
                    DirectionTransform* direction = nullptr);

}  // namespace landauer::nn

#endif  // LANDAUER_NN_CHECKPOINT_H_

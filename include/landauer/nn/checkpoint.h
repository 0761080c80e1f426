// landauer/nn/checkpoint.h — exact, atomic training checkpoints.
//
// A checkpoint holds everything a run needs to continue bit for bit: the parameters, every
// optimizer buffer and its step count, the position in the data (epoch, step within the epoch),
// the running epoch statistics, the energy ledger so far, the run's configuration and, for a
// natural-gradient run, its direction transform's state (for TNGD the SPU state and the delay's
// previous batch). The data order is a pure function of (seed, epoch), so it needs no storage.
//
// It also holds the run's history so far (each finished epoch's statistics, every step's loss),
// so that a resumed run's results equal an uninterrupted run's apart from timings.
//
// File layout (core/checkpoint_file.h, magic "LANDCKPT", version 3): a JSON header, then raw
// little-endian float32 arrays (parameters, then each optimizer buffer, then the direction's
// state), the step losses as float64, and a u64 FNV-1a checksum of all preceding bytes. Written
// with WriteFileAtomically: a crash leaves the previous checkpoint. Loading checks the magic, the
// version, the checksum (against accidents: it is not tamper-proof), then every header field —
// type, range, consistency with the others and with the run being resumed — and the payload's
// length; each failure throws InputError naming the file and the field.
#ifndef LANDAUER_NN_CHECKPOINT_H_
#define LANDAUER_NN_CHECKPOINT_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "landauer/energy/ledger.h"
#include "landauer/nn/direction_transform.h"
#include "landauer/nn/mlp.h"
#include "landauer/nn/optimizer.h"

namespace landauer::nn {

struct EpochStats {
  int epoch = 0;
  double loss = 0.0;            // mean training loss over the epoch
  double train_accuracy = 0.0;  // on the batches as trained
  double seconds = 0.0;
  double samples_per_second = 0.0;
};

// Where a run is, and what it has reported so far (so that a resumed run reports the whole run,
// as an uninterrupted one does).
struct TrainingPosition {
  int epoch = 0;                   // current epoch (0-based)
  std::int64_t step_in_epoch = 0;  // next batch index within the epoch
  std::int64_t global_step = 0;
  double epoch_loss_sum = 0.0;  // Σ batch loss × batch size, this epoch
  std::int64_t epoch_correct = 0;
  std::int64_t epoch_seen = 0;
  double elapsed_s = 0.0;           // wall time spent training before this checkpoint
  std::vector<EpochStats> epochs;   // the finished epochs
  std::vector<double> step_losses;  // the loss of every step so far (global_step of them)
};

// The run a checkpoint is loaded into: every header field is checked against it.
struct CheckpointRun {
  nlohmann::json config;  // must equal the saved configuration
  std::int64_t train_samples = 0;
  int batch = 1;
  int epochs = 1;
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

// The FNV-1a checksum a checkpoint ends with, of every byte before it. It catches accidents (a
// torn or flipped file); anyone can recompute it, which is why every header field is validated.
std::uint64_t CheckpointChecksum(std::string_view bytes);

// The bytes SaveCheckpoint writes.
std::string EncodeCheckpoint(const nlohmann::json& config,
                             const Mlp& model,
                             Optimizer& optimizer,
                             const TrainingPosition& position,
                             const Ledger& ledger,
                             const DirectionTransform* direction = nullptr);

// Restores model, optimizer, position, ledger and, if given, the direction transform's state.
// Throws InputError naming the file for anything that is not a checkpoint of exactly this run —
// a bad magic, version or checksum; a header field that is missing, of the wrong type, out of
// range or inconsistent with the others or with `run` (a checksum is not a signature: the header
// is validated like any other input) — and changes nothing then.
void LoadCheckpoint(const std::string& path,
                    const CheckpointRun& run,
                    Mlp& model,
                    Optimizer& optimizer,
                    TrainingPosition& position,
                    Ledger& ledger,
                    DirectionTransform* direction = nullptr);

// LoadCheckpoint on bytes already in memory (`origin` names them in errors; used by the fuzzer).
void RestoreCheckpoint(std::string_view bytes,
                       const std::string& origin,
                       const CheckpointRun& run,
                       Mlp& model,
                       Optimizer& optimizer,
                       TrainingPosition& position,
                       Ledger& ledger,
                       DirectionTransform* direction = nullptr);

}  // namespace landauer::nn

#endif  // LANDAUER_NN_CHECKPOINT_H_

// landauer/optical/diffractive_checkpoint.h — exact, atomic checkpoints of a diffractive
// network's training (diffractive_network.h), taken at the end of each epoch.
//
// A checkpoint holds what training needs to continue bit for bit from an epoch boundary: the
// parameters (φ, q and g, float64), every optimizer buffer (float32) and its step count, and the
// finished epochs' statistics (with their wall time). The data order is a function of (seed,
// epoch), epoch e steps at η·γᵉ and the work counted is the same each epoch, so none of them is
// stored: Fit replays them. A run resumed from epoch k therefore equals an uninterrupted one — with
// the same build on the same machine: FFTW's SIMD paths and libm may round differently elsewhere —
// and may ask for more epochs than it started with: the epochs already run do not depend on the
// total (which is why `epochs` is not part of the run's configuration).
//
// File (core/checkpoint_file.h, magic "LANDD2NN", version 1). Header:
//   {"config": {...}, "parameters": P, "optimizer_buffers": B, "optimizer_steps": S,
//    "epoch": k, "epochs": [{"loss", "train_accuracy", "seconds"} × k]}
// Payload: P float64 parameters, then B buffers of P float32 each. Loading validates every field —
// presence, type, range, S = k × steps per epoch, the payload's length — and the configuration
// against the run being resumed, and throws InputError naming the file and the field.
#ifndef LANDAUER_OPTICAL_DIFFRACTIVE_CHECKPOINT_H_
#define LANDAUER_OPTICAL_DIFFRACTIVE_CHECKPOINT_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "landauer/optical/epoch_stats.h"

namespace landauer::optical {

struct DiffractiveCheckpointState {
  nlohmann::json config;                    // the run: options (but epochs), shapes, data
  std::vector<double> parameters;           // DiffractiveNetwork::Parameters()
  std::vector<std::vector<float>> buffers;  // the optimizer's StateBuffers(), in order
  std::int64_t optimizer_steps = 0;
  std::vector<EpochStats> epochs;  // the finished epochs
};

// The run a checkpoint is loaded into.
struct DiffractiveCheckpointRun {
  nlohmann::json config;             // must equal the saved one
  std::int64_t parameters = 0;       // its parameter count
  int buffers = 0;                   // its optimizer's buffers (each `parameters` long)
  std::int64_t steps_per_epoch = 1;  // ⌈samples / batch⌉
  int epochs = 1;                    // at most this many may be finished
};

// The bytes of a checkpoint of `state` (its buffers must each hold parameters.size() floats).
std::string EncodeDiffractiveCheckpoint(const DiffractiveCheckpointState& state);

// The state in `bytes` (`origin` names them in errors), checked against `run`; throws InputError
// for anything that is not a checkpoint of exactly this run.
DiffractiveCheckpointState DecodeDiffractiveCheckpoint(std::string_view bytes,
                                                       const std::string& origin,
                                                       const DiffractiveCheckpointRun& run);

}  // namespace landauer::optical

#endif  // LANDAUER_OPTICAL_DIFFRACTIVE_CHECKPOINT_H_

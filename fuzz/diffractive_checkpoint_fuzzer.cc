// libFuzzer target for D²NN checkpoints (optical/diffractive_checkpoint.h): DecodeDiffractive-
// Checkpoint on arbitrary bytes, for a run of 5 parameters, Adam's 2 buffers, 3 steps an epoch
// and 2 epochs.
//
// A checksum only catches accidents, so most inputs are made to pass it: when the first byte is
// odd the rest gets a valid FNV-1a checksum appended, and the fuzzer explores the header and
// payload validation behind it; when even, the rest is taken as is. Any input must decode to a
// state the run can continue from, or throw landauer::InputError; a crash, a sanitizer report or
// any other exception is a bug:
//   build-fuzz/bin/diffractive_checkpoint_fuzzer -runs=20000 fuzz/diffractive_checkpoint_corpus
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "landauer/core/checksum.h"
#include "landauer/core/errors.h"
#include "landauer/optical/diffractive_checkpoint.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  using namespace landauer::optical;
  std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] & 1) {
    const std::uint64_t hash = landauer::Fnv1a64(bytes);
    bytes.append(reinterpret_cast<const char*>(&hash), sizeof(hash));
  }
  const DiffractiveCheckpointRun run{
      .config = {{"run", 1}}, .parameters = 5, .buffers = 2, .steps_per_epoch = 3, .epochs = 2};
  try {
    const DiffractiveCheckpointState state = DecodeDiffractiveCheckpoint(bytes, "fuzz.ckpt", run);
    // Decoded: a state of exactly this run's shape, at an epoch boundary it can continue from.
    const auto epochs = static_cast<std::int64_t>(state.epochs.size());
    if (state.parameters.size() != 5 || state.buffers.size() != 2 || state.buffers[0].size() != 5 ||
        state.buffers[1].size() != 5 || epochs > run.epochs ||
        state.optimizer_steps != epochs * run.steps_per_epoch || state.config != run.config) {
      __builtin_trap();
    }
    for (const EpochStats& e : state.epochs) {  // NaN loss: a diverged epoch, stored as null
      if (!(e.accuracy >= 0.0 && e.accuracy <= 1.0) || !(e.seconds >= 0.0) ||
          !std::isfinite(e.seconds) || e.loss < 0.0) {
        __builtin_trap();
      }
    }
  } catch (const landauer::InputError&) {
  }
  return 0;
}

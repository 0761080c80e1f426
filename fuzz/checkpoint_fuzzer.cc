// libFuzzer target for checkpoints (nn/checkpoint.h): RestoreCheckpoint on arbitrary bytes, for a
// small model (mlp:3-4-2) with Adam, run over 10 samples in batches of 4 for 2 epochs.
//
// A checksum only catches accidents, so most inputs are made to pass it: when the first byte is
// odd the rest gets a valid FNV-1a checksum appended, and the fuzzer explores the header and
// payload validation behind it; when even, the rest is taken as is. Any input must restore or
// throw landauer::InputError, and a refused checkpoint must leave the model untouched; a crash,
// a sanitizer report or any other exception is a bug:
//   build-fuzz/bin/checkpoint_fuzzer -runs=20000 fuzz/checkpoint_corpus
#include <cstddef>
#include <cstdint>
#include <string>

#include "landauer/core/errors.h"
#include "landauer/nn/checkpoint.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  using namespace landauer::nn;
  std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] & 1) {
    const std::uint64_t hash = CheckpointChecksum(bytes);
    bytes.append(reinterpret_cast<const char*>(&hash), sizeof(hash));
  }
  Mlp model(MlpSpec::Parse("mlp:3-4-2"), Activation::kRelu);
  model.Initialize(1);
  const landauer::AlignedFloats before = model.parameters();
  OptimizerOptions adam;
  adam.name = "adam";
  const auto optimizer = MakeOptimizer(adam, model.storage_size());
  const CheckpointRun run{.config = {{"run", 1}}, .train_samples = 10, .batch = 4, .epochs = 2};
  TrainingPosition position;
  landauer::Ledger ledger;
  try {
    RestoreCheckpoint(bytes, "fuzz.ckpt", run, model, *optimizer, position, ledger);
    // Restored: the position is one the run can continue from.
    if (position.epoch < 0 || position.epoch > run.epochs || position.step_in_epoch < 0 ||
        position.step_in_epoch > 3 ||
        position.global_step != position.epoch * 3 + position.step_in_epoch ||
        static_cast<std::int64_t>(position.step_losses.size()) != position.global_step) {
      __builtin_trap();
    }
  } catch (const landauer::InputError&) {
    if (model.parameters() != before) __builtin_trap();  // refused: nothing changed
  }
  return 0;
}

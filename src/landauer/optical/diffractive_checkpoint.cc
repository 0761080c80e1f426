#include "landauer/optical/diffractive_checkpoint.h"

#include <fmt/format.h>

#include <limits>
#include <stdexcept>

#include "landauer/core/checkpoint_file.h"
#include "landauer/core/errors.h"

namespace landauer::optical {
namespace {

constexpr std::string_view kMagic = "LANDD2NN";
constexpr std::uint32_t kVersion = 1;
constexpr int kMaxBuffers = 64;

}  // namespace

std::string EncodeDiffractiveCheckpoint(const DiffractiveCheckpointState& state) {
  nlohmann::json epochs = nlohmann::json::array();
  for (const EpochStats& e : state.epochs) {
    epochs.push_back(
        {{"loss", JsonStatistic(e.loss)}, {"train_accuracy", e.accuracy}, {"seconds", e.seconds}});
  }
  const nlohmann::json header = {
      {"config", state.config},
      {"parameters", state.parameters.size()},
      {"optimizer_buffers", state.buffers.size()},
      {"optimizer_steps", state.optimizer_steps},
      {"epoch", state.epochs.size()},
      {"epochs", epochs},
  };
  std::string payload;
  AppendCheckpointArray(payload, state.parameters);
  for (const std::vector<float>& buffer : state.buffers) {
    if (buffer.size() != state.parameters.size()) {
      throw std::invalid_argument("EncodeDiffractiveCheckpoint: a buffer's length");
    }
    AppendCheckpointArray(payload, buffer);
  }
  return EncodeCheckpointFile(kMagic, kVersion, header, payload);
}

DiffractiveCheckpointState DecodeDiffractiveCheckpoint(std::string_view bytes,
                                                       const std::string& origin,
                                                       const DiffractiveCheckpointRun& run) {
  if (run.parameters < 1 || run.buffers < 0 || run.buffers > kMaxBuffers ||
      run.steps_per_epoch < 1 || run.epochs < 0) {
    throw std::invalid_argument("DecodeDiffractiveCheckpoint: the run's shape");
  }
  const std::string fix(kCheckpointFix);
  const CheckpointFile file =
      DecodeCheckpointFile(bytes, origin, kMagic, kVersion, "D2NN checkpoint");
  const nlohmann::json& header = file.header;
  const CheckpointHeader read(origin);
  DiffractiveCheckpointState state;
  state.config = read.Get(header, "config");
  CheckSameRun(state.config, run.config, origin);
  const std::int64_t parameters =
      read.Integer(header, "parameters", 0, std::numeric_limits<std::int64_t>::max());
  const std::int64_t buffers = read.Integer(header, "optimizer_buffers", 0, kMaxBuffers);
  if (parameters != run.parameters || buffers != run.buffers) {
    throw InputError(origin,
                     0,
                     fmt::format("checkpoint holds {} parameters and {} optimizer buffers; this "
                                 "network has {} and its optimizer {}",
                                 parameters,
                                 buffers,
                                 run.parameters,
                                 run.buffers),
                     fix);
  }
  const std::int64_t finished = read.Integer(header, "epoch", 0, std::numeric_limits<int>::max());
  if (finished > run.epochs) {
    read.Fail(
        fmt::format("'epoch' = {}: the checkpoint has finished {} epochs, more than the {} "
                    "this run asks for; ask for at least {} (--epochs)",
                    finished,
                    finished,
                    run.epochs,
                    finished));
  }
  const auto epoch = static_cast<int>(finished);
  state.optimizer_steps =
      read.Integer(header, "optimizer_steps", 0, std::numeric_limits<std::int64_t>::max());
  if (state.optimizer_steps != epoch * run.steps_per_epoch) {
    read.Fail(fmt::format("optimizer_steps {} is not epoch {} x {} steps per epoch",
                          state.optimizer_steps,
                          epoch,
                          run.steps_per_epoch));
  }
  const nlohmann::json& epochs = read.Get(header, "epochs");
  if (!epochs.is_array() || epochs.size() != static_cast<std::size_t>(epoch)) {
    read.Fail(fmt::format("'epochs' must list the {} finished epochs", epoch));
  }
  for (const nlohmann::json& e : epochs) {
    EpochStats stats;
    stats.loss = read.NonNegative(e, "loss", /*statistic=*/true);
    stats.accuracy = read.NonNegative(e, "train_accuracy", false);
    if (stats.accuracy > 1.0) read.Fail("a train_accuracy is above 1");
    stats.seconds = read.NonNegative(e, "seconds", false);
    state.epochs.push_back(stats);
  }
  // The payload: float64 parameters, then each buffer in float32. The header's counts are bounded
  // (parameters by the run), so the product cannot overflow.
  const auto count = static_cast<std::size_t>(parameters);
  const std::size_t expected = count * (8 + 4 * static_cast<std::size_t>(buffers));
  if (file.payload.size() != expected) {
    throw InputError(origin,
                     0,
                     fmt::format("checkpoint payload has {} bytes, the header describes {}",
                                 file.payload.size(),
                                 expected),
                     fix);
  }
  std::size_t offset = 0;
  state.parameters.resize(count);
  TakeCheckpointArray(file.payload, offset, state.parameters);
  state.buffers.assign(static_cast<std::size_t>(buffers), std::vector<float>(count));
  for (std::vector<float>& buffer : state.buffers)
    TakeCheckpointArray(file.payload, offset, buffer);
  return state;
}

}  // namespace landauer::optical

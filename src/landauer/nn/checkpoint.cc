#include "landauer/nn/checkpoint.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "landauer/core/atomic_file.h"
#include "landauer/core/checkpoint_file.h"
#include "landauer/core/checksum.h"
#include "landauer/core/errors.h"

namespace landauer::nn {
namespace {

// 2: the natural-gradient state is stored under "direction" (any DirectionTransform).
// 3: the run's history (epoch statistics in the header, step losses as float64 in the payload).
constexpr std::uint32_t kVersion = 3;
constexpr std::string_view kMagic = "LANDCKPT";

}  // namespace

std::uint64_t CheckpointChecksum(std::string_view bytes) { return Fnv1a64(bytes); }

std::string EncodeCheckpoint(const nlohmann::json& config,
                             const Mlp& model,
                             Optimizer& optimizer,
                             const TrainingPosition& position,
                             const Ledger& ledger,
                             const DirectionTransform* direction) {
  const auto buffers = optimizer.StateBuffers();
  nlohmann::json epochs = nlohmann::json::array();
  for (const EpochStats& e : position.epochs) {
    epochs.push_back({{"epoch", e.epoch},
                      {"loss", JsonStatistic(e.loss)},
                      {"train_accuracy", e.train_accuracy},
                      {"seconds", e.seconds},
                      {"samples_per_second", e.samples_per_second}});
  }
  nlohmann::json header = {
      {"config", config},
      {"parameters", model.storage_size()},
      {"optimizer_buffers", buffers.size()},
      {"optimizer_steps", optimizer.steps()},
      {"epoch", position.epoch},
      {"step_in_epoch", position.step_in_epoch},
      {"global_step", position.global_step},
      {"epoch_loss_sum", JsonStatistic(position.epoch_loss_sum)},
      {"epoch_correct", position.epoch_correct},
      {"epoch_seen", position.epoch_seen},
      {"elapsed_s", position.elapsed_s},
      {"epochs", epochs},
      {"step_losses", position.step_losses.size()},
      {"ledger", ledger.ToJson(/*exact=*/true)},
  };
  std::vector<float> direction_payload;
  if (direction != nullptr) {
    direction_payload = direction->StatePayload();
    header["direction"] = direction->StateHeader();
    header["direction"]["floats"] = direction_payload.size();
  }
  std::string payload;
  AppendCheckpointArray(payload, model.parameters());
  for (const std::vector<float>* buffer : buffers) AppendCheckpointArray(payload, *buffer);
  AppendCheckpointArray(payload, direction_payload);
  AppendCheckpointArray(payload, position.step_losses);
  return EncodeCheckpointFile(kMagic, kVersion, header, payload);
}

void SaveCheckpoint(const std::string& path,
                    const nlohmann::json& config,
                    const Mlp& model,
                    Optimizer& optimizer,
                    const TrainingPosition& position,
                    const Ledger& ledger,
                    const DirectionTransform* direction) {
  WriteFileAtomically(path,
                      EncodeCheckpoint(config, model, optimizer, position, ledger, direction));
}

void RestoreCheckpoint(std::string_view bytes,
                       const std::string& origin,
                       const CheckpointRun& run,
                       Mlp& model,
                       Optimizer& optimizer,
                       TrainingPosition& position,
                       Ledger& ledger,
                       DirectionTransform* direction) {
  const std::string fix(kCheckpointFix);
  const CheckpointFile file = DecodeCheckpointFile(bytes, origin, kMagic, kVersion, "checkpoint");
  const nlohmann::json& header = file.header;
  const CheckpointHeader read(origin);
  CheckSameRun(read.Get(header, "config"), run.config, origin);
  // Sizes: the model and optimizer of this run.
  const auto buffers = optimizer.StateBuffers();
  const std::int64_t parameters = model.storage_size();
  if (read.Integer(header, "parameters", 0, std::numeric_limits<std::int64_t>::max()) !=
          parameters ||
      read.Integer(header, "optimizer_buffers", 0, 64) !=
          static_cast<std::int64_t>(buffers.size())) {
    throw InputError(origin, 0, "checkpoint sizes do not match the model and optimizer", fix);
  }
  if (header.contains("direction") != (direction != nullptr)) {
    throw InputError(origin, 0, "checkpoint and run disagree on natural-gradient state", fix);
  }
  // The position, checked against the run (batches of run.batch over run.train_samples, for
  // run.epochs epochs) and against itself.
  if (run.train_samples < 1 || run.batch < 1 || run.epochs < 1) {
    throw std::invalid_argument("RestoreCheckpoint: the run needs samples, a batch and epochs");
  }
  const std::int64_t steps_per_epoch = (run.train_samples + run.batch - 1) / run.batch;
  TrainingPosition p;
  p.epoch = static_cast<int>(read.Integer(header, "epoch", 0, run.epochs));
  p.step_in_epoch =
      read.Integer(header, "step_in_epoch", 0, p.epoch < run.epochs ? steps_per_epoch : 0);
  p.global_step = read.Integer(header, "global_step", 0, std::numeric_limits<std::int64_t>::max());
  if (p.global_step != static_cast<std::int64_t>(p.epoch) * steps_per_epoch + p.step_in_epoch) {
    read.Fail(fmt::format("global_step {} is not epoch {} x {} steps + step_in_epoch {}",
                          p.global_step,
                          p.epoch,
                          steps_per_epoch,
                          p.step_in_epoch));
  }
  if (read.Integer(header, "optimizer_steps", 0, std::numeric_limits<std::int64_t>::max()) !=
      p.global_step) {
    read.Fail(fmt::format("optimizer_steps {} differs from global_step {}",
                          JsonBrief(header["optimizer_steps"]),
                          p.global_step));
  }
  const std::int64_t seen = std::min<std::int64_t>(p.step_in_epoch * run.batch, run.train_samples);
  p.epoch_seen = read.Integer(header, "epoch_seen", seen, seen);
  p.epoch_correct = read.Integer(header, "epoch_correct", 0, p.epoch_seen);
  p.epoch_loss_sum = read.NonNegative(header, "epoch_loss_sum", /*statistic=*/true);
  p.elapsed_s = read.NonNegative(header, "elapsed_s", /*statistic=*/false);
  const nlohmann::json& epochs = read.Get(header, "epochs");
  if (!epochs.is_array() || epochs.size() != static_cast<std::size_t>(p.epoch)) {
    read.Fail(fmt::format("'epochs' must list the {} finished epochs", p.epoch));
  }
  for (std::size_t e = 0; e < epochs.size(); ++e) {
    EpochStats stats;
    stats.epoch = static_cast<int>(read.Integer(
        epochs[e], "epoch", static_cast<std::int64_t>(e) + 1, static_cast<std::int64_t>(e) + 1));
    stats.loss = read.NonNegative(epochs[e], "loss", /*statistic=*/true);
    stats.train_accuracy = read.NonNegative(epochs[e], "train_accuracy", false);
    if (stats.train_accuracy > 1.0) read.Fail("a train_accuracy is above 1");
    stats.seconds = read.NonNegative(epochs[e], "seconds", false);
    stats.samples_per_second = read.NonNegative(epochs[e], "samples_per_second", false);
    p.epochs.push_back(stats);
  }
  read.Integer(header, "step_losses", p.global_step, p.global_step);
  // The payload: float32 parameters and buffers, the direction's floats, float64 step losses.
  const std::size_t available = file.payload.size();
  const std::size_t model_floats = static_cast<std::size_t>(parameters) * (1 + buffers.size());
  const std::size_t direction_floats =
      direction != nullptr
          ? static_cast<std::size_t>(read.Integer(read.Get(header, "direction"),
                                                  "floats",
                                                  0,
                                                  static_cast<std::int64_t>(available / 4)))
          : 0;
  const double expected = 4.0 * static_cast<double>(model_floats + direction_floats) +
                          8.0 * static_cast<double>(p.global_step);
  if (static_cast<double>(available) != expected) {
    throw InputError(
        origin,
        0,
        fmt::format(
            "checkpoint payload has {} bytes, the header describes {}", available, expected),
        fix);
  }
  Ledger restored_ledger;
  try {
    restored_ledger = Ledger::FromJson(read.Get(header, "ledger"));
  } catch (const std::logic_error& error) {  // invalid_argument and domain_error
    read.Fail(std::string("ledger: ") + error.what());
  }
  // Everything is checked: now change the run's state.
  std::size_t offset = 0;
  auto take = [&](auto& into) { TakeCheckpointArray(file.payload, offset, into); };
  std::vector<float> saved_parameters(model.parameters().size());
  take(saved_parameters);
  std::vector<std::vector<float>> saved_buffers;
  for (const std::vector<float>* buffer : buffers) {
    saved_buffers.emplace_back(buffer->size());
    take(saved_buffers.back());
  }
  std::vector<float> direction_payload(direction_floats);
  take(direction_payload);
  p.step_losses.resize(static_cast<std::size_t>(p.global_step));
  take(p.step_losses);
  if (direction != nullptr) {
    try {
      direction->RestoreState(header["direction"], direction_payload, model);
    } catch (const std::logic_error& error) {  // invalid_argument, domain_error
      throw InputError(origin, 0, error.what(), fix);
    } catch (const nlohmann::json::exception& error) {
      throw InputError(origin, 0, std::string("natural-gradient state: ") + error.what(), fix);
    }
  }
  std::copy(saved_parameters.begin(), saved_parameters.end(), model.parameters().begin());
  for (std::size_t b = 0; b < buffers.size(); ++b) *buffers[b] = std::move(saved_buffers[b]);
  optimizer.set_steps(p.global_step);
  position = std::move(p);
  ledger = std::move(restored_ledger);
}

void LoadCheckpoint(const std::string& path,
                    const CheckpointRun& run,
                    Mlp& model,
                    Optimizer& optimizer,
                    TrainingPosition& position,
                    Ledger& ledger,
                    DirectionTransform* direction) {
  RestoreCheckpoint(ReadFile(path), path, run, model, optimizer, position, ledger, direction);
}

}  // namespace landauer::nn

#include "landauer/nn/trainer.h"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <numeric>
#include <stdexcept>

#include "landauer/core/argument_checks.h"
#include "landauer/core/memory_budget.h"
#include "landauer/core/parallel.h"
#include "landauer/core/rng.h"
#include "landauer/data/batches.h"
#include "landauer/nn/checkpoint.h"
#include "landauer/nn/programmed_network.h"

namespace landauer::nn {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::int64_t> EpochOrder(std::int64_t n, std::uint64_t seed, int epoch) {
  return ShuffledOrder(Rng(seed, "nn.train", "shuffle"), static_cast<std::uint64_t>(epoch), n);
}

nlohmann::json ConfigJson(const Mlp& model, const Dataset& train, const TrainOptions& options) {
  nlohmann::json config = {{"model", model.spec().ToString()},
                           {"activation", std::string(ToString(model.activation()))},
                           {"data", train.name},
                           {"train_samples", train.size()},
                           {"epochs", options.epochs},
                           {"batch", options.batch},
                           {"seed", options.seed},
                           {"optimizer", options.optimizer.name},
                           {"learning_rate", options.optimizer.learning_rate},
                           {"momentum", options.optimizer.momentum},
                           {"weight_decay", options.optimizer.weight_decay}};
  if (options.direction) config["direction"] = options.direction->OptionsJson();
  return config;
}

}  // namespace

void TrainOptions::Validate() const {
  CheckPositive("Train", "epochs", epochs, "");
  CheckPositive("Train", "batch", batch, "");
  ResolveThreads(threads);
  optimizer.Validate();
  if (resume && checkpoint_path.empty()) {
    throw std::invalid_argument("--resume needs --checkpoint PATH");
  }
  if (stop_after_steps >= 0 && checkpoint_path.empty()) {
    throw std::invalid_argument(
        "--stop-after-steps needs --checkpoint PATH: it stops as if killed, leaving the checkpoint "
        "to resume from");
  }
}

void CheckTrainingMemory(const MlpSpec& spec, std::int64_t batch, const std::string& what) {
  double units = 0.0;
  for (const int width : spec.widths) units += width;
  CheckMemory(what,
              4.0 * (8.0 * spec.parameters() + 3.0 * static_cast<double>(batch) * units),
              "use narrower or fewer layers, or a smaller batch");
}

std::int64_t TrainingSteps(std::int64_t samples, const TrainOptions& options) {
  return (samples + options.batch - 1) / options.batch * options.epochs;
}

TrainResult Train(Mlp& model,
                  const Dataset& train,
                  const TrainOptions& options,
                  LinearEngine& engine,
                  const CostModel* cost,
                  Ledger* ledger,
                  ProgressTask* progress) {
  options.Validate();
  train.Validate();
  if (train.dimension() != model.spec().widths.front() ||
      train.num_classes > model.spec().widths.back()) {
    throw std::invalid_argument(
        fmt::format("model {} does not fit the data: {} features and {} classes",
                    model.spec().ToString(),
                    train.dimension(),
                    train.num_classes));
  }
  const int threads = ResolveThreads(options.threads);
  auto optimizer = MakeOptimizer(options.optimizer, model.storage_size());
  const std::int64_t n = train.size();
  const std::int64_t steps_per_epoch = (n + options.batch - 1) / options.batch;
  const nlohmann::json config = ConfigJson(model, train, options);

  TrainingPosition position;
  Ledger local_ledger;
  Ledger& counts = ledger != nullptr ? *ledger : local_ledger;
  if (options.resume && std::filesystem::exists(options.checkpoint_path)) {
    LoadCheckpoint(
        options.checkpoint_path,
        {.config = config, .train_samples = n, .batch = options.batch, .epochs = options.epochs},
        model,
        *optimizer,
        position,
        counts,
        options.direction.get());
  }
  TrainResult result;
  result.samples = position.global_step == 0 ? 0 : position.epoch * n + position.epoch_seen;
  result.epochs = position.epochs;
  result.step_losses = position.step_losses;
  if (progress != nullptr) progress->Advance(position.global_step);
  Ledger* program_ledger = cost != nullptr ? &counts : nullptr;
  ProgrammedNetwork device(engine, threads);

  // A batch larger than the data set is the whole data set: allocate no more than that.
  const std::int64_t batch_rows = std::min<std::int64_t>(options.batch, n);
  MatrixF x(batch_rows, train.dimension());
  std::vector<std::int32_t> labels(static_cast<std::size_t>(batch_rows));
  AlignedFloats gradient(static_cast<std::size_t>(model.storage_size())), direction;
  Mlp::Workspace ws;
  double train_seconds = position.elapsed_s;
  const auto save = [&] {
    if (options.checkpoint_path.empty()) return;
    position.elapsed_s = train_seconds;
    SaveCheckpoint(options.checkpoint_path,
                   config,
                   model,
                   *optimizer,
                   position,
                   counts,
                   options.direction.get());
  };

  for (int epoch = position.epoch; epoch < options.epochs; ++epoch) {
    const std::vector<std::int64_t> order = EpochOrder(n, options.seed, epoch);
    double epoch_seconds = 0.0;
    for (std::int64_t step = position.step_in_epoch; step < steps_per_epoch; ++step) {
      const auto step_start = Clock::now();
      const std::int64_t first = step * options.batch;
      const std::int64_t rows = std::min<std::int64_t>(options.batch, n - first);
      if (x.rows() != rows) x.resize(rows, train.dimension());
      for (std::int64_t r = 0; r < rows; ++r) {
        const std::int64_t index = order[static_cast<std::size_t>(first + r)];
        x.row(r) = train.features.row(index);
        labels[static_cast<std::size_t>(r)] = train.labels[static_cast<std::size_t>(index)];
      }
      // The weights of this update, programmed once before they are used (so a device pays for
      // every update it computes with, and not for the final one, which Evaluate programs).
      device.Program(model, position.global_step, program_ledger, options.phase);
      const LossResult loss = model.Backward(
          x,
          std::span<const std::int32_t>(labels.data(), static_cast<std::size_t>(rows)),
          device,
          ws,
          gradient);
      if (options.direction) {
        options.direction->Apply(model, x, gradient, direction, program_ledger, options.phase);
        optimizer->Step(model.parameters(), direction, threads);
      } else {
        optimizer->Step(model.parameters(), gradient, threads);
      }
      const double step_seconds = std::chrono::duration<double>(Clock::now() - step_start).count();
      train_seconds += step_seconds;
      epoch_seconds += step_seconds;
      if (cost != nullptr) {
        cost->CountForward(counts, options.phase, rows);
        cost->CountBackward(counts, options.phase, rows);
        cost->CountOptimizerStep(counts,
                                 options.phase,
                                 optimizer->MacsPerParameter(),
                                 static_cast<int>(optimizer->StateBuffers().size()));
      }
      result.step_losses.push_back(loss.loss);
      if (!options.checkpoint_path.empty()) position.step_losses.push_back(loss.loss);
      position.epoch_loss_sum += loss.loss * static_cast<double>(rows);
      position.epoch_correct += loss.correct;
      position.epoch_seen += rows;
      position.step_in_epoch = step + 1;
      ++position.global_step;
      result.samples += rows;
      if (progress != nullptr) {
        const double seen = static_cast<double>(position.epoch_seen);
        progress->Advance(1,
                          fmt::format("epoch {} loss {:.4f} acc {:.2f}% {:.0f} samples/s",
                                      epoch + 1,
                                      position.epoch_loss_sum / seen,
                                      100.0 * static_cast<double>(position.epoch_correct) / seen,
                                      epoch_seconds > 0 ? seen / epoch_seconds : 0.0));
      }
      // Stopping at (or after) the last step is no interruption: the run finishes normally.
      const bool stop = options.stop_after_steps >= 0 &&
                        position.global_step >= options.stop_after_steps &&
                        position.global_step < steps_per_epoch * options.epochs;
      if (stop ||
          (options.checkpoint_every > 0 && position.global_step % options.checkpoint_every == 0)) {
        save();
      }
      if (stop) {
        result.stopped_early = true;
        result.train_seconds = train_seconds;
        result.steps = position.global_step;
        return result;
      }
    }
    EpochStats stats;
    stats.epoch = epoch + 1;
    stats.loss = position.epoch_loss_sum /
                 static_cast<double>(std::max<std::int64_t>(1, position.epoch_seen));
    stats.train_accuracy = static_cast<double>(position.epoch_correct) /
                           static_cast<double>(std::max<std::int64_t>(1, position.epoch_seen));
    stats.seconds = epoch_seconds;
    stats.samples_per_second =
        epoch_seconds > 0 ? static_cast<double>(position.epoch_seen) / epoch_seconds : 0.0;
    result.epochs.push_back(stats);
    position.epochs.push_back(stats);
    position.epoch = epoch + 1;
    position.step_in_epoch = 0;
    position.epoch_loss_sum = 0.0;
    position.epoch_correct = 0;
    position.epoch_seen = 0;
    position.elapsed_s = train_seconds;
    save();
  }
  result.train_seconds = train_seconds;
  result.steps = position.global_step;
  return result;
}

EvalResult Evaluate(const Mlp& model,
                    const Dataset& data,
                    int batch,
                    LinearEngine& engine,
                    const CostModel* cost,
                    Ledger* ledger,
                    const std::string& phase) {
  CheckPositive("Evaluate", "batch", batch, "");
  data.Validate();
  const auto start = Clock::now();
  Mlp::Workspace ws;
  EvalResult result;
  MatrixF gradient;
  double loss_sum = 0.0;
  std::int64_t correct = 0;
  ProgrammedNetwork device(engine);
  device.Program(model, 0, cost != nullptr ? ledger : nullptr, phase);
  for (std::int64_t first = 0; first < data.size(); first += batch) {
    const std::int64_t rows = std::min<std::int64_t>(batch, data.size() - first);
    model.Forward(data.features.middleRows(first, rows), device, ws);
    const std::span<const std::int32_t> labels(data.labels.data() + first,
                                               static_cast<std::size_t>(rows));
    const LossResult loss = SoftmaxCrossEntropy(ws.logits(), labels, gradient);
    loss_sum += loss.loss * static_cast<double>(rows);
    correct += loss.correct;
    if (cost != nullptr && ledger != nullptr) cost->CountForward(*ledger, phase, rows);
  }
  result.samples = data.size();
  result.accuracy =
      static_cast<double>(correct) / static_cast<double>(std::max<std::int64_t>(1, data.size()));
  result.loss = loss_sum / static_cast<double>(std::max<std::int64_t>(1, data.size()));
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

}  // namespace landauer::nn

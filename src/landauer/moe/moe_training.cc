#include "landauer/moe/moe_training.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "landauer/core/progress.h"
#include "landauer/core/rng.h"
#include "landauer/data/batches.h"
#include "landauer/moe/moe_cost.h"
#include "landauer/nn/optimizer.h"

namespace landauer::moe {
namespace {

// Slots routed to each expert (before capacity), accumulated; returns the coefficient of
// variation of this batch's counts (the batch is the routing group capacity applies to).
double AddRouted(const Routing& r, std::vector<double>& routed) {
  std::vector<double> batch(routed.size(), 0.0);
  for (const std::int32_t e : r.expert) batch[static_cast<std::size_t>(e)] += 1.0;
  double mean = 0.0;
  for (std::size_t i = 0; i < batch.size(); ++i) routed[i] += batch[i], mean += batch[i];
  mean /= double(batch.size());
  double var = 0.0;
  for (const double b : batch) var += (b - mean) * (b - mean) / double(batch.size());
  return mean > 0.0 ? std::sqrt(var) / mean : 0.0;
}

// Fractions of the routed slots.
std::vector<double> LoadOf(const std::vector<double>& routed) {
  const double total = std::accumulate(routed.begin(), routed.end(), 0.0);
  std::vector<double> load(routed.size(), 0.0);
  if (total <= 0.0) return load;
  for (std::size_t i = 0; i < routed.size(); ++i) load[i] = routed[i] / total;
  return load;
}

}  // namespace

MoeTrainingResult TrainMoe(MoeMlp& model,
                           const Dataset& train,
                           const MoeTrainingRun& run,
                           ProgressSink* progress) {
  train.Validate();
  if (train.dimension() != model.spec().input || train.num_classes > model.spec().classes) {
    throw std::invalid_argument(fmt::format(
        "mixture of experts: the data has {} features and {} classes, the model takes {} and {}",
        train.dimension(),
        train.num_classes,
        model.spec().input,
        model.spec().classes));
  }
  if (run.epochs < 1 || run.batch < 1 || !(run.learning_rate > 0.0) || run.devices < 1) {
    throw std::invalid_argument(fmt::format(
        "mixture of experts: epochs {}, batch {}, learning rate {} and devices {} must be "
        "positive",
        run.epochs,
        run.batch,
        run.learning_rate,
        run.devices));
  }
  const auto start = std::chrono::steady_clock::now();
  auto optimizer = nn::MakeOptimizer({.name = "adam", .learning_rate = run.learning_rate},
                                     static_cast<std::int64_t>(model.parameters().size()));
  const std::int64_t batch = std::min<std::int64_t>(run.batch, train.size());
  const Rng shuffle(run.seed, "moe.train", "shuffle");
  const Rng noise_root(run.seed, "moe.train", "noise");
  ProgressTask task(progress, run.progress_name, run.epochs);
  MoeTrainingResult result;
  MoeMlp::Workspace ws;
  AlignedFloats gradient;
  MatrixF x;
  std::vector<std::int32_t> y;
  const int experts = model.spec().router.experts;
  for (int e = 0; e < run.epochs; ++e) {
    const std::vector<std::int64_t> order =
        ShuffledOrder(shuffle, static_cast<std::uint64_t>(e), train.size());
    MoeEpoch epoch{.epoch = e + 1};
    std::vector<double> routed(static_cast<std::size_t>(experts), 0.0);
    double slots = 0.0, dropped = 0.0, batches = 0.0;
    std::int64_t correct = 0;
    for (std::int64_t first = 0; first < train.size(); first += batch) {
      const std::int64_t rows = std::min(batch, train.size() - first);
      GatherRows(train, std::span(order).subspan(first, rows), x, y);
      Rng noise = noise_root.Substream(static_cast<std::uint64_t>(result.steps));
      const MoeStep step =
          model.Backward(x, y, ws, gradient, &noise, run.threads, &result.work, run.devices);
      optimizer->Step(model.parameters(), gradient, run.threads);
      ++result.steps;
      epoch.loss += step.loss.loss * double(rows);
      epoch.aux_loss += step.aux_loss;
      correct += step.loss.correct;
      epoch.load_cv += AddRouted(step.routing, routed);
      slots += double(step.routing.expert.size());
      dropped += double(step.routing.dropped);
      batches += 1.0;
    }
    epoch.loss /= double(train.size());
    epoch.aux_loss /= batches;
    epoch.train_accuracy = double(correct) / double(train.size());
    epoch.load = LoadOf(routed);
    epoch.load_cv /= batches;
    epoch.dropped_fraction = dropped / slots;
    result.curve.push_back(epoch);
    task.Advance(1,
                 fmt::format("epoch {}, loss {:.4f}, aux {:.4f}, load CV {:.3f}, dropped "
                             "{:.2f} %",
                             e + 1,
                             epoch.loss,
                             epoch.aux_loss,
                             epoch.load_cv,
                             100.0 * epoch.dropped_fraction));
  }
  CountMoe(result.ledger, "train", model.spec(), result.work, batch, result.steps);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

MoeEvaluation EvaluateMoe(
    const MoeMlp& model, const Dataset& test, std::int64_t batch, int threads, int devices) {
  test.Validate();
  if (batch < 1) {
    throw std::invalid_argument(fmt::format("mixture of experts: evaluation batch {} < 1", batch));
  }
  MoeEvaluation out;
  MoeMlp::Workspace ws;
  std::vector<double> routed(static_cast<std::size_t>(model.spec().router.experts), 0.0);
  double slots = 0.0, dropped = 0.0, batches = 0.0;
  std::int64_t correct = 0;
  for (std::int64_t first = 0; first < test.size(); first += batch) {
    const std::int64_t rows = std::min(batch, test.size() - first);
    const std::span<const std::int32_t> labels(test.labels.data() + first,
                                               static_cast<std::size_t>(rows));
    const MoeStep step = model.Forward(
        test.features.middleRows(first, rows), labels, ws, nullptr, threads, &out.work, devices);
    correct += step.loss.correct;
    out.load_cv += AddRouted(step.routing, routed);
    batches += 1.0;
    slots += double(step.routing.expert.size());
    dropped += double(step.routing.dropped);
  }
  out.accuracy = double(correct) / double(test.size());
  out.load = LoadOf(routed);
  out.load_cv /= std::max(1.0, batches);
  out.dropped_fraction = slots > 0 ? dropped / slots : 0.0;
  return out;
}

}  // namespace landauer::moe

#include "landauer/spiking/snn_training.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "landauer/core/progress.h"
#include "landauer/core/rng.h"
#include "landauer/data/batches.h"
#include "landauer/energy/erasure.h"
#include "landauer/nn/digital_cost.h"

namespace landauer::spiking {
namespace {

constexpr std::uint64_t kEvaluationPass = std::uint64_t{1} << 31;

// The codes of one batch: held intensities (direct) or T·B rows of spikes.
void Code(const SnnMlp& model,
          const MatrixF& intensities,
          std::uint64_t seed,
          std::uint64_t pass,
          std::int64_t first,
          MatrixF& coded) {
  if (model.spec().coding == InputCoding::kDirect) {
    coded = intensities;
  } else {
    EncodeInputs(model.spec().coding, intensities, model.spec().steps, seed, pass, first, coded);
  }
}

// What one training batch costs a digital processor (snn_training.h).
void CountTrainingBatch(Ledger& ledger, const SnnSpec& spec, std::int64_t rows) {
  const double t = spec.steps, b = static_cast<double>(rows);
  double macs = 0.0, neuron_ops = 0.0;
  for (int l = 0; l < spec.layers(); ++l) {
    const double in = spec.widths[l], out = spec.widths[l + 1];
    const bool held = l == 0 && spec.coding == InputCoding::kDirect;
    const double product = (held ? b : t * b) * in * out;      // forward, and the weight gradient
    macs += 2.0 * product + (l > 0 ? t * b * in * out : 0.0);  // + ∂L/∂x for hidden inputs
    neuron_ops += t * b * out;
  }
  // A LIF update is 2 MACs forward (β v, θ z) and 2 backward (σ' ∂L/∂z, β ∂L/∂v).
  CountWithErasure(ledger, "train", "alu", "fp32_mac", macs + 4.0 * neuron_ops);
}

}  // namespace

IntensityRange IntensityRange::Of(const Dataset& train) {
  train.Validate();
  IntensityRange r{train.features.minCoeff(), train.features.maxCoeff()};
  if (!(r.max > r.min)) r.max = r.min + 1.0f;  // constant features: all map to 0
  return r;
}

void IntensityRange::Apply(const MatrixF& features, MatrixF& intensities) const {
  intensities = ((features.array() - min) / (max - min)).cwiseMax(0.0f).cwiseMin(1.0f).matrix();
}

SnnTrainingResult TrainSnn(SnnMlp& model,
                           const Dataset& train,
                           const IntensityRange& range,
                           const SnnTrainingRun& run,
                           ProgressSink* progress) {
  train.Validate();
  if (train.dimension() != model.spec().widths.front() ||
      train.num_classes > model.spec().widths.back()) {
    throw std::invalid_argument(fmt::format(
        "spiking training: the data has {} features and {} classes, the network {} inputs and {} "
        "outputs",
        train.dimension(),
        train.num_classes,
        model.spec().widths.front(),
        model.spec().widths.back()));
  }
  if (run.batch < 1 || run.epochs < 1) {
    throw std::invalid_argument(
        fmt::format("spiking training: batch {} and epochs {} must be ≥ 1", run.batch, run.epochs));
  }
  run.optimizer.Validate();
  const auto start = std::chrono::steady_clock::now();
  const std::int64_t batch = std::min<std::int64_t>(run.batch, train.size());
  std::unique_ptr<nn::Optimizer> optimizer = nn::MakeOptimizer(run.optimizer, model.storage_size());
  std::vector<float> gradient(static_cast<std::size_t>(model.storage_size()));
  ProgressTask task(progress, run.progress_name, run.epochs);
  const Rng shuffle(run.seed, "spiking.train", "shuffle");
  SnnTrainingResult result;
  SnnMlp::Workspace ws;
  MatrixF x, intensities, coded;
  std::vector<std::int32_t> y;
  const SnnSpec& spec = model.spec();
  const double hidden = spec.layers() > 1 ? spec.widths[1] : spec.widths.back();
  for (int e = 0; e < run.epochs; ++e) {
    const std::vector<std::int64_t> order =
        ShuffledOrder(shuffle, static_cast<std::uint64_t>(e), train.size());
    double loss = 0.0, hidden_spikes = 0.0;
    std::int64_t correct = 0;
    for (std::int64_t first = 0; first < train.size(); first += batch) {
      const std::int64_t rows = std::min(batch, train.size() - first);
      GatherRows(train, std::span(order).subspan(first, rows), x, y);
      range.Apply(x, intensities);
      Code(model, intensities, run.seed, static_cast<std::uint64_t>(e), first, coded);
      model.Forward(coded, spec.coding == InputCoding::kDirect, ws, run.threads);
      std::int64_t right = 0;
      loss += model.Backward(y, ws, gradient, run.threads, &right) * static_cast<double>(rows);
      correct += right;
      hidden_spikes += ws.z.front().sum();
      optimizer->Step(model.parameters(), gradient, run.threads);
      CountTrainingBatch(result.ledger, spec, rows);
    }
    nn::CountOptimizerUpdate(result.ledger,
                             "train",
                             static_cast<double>(model.storage_size()),
                             optimizer->MacsPerParameter(),
                             static_cast<int>(optimizer->StateBuffers().size()),
                             {},
                             static_cast<double>((train.size() + batch - 1) / batch));
    const double n = static_cast<double>(train.size());
    result.curve.push_back({.epoch = e + 1,
                            .loss = loss / n,
                            .train_accuracy = static_cast<double>(correct) / n,
                            .hidden_rate = hidden_spikes / (n * spec.steps * hidden)});
    task.Advance(1,
                 fmt::format("epoch {}, loss {:.4f}, train accuracy {:.2f} %",
                             e + 1,
                             result.curve.back().loss,
                             100 * result.curve.back().train_accuracy));
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

SpikingShape ShapeOf(const SnnSpec& spec) {
  double neurons = 0.0;
  for (int l = 1; l <= spec.layers(); ++l) neurons += spec.widths[l];
  return {.neuron = {.model = spec.beta == 1.0 ? NeuronModel::kIf : NeuronModel::kLif},
          .weights = static_cast<double>(spec.parameters()),
          .neurons = neurons,
          .precision = nn::Precision::kFp32,
          .levels = {}};
}

SnnEvaluation EvaluateSnn(const SnnMlp& model,
                          const Dataset& test,
                          const IntensityRange& range,
                          std::int64_t batch,
                          std::uint64_t seed,
                          int threads) {
  test.Validate();
  if (batch < 1)
    throw std::invalid_argument(fmt::format("spiking evaluation: batch {} < 1", batch));
  const SnnSpec& spec = model.spec();
  SnnMlp::Workspace ws;
  MatrixF x, intensities, coded;
  SnnEvaluation e;
  e.samples = test.size();
  e.spikes_per_sample.assign(static_cast<std::size_t>(spec.layers()) + 1, 0.0);
  std::int64_t correct = 0;
  const bool held = spec.coding == InputCoding::kDirect;
  for (std::int64_t first = 0; first < test.size(); first += batch) {
    const std::int64_t rows = std::min<std::int64_t>(batch, test.size() - first);
    range.Apply(test.features.middleRows(first, rows), intensities);
    Code(model, intensities, seed, kEvaluationPass, first, coded);
    model.Forward(coded, held, ws, threads);
    const std::vector<std::int32_t> predicted = model.Predict(ws);
    for (std::int64_t s = 0; s < rows; ++s) correct += predicted[s] == test.labels[first + s];
    if (held) {
      e.input_macs += static_cast<double>(rows) * spec.widths[0] * spec.widths[1];
    } else {
      const double input_spikes = coded.sum();
      e.spikes_per_sample[0] += input_spikes;
      e.work.spikes += input_spikes;
      e.work.synaptic_events += input_spikes * spec.widths[1];
    }
    for (int l = 0; l < spec.layers(); ++l) {
      const double spikes = ws.z[l].sum();
      e.spikes_per_sample[static_cast<std::size_t>(l) + 1] += spikes;
      e.work.spikes += spikes;
      if (l + 1 < spec.layers()) e.work.synaptic_events += spikes * spec.widths[l + 2];
      e.work.neuron_updates += static_cast<double>(rows) * spec.steps * spec.widths[l + 1];
    }
  }
  for (double& s : e.spikes_per_sample) s /= static_cast<double>(test.size());
  e.accuracy = static_cast<double>(correct) / static_cast<double>(test.size());
  return e;
}

}  // namespace landauer::spiking

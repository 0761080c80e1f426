#include "landauer/sparse/sparse_training.h"

#include <fmt/format.h>

#include <chrono>
#include <numeric>
#include <stdexcept>

#include "landauer/core/progress.h"
#include "landauer/core/rng.h"
#include "landauer/data/batches.h"
#include "landauer/sparse/sparse_cost.h"

namespace landauer::sparse {

SparseTrainingResult TrainSparseMlp(SparseMlp& model,
                                    const Dataset& train,
                                    const DynamicSparseOptions& options,
                                    const SparseTrainingRun& run,
                                    ProgressSink* progress) {
  train.Validate();
  if (train.dimension() != model.spec().widths.front()) {
    throw std::invalid_argument(
        fmt::format("sparse training: the data has {} features, the model "
                    "takes {}",
                    train.dimension(),
                    model.spec().widths.front()));
  }
  if (run.batch < 1 || run.epochs < 1) {
    throw std::invalid_argument(
        fmt::format("sparse training: batch {} and epochs {} must be ≥ 1", run.batch, run.epochs));
  }
  const auto start = std::chrono::steady_clock::now();
  const std::int64_t batch = std::min<std::int64_t>(run.batch, train.size());
  const std::int64_t steps_per_epoch = (train.size() + batch - 1) / batch;
  DynamicSparseTrainer trainer(model, options, steps_per_epoch, run.epochs, run.seed);
  ProgressTask task(progress, run.progress_name, run.epochs);
  const Rng shuffle(run.seed, "sparse.train", "shuffle");
  SparseTrainingResult result;
  MatrixF x;
  std::vector<std::int32_t> y;
  for (int e = 0; e < run.epochs; ++e) {
    const std::vector<std::int64_t> order =
        ShuffledOrder(shuffle, static_cast<std::uint64_t>(e), train.size());
    double loss = 0.0;
    std::int64_t correct = 0;
    for (std::int64_t first = 0; first < train.size(); first += batch) {
      const std::int64_t rows = std::min(batch, train.size() - first);
      GatherRows(train, std::span(order).subspan(first, rows), x, y);
      const SparseCostModel cost(SparseShape::Of(model));  // the shape this step runs at
      const std::int64_t steps_before = result.work.steps;
      const nn::LossResult r = trainer.Step(x, y, run.threads, result.work);
      cost.CountForward(result.ledger, "train", rows);
      cost.CountBackward(result.ledger, "train", rows);
      if (result.work.steps > steps_before) cost.CountSgdStep(result.ledger, "train");
      loss += r.loss * double(rows);
      correct += r.correct;
    }
    result.curve.push_back({.epoch = e + 1,
                            .loss = loss / double(train.size()),
                            .train_accuracy = double(correct) / double(train.size()),
                            .density = model.density()});
    task.Advance(1,
                 fmt::format("epoch {}, loss {:.4f}, density {:.4f}",
                             e + 1,
                             result.curve.back().loss,
                             model.density()));
  }
  CountTopologyWork(result.ledger, "train", model.spec().widths, batch, result.work);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

double EvaluateSparseMlp(
    const SparseMlp& model, const Dataset& test, std::int64_t batch, int threads, Ledger* ledger) {
  test.Validate();
  if (batch < 1) {
    throw std::invalid_argument(fmt::format("sparse evaluation: batch {} < 1", batch));
  }
  const SparseCostModel cost(SparseShape::Of(model));
  SparseMlp::Workspace ws;
  std::int64_t correct = 0;
  for (std::int64_t first = 0; first < test.size(); first += batch) {
    const std::int64_t rows = std::min<std::int64_t>(batch, test.size() - first);
    model.Forward(test.features.middleRows(first, rows), ws, threads);
    correct += nn::CountCorrect(
        ws.logits, std::span(test.labels.data() + first, static_cast<std::size_t>(rows)));
    if (ledger != nullptr) cost.CountForward(*ledger, "inference", rows);
  }
  return double(correct) / double(test.size());
}

DenseMaskedMlp::DenseMaskedMlp(const SparseMlp& sparse, int threads)
    : model_(sparse.ToDense()), engine_(threads) {
  mask_.assign(static_cast<std::size_t>(model_.storage_size()), 1.0f);
  for (int l = 0; l < sparse.num_layers(); ++l) {
    const SparseLinear& layer = sparse.layer(l);
    Eigen::Map<MatrixF>(mask_.data() + model_.Offset(l), layer.out(), layer.in()).setZero();
    for (std::int64_t k = 0; k < layer.nonzeros(); ++k) {
      mask_[static_cast<std::size_t>(model_.Offset(l) + layer.FlatIndex(k))] = 1.0f;
    }
  }
  momentum_.assign(mask_.size(), 0.0f);
}

nn::LossResult DenseMaskedMlp::Step(const nn::ConstMatrixRef& x,
                                    std::span<const std::int32_t> labels,
                                    const DynamicSparseOptions& options) {
  const nn::LossResult result = model_.Backward(x, labels, engine_, ws_, gradient_);
  const float lr = static_cast<float>(options.learning_rate);
  const float mu = static_cast<float>(options.momentum);
  const float decay = static_cast<float>(options.weight_decay);
  float* w = model_.parameters().data();
  for (std::size_t k = 0; k < mask_.size(); ++k) {
    const float g = gradient_[k] + decay * w[k];
    momentum_[k] = mu * momentum_[k] + g;
    w[k] -= lr * (g + mu * momentum_[k]);
  }
  for (std::size_t k = 0; k < mask_.size(); ++k) w[k] *= mask_[k];
  return result;
}

}  // namespace landauer::sparse

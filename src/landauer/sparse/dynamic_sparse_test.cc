#include "landauer/sparse/dynamic_sparse.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "landauer/data/synthetic.h"
#include "landauer/sparse/sparse_training.h"

namespace landauer::sparse {
namespace {

std::set<std::int64_t> Topology(const SparseLinear& layer) {
  std::set<std::int64_t> s;
  for (std::int64_t k = 0; k < layer.nonzeros(); ++k) s.insert(layer.FlatIndex(k));
  return s;
}

struct TrainedRun {
  double accuracy = 0.0;
  SparseWork work;
  std::vector<std::vector<float>> weights;
  std::vector<std::set<std::int64_t>> topology;
};

// Trains `spec` on seeded blobs for `epochs` epochs of batch 100 and returns test accuracy.
TrainedRun Train(Algorithm algorithm,
                 double density,
                 int epochs,
                 int threads,
                 DynamicSparseOptions options,
                 const std::string& widths = "mlp:32-64-64-4",
                 int batch = 100) {
  SyntheticOptions data_options;
  data_options.train_samples = 2000;
  data_options.separation = 0.6;
  const TrainTest data = MakeSynthetic(data_options, 5);
  const nn::MlpSpec spec = nn::MlpSpec::Parse(widths);
  SparseMlp model(spec);
  model.Initialize(11, LayerDensities(spec, density, Distribution::kUniform));
  options.algorithm = algorithm;
  const int kBatch = batch;
  const std::int64_t steps = data.train.size() / kBatch;
  DynamicSparseTrainer trainer(model, options, steps, epochs, 3);
  TrainedRun run;
  for (int e = 0; e < epochs; ++e) {
    for (std::int64_t s = 0; s < steps; ++s) {
      const auto x = data.train.features.middleRows(s * kBatch, kBatch);
      const std::span<const std::int32_t> y(data.train.labels.data() + s * kBatch, kBatch);
      trainer.Step(x, y, threads, run.work);
    }
  }
  SparseMlp::Workspace ws;
  model.Forward(data.test.features, ws, threads);
  run.accuracy = double(nn::CountCorrect(ws.logits, data.test.labels)) / double(data.test.size());
  for (int l = 0; l < model.num_layers(); ++l) {
    run.weights.emplace_back(model.layer(l).values().begin(), model.layer(l).values().end());
    run.topology.push_back(Topology(model.layer(l)));
  }
  return run;
}

TEST(DynamicSparse, PruneRateFollowsTheCosineAndStopsAtTheEnd) {
  const nn::MlpSpec spec = nn::MlpSpec::Parse("mlp:8-8-2");
  SparseMlp model(spec);
  model.Initialize(1, std::vector<double>{0.5, 0.5});
  const DynamicSparseTrainer sm(
      model, DynamicSparseOptions::Defaults(Algorithm::kSparseMomentum), 10, 10, 1);
  EXPECT_DOUBLE_EQ(sm.PruneRateAt(0), 0.5);
  EXPECT_NEAR(sm.PruneRateAt(50), 0.005 + 0.495 / 2.0, 1e-12);
  EXPECT_NEAR(sm.PruneRateAt(100), 0.005, 1e-12);
  // End of every epoch but the last.
  for (std::int64_t t = 1; t <= 100; ++t) EXPECT_EQ(sm.UpdateDue(t), t % 10 == 0 && t < 100) << t;
  EXPECT_EQ(sm.momentum_window(), 88);  // ⌈ln 1e-4 / ln 0.9⌉

  const DynamicSparseTrainer rigl(
      model, DynamicSparseOptions::Defaults(Algorithm::kRigl), 100, 10, 1);
  EXPECT_DOUBLE_EQ(rigl.PruneRateAt(0), 0.3);
  EXPECT_NEAR(rigl.PruneRateAt(375), 0.15, 1e-12);  // half of T_end = 750
  EXPECT_NEAR(rigl.PruneRateAt(750), 0.0, 1e-12);
  EXPECT_NEAR(rigl.PruneRateAt(900), 0.0, 1e-12);
  // Every ΔT = 100 steps from step 0, before 75 % of training.
  for (std::int64_t t = 0; t < 1000; ++t) {
    EXPECT_EQ(rigl.UpdateDue(t), t % 100 == 0 && t < 750) << t;
  }
}

TEST(DynamicSparse, OptionsAreValidated) {
  const nn::MlpSpec spec = nn::MlpSpec::Parse("mlp:8-8-2");
  SparseMlp model(spec);
  model.Initialize(1, std::vector<double>{0.5, 0.5});
  const auto make = [&](DynamicSparseOptions o) { DynamicSparseTrainer(model, o, 10, 2, 1); };
  DynamicSparseOptions o;
  o.prune_rate = 1.0;
  EXPECT_THROW(make(o), std::invalid_argument);
  o = {};
  o.prune_rate = -0.1;
  EXPECT_THROW(make(o), std::invalid_argument);
  o = {};
  o.momentum = 1.0;
  EXPECT_THROW(make(o), std::invalid_argument);
  o = {};
  o.learning_rate = 0.0;
  EXPECT_THROW(make(o), std::invalid_argument);
  o = DynamicSparseOptions::Defaults(Algorithm::kRigl);
  o.update_interval = 0;
  EXPECT_THROW(make(o), std::invalid_argument);
  o = {};
  o.end_fraction = 0.0;
  EXPECT_THROW(make(o), std::invalid_argument);
  EXPECT_THROW(DynamicSparseTrainer(model, {}, 0, 2, 1), std::invalid_argument);
  EXPECT_THROW(AlgorithmFromString("snip"), std::invalid_argument);
  EXPECT_EQ(AlgorithmFromString("sparse-momentum"), Algorithm::kSparseMomentum);
}

// Every algorithm keeps the total non-zero count exactly; SET and RigL keep each layer's count,
// sparse momentum moves connections between layers; all of them change the topology.
TEST(DynamicSparse, UpdatesKeepTheNonZeroCountAndChangeTheTopology) {
  const TrainedRun initial = Train(Algorithm::kStatic, 0.2, 1, 1, {});
  for (const Algorithm a : {Algorithm::kSparseMomentum, Algorithm::kSet, Algorithm::kRigl}) {
    const TrainedRun run = Train(a, 0.2, 4, 1, DynamicSparseOptions::Defaults(a));
    std::size_t total = 0, initial_total = 0, changed = 0;
    for (std::size_t l = 0; l < run.topology.size(); ++l) {
      total += run.topology[l].size();
      initial_total += initial.topology[l].size();
      if (a != Algorithm::kSparseMomentum) {
        EXPECT_EQ(run.topology[l].size(), initial.topology[l].size()) << ToString(a);
      }
      for (const std::int64_t f : run.topology[l]) changed += initial.topology[l].count(f) == 0;
    }
    EXPECT_EQ(total, initial_total) << ToString(a);
    EXPECT_GT(changed, total / 20) << ToString(a);
    EXPECT_EQ(run.work.pruned, run.work.regrown) << ToString(a);
    EXPECT_GT(run.work.updates, 0) << ToString(a);
  }
}

// A grown connection starts at w = 0 with m = 0; a survivor keeps its weight and momentum.
TEST(DynamicSparse, GrownConnectionsStartAtZero) {
  SyntheticOptions data_options;
  data_options.train_samples = 400;
  const TrainTest data = MakeSynthetic(data_options, 5);
  const nn::MlpSpec spec = nn::MlpSpec::Parse("mlp:32-24-4");
  for (const Algorithm a : {Algorithm::kSparseMomentum, Algorithm::kSet, Algorithm::kRigl}) {
    SparseMlp model(spec);
    model.Initialize(2, LayerDensities(spec, 0.25, Distribution::kUniform));
    DynamicSparseOptions options = DynamicSparseOptions::Defaults(a);
    options.update_interval = 2;
    DynamicSparseTrainer trainer(model, options, 4, 3, 9);
    SparseWork work;
    bool checked = false;
    for (int s = 0; s < 12; ++s) {
      std::vector<std::map<std::int64_t, std::pair<float, float>>> before(2);
      for (int l = 0; l < 2; ++l) {
        for (std::int64_t k = 0; k < model.layer(l).nonzeros(); ++k) {
          before[l][model.layer(l).FlatIndex(k)] = {model.layer(l).values()[k],
                                                    trainer.momentum(l)[k]};
        }
      }
      const bool rigl_update = a == Algorithm::kRigl && trainer.UpdateDue(s);
      const bool update = rigl_update || (a != Algorithm::kRigl && trainer.UpdateDue(s + 1));
      const auto x = data.train.features.middleRows(s * 100 % 400, 100);
      const std::span<const std::int32_t> y(data.train.labels.data() + s * 100 % 400, 100);
      trainer.Step(x, y, 1, work);
      if (!update) continue;
      for (int l = 0; l < 2; ++l) {
        for (std::int64_t k = 0; k < model.layer(l).nonzeros(); ++k) {
          const auto it = before[l].find(model.layer(l).FlatIndex(k));
          if (it == before[l].end()) {
            EXPECT_EQ(model.layer(l).values()[k], 0.0f) << ToString(a);
            EXPECT_EQ(trainer.momentum(l)[k], 0.0f) << ToString(a);
            checked = true;
          } else if (rigl_update) {  // no SGD step on RigL's update batch
            EXPECT_EQ(model.layer(l).values()[k], it->second.first);
            EXPECT_EQ(trainer.momentum(l)[k], it->second.second);
          }
        }
      }
    }
    EXPECT_TRUE(checked) << ToString(a);
  }
}

TEST(DynamicSparse, TrainingDoesNotDependOnTheThreadCount) {
  for (const Algorithm a : {Algorithm::kSparseMomentum, Algorithm::kSet, Algorithm::kRigl}) {
    const DynamicSparseOptions options = DynamicSparseOptions::Defaults(a);
    const TrainedRun one = Train(a, 0.1, 2, 1, options, "mlp:32-600-400-4");
    const TrainedRun two = Train(a, 0.1, 2, 2, options, "mlp:32-600-400-4");
    EXPECT_EQ(one.topology, two.topology) << ToString(a);
    EXPECT_EQ(one.weights, two.weights) << ToString(a);
  }
}

// The sparse-momentum window drops gradients of weight below μ^W = 10⁻⁴: regrowing from the
// full-length dense momentum (the peer's) picks nearly the same connections.
TEST(DynamicSparse, MomentumWindowMatchesTheFullDenseMomentum) {
  DynamicSparseOptions windowed = DynamicSparseOptions::Defaults(Algorithm::kSparseMomentum);
  DynamicSparseOptions full = windowed;
  full.momentum_window = 1'000'000;
  windowed.learning_rate = full.learning_rate = 0.02;
  // Batch 10: 200 steps an epoch, of which the last W = 88 before an update are dense.
  const TrainedRun a = Train(Algorithm::kSparseMomentum, 0.1, 3, 1, windowed, "mlp:32-64-64-4", 10);
  const TrainedRun b = Train(Algorithm::kSparseMomentum, 0.1, 3, 1, full, "mlp:32-64-64-4", 10);
  EXPECT_LT(a.work.dense_gradient_macs, 0.6 * b.work.dense_gradient_macs);
  std::size_t same = 0, total = 0;
  for (std::size_t l = 0; l < a.topology.size(); ++l) {
    total += a.topology[l].size();
    for (const std::int64_t f : a.topology[l]) same += b.topology[l].count(f);
  }
  EXPECT_GE(double(same), 0.99 * double(total));
}

// All of them learn. At 10 % density on these blobs (dense 96.3 %), regrowing where the
// momentum (sparse momentum: 97.4 %) or the gradient (RigL: 95.9 %) is largest recovers the dense
// accuracy; a fixed random topology (84.8 %) and random regrowth after each epoch (SET: 84.6 %)
// do not.
TEST(DynamicSparse, GuidedRegrowthRecoversTheDenseAccuracy) {
  const TrainedRun dense = Train(Algorithm::kStatic, 1.0, 6, 1, {});
  EXPECT_GT(dense.accuracy, 0.95);
  const auto accuracy = [](Algorithm a) {
    return Train(a, 0.1, 6, 1, DynamicSparseOptions::Defaults(a)).accuracy;
  };
  const double fixed = accuracy(Algorithm::kStatic);
  EXPECT_GT(fixed, 0.8);
  EXPECT_GT(accuracy(Algorithm::kSet), 0.8);
  for (const Algorithm a : {Algorithm::kSparseMomentum, Algorithm::kRigl}) {
    const double guided = accuracy(a);
    EXPECT_GT(guided, dense.accuracy - 0.01) << ToString(a);
    EXPECT_GT(guided, fixed + 0.05) << ToString(a);
  }
}

}  // namespace
}  // namespace landauer::sparse

namespace landauer::sparse {
namespace {

// The peers' dense masked step and the truly sparse step agree on the same weights: after ten
// Nesterov SGD steps (a static topology), every connection and bias within float rounding, and
// no weight outside the mask.
TEST(DenseMasked, StepsEqualTheTrulySparseSteps) {
  SyntheticOptions data_options;
  data_options.train_samples = 500;
  const TrainTest data = MakeSynthetic(data_options, 6);
  const nn::MlpSpec spec = nn::MlpSpec::Parse("mlp:32-40-30-4");
  SparseMlp sparse(spec);
  sparse.Initialize(4, LayerDensities(spec, 0.2, Distribution::kUniform));
  DenseMaskedMlp masked(sparse);
  const DynamicSparseOptions options = DynamicSparseOptions::Defaults(Algorithm::kStatic);
  DynamicSparseTrainer trainer(sparse, options, 5, 2, 1);
  SparseWork work;
  for (int s = 0; s < 10; ++s) {
    const auto x = data.train.features.middleRows(s % 5 * 100, 100);
    const std::span<const std::int32_t> y(data.train.labels.data() + s % 5 * 100, 100);
    const nn::LossResult a = trainer.Step(x, y, 1, work);
    const nn::LossResult b = masked.Step(x, y, options);
    EXPECT_NEAR(a.loss, b.loss, 1e-5 * std::max(1.0, a.loss)) << s;
  }
  for (int l = 0; l < sparse.num_layers(); ++l) {
    const MatrixF expected = sparse.layer(l).Dense();
    const MatrixF got = masked.model().Weight(l);
    EXPECT_LE((got - expected).cwiseAbs().maxCoeff(), 1e-5f) << l;
    EXPECT_EQ(((got.array() != 0.0f) && (expected.array() == 0.0f)).count(), 0) << l;
  }
}

}  // namespace
}  // namespace landauer::sparse

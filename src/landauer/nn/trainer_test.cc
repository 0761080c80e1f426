#include "landauer/nn/trainer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "landauer/core/errors.h"
#include "landauer/data/synthetic.h"
#include "landauer/nn/checkpoint.h"
#include "landauer/nn/digital_cost.h"

namespace landauer::nn {
namespace {

namespace fs = std::filesystem;

TrainTest SmallWorkload() {
  return MakeSynthetic({.train_samples = 600, .test_samples = 200, .dimension = 12, .classes = 3},
                       5);
}

struct TrainedRun {
  AlignedFloats parameters;
  nlohmann::json ledger;
  TrainResult result;
};

TrainedRun TrainOnce(TrainOptions options, int threads, const char* spec = "mlp:12-16-16-3") {
  const TrainTest data = SmallWorkload();
  Mlp model(MlpSpec::Parse(spec), Activation::kRelu);
  model.Initialize(options.seed);
  DigitalEngine engine(threads);
  options.threads = threads;
  const DigitalCostModel cost(model.spec(), Precision::kFp32);
  Ledger ledger;
  TrainedRun run;
  run.result = Train(model, data.train, options, engine, &cost, &ledger, nullptr);
  run.parameters = model.parameters();
  run.ledger = ledger.ToJson();
  return run;
}

TEST(Trainer, LearnsASeparableProblem) {
  const TrainTest data = SmallWorkload();
  Mlp model(MlpSpec::Parse("mlp:12-16-16-3"), Activation::kRelu);
  model.Initialize(0);
  DigitalEngine engine;
  TrainOptions options;
  options.epochs = 10;
  options.batch = 32;
  const TrainResult result = Train(model, data.train, options, engine, nullptr, nullptr, nullptr);
  ASSERT_EQ(result.epochs.size(), 10u);
  EXPECT_LT(result.epochs.back().loss, result.epochs.front().loss);
  EXPECT_EQ(result.samples, 6000);
  EXPECT_EQ(result.steps, 10 * 19);  // 600 / 32 -> 19 batches, the last of 24
  const EvalResult eval = Evaluate(model, data.test, 64, engine, nullptr, nullptr, "inference");
  EXPECT_GT(eval.accuracy, 0.9);
}

// The issue's requirement: results do not depend on the thread count.
TEST(Trainer, OneAndTwoThreadsGiveIdenticalWeights) {
  TrainOptions options;
  options.epochs = 2;
  options.batch = 50;
  const TrainedRun one = TrainOnce(options, 1), two = TrainOnce(options, 2);
  EXPECT_EQ(one.parameters, two.parameters);
  EXPECT_EQ(one.ledger, two.ledger);
  // Wide enough that every product and the optimizer pass kMinParallelWork and use the pool.
  options.epochs = 1;
  const char* wide = "mlp:12-384-384-3";
  const TrainedRun wide_one = TrainOnce(options, 1, wide), wide_three = TrainOnce(options, 3, wide);
  EXPECT_EQ(wide_one.parameters, wide_three.parameters);
  EXPECT_EQ(wide_one.ledger, wide_three.ledger);
}

// The issue's requirement: a run killed mid-epoch and resumed ends with the same weights as an
// uninterrupted run.
TEST(Trainer, Issue11Class8ResumeFromAMidEpochCheckpointIsExact) {
  const fs::path path =
      fs::temp_directory_path() / ("landauer_resume_" + std::to_string(::getpid()) + ".ckpt");
  fs::remove(path);
  TrainOptions options;
  options.epochs = 3;
  options.batch = 64;
  options.optimizer.name = "adam";
  const TrainedRun uninterrupted = TrainOnce(options, 1);

  options.checkpoint_path = path.string();
  options.stop_after_steps = 13;  // epoch 2, step 3 of 10
  const TrainedRun killed = TrainOnce(options, 2);
  EXPECT_TRUE(killed.result.stopped_early);
  EXPECT_NE(killed.parameters, uninterrupted.parameters);

  options.stop_after_steps = -1;
  options.resume = true;
  const TrainTest data = SmallWorkload();
  Mlp model(MlpSpec::Parse("mlp:12-16-16-3"), Activation::kRelu);
  model.Initialize(12345);  // overwritten by the checkpoint
  DigitalEngine engine(1);
  const DigitalCostModel cost(model.spec(), Precision::kFp32);
  Ledger ledger;
  const TrainResult resumed = Train(model, data.train, options, engine, &cost, &ledger, nullptr);
  EXPECT_FALSE(resumed.stopped_early);
  EXPECT_EQ(model.parameters(), uninterrupted.parameters);
  EXPECT_EQ(ledger.ToJson(), uninterrupted.ledger);
  EXPECT_EQ(resumed.samples, uninterrupted.result.samples);
  // Issue 11, class 8: the history is the whole run's, not only the steps after the resume.
  EXPECT_EQ(resumed.step_losses, uninterrupted.result.step_losses);
  ASSERT_EQ(resumed.epochs.size(), uninterrupted.result.epochs.size());
  for (std::size_t e = 0; e < resumed.epochs.size(); ++e) {
    EXPECT_EQ(resumed.epochs[e].epoch, uninterrupted.result.epochs[e].epoch);
    EXPECT_EQ(resumed.epochs[e].loss, uninterrupted.result.epochs[e].loss);
    EXPECT_EQ(resumed.epochs[e].train_accuracy, uninterrupted.result.epochs[e].train_accuracy);
  }
  fs::remove(path);
}

TEST(Checkpoint, RejectsCorruptionAndForeignRuns) {
  const fs::path path = fs::temp_directory_path() / ("landauer_ckpt_" + std::to_string(::getpid()));
  Mlp model(MlpSpec::Parse("mlp:3-2"), Activation::kRelu);
  model.Initialize(1);
  auto optimizer = MakeOptimizer({}, model.storage_size());
  const nlohmann::json config = {{"run", 1}};
  SaveCheckpoint(path.string(), config, model, *optimizer, {}, Ledger());
  TrainingPosition position;
  Ledger ledger;
  const CheckpointRun run{.config = config, .train_samples = 10, .batch = 5, .epochs = 1};
  EXPECT_NO_THROW(LoadCheckpoint(path.string(), run, model, *optimizer, position, ledger));
  CheckpointRun other = run;
  other.config = {{"run", 2}};
  EXPECT_THROW(LoadCheckpoint(path.string(), other, model, *optimizer, position, ledger),
               InputError);
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(30);
    f.put('X');
  }
  try {
    LoadCheckpoint(path.string(), run, model, *optimizer, position, ledger);
    FAIL();
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("checksum"), std::string::npos) << error.what();
  }
  fs::remove(path);
}

}  // namespace
}  // namespace landauer::nn

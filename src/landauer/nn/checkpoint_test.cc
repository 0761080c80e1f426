// Checkpoints as an input boundary: every header field is validated like any other user input
// (issue 11, class 3), and the history travels with the checkpoint (class 8). The end-to-end
// resume tests are in trainer_test.cc.
#include "landauer/nn/checkpoint.h"

#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <string>

#include "checkpoint_edit.h"
#include "landauer/core/errors.h"

namespace landauer::nn {
namespace {

struct Fixture {
  Mlp model{MlpSpec::Parse("mlp:3-4-2"), Activation::kRelu};
  std::unique_ptr<Optimizer> optimizer;
  nlohmann::json config = {{"run", 1}};
  // 10 samples in batches of 4: 3 steps per epoch, 2 epochs.
  CheckpointRun run{.config = config, .train_samples = 10, .batch = 4, .epochs = 2};
  TrainingPosition position;
  Ledger ledger;

  Fixture() {
    model.Initialize(1);
    OptimizerOptions adam;
    adam.name = "adam";
    optimizer = MakeOptimizer(adam, model.storage_size());
    optimizer->set_steps(4);
    // In epoch 1 (0-based), after its first step: 4 steps done.
    position.epoch = 1;
    position.step_in_epoch = 1;
    position.global_step = 4;
    position.epoch_loss_sum = 2.5;
    position.epoch_correct = 3;
    position.epoch_seen = 4;
    position.elapsed_s = 0.25;
    position.epochs = {{.epoch = 1,
                        .loss = 0.7,
                        .train_accuracy = 0.5,
                        .seconds = 0.1,
                        .samples_per_second = 100.0}};
    position.step_losses = {0.9, 0.8, 0.7, 0.6};
    ledger.Count("train", "alu", "fp32_mac", 100.0);
  }

  std::string Bytes() { return EncodeCheckpoint(config, model, *optimizer, position, ledger); }
};

using landauer::testing::EditCheckpointHeader;

// A fresh model and optimizer of the fixture's shape, to restore into.
struct Target {
  Mlp model{MlpSpec::Parse("mlp:3-4-2"), Activation::kRelu};
  std::unique_ptr<Optimizer> optimizer;
  TrainingPosition position;
  Ledger ledger;
  Target() {
    model.Initialize(7);
    OptimizerOptions adam;
    adam.name = "adam";
    optimizer = MakeOptimizer(adam, model.storage_size());
  }
  void Restore(const std::string& bytes, const CheckpointRun& run) {
    RestoreCheckpoint(bytes, "ck.bin", run, model, *optimizer, position, ledger);
  }
};

std::string RestoreError(Fixture& f, const std::string& bytes) {
  Target target;
  const AlignedFloats before = target.model.parameters();
  try {
    target.Restore(bytes, f.run);
  } catch (const InputError& error) {
    // A refused checkpoint changes nothing.
    EXPECT_EQ(target.model.parameters(), before);
    EXPECT_EQ(target.position.global_step, 0);
    return error.what();
  }
  return "";
}

TEST(Checkpoint, RoundTripsPositionHistoryAndLedger) {
  Fixture f;
  Target t;
  t.Restore(f.Bytes(), f.run);
  EXPECT_EQ(t.model.parameters(), f.model.parameters());
  EXPECT_EQ(t.optimizer->steps(), 4);
  EXPECT_EQ(t.position.global_step, 4);
  EXPECT_EQ(t.position.step_losses, f.position.step_losses);
  ASSERT_EQ(t.position.epochs.size(), 1u);
  EXPECT_EQ(t.position.epochs[0].loss, 0.7);
  EXPECT_EQ(t.ledger.ToJson(), f.ledger.ToJson());
}

TEST(Checkpoint, Issue11Class3EveryHeaderFieldIsValidated) {
  Fixture f;
  const std::string good = f.Bytes();
  ASSERT_EQ(RestoreError(f, good), "");
  struct Case {
    const char* name;
    std::function<void(nlohmann::json&)> edit;
    const char* expected;  // in the message
  };
  const std::vector<Case> cases = {
      {"negative step", [](nlohmann::json& h) { h["step_in_epoch"] = -5; }, "step_in_epoch"},
      {"huge step", [](nlohmann::json& h) { h["step_in_epoch"] = 1e12; }, "step_in_epoch"},
      {"wrong type", [](nlohmann::json& h) { h["epoch"] = "one"; }, "'epoch'"},
      {"fractional", [](nlohmann::json& h) { h["global_step"] = 4.5; }, "global_step"},
      {"missing", [](nlohmann::json& h) { h.erase("epoch_seen"); }, "epoch_seen"},
      {"epoch past the end", [](nlohmann::json& h) { h["epoch"] = 3; }, "'epoch'"},
      {"inconsistent step", [](nlohmann::json& h) { h["global_step"] = 5; }, "global_step"},
      {"optimizer steps", [](nlohmann::json& h) { h["optimizer_steps"] = 40; }, "optimizer_steps"},
      {"seen", [](nlohmann::json& h) { h["epoch_seen"] = 3; }, "epoch_seen"},
      {"correct", [](nlohmann::json& h) { h["epoch_correct"] = 9; }, "epoch_correct"},
      {"elapsed", [](nlohmann::json& h) { h["elapsed_s"] = -1.0; }, "elapsed_s"},
      {"history", [](nlohmann::json& h) { h["epochs"] = nlohmann::json::array(); }, "epochs"},
      {"losses", [](nlohmann::json& h) { h["step_losses"] = 3; }, "step_losses"},
      {"ledger", [](nlohmann::json& h) { h["ledger"] = 5; }, "ledger"},
      {"negative count",
       [](nlohmann::json& h) { h["ledger"]["phases"]["train"]["actions"][0]["count"] = -1.0; },
       "ledger"},
      {"parameters", [](nlohmann::json& h) { h["parameters"] = -1; }, "parameters"},
      {"not an object", [](nlohmann::json& h) { h = nlohmann::json::array(); }, "JSON object"},
  };
  for (const Case& c : cases) {
    const std::string message = RestoreError(f, EditCheckpointHeader(good, c.edit));
    EXPECT_NE(message.find(c.expected), std::string::npos) << c.name << ": " << message;
    EXPECT_NE(message.find("ck.bin"), std::string::npos) << c.name << ": " << message;
  }
}

TEST(Checkpoint, Issue11Class3TruncationAndBadBytes) {
  Fixture f;
  const std::string good = f.Bytes();
  // Every prefix is refused cleanly (no crash, no partial restore).
  for (std::size_t n = 0; n < good.size(); n += 7) {
    EXPECT_NE(RestoreError(f, good.substr(0, n)), "") << n;
  }
  std::string header_length_lie = good;
  const std::uint64_t huge = ~std::uint64_t{0};
  std::memcpy(header_length_lie.data() + 12, &huge, 8);
  EXPECT_NE(RestoreError(f, header_length_lie), "");
  EXPECT_NE(RestoreError(f, EditCheckpointHeader(good, [](nlohmann::json&) {}) + "x"), "");
}

TEST(Checkpoint, DivergedStatisticsSurviveAsNaN) {
  Fixture f;
  f.position.epoch_loss_sum = std::numeric_limits<double>::quiet_NaN();
  f.position.epochs[0].loss = std::numeric_limits<double>::infinity();
  Target t;
  t.Restore(f.Bytes(), f.run);
  EXPECT_TRUE(std::isnan(t.position.epoch_loss_sum));
  EXPECT_TRUE(std::isnan(t.position.epochs[0].loss));
}

}  // namespace
}  // namespace landauer::nn

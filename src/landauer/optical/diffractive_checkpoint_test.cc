// D²NN checkpoints: a resumed run equals an uninterrupted one bit for bit, and a checkpoint is an
// input boundary — every header field, the payload's length and the run it belongs to are
// checked, and a refused checkpoint changes nothing.
#include "landauer/optical/diffractive_checkpoint.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <functional>
#include <limits>
#include <string>

#include "checkpoint_edit.h"
#include "landauer/core/atomic_file.h"
#include "landauer/core/checksum.h"
#include "landauer/core/errors.h"
#include "landauer/core/rng.h"
#include "landauer/optical/diffractive_network.h"
#include "tiny_optics_test_support.h"

namespace landauer::optical {
namespace {

namespace fs = std::filesystem;
using landauer::testing::EditCheckpointHeader;

// 21 random 4 × 4 images of three classes: in batches of 8, 3 steps an epoch (the last short).
struct Data {
  MatrixF images{21, 16};
  std::vector<std::int32_t> labels;
  Data() {
    Rng rng(5, "test", "images");
    for (Eigen::Index i = 0; i < images.rows(); ++i) {
      for (Eigen::Index p = 0; p < 16; ++p) images(i, p) = static_cast<float>(rng.Uniform());
      labels.push_back(static_cast<std::int32_t>(i % 3));
    }
  }
};

// Tiny optics with complex masks and differential detection, Adam with a decaying rate.
DiffractiveOptions Options(int epochs) {
  DiffractiveOptions o = TinyOptics();
  o.complex_masks = true;
  o.differential = true;
  o.batch = 8;
  o.lr_decay = 0.7;
  o.epochs = epochs;
  o.seed = 3;
  return o;
}

class DiffractiveCheckpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::temp_directory_path() /
        ("landauer_d2nn_ckpt_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "run.ckpt").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Trains `epochs` epochs, checkpointing to path_ (resuming from it when `resume`).
  std::vector<EpochStats> Train(int epochs,
                                bool resume,
                                std::vector<double>& parameters,
                                DiffractiveWork& work) {
    DiffractiveNetwork net(4, 3, Options(epochs));
    const auto stats =
        net.Fit(data_.images, data_.labels, 2, work, {.path = path_, .resume = resume});
    parameters = net.Parameters();
    return stats;
  }

  // The checkpoint a 1-epoch run leaves, and the run of `epochs` epochs it is checked against.
  std::string OneEpochCheckpoint() {
    std::vector<double> parameters;
    DiffractiveWork work;
    Train(1, false, parameters, work);
    return ReadFile(path_);
  }
  DiffractiveCheckpointRun Run(int epochs = 3) const {
    const DiffractiveNetwork net(4, 3, Options(epochs));
    return {.config = net.CheckpointConfig(data_.images, data_.labels),
            .parameters = static_cast<std::int64_t>(net.Parameters().size()),
            .buffers = 2,  // Adam: m and v
            .steps_per_epoch = 3,
            .epochs = epochs};
  }
  // The error DecodeDiffractiveCheckpoint gives for `bytes`, or "" when it accepts them.
  std::string DecodeError(const std::string& bytes, int epochs = 3) const {
    try {
      DecodeDiffractiveCheckpoint(bytes, "d2nn.ckpt", Run(epochs));
    } catch (const InputError& error) {
      return error.what();
    }
    return "";
  }

  Data data_;
  fs::path dir_;
  std::string path_;
};

// Stopped after 1 epoch and after 2, then resumed to 3: the same parameters, statistics and work
// as 3 epochs in one go (the shuffles of the skipped epochs are replayed, Adam's moments and step
// count restored, epoch e's rate η·γᵉ recomputed).
TEST_F(DiffractiveCheckpointTest, ResumedRunEqualsUninterruptedRun) {
  DiffractiveNetwork whole(4, 3, Options(3));
  DiffractiveWork whole_work;
  const auto expected = whole.Fit(data_.images, data_.labels, 1, whole_work);
  ASSERT_EQ(expected.size(), 3u);
  for (const int stop : {1, 2}) {
    fs::remove(path_);
    std::vector<double> parameters;
    DiffractiveWork first, resumed;
    const auto before = Train(stop, /*resume=*/true, parameters, first);
    ASSERT_EQ(before.size(), static_cast<std::size_t>(stop)) << "no checkpoint yet: a fresh start";
    const auto stats = Train(3, /*resume=*/true, parameters, resumed);
    EXPECT_EQ(parameters, whole.Parameters()) << stop;
    ASSERT_EQ(stats.size(), 3u);
    for (std::size_t e = 0; e < 3; ++e) {
      EXPECT_EQ(stats[e].loss, expected[e].loss) << stop << " " << e;
      EXPECT_EQ(stats[e].accuracy, expected[e].accuracy) << stop << " " << e;
      // The epochs before the stop come from the checkpoint, wall times and all: a run that
      // ignored it and trained afresh would measure its own.
      if (e < before.size()) EXPECT_EQ(stats[e].seconds, before[e].seconds) << stop << " " << e;
    }
    EXPECT_EQ(resumed.propagations, whole_work.propagations);
    EXPECT_EQ(resumed.host_training_macs, whole_work.host_training_macs);
  }
  // A finished run resumed asks for nothing more: it reports the run and leaves the parameters.
  std::vector<double> parameters;
  DiffractiveWork again;
  const auto stats = Train(3, true, parameters, again);
  EXPECT_EQ(parameters, whole.Parameters());
  EXPECT_EQ(stats.size(), 3u);
  // Without --resume the checkpoint is overwritten by a fresh run.
  DiffractiveWork fresh;
  Train(1, false, parameters, fresh);
  EXPECT_EQ(DecodeDiffractiveCheckpoint(ReadFile(path_), path_, Run()).epochs.size(), 1u);
}

TEST_F(DiffractiveCheckpointTest, RoundTripsEveryField) {
  DiffractiveCheckpointState state;
  state.config = Run().config;
  state.parameters.assign(static_cast<std::size_t>(Run().parameters), 0.0);
  for (std::size_t i = 0; i < state.parameters.size(); ++i) state.parameters[i] = 0.25 * i - 3.0;
  state.buffers = {std::vector<float>(state.parameters.size(), 1.5f),
                   std::vector<float>(state.parameters.size(), -2.0f)};
  state.optimizer_steps = 6;
  state.epochs = {{.loss = 1.0, .accuracy = 0.5, .seconds = 2.0},
                  {.loss = std::numeric_limits<double>::quiet_NaN(), .accuracy = 0.25}};
  const DiffractiveCheckpointState back =
      DecodeDiffractiveCheckpoint(EncodeDiffractiveCheckpoint(state), "x", Run());
  EXPECT_EQ(back.config, state.config);
  EXPECT_EQ(back.parameters, state.parameters);
  EXPECT_EQ(back.buffers, state.buffers);
  EXPECT_EQ(back.optimizer_steps, 6);
  ASSERT_EQ(back.epochs.size(), 2u);
  EXPECT_EQ(back.epochs[0].seconds, 2.0);
  EXPECT_TRUE(std::isnan(back.epochs[1].loss)) << "a diverged epoch's loss is stored as null";
}

TEST_F(DiffractiveCheckpointTest, EveryHeaderFieldIsValidated) {
  const std::string good = OneEpochCheckpoint();
  ASSERT_EQ(DecodeError(good), "");
  struct Case {
    const char* name;
    std::function<void(nlohmann::json&)> edit;
    const char* expected;  // in the message
  };
  const std::vector<Case> cases = {
      {"not an object", [](nlohmann::json& h) { h = nlohmann::json::array(); }, "JSON object"},
      {"no config", [](nlohmann::json& h) { h.erase("config"); }, "'config'"},
      {"other lr",
       [](nlohmann::json& h) { h["config"]["learning_rate"] = 0.5; },
       "learning_rate: saved 0.5, now 0.01"},
      {"other data", [](nlohmann::json& h) { h["config"]["data_fnv1a"] = "0"; }, "data_fnv1a"},
      {"parameters", [](nlohmann::json& h) { h["parameters"] = 7; }, "7 parameters"},
      {"negative parameters", [](nlohmann::json& h) { h["parameters"] = -1; }, "'parameters'"},
      {"buffers", [](nlohmann::json& h) { h["optimizer_buffers"] = 1; }, "1 optimizer buffers"},
      {"huge buffers", [](nlohmann::json& h) { h["optimizer_buffers"] = 1e9; }, "whole number"},
      {"epoch past the run", [](nlohmann::json& h) { h["epoch"] = 4; }, "'epoch' = 4"},
      {"negative epoch", [](nlohmann::json& h) { h["epoch"] = -1; }, "'epoch'"},
      {"epoch a string", [](nlohmann::json& h) { h["epoch"] = "1"; }, "'epoch'"},
      {"steps", [](nlohmann::json& h) { h["optimizer_steps"] = 4; }, "optimizer_steps 4"},
      {"history length",
       [](nlohmann::json& h) { h["epochs"] = nlohmann::json::array(); },
       "finished epochs"},
      {"history loss", [](nlohmann::json& h) { h["epochs"][0]["loss"] = -1.0; }, "'loss'"},
      {"accuracy above 1",
       [](nlohmann::json& h) { h["epochs"][0]["train_accuracy"] = 1.5; },
       "train_accuracy"},
      {"seconds", [](nlohmann::json& h) { h["epochs"][0].erase("seconds"); }, "'seconds'"},
  };
  for (const Case& c : cases) {
    const std::string message = DecodeError(EditCheckpointHeader(good, c.edit));
    EXPECT_NE(message.find(c.expected), std::string::npos) << c.name << ": " << message;
    EXPECT_NE(message.find("d2nn.ckpt"), std::string::npos) << c.name << ": " << message;
  }
  // The same checkpoint, loaded into a run of fewer epochs than it has finished.
  EXPECT_NE(DecodeError(EditCheckpointHeader(good, [](nlohmann::json&) {}), 0).find("'epoch'"),
            std::string::npos);
}

TEST_F(DiffractiveCheckpointTest, TruncatedCorruptAndForeignBytesAreRefused) {
  const std::string good = OneEpochCheckpoint();
  for (std::size_t n = 0; n < good.size(); n += 97) {
    EXPECT_NE(DecodeError(good.substr(0, n)), "") << n;
  }
  std::string flipped = good;
  flipped[flipped.size() / 2] ^= 0x10;
  EXPECT_NE(DecodeError(flipped).find("checksum mismatch"), std::string::npos);
  // A payload one byte long or short of what the header describes, under a valid checksum.
  const auto resealed = [](std::string bytes) {
    const std::uint64_t checksum = Fnv1a64(bytes);
    bytes.append(reinterpret_cast<const char*>(&checksum), sizeof(checksum));
    return bytes;
  };
  const std::string body = good.substr(0, good.size() - 8);
  EXPECT_NE(DecodeError(resealed(body + "x")).find("payload has"), std::string::npos);
  EXPECT_NE(DecodeError(resealed(body.substr(0, body.size() - 1))).find("payload has"),
            std::string::npos);
  EXPECT_EQ(DecodeError(resealed(body)), "");
  std::string mlp = good;
  mlp.replace(0, 8, "LANDCKPT");
  EXPECT_NE(DecodeError(mlp).find("not a landauer D2NN checkpoint"), std::string::npos);
  std::string version = good;
  version[8] = 9;
  EXPECT_NE(DecodeError(EditCheckpointHeader(version, [](nlohmann::json&) {})).find("version 9"),
            std::string::npos);
}

// Resuming from a checkpoint of another run throws before any training, and leaves the network
// as it was.
TEST_F(DiffractiveCheckpointTest, RefusedResumeChangesNothing) {
  OneEpochCheckpoint();
  DiffractiveOptions other = Options(3);
  other.optimizer.learning_rate = 0.02;
  DiffractiveNetwork net(4, 3, other);
  const std::vector<double> before = net.Parameters();
  DiffractiveWork work;
  try {
    net.Fit(data_.images, data_.labels, 1, work, {.path = path_, .resume = true});
    FAIL() << "resumed from another run's checkpoint";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("learning_rate"), std::string::npos) << error.what();
  }
  EXPECT_EQ(net.Parameters(), before);
  EXPECT_EQ(work.propagations, 0.0);
  // Another starting point (parameters set before Fit) is another run.
  DiffractiveNetwork moved(4, 3, Options(3));
  std::vector<double> start = moved.Parameters();
  start[0] += 0.5;
  moved.SetParameters(start);
  try {
    moved.Fit(data_.images, data_.labels, 1, work, {.path = path_, .resume = true});
    FAIL() << "resumed another starting point's checkpoint";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("initial_parameters_fnv1a"), std::string::npos)
        << error.what();
  }
  EXPECT_EQ(moved.Parameters(), start);
  // A checkpoint path that cannot be written is refused before training.
  DiffractiveNetwork fresh(4, 3, Options(1));
  EXPECT_THROW(
      fresh.Fit(
          data_.images, data_.labels, 1, work, {.path = (dir_ / "missing" / "run.ckpt").string()}),
      InputError);
  EXPECT_EQ(work.propagations, 0.0);
}

}  // namespace
}  // namespace landauer::optical

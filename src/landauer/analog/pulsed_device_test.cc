#include "landauer/analog/pulsed_device.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "landauer/analog/analog_cost.h"
#include "landauer/analog/analog_engine.h"
#include "landauer/analog/in_situ_training.h"
#include "landauer/data/synthetic.h"
#include "landauer/nn/linear_engine.h"

namespace landauer::analog {
namespace {

PulsedDeviceParams Noiseless(double up_down) {
  return {.dw_min = 0.01,
          .up_down = up_down,
          .dw_min_dtod = 0.0,
          .up_down_dtod = 0.0,
          .dw_min_std = 0.0,
          .max_pulses = 1000};
}

// n pulses at once land where n single pulses, one after the other, do (soft bounds).
TEST(PulsedDevice, ManyPulsesMatchSinglePulses) {
  PulsedArray many(Noiseless(0.2), 1, 2, Rng(1));
  PulsedArray single(Noiseless(0.2), 1, 2, Rng(1));
  MatrixF start(1, 2);
  start << 0.3f, -0.2f;
  many.Set(start);
  single.Set(start);
  MatrixF big(1, 2), one(1, 2);
  big << 0.25f, -0.4f;  // 25 up, 40 down
  many.Update(big, Rng(2));
  double u0 = 0.3, u1 = -0.2;
  for (int k = 0; k < 25; ++k) u0 += 0.01 * 1.2 * (1.0 - u0);
  for (int k = 0; k < 40; ++k) u1 -= 0.01 * 0.8 * (1.0 + u1);
  EXPECT_NEAR(many.weights()(0, 0), u0, 1e-5);
  EXPECT_NEAR(many.weights()(0, 1), u1, 1e-5);
  // And a device never passes its bound.
  big << 50.0f, -50.0f;
  many.Update(big, Rng(3));
  EXPECT_LE(many.weights()(0, 0), 1.0f);
  EXPECT_GE(many.weights()(0, 1), -1.0f);
}

// Random ± pulses drive an asymmetric device to its symmetry point u* = a·w_max.
TEST(PulsedDevice, AsymmetryDrivesDevicesToTheSymmetryPoint) {
  for (const double a : {0.0, 0.2, -0.3}) {
    PulsedArray array(Noiseless(a), 1, 1, Rng(1));
    array.Set(MatrixF::Constant(1, 1, 0.8f));
    for (int k = 0; k < 4000; ++k) {
      array.Update(MatrixF::Constant(1, 1, k % 2 == 0 ? 0.01f : -0.01f), Rng(2).Substream(k));
    }
    EXPECT_NEAR(array.weights()(0, 0), a, 0.02) << a;
  }
}

// The pulse count is the stochastic rounding of |Δu|/dw_min: unbiased, and capped.
TEST(PulsedDevice, PulseCountsAreUnbiasedAndCapped) {
  PulsedDeviceParams p = Noiseless(0.0);
  p.max_pulses = 5;
  PulsedArray array(p, 100, 100, Rng(1));
  const double pulses = array.Update(MatrixF::Constant(100, 100, 0.0037f), Rng(4));
  EXPECT_NEAR(pulses / 1e4, 0.37, 0.02);
  EXPECT_NEAR(array.weights().mean(), 0.0037, 0.0002);
  EXPECT_EQ(array.Update(MatrixF::Constant(100, 100, 1.0f), Rng(5)), 5e4);
  p.up_down = 1.5;
  EXPECT_THROW(PulsedArray(p, 1, 1, Rng(1)), std::invalid_argument);
}

// Pulsed SGD learns separable blobs with symmetric devices; with asymmetric ones the random ±
// updates of SGD pull every device towards its symmetry point u* = a: the devices' mean state
// moves towards a, whatever the gradient wants.
TEST(InSituTraining, AsymmetryPullsDevicesTowardsTheSymmetryPoint) {
  const TrainTest data =
      MakeSynthetic({.train_samples = 2000, .test_samples = 500, .dimension = 16, .classes = 4}, 3);
  double accuracy[2], state[2];
  for (const int k : {0, 1}) {
    nn::Mlp model(nn::MlpSpec::Parse("mlp:16-32-4"), nn::Activation::kRelu);
    model.Initialize(1);
    InSituOptions o;
    o.device.up_down = k == 0 ? 0.0 : 0.8;
    o.epochs = 3;
    o.learning_rate = 0.05;
    const InSituResult r = TrainInSitu(model, data.train, o, 1);
    EXPECT_GT(r.pulses, 0.0);
    state[k] = r.mean_state[0];
    nn::DigitalEngine engine(1);
    nn::Mlp::Workspace ws;
    model.Forward(data.test.features, engine, ws);
    std::vector<std::int32_t> predicted(static_cast<std::size_t>(data.test.size()));
    for (Eigen::Index i = 0; i < ws.logits().rows(); ++i) {
      ws.logits().row(i).maxCoeff(&predicted[static_cast<std::size_t>(i)]);
    }
    accuracy[k] = data.test.AccuracyOf(predicted);
  }
  EXPECT_GT(accuracy[0], 0.8);
  EXPECT_LT(std::abs(state[0]), 0.05);
  EXPECT_GT(state[1], state[0] + 0.05);
}

// On a chip the forward pass reads the devices through tiles and everything is counted: every
// pulse the arrays sent, one tile read per sample and tile, the converters of each read, the
// host's fp32 work. With noiseless tiles (ideal converters except the priced 8-bit ones, no output
// noise, wide bounds) training follows the exact run closely.
TEST(InSituTraining, OnAChipCountsPulsesReadsAndTheHostsWork) {
  const TrainTest data =
      MakeSynthetic({.train_samples = 400, .test_samples = 100, .dimension = 16, .classes = 4}, 5);
  const nn::MlpSpec spec = nn::MlpSpec::Parse("mlp:16-8-4");
  InSituOptions o;
  o.epochs = 2;
  o.batch = 20;
  nn::Mlp exact(spec, nn::Activation::kRelu), chip(spec, nn::Activation::kRelu);
  exact.Initialize(2);
  chip.Initialize(2);
  const InSituResult reference = TrainInSitu(exact, data.train, o, 1);
  AnalogEngineOptions tiles;
  tiles.device = DeviceParams::Preset("ideal");
  tiles.tile = {.rows = 8, .cols = 8, .out_noise = 0.0, .bm_rounds = 0};
  tiles.count_programming = false;
  AnalogEngine engine(tiles);
  AnalogCostModel cost(spec);
  Ledger ledger;
  const InSituResult r =
      TrainInSitu(chip, data.train, o, 1, {.forward = &engine, .ledger = &ledger, .cost = &cost});
  const double steps = 2.0 * 400 / 20;
  EXPECT_EQ(r.steps, steps);
  EXPECT_EQ(ledger.count("train", "crossbar", "update_pulse"), r.pulses);
  EXPECT_GT(r.pulses, 0.0);
  // Tiles: 16 inputs on 2 row tiles × 1 column tile, then 8 inputs on 1 × 1; every sample reads
  // each once (bound management off) — less the rare sample whose hidden units are all 0, which
  // the second tile need not read — 8 DAC rows and 8 or 4 ADC columns per read.
  const double reads = engine.work().reads;
  EXPECT_LE(reads, 2.0 * 400 * 3);
  EXPECT_GE(reads, 2.0 * 400 * 3 - 20);
  EXPECT_EQ(engine.work().rereads, 0.0);
  EXPECT_EQ(ledger.count("train", "dac", "convert_8b"), 8 * reads);
  EXPECT_EQ(ledger.count("train", "adc", "convert_8b"), 2.0 * 400 * 2 * 8 + 4 * (reads - 1600));
  EXPECT_GT(ledger.count("train", "crossbar", "read_us_pulse"), 0.0);
  EXPECT_EQ(ledger.count("train", "crossbar", "program_pulse"), 0.0);
  // The host: its backward pass (the weight gradient, a MAC per weight per sample, and the error
  // sent back through the second layer) and a multiply per parameter per step for the pulse
  // counts and bias updates.
  const double parameters = 16 * 8 + 8 + 8 * 4 + 4;
  EXPECT_GE(ledger.count("train", "alu", "fp32_mac"),
            2.0 * 400 * (16 * 8 + 8 * 4 + 8 * 4) + steps * parameters);
  // 8-bit converters change the products a little, hence the updates, not the learning.
  EXPECT_NEAR(r.epochs.back().train_accuracy, reference.epochs.back().train_accuracy, 0.1);
  // A ledger without the tiles or the cost model would miss their work: refused.
  nn::Mlp other(spec, nn::Activation::kRelu);
  other.Initialize(2);
  EXPECT_THROW(TrainInSitu(other, data.train, o, 1, {.ledger = &ledger, .cost = &cost}),
               std::invalid_argument);
  EXPECT_THROW(TrainInSitu(other, data.train, o, 1, {.forward = &engine, .ledger = &ledger}),
               std::invalid_argument);
}

}  // namespace
}  // namespace landauer::analog

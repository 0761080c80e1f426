// landauer/analog/in_situ_training.h — an MLP trained in situ: its weights live on pulsed devices
// (pulsed_device.h) and every SGD step reaches them only as pulses.
//
//   InSituOptions o;  o.device.up_down = 0.1;
//   InSituResult r = TrainInSitu(model, train, o, threads);
//
// Per mini-batch: the forward and backward passes on the devices' current weights (exact
// products without a chip; on a chip's tiles, with their converters and noise, below), the
// desired change ΔW = −η ∂L/∂W of each layer sent to its devices as pulses, and the biases updated
// digitally.
// Layer l's weights are scale_l · u with u the devices' state in [w_min, w_max]: scale_l is set
// once, at the start, so that the initial weights span `range` of the bound (scale_l =
// max|W_l| / (range · w_max)). Plain SGD without momentum, as aihwkit's AnalogSGD: the update is
// the device's, so there is no optimizer state to keep.
//
// On a chip (InSituChip, compare's analog-insitu-mlp): the forward pass runs on crossbar tiles that
// read the devices' current weights through their DACs, ADCs and output noise (an AnalogEngine
// over ideal devices: the pulsed devices hold exactly what training left, and nothing is
// programmed — the tiles are the devices), counting each read; the backward pass and the weight
// gradient run on the host in fp32, exact, counted by the chip's cost model; each device's pulse
// count is set digitally (one fp32 multiply per weight per step) and every pulse is counted as
// (crossbar, update_pulse); the biases are updated digitally (one fp32 multiply-add each).
// Without a chip the products are exact and nothing is counted. The tiles map each step's weights
// as inference tiles do (crossbar.h: each output's largest |w| per row tile at g_max), not at the
// devices' own state (|u|/w_max of g_max, a fixed scale): so the array's read energy is an upper
// bound, and the ADC's range follows each column's weights where a real in-situ chip's would be
// fixed by the device bound.
//
// What it shows: with symmetric steps (up_down = 0) pulsed SGD approaches digital SGD, limited by
// the step size and its noise; with asymmetric steps every weight drifts towards its devices'
// symmetry point under the random ± updates of SGD, which biases training and costs accuracy
// (Gokmen & Haensch 2020).
#ifndef LANDAUER_ANALOG_IN_SITU_TRAINING_H_
#define LANDAUER_ANALOG_IN_SITU_TRAINING_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "landauer/analog/pulsed_device.h"
#include "landauer/data/dataset.h"
#include "landauer/energy/ledger.h"
#include "landauer/nn/checkpoint.h"
#include "landauer/nn/cost_model.h"
#include "landauer/nn/linear_engine.h"
#include "landauer/nn/mlp.h"

namespace landauer::analog {

struct InSituOptions {
  PulsedDeviceParams device;
  int epochs = 3;
  int batch = 32;
  double learning_rate = 0.05;  // η of SGD
  double range = 0.5;           // the initial weights' share of the bound
  std::uint64_t seed = 0;

  // Throws std::invalid_argument naming the field, its value and unit.
  void Validate() const;
};

// The hardware an in-situ run trains on and the ledger it counts into (all optional).
struct InSituChip {
  nn::LinearEngine* forward = nullptr;  // the tiles that run the forward pass; nullptr: exact
  Ledger* ledger = nullptr;             // tile reads (through `forward`), host work, pulses
  const nn::CostModel* cost = nullptr;  // the forward periphery and the host's backward pass
  // (a ledger without `forward` and `cost` is refused: their work would go uncounted)
  std::string_view phase = "train";
};

struct InSituResult {
  std::vector<nn::EpochStats> epochs;
  double pulses = 0.0;  // update pulses sent over the run
  double steps = 0.0;
  std::vector<double> mean_state;  // per layer, the devices' mean state u at the end
};

InSituResult TrainInSitu(nn::Mlp& model,
                         const Dataset& train,
                         const InSituOptions& options,
                         int threads,
                         const InSituChip& chip = {});

}  // namespace landauer::analog

#endif  // LANDAUER_ANALOG_IN_SITU_TRAINING_H_

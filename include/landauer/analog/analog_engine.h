// landauer/analog/analog_engine.h — crossbar tiles behind nn::LinearEngine: an MLP whose layers
// live on PCM or ReRAM tiles (crossbar.h), read through DACs and ADCs.
//
//   AnalogEngineOptions o;  o.device = DeviceParams::Preset("pcm");  o.read_time_s = 86400;
//   AnalogEngine engine(o);
//   nn::Evaluate(model, test, 1024, engine, cost.get(), &ledger, "inference");
//
// Program() maps a layer to tiles and programs every device: programming noise and each PCM
// device's drift exponent from Rng(seed, "analog.crossbar", "programming_d2d"), substream (layer,
// update), so every (re)programming starts from the targets and draws fresh noise. The devices are
// then read at `read_time_s` after programming (drift and 1/f noise, "read_noise_c2c", substream
// (layer, update, 1); the compensation's reference read below uses substream 0). Forward runs the
// tiles; output noise is drawn from "output_noise_c2c", substream (layer, update, call), where the
// calls count every read of this programming (with drift compensation its two calibration reads
// are calls 0 and 1). With bit slicing (crossbar.h, SliceWeights) slice 0 uses these streams and
// slice k > 0 their twins "programming_d2d_slice", "read_noise_c2c_slice" (substream (layer,
// update, k) before the above) and "output_noise_slice_c2c" (substream (layer, update, call, k)).
//
// Global drift compensation (aihwkit GlobalDriftCompensation; Joshi et al. 2020): right after
// programming the tiles read the one-hot inputs e_1 … e_in and keep the mean |y| as a reference;
// at the read time they read them again, and every output is multiplied by reference / now. Both
// calibration reads run on the tiles with their converters and noise, and are counted.
//
// Capabilities: Forward only. Everything else — the backward pass and the update — runs on the
// host with the float32 weights (nn/programmed_network.h), which is hardware-aware training as
// aihwkit's inference tiles do it: the noise of the programmed devices and of the periphery in
// the forward pass, an ideal backward pass. Programming once per step draws fresh programming
// noise for every mini-batch.
//
// Counting: with `count_device_actions` (inference) each Forward counts its tile reads into the
// ledger Program() was given (analog_cost.h: converters, array, digital periphery, bound-management
// re-reads), and Program() counts the devices it programs unless `count_programming` is off (a
// method that counts deploying the chip once, with training, reads it many times). Off
// (hardware-aware training, which is a simulation on the host), nothing is counted here; the
// method counts the host's work.
#ifndef LANDAUER_ANALOG_ANALOG_ENGINE_H_
#define LANDAUER_ANALOG_ANALOG_ENGINE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "landauer/analog/crossbar.h"
#include "landauer/nn/cost_model.h"
#include "landauer/nn/engine_conformance.h"
#include "landauer/nn/linear_engine.h"

namespace landauer::analog {

struct AnalogEngineOptions {
  DeviceParams device;
  TileParams tile;
  double read_time_s = 0.0;         // s after programming at which the tiles are read
  bool drift_compensation = false;  // global drift compensation
  bool count_device_actions = true;
  bool count_programming = true;  // with count_device_actions: also the devices Program() sets
  std::uint64_t seed = 0;
  int threads = 1;  // 0: every core

  // Throws std::invalid_argument naming the field, its value and unit.
  void Validate() const;
};

// The chip a trained model is deployed on: the same devices and tiles, programmed afresh from
// streams of its own (seed StreamKey(training.seed, "analog.deployment", "chip")), so that its
// programming, read and output noise are independent of every draw training made on tiles (which
// programmed update 0, the update an evaluation programs, from training.seed).
AnalogEngineOptions DeploymentOptions(const AnalogEngineOptions& training);

class AnalogEngine final : public nn::LinearEngine {
 public:
  // Normalised MSE of Forward against the exact product with the default PCM tiles right after
  // programming (programming and read noise of a few % of g_max per device, 8-bit converters,
  // output noise): measured 3e-3 … 4.2e-2 on the conformance shapes (the largest for a single
  // sample through 784 inputs), so the bound is 0.1.
  static constexpr nn::ConformanceTolerances kTolerances{.forward = 0.1};

  explicit AnalogEngine(const AnalogEngineOptions& options);
  // "analog-<device>": analog-pcm (the registered engine), analog-reram, analog-ideal.
  std::string Name() const override;
  nn::EngineCapabilities Capabilities() const override { return {}; }
  std::unique_ptr<nn::ProgrammedWeights> Program(const nn::WeightsView& w,
                                                 const nn::ProgramContext& context) override;
  // Inference on the tiles: the digital periphery around them (bias, activations and their
  // memory traffic); the tile reads themselves are counted by Forward. Backward and optimizer
  // steps are the host's (nn::DigitalCostModel in fp32).
  std::unique_ptr<nn::CostModel> MakeCostModel(const nn::MlpSpec& spec) const override;

  const AnalogEngineOptions& options() const { return options_; }
  // Everything the tiles did since construction (all layers, all calls).
  const AnalogWork& work() const { return work_; }

 private:
  friend class ProgrammedCrossbar;
  AnalogEngineOptions options_;
  DeviceModel device_;
  AnalogWork work_;
};

}  // namespace landauer::analog

#endif  // LANDAUER_ANALOG_ANALOG_ENGINE_H_

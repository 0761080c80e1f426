#include "landauer/analog/analog_engine.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "landauer/analog/analog_cost.h"
#include "landauer/core/parallel.h"
#include "landauer/core/rng.h"
#include "landauer/energy/ledger.h"

namespace landauer::analog {

void AnalogEngineOptions::Validate() const {
  device.Validate();
  tile.Validate();
  DeviceModel(device).CheckReadTime(read_time_s, "read_time");
  if (threads < 0) {
    throw std::invalid_argument(
        fmt::format("analog engine: threads = {} must be >= 0 (0: every core)", threads));
  }
}

// One layer on its tiles (one set per bit slice), read at the engine's read time.
class ProgrammedCrossbar final : public nn::ProgrammedWeights {
 public:
  ProgrammedCrossbar(AnalogEngine& engine, const nn::WeightsView& w, const nn::ProgramContext& c)
      : engine_(engine),
        noise_(Stream("output_noise_c2c", c)),
        slice_noise_(Stream("output_noise_slice_c2c", c)),
        ledger_(engine.options_.count_device_actions ? c.ledger : nullptr),
        phase_(c.phase) {
    const AnalogEngineOptions& o = engine.options_;
    if (o.count_device_actions && static_cast<double>(c.update) + 1.0 > o.device.endurance_cycles) {
      throw std::invalid_argument(fmt::format(
          "analog engine: programming {} of layer {} exceeds the device's endurance of {} cycles",
          c.update + 1,
          c.layer,
          o.device.endurance_cycles));
    }
    // Slice 0 draws from the streams as named; slice k > 0 from their "_slice" twins, substream k.
    // SliceWeights and AnalogLayer::Program refuse non-finite weights before they program
    // anything (Program in the pass that finds each row tile's scale, so the weights are read
    // once for both). Any std::invalid_argument from them (the weights, the tile, the devices)
    // is rethrown with the layer's index.
    AnalogWork work;
    try {
      // One slice programs the weights as they are (no copy).
      const std::vector<MatrixF> slices =
          o.tile.slices > 1 ? SliceWeights(w.ref(), o.tile.slices, o.tile.slice_bits)
                            : std::vector<MatrixF>{};
      for (int k = 0; k < o.tile.slices; ++k) {
        layers_.emplace_back(o.tile, engine.device_);
        // Read only at t = 0 (hardware-aware training): the drift exponents are not needed.
        layers_.back().Program(
            slices.empty() ? w.ref() : nn::ConstMatrixRef(slices[static_cast<std::size_t>(k)]),
            SliceStream("programming_d2d", c, static_cast<std::size_t>(k)),
            work,
            o.threads,
            /*drift=*/o.read_time_s > 0.0);
      }
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(fmt::format("analog engine: layer {}: {}", c.layer, e.what()));
    }
    if (o.drift_compensation) {
      ReadAll(0.0, 0, c);
      const double reference = Readout(work);
      ReadAll(o.read_time_s, 1, c);
      const double now = Readout(work);
      compensation_ = reference / now;
    } else {
      ReadAll(o.read_time_s, 1, c);
    }
    if (!o.count_programming) work.devices_programmed = 0.0;
    Count(work);
  }

  Eigen::Index rows() const override { return layers_.front().out(); }
  Eigen::Index cols() const override { return layers_.front().in(); }

  void Forward(const nn::ConstMatrixRef& x, MatrixF& y) override {
    AnalogWork work;
    Run(x, y, compensation_, work);
    Count(work);
  }

 private:
  Rng Stream(const char* purpose, const nn::ProgramContext& c) const {
    return Rng(engine_.options_.seed, "analog.crossbar", purpose)
        .Substream(static_cast<std::uint64_t>(c.layer))
        .Substream(static_cast<std::uint64_t>(c.update));
  }
  Rng SliceStream(const std::string& purpose, const nn::ProgramContext& c, std::size_t k) const {
    if (k == 0) return Stream(purpose.c_str(), c);
    return Stream((purpose + "_slice").c_str(), c).Substream(k);
  }
  // Every slice's devices read at t (read `which` of the programming: 0 the reference, 1 the read).
  void ReadAll(double t, std::uint64_t which, const nn::ProgramContext& c) {
    for (std::size_t k = 0; k < layers_.size(); ++k) {
      layers_[k].ReadAt(
          t, SliceStream("read_noise_c2c", c, k).Substream(which), engine_.options_.threads);
    }
  }
  // y = Σ over slices of each slice's read (its own DACs, ADCs and noise).
  void Run(const nn::ConstMatrixRef& x, MatrixF& y, double scale, AnalogWork& work) {
    const std::uint64_t call = calls_++;
    layers_.front().Forward(x, y, noise_.Substream(call), work, scale, engine_.options_.threads);
    MatrixF part;
    for (std::size_t k = 1; k < layers_.size(); ++k) {
      layers_[k].Forward(x,
                         part,
                         slice_noise_.Substream(call).Substream(k),
                         work,
                         scale,
                         engine_.options_.threads);
      y += part;
    }
  }
  // aihwkit's readout: the mean |y| of the one-hot inputs, read on the tiles (clamped at 1e-4).
  double Readout(AnalogWork& work) {
    const MatrixF eye = MatrixF::Identity(cols(), cols());
    MatrixF y;
    Run(eye, y, 1.0, work);
    return std::max(static_cast<double>(y.cwiseAbs().mean()), 1e-4);
  }
  void Count(const AnalogWork& work) {
    engine_.work_ += work;
    if (ledger_ != nullptr) {
      CountAnalogWork(*ledger_,
                      phase_,
                      work,
                      engine_.options_.tile,
                      engine_.options_.device.write_verify_iterations);
    }
  }

  AnalogEngine& engine_;
  std::vector<AnalogLayer> layers_;
  Rng noise_, slice_noise_;
  Ledger* ledger_;
  std::string phase_;
  double compensation_ = 1.0;
  std::uint64_t calls_ = 0;
};

std::string AnalogEngine::Name() const {
  return std::string("analog-") + DeviceParams::Name(options_.device.kind);
}

AnalogEngineOptions DeploymentOptions(const AnalogEngineOptions& training) {
  AnalogEngineOptions o = training;
  o.seed = StreamKey(training.seed, "analog.deployment", "chip");
  return o;
}

AnalogEngine::AnalogEngine(const AnalogEngineOptions& options)
    : options_(options), device_(options.device) {
  options_.Validate();
  options_.threads = ResolveThreads(options_.threads);
}

std::unique_ptr<nn::ProgrammedWeights> AnalogEngine::Program(const nn::WeightsView& w,
                                                             const nn::ProgramContext& context) {
  return std::make_unique<ProgrammedCrossbar>(*this, w, context);
}

std::unique_ptr<nn::CostModel> AnalogEngine::MakeCostModel(const nn::MlpSpec& spec) const {
  return std::make_unique<AnalogCostModel>(spec);
}

}  // namespace landauer::analog

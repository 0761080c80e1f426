#include "landauer/analog/analog_engine.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>
#include <string>

#include "landauer/analog/analog_cost.h"
#include "landauer/core/parallel.h"
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

// One layer on its tiles, read at the engine's read time.
class ProgrammedCrossbar final : public nn::ProgrammedWeights {
 public:
  ProgrammedCrossbar(AnalogEngine& engine, const nn::WeightsView& w, const nn::ProgramContext& c)
      : engine_(engine),
        layer_(engine.options_.tile, engine.device_),
        noise_(Rng(engine.options_.seed, "analog.crossbar", "output_noise_c2c")
                   .Substream(static_cast<std::uint64_t>(c.layer))
                   .Substream(static_cast<std::uint64_t>(c.update))),
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
    const Rng d2d = Rng(o.seed, "analog.crossbar", "programming_d2d")
                        .Substream(static_cast<std::uint64_t>(c.layer))
                        .Substream(static_cast<std::uint64_t>(c.update));
    const Rng read = Rng(o.seed, "analog.crossbar", "read_noise_c2c")
                         .Substream(static_cast<std::uint64_t>(c.layer))
                         .Substream(static_cast<std::uint64_t>(c.update));
    AnalogWork work;
    // Read only at t = 0 (hardware-aware training): the drift exponents are not needed.
    layer_.Program(w.ref(), d2d, work, o.threads, /*drift=*/o.read_time_s > 0.0);
    if (o.drift_compensation) {
      layer_.ReadAt(0.0, read.Substream(0), o.threads);
      const double reference = Readout(work);
      layer_.ReadAt(o.read_time_s, read.Substream(1), o.threads);
      const double now = Readout(work);
      compensation_ = reference / now;
    } else {
      layer_.ReadAt(o.read_time_s, read.Substream(1), o.threads);
    }
    if (!o.count_programming) work.devices_programmed = 0.0;
    Count(work);
  }

  Eigen::Index rows() const override { return layer_.out(); }
  Eigen::Index cols() const override { return layer_.in(); }

  void Forward(const nn::ConstMatrixRef& x, MatrixF& y) override {
    AnalogWork work;
    layer_.Forward(x, y, noise_.Substream(calls_++), work, compensation_, engine_.options_.threads);
    Count(work);
  }

 private:
  // aihwkit's readout: the mean |y| of the one-hot inputs, read on the tiles (clamped at 1e-4).
  double Readout(AnalogWork& work) {
    const MatrixF eye = MatrixF::Identity(layer_.in(), layer_.in());
    MatrixF y;
    layer_.Forward(eye, y, noise_.Substream(calls_++), work, 1.0, engine_.options_.threads);
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
  AnalogLayer layer_;
  Rng noise_;
  Ledger* ledger_;
  std::string phase_;
  double compensation_ = 1.0;
  std::uint64_t calls_ = 0;
};

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

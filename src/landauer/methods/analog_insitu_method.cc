// analog-insitu-mlp: an MLP trained in situ on pulsed resistive devices (analog/in_situ_training.h)
// and read on the crossbar tiles that hold them (builtin_methods.h).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <stdexcept>

#include "analog_methods.h"
#include "landauer/analog/analog_cost.h"
#include "landauer/analog/analog_engine.h"
#include "landauer/analog/in_situ_training.h"
#include "landauer/core/progress.h"
#include "landauer/energy/energy_table.h"
#include "landauer/energy/roofline.h"
#include "landauer/methods/builtin_methods.h"
#include "landauer/methods/mlp_method.h"
#include "optical_methods.h"

namespace landauer {
namespace {

analog::InSituOptions InSituFromParams(const MethodParams& params, std::uint64_t seed) {
  analog::InSituOptions o;
  o.device.dw_min = params.Real("dw_min");
  o.device.up_down = params.Real("up_down");
  o.device.dw_min_std = params.Real("dw_min_std");
  o.device.dw_min_dtod = params.Real("dw_min_dtod");
  o.device.max_pulses = params.Int("max_pulses");
  o.epochs = params.Int("epochs");
  o.batch = params.Int("batch");
  o.learning_rate = params.Real("lr");
  o.range = params.Real("range");
  o.seed = seed;
  return o;
}

// The tiles that read the pulsed devices: ideal devices (they hold exactly the state training
// left; the pulsed model has no drift), g_max the conductance of a device at w_max.
analog::AnalogEngineOptions TilesFromParams(const MethodParams& params,
                                            std::uint64_t seed,
                                            int threads) {
  analog::AnalogEngineOptions o;
  o.device = analog::DeviceParams::Preset("ideal");
  o.device.g_max_us = params.Real("g_max");
  o.tile = TileFromParams(params);
  o.count_device_actions = true;
  o.count_programming = false;  // the devices are trained in place, never programmed
  o.seed = seed;
  o.threads = threads;
  return o;
}

void Validate(const MethodParams& params) {
  InSituFromParams(params, 0).Validate();
  TilesFromParams(params, 0, 1).Validate();
}

// The update's modelled time needs the pulse's length; `table` names the table that lacks it.
std::invalid_argument NoPulseTime(const std::string& method, const std::string& table) {
  return std::invalid_argument(
      fmt::format("{}: {} gives (crossbar, update_pulse) no time; the update's modelled time "
                  "needs the pulse's length: add time = \"50 ns\" (or the device's) to the entry",
                  method,
                  table));
}

class AnalogInSituMethod final : public Method {
 public:
  AnalogInSituMethod(MethodInfo info, const MethodParams& params, const MethodContext& context)
      : info_(std::move(info)),
        params_(params),
        context_(context),
        options_(InSituFromParams(params, context.seed)),
        tiles_options_(TilesFromParams(params, context.seed, context.threads)) {}

  MethodInfo Describe() const override { return info_; }

  FitSummary Fit(const Dataset& train, Ledger& ledger) override {
    // The update's modelled time needs the pulse's length (ModelTime): refuse a table without it
    // before training rather than after.
    if (context_.priced_with != nullptr) {
      const EnergyEntry* pulse = context_.priced_with->Find("crossbar", "update_pulse");
      if (pulse != nullptr && !pulse->time_s.has_value()) {
        throw NoPulseTime(info_.name, fmt::format("table '{}'", context_.priced_with->name()));
      }
    }
    const nn::MlpSpec spec = ClassifierSpec(train, params_.Text("hidden"));
    nn::CheckTrainingMemory(
        spec,
        std::min<std::int64_t>(options_.batch, train.size()),
        fmt::format(
            "{}.hidden={} with batch {}", info_.name, params_.Text("hidden"), options_.batch));
    model_ = std::make_unique<nn::Mlp>(spec, nn::Activation::kRelu);
    model_->Initialize(context_.seed);
    tiles_ = TileCount(spec, tiles_options_.tile);
    update_rows_ = 0.0;
    for (int l = 0; l < spec.num_layers(); ++l) {
      update_rows_ += std::min(spec.widths[l], tiles_options_.tile.rows);
    }
    analog::AnalogEngine tiles(tiles_options_);
    analog::AnalogCostModel cost(spec);
    ProgressTask progress(context_.progress, info_.name, options_.epochs);
    const analog::InSituResult result = analog::TrainInSitu(
        *model_,
        train,
        options_,
        context_.threads,
        {.forward = &tiles, .ledger = &ledger, .cost = &cost, .phase = "train"});
    progress.Advance(options_.epochs);
    progress.End();
    train_reads_ = tiles.work().reads;
    steps_ = result.steps;
    pulses_per_step_ = result.steps > 0.0 ? result.pulses / result.steps : 0.0;
    mean_state_ = 0.0;
    for (const double m : result.mean_state) {
      mean_state_ += m / static_cast<double>(result.mean_state.size());
    }
    FitSummary fit{.steps = static_cast<std::int64_t>(result.steps), .curve = {}};
    for (const nn::EpochStats& epoch : result.epochs) {
      fit.seconds += epoch.seconds;
      fit.curve.push_back({epoch.epoch, epoch.loss, epoch.train_accuracy});
    }
    fit.samples = static_cast<std::int64_t>(result.epochs.size()) * train.size();
    fit.final_loss = result.epochs.empty() ? 0.0 : result.epochs.back().loss;
    return fit;
  }

  std::vector<Evaluation> Evaluate(const Dataset& test) override {
    if (!model_) throw std::logic_error(info_.name + ": Evaluate before Fit");
    Evaluation evaluation =
        EvaluateOnTiles(*model_, test, tiles_options_, "tiles", tiles_, inference_reads_);
    evaluation.metrics.emplace_back("update_pulses_per_step", pulses_per_step_);
    evaluation.metrics.emplace_back("mean_device_state", mean_state_);
    return {std::move(evaluation)};
  }

  // Training, one step after another: the tiles' forward reads (every tile in parallel, one read
  // per read_ns), the host's backward pass (its roofline), and the update, row by row on every
  // tile at once — each row selected in turn while its columns receive their devices' pulse
  // trains, max_pulses pulses long — with the layers one after another. One phase per row: the
  // potentiating and depressing pulses share it (a chip that applies the two polarities in turn
  // takes twice as long). The pulse's time is its table entry's, which must have one. Inference:
  // TileInferenceTime.
  ModelledTime ModelTime(const PhaseReport& phase, const std::string& variant) const override {
    const double read_ns = params_.Real("read_ns");
    if (!variant.empty()) return TileInferenceTime(phase, inference_reads_, tiles_, read_ns);
    ModelledTime time = Roofline(phase, {"dac", "adc", "crossbar"});
    double pulse_s = 0.0;
    for (const PricedAction& a : phase.actions) {
      if (a.component == "crossbar" && a.action == "update_pulse" && a.count > 0.0) {
        if (!a.has_time) {
          throw NoPulseTime(info_.name, "the device table");
        }
        pulse_s = a.time_at_peak_s / a.count;
      }
    }
    const double host = time.seconds;
    time.busy_s["crossbar tiles"] = tiles_ > 0.0 ? train_reads_ / tiles_ * read_ns * 1e-9 : 0.0;
    time.busy_s["crossbar update"] = steps_ * update_rows_ * options_.device.max_pulses * pulse_s;
    time.seconds = host + time.busy_s["crossbar tiles"] + time.busy_s["crossbar update"];
    const auto bound = time.busy_s.find(time.bound_by);
    double longest = bound == time.busy_s.end() ? 0.0 : bound->second;
    for (const char* unit : {"crossbar tiles", "crossbar update"}) {
      if (time.busy_s[unit] > longest) {
        longest = time.busy_s[unit];
        time.bound_by = unit;
      }
    }
    time.model =
        "per step, one after another: the tiles' forward reads (in parallel, read_ns each), "
        "the host's backward pass (roofline), the update row by row (max_pulses pulses)";
    return time;
  }

 private:
  MethodInfo info_;
  MethodParams params_;
  MethodContext context_;
  analog::InSituOptions options_;
  analog::AnalogEngineOptions tiles_options_;
  std::unique_ptr<nn::Mlp> model_;
  double tiles_ = 0.0, update_rows_ = 0.0, steps_ = 0.0;
  double train_reads_ = 0.0, inference_reads_ = 0.0;
  double pulses_per_step_ = 0.0, mean_state_ = 0.0;
};

}  // namespace

MethodRegistration AnalogInSituRegistration() {
  MethodInfo info{
      .name = "analog-insitu-mlp",
      .substrate = "analog",
      .summary =
          "MLP (ReLU) trained in situ by SGD on pulsed soft-bounds resistive devices (up/down "
          "asymmetry, device-to-device and pulse-to-pulse spread): forward on crossbar tiles, "
          "backward on the host, updates as pulses; read on the same tiles",
      .erased_bits =
          "training: the tiles' converter bits (DAC per row, ADC per column per read), the "
          "host's fp32 backward pass, pulse counts and bias updates; the pulses store none; "
          "inference: the converters' bits and the periphery's fp32 accumulators",
      .in_default_set = false,
      .device_tables = {"reram-analog"}};
  std::vector<ParamSpec> params = {
      EpochsParam(),
      BatchParam(32, false),
      RealParam("lr", "0.05", "", "learning rate of the pulsed SGD", 0, 100, true),
      HiddenParam(),
      RealParam("dw_min", "0.001", "device units", "nominal step of one pulse", 0, 1, true),
      RealParam(
          "up_down", "0", "", "asymmetry a: up steps (1 + a) dw_min, down (1 − a) dw_min", -1, 1),
      RealParam("dw_min_std", "0.3", "", "pulse-to-pulse spread of the step, relative", 0, 10),
      RealParam("dw_min_dtod", "0.3", "", "device-to-device spread of the step, relative", 0, 10),
      IntParam("max_pulses", "31", "pulses", "pulses per device per update at most", 1, 1000),
      RealParam("range", "0.5", "", "the initial weights' share of the devices' bound", 0, 1, true),
      RealParam("g_max", "40", "µS", "conductance of a device at its upper bound", 0, 1e6, true),
  };
  for (ParamSpec& spec : TileParamSpecs()) params.push_back(std::move(spec));
  return {.info = info,
          .params = params,
          .factory =
              [info](const MethodParams& p, const MethodContext& context) {
                return std::make_unique<AnalogInSituMethod>(info, p, context);
              },
          .validate = Validate};
}

}  // namespace landauer

// analog-mlp: an MLP on PCM or ReRAM crossbar tiles, trained hardware-aware on the host and read
// at several times after programming (builtin_methods.h; the library is analog/).
#include <fmt/format.h>

#include <chrono>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "analog_methods.h"
#include "landauer/analog/analog_cost.h"
#include "landauer/analog/analog_engine.h"
#include "landauer/core/progress.h"
#include "landauer/energy/roofline.h"
#include "landauer/methods/builtin_methods.h"
#include "landauer/methods/mlp_method.h"
#include "landauer/nn/digital_cost.h"
#include "landauer/nn/trainer.h"
#include "optical_methods.h"

namespace landauer {
namespace {

// The read times every run reports: 1 s, 1 hour, 1 day and 1 year after programming (ReRAM's
// data end at 2 days, which replaces the year).
struct ReadTime {
  const char* name;
  double seconds;
};
constexpr ReadTime kReadTimes[] = {{"1s", 1.0}, {"1h", 3600.0}, {"1d", 86400.0}, {"1y", 3.15576e7}};

analog::AnalogEngineOptions EngineOptions(const MethodParams& params, std::uint64_t seed) {
  analog::AnalogEngineOptions o;
  o.device = analog::DeviceParams::Preset(params.Text("device"));
  if (params.Real("g_max") > 0.0) o.device.g_max_us = params.Real("g_max");
  o.device.write_verify_iterations = params.Int("write_verify");
  o.tile = TileFromParams(params);
  o.tile.wire_ohm = params.Real("wire_ohm");
  o.tile.slices = params.Int("slices");
  o.tile.slice_bits = params.Int("slice_bits");
  o.tile.cell_devices = params.Int("cell_devices");
  o.seed = seed;
  return o;
}

std::vector<std::string> DeviceTables(const MethodParams& params) {
  return {params.Text("device") + "-analog"};
}

// The standard read times the device retains (ReRAM's data end at 2 days, which replaces the
// year), each with its variant's name.
std::vector<std::pair<std::string, double>> StandardReadTimes(const analog::DeviceParams& device) {
  std::vector<std::pair<std::string, double>> times;
  for (const ReadTime& t : kReadTimes) {
    if (t.seconds > device.retention_s) {
      times.emplace_back(fmt::format("{}s", device.retention_s), device.retention_s);
      break;
    }
    times.emplace_back(t.name, t.seconds);
  }
  return times;
}

void Validate(const MethodParams& params) {
  analog::AnalogEngineOptions o = EngineOptions(params, 0);
  o.Validate();
  const double extra = params.Real("read_time");
  if (extra > 0.0) {
    analog::DeviceModel(o.device).CheckReadTime(extra, "analog-mlp.read_time");
    for (const auto& [name, seconds] : StandardReadTimes(o.device)) {
      if (seconds == extra) {
        throw std::invalid_argument(fmt::format(
            "analog-mlp.read_time = {} s is already the standard variant '{}'; choose another "
            "time, or 0 for none",
            extra,
            name));
      }
    }
  }
}

class AnalogMlpMethod final : public Method {
 public:
  AnalogMlpMethod(MethodInfo info, const MethodParams& params, const MethodContext& context)
      : info_(std::move(info)),
        params_(params),
        context_(context),
        options_(EngineOptions(params, context.seed)) {
    options_.threads = context.threads;
  }

  MethodInfo Describe() const override { return info_; }

  FitSummary Fit(const Dataset& train, Ledger& ledger) override {
    const nn::MlpSpec spec = ClassifierSpec(train, params_.Text("hidden"));
    const int batch = params_.Int("batch");
    nn::CheckTrainingMemory(
        spec,
        std::min<std::int64_t>(batch, train.size()),
        fmt::format("{}.hidden={} with batch {}", info_.name, params_.Text("hidden"), batch));
    model_ = std::make_unique<nn::Mlp>(spec, nn::Activation::kRelu);
    model_->Initialize(context_.seed);
    nn::TrainOptions options;
    options.epochs = params_.Int("epochs");
    options.batch = batch;
    options.seed = context_.seed;
    options.threads = context_.threads;
    options.optimizer = {.name = "adam", .learning_rate = params_.Real("lr")};
    options.Validate();
    // Hardware-aware training: the forward pass on tiles freshly programmed at every step (their
    // programming noise, converters and output noise), the backward pass and the update on the
    // host. Training is a simulation on the host, so the host's fp32 work is what it costs.
    analog::AnalogEngineOptions training = options_;
    training.count_device_actions = false;
    training.read_time_s = 0.0;
    training.drift_compensation = false;
    std::unique_ptr<nn::LinearEngine> engine;
    if (params_.Int("hwa") != 0) {
      engine = std::make_unique<analog::AnalogEngine>(training);
    } else {
      engine = std::make_unique<nn::DigitalEngine>(context_.threads);
    }
    nn::DigitalCostModel host(spec, nn::Precision::kFp32);
    ProgressTask progress(context_.progress, info_.name, nn::TrainingSteps(train.size(), options));
    const nn::TrainResult result =
        nn::Train(*model_, train, options, *engine, &host, &ledger, &progress);
    progress.End();
    // Deploying the trained network: every device of every tile programmed once, by write-verify
    // (the evaluations read this chip; they do not program it again).
    // Bit slices each have their own tiles.
    // Every device of every slice's cells.
    const double devices_per_weight = 2.0 * options_.tile.slices * options_.tile.cell_devices;
    tiles_ = TileCount(spec, options_.tile, options_.tile.slices);
    busiest_tile_devices_ = 0.0;
    analog::AnalogWork deploy;
    for (int l = 0; l < spec.num_layers(); ++l) {
      const double in = spec.widths[l], out = spec.widths[l + 1];
      deploy.devices_programmed += devices_per_weight * in * out;
      busiest_tile_devices_ =
          std::max(busiest_tile_devices_,
                   2.0 * options_.tile.cell_devices * std::min<double>(in, options_.tile.rows) *
                       std::min<double>(out, options_.tile.cols));
    }
    analog::CountAnalogWork(
        ledger, "train", deploy, options_.tile, options_.device.write_verify_iterations);
    devices_ = deploy.devices_programmed;
    FitSummary fit{.seconds = result.train_seconds,
                   .samples = result.samples,
                   .steps = result.steps,
                   .final_loss = result.epochs.empty() ? 0.0 : result.epochs.back().loss,
                   .curve = {}};
    for (const nn::EpochStats& epoch : result.epochs) {
      fit.curve.push_back({epoch.epoch, epoch.loss, epoch.train_accuracy});
    }
    return fit;
  }

  std::vector<Evaluation> Evaluate(const Dataset& test) override {
    if (!model_) throw std::logic_error(info_.name + ": Evaluate before Fit");
    std::vector<Evaluation> out;
    // The standard times, then `read_time` (its name exact: the shortest decimal that reads back
    // as the same double, so no two times share a name).
    std::vector<std::pair<std::string, double>> times = StandardReadTimes(options_.device);
    const double extra = params_.Real("read_time");
    if (extra > 0.0) times.emplace_back(fmt::format("{}s", extra), extra);
    for (const auto& [name, seconds] : times) {
      for (const bool compensate : {false, true}) {
        analog::AnalogEngineOptions o = options_;
        o.read_time_s = seconds;
        o.drift_compensation = compensate;
        const std::string variant = name + (compensate ? "-gdc" : "");
        // Programming was counted once, with training.
        Evaluation evaluation = EvaluateOnTiles(*model_, test, o, variant, tiles_, reads_[variant]);
        evaluation.metrics.emplace_back("devices", devices_);
        out.push_back(std::move(evaluation));
      }
    }
    return out;
  }

  // Inference: TileInferenceTime. Training: the host's roofline, then deploying the chip with
  // every tile programming one device at a time, all tiles at once.
  ModelledTime ModelTime(const PhaseReport& phase, const std::string& variant) const override {
    if (variant.empty()) {
      ModelledTime time = Roofline(phase, {"crossbar", "dac"});
      // Programming: every tile at once, each one device at a time (its target's DAC conversion
      // and its write-verify pulses), so the busiest tile sets the time.
      double programming = 0.0;
      for (const PricedAction& a : phase.actions) {
        if (a.component == "crossbar" || a.component == "dac") programming += a.time_at_peak_s;
      }
      programming *= devices_ > 0.0 ? busiest_tile_devices_ / devices_ : 0.0;
      const double host = time.seconds;
      time.busy_s["crossbar programming"] = programming;
      time.seconds = host + programming;  // one after the other
      if (programming > host) time.bound_by = "crossbar programming";
      time.model =
          "the host's roofline (training), then programming the chip: every tile "
          "programs one device at a time, the tiles in parallel";
      return time;
    }
    const auto it = reads_.find(variant);
    return TileInferenceTime(
        phase, it == reads_.end() ? 0.0 : it->second, tiles_, params_.Real("read_ns"));
  }

 private:
  MethodInfo info_;
  MethodParams params_;
  MethodContext context_;
  analog::AnalogEngineOptions options_;
  std::unique_ptr<nn::Mlp> model_;
  double tiles_ = 1.0;
  double devices_ = 0.0;
  double busiest_tile_devices_ = 0.0;
  std::map<std::string, double> reads_;
};

}  // namespace

MethodRegistration AnalogMlpRegistration() {
  MethodInfo info{
      .name = "analog-mlp",
      .substrate = "analog",
      .summary =
          "MLP (ReLU) on PCM (or ReRAM) crossbar tiles with DACs, ADCs and bound management, "
          "trained hardware-aware (noisy tiles forward, ideal backward on the host); read 1 s, "
          "1 h, 1 day and 1 year after programming, with and without global drift compensation",
      .erased_bits =
          "training: the host's fp32 work as digital-mlp counts it; inference: each "
          "converter sample's bits (the DAC's per row read and per device programmed, the "
          "ADC's per column read), the periphery's fp32 accumulators and activations written; "
          "the array's current and programming pulses store none",
      .in_default_set = false,
      .device_tables = {"pcm-analog"}};
  ParamSpec device{.key = "device",
                   .type = ParamType::kText,
                   .default_value = "pcm",
                   .doc = "device model: pcm (Joshi 2020) or reram (Wan 2022)",
                   .choices = {"pcm", "reram"}};
  std::vector<ParamSpec> params = {
      EpochsParam(),
      BatchParam(128, true),
      LearningRateParam(),
      HiddenParam(),
      device,
      IntParam("hwa", "1", "", "1: hardware-aware training; 0: plain fp32 training", 0, 1),
      RealParam("g_max",
                "0",
                "µS",
                "conductance of the largest |weight| (0: the device's, 25 for pcm, 40 for reram)",
                0,
                1e6),
  };
  // The tiles' parameters after g_max, their read time last (the order `methods` lists).
  std::vector<ParamSpec> tiles = TileParamSpecs();
  params.insert(params.end(), tiles.begin(), tiles.end() - 1);
  params.insert(
      params.end(),
      {
          RealParam("wire_ohm",
                    "0",
                    "Ω per cell",
                    "line resistance of word and bit lines: first-order IR drop (0: none)",
                    0,
                    1e6),
          IntParam(
              "slices", "1", "slices", "bit slices per weight, one ADC read each (1: none)", 1, 8),
          IntParam("slice_bits", "4", "bits", "bits per slice (with slices > 1)", 1, 24),
          IntParam("cell_devices",
                   "1",
                   "devices",
                   "devices per polarity in each unit cell, in parallel (HERMES: 2)",
                   1,
                   8),
          IntParam(
              "write_verify", "10", "pulses", "program-and-verify iterations per device", 1, 1000),
          RealParam("read_time",
                    "0",
                    "s",
                    "one more read time after programming: variants '<t>s', '<t>s-gdc' (0: none)",
                    0,
                    1e12),
      });
  params.push_back(tiles.back());
  return {.info = info,
          .params = params,
          .factory =
              [info](const MethodParams& p, const MethodContext& context) {
                return std::make_unique<AnalogMlpMethod>(info, p, context);
              },
          .validate = Validate,
          .device_tables_for = DeviceTables};
}

}  // namespace landauer

// landauer analog mvm|drift|insitu: analog in-memory computing on PCM and ReRAM crossbars
// (docs/analog.md).
//   mvm    one layer of random weights on tiles, read at a time after programming: the error of
//          the tiles' product against the exact one, what the tiles did, and its energy;
//          --export-mapping writes the tile assignment and the conductance targets as JSON
//   drift  an MLP trained (hardware-aware or not) on the workload, programmed onto tiles and
//          read at several times after programming, with and without global drift compensation
//   insitu an MLP trained in situ on pulsed soft-bounds devices, for several step asymmetries,
//          beside the same SGD run digitally
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <tuple>

#include "commands.h"
#include "landauer/analog/analog_cost.h"
#include "landauer/analog/analog_engine.h"
#include "landauer/analog/in_situ_training.h"
#include "landauer/core/atomic_file.h"
#include "landauer/core/progress.h"
#include "landauer/data/workload.h"
#include "landauer/energy/energy_report.h"
#include "landauer/nn/digital_cost.h"
#include "landauer/nn/mlp.h"
#include "landauer/nn/trainer.h"
#include "landauer/report/text_table.h"

namespace landauer::cli {
namespace {

struct TileOptions {
  std::string device = "pcm";
  double g_max = 0.0;  // 0: the preset's
  analog::TileParams tile;
};

void AddTileOptions(CLI::App& command, TileOptions& o) {
  command
      .add_option("--device",
                  o.device,
                  "Device model: pcm (Joshi 2020), reram (Wan 2022), "
                  "ideal")
      ->capture_default_str();
  AddNumber(command,
            "--g-max",
            o.g_max,
            "Conductance of the largest |weight|, µS (0: the preset's, 25 for pcm, 40 for reram)",
            Between(0.0, Bound::kClosed, 1e6, Bound::kClosed, "a conductance in µS", "--g-max 25"));
  AddNumber(command,
            "--tile-rows",
            o.tile.rows,
            "Inputs per tile (word lines)",
            Count(1, 4096, "a number of rows", "--tile-rows 256"));
  AddNumber(command,
            "--tile-cols",
            o.tile.cols,
            "Outputs per tile (bit lines)",
            Count(1, 4096, "a number of columns", "--tile-cols 256"));
  AddNumber(command,
            "--dac-bits",
            o.tile.dac_bits,
            "Input DAC bits (0: ideal, not priced)",
            Count(0, 16, "a number of bits", "--dac-bits 8"));
  AddNumber(command,
            "--adc-bits",
            o.tile.adc_bits,
            "Output ADC bits (0: ideal, not priced)",
            Count(0, 16, "a number of bits", "--adc-bits 8"));
  AddNumber(command,
            "--out-bound",
            o.tile.out_bound,
            "ADC full scale, in fully-on devices at full input",
            Positive("a full scale", "--out-bound 12"));
  AddNumber(command,
            "--out-noise",
            o.tile.out_noise,
            "Output noise σ per read, in fully-on devices at full input",
            Between(0.0, Bound::kClosed, 1e6, Bound::kClosed, "a noise σ", "--out-noise 0.06"));
  AddNumber(
      command,
      "--wire-ohm",
      o.tile.wire_ohm,
      "Line resistance per cell on word and bit lines, Ω: first-order IR drop (0: none)",
      Between(0.0, Bound::kClosed, 1e6, Bound::kClosed, "a resistance in Ω", "--wire-ohm 0.35"));
  AddNumber(command,
            "--slices",
            o.tile.slices,
            "Bit slices per weight, each on its own devices and read by its own ADCs (1: none)",
            Count(1, 8, "a number of slices", "--slices 2"));
  AddNumber(command,
            "--slice-bits",
            o.tile.slice_bits,
            "Bits per slice (with --slices > 1; at most 24 in all)",
            Count(1, 24, "a number of bits", "--slice-bits 4"));
  AddNumber(command,
            "--cell-devices",
            o.tile.cell_devices,
            "Devices per polarity in each unit cell, in parallel: their noise averages (HERMES: 2)",
            Count(1, 8, "a number of devices", "--cell-devices 2"));
  AddNumber(command,
            "--bm-rounds",
            o.tile.bm_rounds,
            "Bound management: re-reads with the input halved when an output clips (0: clip)",
            Count(0, 30, "a number of re-reads", "--bm-rounds 10"));
}

analog::AnalogEngineOptions EngineOptions(const TileOptions& t, std::uint64_t seed, int threads) {
  analog::AnalogEngineOptions o;
  o.device = WithFlag("--device", [&] { return analog::DeviceParams::Preset(t.device); });
  if (t.g_max > 0.0) o.device.g_max_us = t.g_max;
  o.tile = t.tile;
  o.seed = seed;
  o.threads = threads;
  WithFlag("--g-max/--tile-rows/--tile-cols/--out-bound/--slices", [&] { o.Validate(); });
  return o;
}

struct MvmOptions {
  CommonOptions common;
  TileOptions tile;
  int rows = 512, cols = 512, batch = 256;
  double time = 0.0;
  bool gdc = false;
  std::string hardware;  // the table that prices the tiles; empty: <device>-analog
  std::string export_mapping;
};

nlohmann::json MappingJson(const analog::AnalogLayer& layer) {
  nlohmann::json tiles = nlohmann::json::array();
  const analog::TileParams& t = layer.tile();
  for (int r = 0; r < layer.row_tiles(); ++r) {
    for (int c = 0; c < layer.col_tiles(); ++c) {
      const int i0 = r * t.rows, i1 = std::min(layer.in(), i0 + t.rows);
      const int j0 = c * t.cols, j1 = std::min(layer.out(), j0 + t.cols);
      nlohmann::json plus = nlohmann::json::array(), minus = nlohmann::json::array(),
                     scales = nlohmann::json::array();
      for (int j = j0; j < j1; ++j) {
        std::vector<float> p(layer.target_plus().row(j).data() + i0,
                             layer.target_plus().row(j).data() + i1);
        std::vector<float> m(layer.target_minus().row(j).data() + i0,
                             layer.target_minus().row(j).data() + i1);
        plus.push_back(p);
        minus.push_back(m);
        scales.push_back(layer.scales()(j, r));
      }
      tiles.push_back({{"tile", {r, c}},
                       {"inputs", {i0, i1}},
                       {"outputs", {j0, j1}},
                       {"column_scales", scales},
                       {"g_plus_target_us", plus},
                       {"g_minus_target_us", minus}});
    }
  }
  return {{"device", analog::DeviceParams::Name(layer.device().params().kind)},
          {"g_max_us", layer.device().params().g_max_us},
          {"tile_rows", t.rows},
          {"tile_cols", t.cols},
          {"layer_inputs", layer.in()},
          {"layer_outputs", layer.out()},
          {"note",
           "weights w[out][in] = column_scale * (g_plus - g_minus) / g_max; targets before "
           "programming noise; rows of g_*_target_us are outputs (bit lines), entries inputs"},
          {"tiles", tiles}};
}

void RunMvm(const MvmOptions& options, CliEnvironment& environment) {
  const int threads = environment.Context(options.common).threads;
  analog::AnalogEngineOptions o = EngineOptions(options.tile, options.common.seed, threads);
  WithFlag("--time", [&] { analog::DeviceModel(o.device).CheckReadTime(options.time, "--time"); });
  if (!options.export_mapping.empty()) CheckOutputFile(options.export_mapping, "--export-mapping");
  const std::string table_name =
      options.hardware.empty() ? std::string(analog::DeviceParams::Name(o.device.kind)) + "-analog"
                               : options.hardware;
  const bool priced =
      o.device.kind != analog::DeviceKind::kIdeal && o.tile.dac_bits > 0 && o.tile.adc_bits > 0;
  const EnergyTable* table = priced ? &environment.catalog().Get(table_name) : nullptr;
  if (table != nullptr) {
    // The converters' bits must be priced before anything runs.
    for (const auto& [flag, component, bits] : {std::tuple{"--dac-bits", "dac", o.tile.dac_bits},
                                                std::tuple{"--adc-bits", "adc", o.tile.adc_bits}}) {
      if (table->Find(component, fmt::format("convert_{}b", bits)) == nullptr) {
        throw std::invalid_argument(fmt::format(
            "{} {}: table '{}' prices no {}-bit {} conversion (({}, convert_{}b)); choose bits "
            "it prices (landauer hardware show {}), or 0 for an ideal, unpriced converter",
            flag,
            bits,
            table->name(),
            bits,
            component,
            component,
            bits,
            table->name()));
      }
    }
  }
  // Weights, inputs and outputs in float, the tiles' conductances (two per weight, per slice),
  // the read's buffers, and its first read of a pass (at most 64 MiB of whole 64-sample blocks,
  // AnalogLayer::Forward): refuse what would not fit in memory before allocating it.
  const double row_tiles = std::ceil(static_cast<double>(options.rows) / o.tile.rows);
  const double first_read_row = 4.0 * options.cols * row_tiles;
  const double pass_rows =
      std::min(static_cast<double>(options.batch),
               64.0 * std::max(1.0, std::floor(64.0 * 1024 * 1024 / first_read_row / 64.0)));
  const double bytes =
      4.0 * (static_cast<double>(options.rows) * options.cols *
                 (8.0 + 4.0 * o.tile.slices * o.tile.cell_devices) +
             static_cast<double>(options.batch) * (options.rows + options.cols) * 4.0) +
      pass_rows * first_read_row;
  if (bytes > 16.0 * 1024 * 1024 * 1024) {
    throw std::invalid_argument(fmt::format(
        "--rows {} --cols {} --batch {}: about {:.0f} GiB of memory; use at most 16 GiB (a "
        "smaller layer or batch)",
        options.rows,
        options.cols,
        options.batch,
        bytes / (1024.0 * 1024 * 1024)));
  }
  Rng rng(options.common.seed, "analog.mvm", "operands");
  MatrixF w(options.cols, options.rows), x(options.batch, options.rows);
  for (Eigen::Index k = 0; k < w.size(); ++k) w.data()[k] = static_cast<float>(rng.Normal());
  for (Eigen::Index k = 0; k < x.size(); ++k) x.data()[k] = static_cast<float>(rng.Normal());
  const MatrixF exact = x * w.transpose();
  o.read_time_s = options.time;
  o.drift_compensation = options.gdc;
  analog::AnalogEngine engine(o);
  auto programmed = engine.Program(w, nn::ProgramContext{});
  // What the read did: the engine's work after it, less what programming (and the drift
  // compensation's calibration reads) did.
  const analog::AnalogWork before = engine.work();
  MatrixF y;
  programmed->Forward(x, y);
  analog::AnalogWork work = engine.work();
  work -= before;
  // The error of each output against the exact product, in units of the exact outputs' rms.
  const double rms = std::sqrt(exact.squaredNorm() / static_cast<double>(exact.size()));
  const MatrixF error = y - exact;
  const double mean_error = error.mean() / rms;
  const double sd_error = std::sqrt((error.array() - error.mean()).square().mean()) / rms;
  const double nmse = error.squaredNorm() / exact.squaredNorm();
  const double samples = static_cast<double>(options.batch);
  nlohmann::json json = {{"command", "analog mvm"},
                         {"device", options.tile.device},
                         {"g_max_us", o.device.g_max_us},
                         {"rows", options.rows},
                         {"cols", options.cols},
                         {"batch", options.batch},
                         {"time_s", options.time},
                         {"drift_compensation", options.gdc},
                         {"tile_shape", {engine.options().tile.rows, engine.options().tile.cols}},
                         {"slices", o.tile.slices},
                         {"cell_devices", o.tile.cell_devices},
                         {"dac_bits", o.tile.dac_bits},
                         {"adc_bits", o.tile.adc_bits},
                         {"nmse", nmse},
                         {"mean_error_rel_rms", mean_error},
                         {"sd_error_rel_rms", sd_error},
                         {"tile_reads_per_mvm", work.reads / samples},
                         {"rereads_per_mvm", work.rereads / samples},
                         {"clipped_outputs_per_mvm", work.clipped_outputs / samples},
                         {"seed", options.common.seed}};
  std::string energy_line = "energy: not priced (an ideal device or converter has no price)\n";
  if (table != nullptr) {
    Ledger mvm;
    analog::CountAnalogWork(mvm, "mvm", work, o.tile, o.device.write_verify_iterations);
    double total = 0.0;
    nlohmann::json parts = nlohmann::json::object();
    for (const ActionCount& a : mvm.actions("mvm")) {
      if (a.component == "alu") continue;  // the digital periphery: priced on a digital table
      const double joules = table->Price(a.component, a.action).energy_j * a.count / samples;
      parts[a.component + "." + a.action] = joules;
      total += joules;
    }
    const double ops = 2.0 * options.rows * options.cols;
    json["table"] = table->name();
    json["energy_per_mvm_j"] = total;
    json["energy_parts_per_mvm_j"] = parts;
    json["tops_per_w"] = ops / total / 1e12;
    json["digital_macs_per_mvm"] = work.digital_macs / samples;
    energy_line = fmt::format(
        "energy per MVM on {} (converters and array; the {:.0f} digital periphery MACs are "
        "priced on a digital table): {:.4g} nJ, {:.3g} TOPS/W\n",
        table->name(),
        work.digital_macs / samples,
        total * 1e9,
        ops / total / 1e12);
    std::string breakdown;
    for (const auto& [name, joules] : parts.items()) {
      breakdown += fmt::format("  {:<26} {:>10.4g} pJ  {:5.1f} %\n",
                               name,
                               joules.get<double>() * 1e12,
                               100.0 * joules.get<double>() / total);
    }
    energy_line += breakdown;
  }
  if (!options.export_mapping.empty()) {
    // One mapping per bit slice (the targets before programming noise).
    nlohmann::json slices = nlohmann::json::array();
    const std::vector<MatrixF> parts = analog::SliceWeights(w, o.tile.slices, o.tile.slice_bits);
    for (std::size_t k = 0; k < parts.size(); ++k) {
      analog::AnalogLayer layer(o.tile, analog::DeviceModel(o.device));
      analog::AnalogWork ignored;
      layer.Program(parts[k], Rng(options.common.seed, "analog.mvm", "mapping"), ignored, threads);
      nlohmann::json mapping = MappingJson(layer);
      mapping["slice"] = k;
      slices.push_back(std::move(mapping));
    }
    nlohmann::json file = {{"schema", "landauer.analog-mapping/1"},
                           {"slices", o.tile.slices},
                           {"slice_bits", o.tile.slices > 1 ? o.tile.slice_bits : 0},
                           {"cell_devices", o.tile.cell_devices},
                           {"note",
                            "the layer's weights are the sum over slices of each slice's "
                            "column_scale * (g_plus - g_minus) / g_max; each target is every "
                            "one of a cell's cell_devices devices per polarity"},
                           {"mappings", slices}};
    WriteFileAtomically(options.export_mapping, file.dump(1) + "\n");
    json["mapping"] = options.export_mapping;
  }
  Emit(options.common,
       std::move(json),
       fmt::format(
           "{} × {} weights on {} tiles of {} × {} ({}{}, {}-bit DAC, {}-bit ADC), read {:g} "
           "s after programming{}; {} random inputs\n"
           "error against the exact product: nmse {:.3g}, mean {:+.4f} and sd {:.4f} of "
           "the outputs' rms\n"
           "tile reads per MVM {:.2f} (bound-management re-reads {:.2f}); clipped outputs "
           "per MVM {:.2f}\n{}",
           options.cols,
           options.rows,
           ((options.rows + o.tile.rows - 1) / o.tile.rows) *
               ((options.cols + o.tile.cols - 1) / o.tile.cols),
           o.tile.rows,
           o.tile.cols,
           options.tile.device,
           o.tile.cell_devices > 1
               ? fmt::format(", {} devices per polarity per cell", o.tile.cell_devices)
               : std::string(),
           o.tile.dac_bits,
           o.tile.adc_bits,
           options.time,
           options.gdc ? " with global drift compensation" : "",
           options.batch,
           nmse,
           mean_error,
           sd_error,
           work.reads / samples,
           work.rereads / samples,
           work.clipped_outputs / samples,
           energy_line));
}

// The accuracy of `model` on `test` with its products on `engine` (nothing counted).
double AccuracyOn(const nn::Mlp& model, const Dataset& test, nn::LinearEngine& engine) {
  return nn::Evaluate(model, test, 1000, engine, nullptr, nullptr, "").accuracy;
}

struct DriftOptions {
  CommonOptions common;
  WorkloadOptions workload;
  TileOptions tile;
  std::string hidden = "256-256";
  int epochs = 5, batch = 128;
  double lr = 1e-3;
  int hwa = 1;
  double hwa_noise = 1.0;  // training's noise over the chip's (programming, read, output)
  std::vector<double> times = {1.0, 3600.0, 86400.0, 3.15576e7};
};

void RunDrift(const DriftOptions& options, CliEnvironment& environment) {
  const int threads = environment.Context(options.common).threads;
  const analog::AnalogEngineOptions base =
      EngineOptions(options.tile, options.common.seed, threads);
  const analog::DeviceModel device(base.device);
  for (const double t : options.times) {
    WithFlag("--times", [&] { device.CheckReadTime(t, "a drift time"); });
  }
  WithFlag("--hidden", [&] { nn::MlpSpec::Parse("mlp:1-" + options.hidden + "-1"); });
  const TrainTest data = LoadWorkload(options.workload);
  const nn::MlpSpec spec = WithFlag("--hidden", [&] {
    return nn::MlpSpec::Parse(fmt::format(
        "mlp:{}-{}-{}", data.train.dimension(), options.hidden, data.train.num_classes));
  });
  nn::CheckTrainingMemory(spec,
                          std::min<std::int64_t>(options.batch, data.train.size()),
                          fmt::format("--hidden {} --batch {}", options.hidden, options.batch));
  nn::Mlp model(spec, nn::Activation::kRelu);
  model.Initialize(options.common.seed);
  nn::TrainOptions train;
  train.epochs = options.epochs;
  train.batch = options.batch;
  train.seed = options.common.seed;
  train.threads = threads;
  train.optimizer = {.name = "adam", .learning_rate = options.lr};
  analog::AnalogEngineOptions training = base;
  training.count_device_actions = false;
  // Hardware-aware training may inject more noise than the chip has (aihwkit's recipes often do).
  training.device.prog_noise_scale *= options.hwa_noise;
  training.device.read_noise_scale *= options.hwa_noise;
  training.tile.out_noise *= options.hwa_noise;
  std::unique_ptr<nn::LinearEngine> engine;
  if (options.hwa != 0) {
    engine = std::make_unique<analog::AnalogEngine>(training);
  } else {
    engine = std::make_unique<nn::DigitalEngine>(threads);
  }
  ProgressTask progress(environment.progress(),
                        "analog drift",
                        nn::TrainingSteps(data.train.size(), train) +
                            2 * static_cast<std::int64_t>(options.times.size()) + 1);
  const nn::TrainResult trained =
      nn::Train(model, data.train, train, *engine, nullptr, nullptr, &progress);
  nn::DigitalEngine exact(threads);
  const double digital = AccuracyOn(model, data.test, exact);
  progress.Advance(1, fmt::format("fp32 {:.2f} %", 100 * digital));
  TextTable table({"time after programming", "accuracy", "with drift compensation"});
  for (std::size_t c = 1; c < 3; ++c) table.SetAlignment(c, TextTable::Align::kRight);
  nlohmann::json rows = nlohmann::json::array();
  for (const double t : options.times) {
    double accuracy[2];
    for (const int compensate : {0, 1}) {
      analog::AnalogEngineOptions o = analog::DeploymentOptions(base);  // not training's draws
      o.read_time_s = t;
      o.drift_compensation = compensate != 0;
      o.count_device_actions = false;
      analog::AnalogEngine tiles(o);
      accuracy[compensate] = AccuracyOn(model, data.test, tiles);
      progress.Advance(
          1,
          fmt::format(
              "t = {:g} s{}: {:.2f} %", t, compensate ? " (gdc)" : "", 100 * accuracy[compensate]));
    }
    table.AddRow({fmt::format("{:g} s", t),
                  fmt::format("{:.2f} %", 100 * accuracy[0]),
                  fmt::format("{:.2f} %", 100 * accuracy[1])});
    rows.push_back({{"time_s", t}, {"accuracy", accuracy[0]}, {"accuracy_gdc", accuracy[1]}});
  }
  progress.End();
  nlohmann::json json = {{"command", "analog drift"},
                         {"device", options.tile.device},
                         {"model", spec.ToString()},
                         {"hwa", options.hwa != 0},
                         {"hwa_noise", options.hwa_noise},
                         {"epochs", options.epochs},
                         {"fp32_accuracy", digital},
                         {"train_seconds", trained.train_seconds},
                         {"train_samples", trained.samples},
                         {"seed", options.common.seed},
                         {"rows", rows}};
  Emit(
      options.common,
      std::move(json),
      fmt::format("{} trained {} ({} epochs): {:.2f} % in fp32; on {} tiles of {} × {} with {}-bit "
                  "DACs and {}-bit ADCs:\n\n{}\n",
                  spec.ToString(),
                  options.hwa != 0 ? "hardware-aware" : "in plain fp32",
                  options.epochs,
                  100 * digital,
                  options.tile.device,
                  base.tile.rows,
                  base.tile.cols,
                  base.tile.dac_bits,
                  base.tile.adc_bits,
                  table.Render()));
}

struct InSituCliOptions {
  CommonOptions common;
  WorkloadOptions workload;
  std::string hidden = "256-256";
  int epochs = 1, batch = 32;
  double lr = 0.05;
  analog::PulsedDeviceParams device;
  std::vector<double> asymmetry = {0.0, 0.05, 0.2};
};

void RunInSitu(const InSituCliOptions& options, CliEnvironment& environment) {
  const int threads = environment.Context(options.common).threads;
  for (const double a : options.asymmetry) {
    analog::PulsedDeviceParams p = options.device;
    p.up_down = a;
    WithFlag("--asymmetry/--dw-min/--dw-min-std/--dw-min-dtod", [&] { p.Validate(); });
  }
  WithFlag("--hidden", [&] { nn::MlpSpec::Parse("mlp:1-" + options.hidden + "-1"); });
  const TrainTest data = LoadWorkload(options.workload);
  const nn::MlpSpec spec = WithFlag("--hidden", [&] {
    return nn::MlpSpec::Parse(fmt::format(
        "mlp:{}-{}-{}", data.train.dimension(), options.hidden, data.train.num_classes));
  });
  nn::CheckTrainingMemory(spec,
                          std::min<std::int64_t>(options.batch, data.train.size()),
                          fmt::format("--hidden {} --batch {}", options.hidden, options.batch));
  ProgressTask progress(environment.progress(),
                        "analog insitu",
                        1 + static_cast<std::int64_t>(options.asymmetry.size()));
  // The reference: the same network and SGD, digital.
  nn::Mlp digital(spec, nn::Activation::kRelu);
  digital.Initialize(options.common.seed);
  nn::TrainOptions sgd;
  sgd.epochs = options.epochs;
  sgd.batch = options.batch;
  sgd.seed = options.common.seed;
  sgd.threads = threads;
  sgd.optimizer = {.name = "sgd", .learning_rate = options.lr};
  nn::DigitalEngine engine(threads);
  nn::Train(digital, data.train, sgd, engine, nullptr, nullptr, nullptr);
  const double reference = AccuracyOn(digital, data.test, engine);
  progress.Advance(1, fmt::format("digital SGD {:.2f} %", 100 * reference));
  TextTable table({"asymmetry a", "accuracy", "pulses per step", "mean device state"});
  for (std::size_t c = 0; c < 4; ++c) table.SetAlignment(c, TextTable::Align::kRight);
  table.AddRow({"digital SGD", fmt::format("{:.2f} %", 100 * reference), "", ""});
  nlohmann::json rows = nlohmann::json::array();
  for (const double a : options.asymmetry) {
    nn::Mlp model(spec, nn::Activation::kRelu);
    model.Initialize(options.common.seed);
    analog::InSituOptions o;
    o.device = options.device;
    o.device.up_down = a;
    o.epochs = options.epochs;
    o.batch = options.batch;
    o.learning_rate = options.lr;
    o.seed = options.common.seed;
    const analog::InSituResult r = analog::TrainInSitu(model, data.train, o, threads);
    const double accuracy = AccuracyOn(model, data.test, engine);
    double state = 0.0;
    for (const double m : r.mean_state) state += m / static_cast<double>(r.mean_state.size());
    table.AddRow({fmt::format("{:g}", a),
                  fmt::format("{:.2f} %", 100 * accuracy),
                  fmt::format("{:.4g}", r.pulses / r.steps),
                  fmt::format("{:+.3f}", state)});
    rows.push_back({{"asymmetry", a},
                    {"accuracy", accuracy},
                    {"pulses", r.pulses},
                    {"steps", r.steps},
                    {"mean_state_per_layer", r.mean_state}});
    progress.Advance(1, fmt::format("a = {:g}: {:.2f} %", a, 100 * accuracy));
  }
  progress.End();
  nlohmann::json json = {{"command", "analog insitu"},
                         {"model", spec.ToString()},
                         {"epochs", options.epochs},
                         {"batch", options.batch},
                         {"lr", options.lr},
                         {"dw_min", options.device.dw_min},
                         {"dw_min_std", options.device.dw_min_std},
                         {"dw_min_dtod", options.device.dw_min_dtod},
                         {"digital_sgd_accuracy", reference},
                         {"seed", options.common.seed},
                         {"rows", rows}};
  Emit(
      options.common,
      std::move(json),
      fmt::format("{} trained in situ with SGD (η = {:g}, batch {}, {} epochs) on soft-bounds "
                  "devices (dw_min {:g}, c2c {:g}, d2d {:g}), every update sent as pulses:\n\n{}\n",
                  spec.ToString(),
                  options.lr,
                  options.batch,
                  options.epochs,
                  options.device.dw_min,
                  options.device.dw_min_std,
                  options.device.dw_min_dtod,
                  table.Render()));
}

}  // namespace

void AddAnalogCommand(CLI::App& app, CliEnvironment& environment, std::vector<Command>& commands) {
  CLI::App* analog = app.add_subcommand(
      "analog",
      "Analog in-memory computing: PCM and ReRAM crossbars, their noise, drift and energy");
  analog->require_subcommand(1);
  {
    auto [o, command] = AddCommand<MvmOptions>(
        *analog,
        commands,
        "mvm",
        "One layer of random weights on crossbar tiles: error against the exact product, tile "
        "reads and energy per MVM",
        [&environment](MvmOptions& options) { RunMvm(options, environment); });
    AddTileOptions(*command, o->tile);
    AddNumber(
        *command, "--rows", o->rows, "Layer inputs", Count(1, 1 << 16, "a size", "--rows 512"));
    AddNumber(
        *command, "--cols", o->cols, "Layer outputs", Count(1, 1 << 16, "a size", "--cols 512"));
    AddNumber(*command,
              "--batch",
              o->batch,
              "Random input vectors",
              Count(1, 1 << 20, "a number of vectors", "--batch 256"));
    AddNumber(*command,
              "--time",
              o->time,
              "Seconds after programming at which the tiles are read",
              Between(-1e300, Bound::kClosed, 1e300, Bound::kClosed, "a time in s", "--time 3600"));
    command->add_flag("--gdc", o->gdc, "Global drift compensation");
    command->add_option("--hardware",
                        o->hardware,
                        "The table that prices the tiles (default: "
                        "<device>-analog)");
    command->add_option("--export-mapping",
                        o->export_mapping,
                        "Write the tile assignment and conductance targets as JSON to this file");
  }
  {
    auto [o, command] = AddCommand<DriftOptions>(
        *analog,
        commands,
        "drift",
        "Train an MLP, program it onto tiles, and read it at times after programming, with and "
        "without global drift compensation",
        [&environment](DriftOptions& options) { RunDrift(options, environment); });
    AddWorkloadOptions(*command, o->workload);
    AddTileOptions(*command, o->tile);
    command->add_option("--hidden", o->hidden, "Hidden layer widths")->capture_default_str();
    AddEpochsOption(*command, o->epochs);
    AddBatchOption(*command, o->batch);
    AddLearningRateOption(*command, o->lr);
    AddNumber(*command,
              "--hwa",
              o->hwa,
              "1: hardware-aware training on the tiles; 0: plain fp32 training",
              Count(0, 1, "0 or 1", "--hwa 1"));
    AddNumber(*command,
              "--hwa-noise",
              o->hwa_noise,
              "Hardware-aware training's programming, read and output noise, in units of the "
              "chip's",
              Between(0.0, Bound::kClosed, 100.0, Bound::kClosed, "a factor", "--hwa-noise 2"));
    AddNumber(
        *command,
        "--times",
        o->times,
        "Seconds after programming, comma-separated",
        Between(-1e300, Bound::kClosed, 1e300, Bound::kClosed, "a time in s", "--times 1,3600"))
        ->delimiter(',');
  }
  {
    auto [o, command] = AddCommand<InSituCliOptions>(
        *analog,
        commands,
        "insitu",
        "Train an MLP in situ on pulsed soft-bounds devices, for each step asymmetry, beside "
        "digital SGD",
        [&environment](InSituCliOptions& options) { RunInSitu(options, environment); });
    AddWorkloadOptions(*command, o->workload);
    command->add_option("--hidden", o->hidden, "Hidden layer widths")->capture_default_str();
    AddEpochsOption(*command, o->epochs);
    AddBatchOption(*command, o->batch);
    AddLearningRateOption(*command, o->lr);
    AddNumber(
        *command,
        "--asymmetry",
        o->asymmetry,
        "Up/down step asymmetries a, comma-separated",
        Between(-0.99, Bound::kClosed, 0.99, Bound::kClosed, "an asymmetry", "--asymmetry 0,0.1"))
        ->delimiter(',');
    AddNumber(*command,
              "--dw-min",
              o->device.dw_min,
              "Step per pulse, in units of the soft bound",
              Positive("a step", "--dw-min 0.001"));
    AddNumber(*command,
              "--dw-min-std",
              o->device.dw_min_std,
              "Cycle-to-cycle spread of each pulse's step, relative",
              Between(0.0, Bound::kClosed, 10.0, Bound::kClosed, "a spread", "--dw-min-std 0.3"));
    AddNumber(*command,
              "--dw-min-dtod",
              o->device.dw_min_dtod,
              "Device-to-device spread of the step, relative",
              Between(0.0, Bound::kClosed, 10.0, Bound::kClosed, "a spread", "--dw-min-dtod 0.3"));
  }
}

}  // namespace landauer::cli

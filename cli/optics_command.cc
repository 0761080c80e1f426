// landauer optics decompose|mesh: MZI meshes (docs/optical.md).
//   decompose  a unitary from a Matrix Market file into Clements' or Reck's mesh: phases,
//              reconstruction error, MZI count and depth
//   mesh       a mesh network trained on the workload, then programmed onto chips with phase
//              errors and heater DACs of each given size: accuracy and how far each chip's
//              first mesh is from the programmed one
//   d2nn       a diffractive network trained on the workload's images: accuracy per epoch and the
//              fraction of the light the detectors receive; --checkpoint/--resume continue a run
//              across interruptions (optical/diffractive_checkpoint.h)
#include <fmt/format.h>

#include <memory>

#include "commands.h"
#include "landauer/core/progress.h"
#include "landauer/core/rng.h"
#include "landauer/data/workload.h"
#include "landauer/optical/diffractive_network.h"
#include "landauer/optical/mesh_device.h"
#include "landauer/optical/mesh_network.h"
#include "landauer/optical/mzi_mesh.h"
#include "landauer/optical/svd_device.h"
#include "landauer/optical/svd_layer.h"
#include "landauer/report/text_table.h"
#include "landauer/thermo/matrix_market.h"
#include "paths.h"

namespace landauer::cli {
namespace {

struct DecomposeOptions {
  CommonOptions common;
  std::string matrix;
  std::string method = "clements";
  bool svd = false;
  optical::MeshImperfections chip;  // ideal: no fabricated chip is reported
};

// The matrix a fabricated chip applies against the one asked for (mesh_device.h's errors on every
// physical element, static draws from --seed), as JSON and a sentence; empty for an ideal chip.
std::string FabricatedReport(const DecomposeOptions& options,
                             const optical::MatrixC& realised,
                             const optical::MatrixC& target,
                             nlohmann::json& json) {
  if (options.chip.ideal()) return "";
  const double max_error = (realised - target).cwiseAbs().maxCoeff();
  const double frobenius = (realised - target).norm();
  // A zero matrix is applied exactly by any chip (its gain is 0).
  const double relative = target.norm() > 0.0 ? frobenius / target.norm() : 0.0;
  const optical::MeshImperfections& c = options.chip;
  json["fabricated"] = {{"loss_db", c.loss_db},
                        {"splitter_sigma_rad", c.splitter_sigma},
                        {"phase_bits", c.phase_bits},
                        {"phase_sigma_rad", c.phase_sigma_d2d},
                        {"crosstalk", c.crosstalk},
                        {"seed", options.common.seed},
                        {"max_abs_error", max_error},
                        {"frobenius_error", frobenius},
                        {"relative_error", relative}};
  return fmt::format(
      "on a fabricated chip ({} dB per MZI, splitters σ = {} rad, {} heater DACs, static "
      "phase errors σ = {} rad, crosstalk {}; seed {}): max |Δ| = {:.3g}, ‖Δ‖_F = {:.3g} "
      "({:.3g} of ‖M‖_F)\n",
      c.loss_db,
      c.splitter_sigma,
      c.phase_bits == 0 ? std::string("continuous") : fmt::format("{}-bit", c.phase_bits),
      c.phase_sigma_d2d,
      c.crosstalk,
      options.common.seed,
      max_error,
      frobenius,
      relative);
}

nlohmann::json MeshJson(const optical::MziMesh& mesh) {
  nlohmann::json mzis = nlohmann::json::array();
  for (const optical::Mzi& z : mesh.mzis) {
    mzis.push_back({{"mode", z.mode}, {"column", z.column}, {"theta", z.theta}, {"phi", z.phi}});
  }
  return {{"modes", mesh.modes},
          {"mzi_count", mesh.mzis.size()},
          {"depth", mesh.depth()},
          {"mzis", mzis},
          {"output_phases", mesh.output_phases}};
}

// A general matrix as V†, attenuators and U (svd_layer.h).
void RunDecomposeSvd(const DecomposeOptions& options, const optical::MatrixC& m) {
  const optical::SvdMesh svd = WithFlag(options.matrix, [&] { return optical::DecomposeSvd(m); });
  const optical::MatrixC back = svd.Matrix();
  const double max_error = (back - m).cwiseAbs().maxCoeff();
  nlohmann::json json = {{"command", "optics decompose"},
                         {"matrix", options.matrix},
                         {"method", "svd"},
                         {"rows", svd.rows},
                         {"cols", svd.cols},
                         {"mzi_count", svd.mzis()},
                         {"depth", svd.depth()},
                         {"gain", svd.gain},
                         {"attenuators", svd.attenuator},
                         {"v_dagger", MeshJson(svd.v_dagger)},
                         {"u", MeshJson(svd.u)},
                         {"max_abs_error", max_error},
                         {"frobenius_error", (back - m).norm()}};
  const std::string fabricated = FabricatedReport(
      options,
      optical::PhotonicSvd(svd, options.chip, options.common.seed, "decompose").Matrix(),
      m,
      json);
  Emit(options.common,
       std::move(json),
       fmt::format("{}: a {} × {} matrix as V† ({} MZIs), {} attenuators (σ/σ_max) and U ({} MZIs) "
                   "on {} modes, {} columns deep, with an electronic gain of σ_max = {:.6g} after "
                   "detection; rebuilt to max |ΔM| = {:.3g} (the phases are in --json)\n",
                   options.matrix,
                   svd.rows,
                   svd.cols,
                   svd.v_dagger.mzis.size(),
                   svd.attenuator.size(),
                   svd.u.mzis.size(),
                   svd.u.modes,
                   svd.depth(),
                   svd.gain,
                   max_error) +
           fabricated);
}

void RunDecompose(const DecomposeOptions& options) {
  const auto [re, im] = thermo::ReadComplexMatrixMarket(options.matrix);
  optical::MatrixC u(re.rows(), re.cols());
  for (Eigen::Index i = 0; i < re.size(); ++i) u.data()[i] = {re.data()[i], im.data()[i]};
  if (options.svd) {
    RunDecomposeSvd(options, u);
    return;
  }
  const optical::MziMesh mesh = WithFlag(options.matrix, [&] {
    try {
      return options.method == "reck" ? optical::DecomposeReck(u) : optical::DecomposeClements(u);
    } catch (const std::invalid_argument& error) {
      throw std::invalid_argument(std::string(error.what()) + " (optics decompose --svd)");
    }
  });
  const optical::MatrixC back = mesh.Matrix();
  const double max_error = (back - u).cwiseAbs().maxCoeff();
  const double frobenius = (back - u).norm();
  nlohmann::json json = MeshJson(mesh);
  json["command"] = "optics decompose";
  json["matrix"] = options.matrix;
  json["method"] = options.method;
  json["max_abs_error"] = max_error;
  json["frobenius_error"] = frobenius;
  const std::string fabricated = FabricatedReport(
      options,
      optical::PhotonicMesh(mesh, options.chip, options.common.seed, "decompose").Matrix(),
      u,
      json);
  std::string human = fmt::format(
      "{}: a {} × {} unitary as a {} mesh of {} MZIs, {} columns deep; rebuilt to max |ΔU| = "
      "{:.3g} (‖ΔU‖_F = {:.3g})\n",
      options.matrix,
      mesh.modes,
      mesh.modes,
      options.method == "reck" ? "Reck (triangular)" : "Clements (rectangular)",
      mesh.mzis.size(),
      mesh.depth(),
      max_error,
      frobenius);
  if (mesh.modes <= 8) {
    TextTable table({"MZI", "modes", "column", "θ (rad)", "φ (rad)"});
    for (std::size_t j = 0; j < mesh.mzis.size(); ++j) {
      const optical::Mzi& z = mesh.mzis[j];
      table.AddRow({std::to_string(j + 1),
                    fmt::format("{},{}", z.mode + 1, z.mode + 2),
                    std::to_string(z.column),
                    fmt::format("{:.6f}", z.theta),
                    fmt::format("{:.6f}", z.phi)});
    }
    human += "\n" + table.Render() + "\n";
  } else {
    human += "(the phases are in --json)\n";
  }
  Emit(options.common, std::move(json), human + fabricated);
}

struct MeshOptions {
  CommonOptions common;
  WorkloadOptions workload;
  int modes = 16, layers = 2, epochs = 5, batch = 64;
  double lr = 0.02, eo_gain = 15.0;
  std::vector<double> sigma = {0.0, 0.01, 0.02, 0.05, 0.1};
  std::vector<int> bits = {0, 8, 6, 4};
};

void RunMesh(const MeshOptions& options, CliEnvironment& environment) {
  optical::MeshNetworkOptions o;
  o.modes = options.modes;
  o.layers = options.layers;
  o.activation = {.alpha = 0.1, .gain = options.eo_gain, .bias = 0.0};
  o.epochs = options.epochs;
  o.batch = options.batch;
  o.optimizer = {.name = "adam", .learning_rate = options.lr};
  o.seed = options.common.seed;
  WithFlag("--modes/--layers", [&] { o.Validate(); });
  // The mesh takes the workload's principal components, one per mode (by default all modes but
  // the reference beam's).
  WorkloadOptions workload = options.workload;
  if (workload.pca == 0) workload.pca = options.modes - 1;
  if (workload.pca > options.modes) {
    throw std::invalid_argument(fmt::format(
        "--pca {}: each component needs its own mode, and --modes is {}; use --pca <= {}",
        workload.pca,
        options.modes,
        options.modes));
  }
  const TrainTest data = LoadWorkload(workload);
  if (data.train.num_classes > options.modes) {
    throw std::invalid_argument(
        fmt::format("--modes {}: the workload has {} classes, each needing an output mode",
                    options.modes,
                    data.train.num_classes));
  }
  const int threads = environment.Context(options.common).threads;
  ProgressTask progress(environment.progress(),
                        "optics mesh",
                        1 + static_cast<std::int64_t>(options.sigma.size() * options.bits.size()));
  const MatrixF& train = data.train.features;
  const MatrixF& test = data.test.features;
  optical::MeshNetwork network(workload.pca, data.train.num_classes, o);
  optical::MeshWork work;
  network.Fit(train, data.train.labels, threads, work);
  progress.Advance(1, "trained on an ideal chip");
  const optical::MatrixC programmed = network.meshes().front().Matrix();
  TextTable table({"phase σ (rad)", "heater DAC bits", "accuracy", "‖ΔU‖_F, mesh 1"});
  for (std::size_t c = 0; c < 4; ++c) table.SetAlignment(c, TextTable::Align::kRight);
  nlohmann::json rows = nlohmann::json::array();
  for (const double sigma : options.sigma) {
    for (const int bits : options.bits) {
      const optical::MeshNetwork chip = network.WithImperfections(
          {.phase_bits = bits, .phase_sigma_d2d = sigma}, options.common.seed + 1);
      const double accuracy = data.test.AccuracyOf(chip.Predict(test, threads, work));
      const double moved = (chip.meshes().front().Matrix() - programmed).norm();
      table.AddRow({fmt::format("{:g}", sigma),
                    bits == 0 ? "continuous" : std::to_string(bits),
                    fmt::format("{:.2f} %", 100.0 * accuracy),
                    fmt::format("{:.4f}", moved)});
      rows.push_back({{"sigma_rad", sigma},
                      {"phase_bits", bits},
                      {"accuracy", accuracy},
                      {"frobenius_deviation_mesh1", moved}});
      progress.Advance(1, fmt::format("σ {:g}, {} bits: {:.2f} %", sigma, bits, 100 * accuracy));
    }
  }
  progress.End();
  nlohmann::json json = {{"command", "optics mesh"},
                         {"modes", options.modes},
                         {"pca", workload.pca},
                         {"layers", options.layers},
                         {"epochs", options.epochs},
                         {"seed", options.common.seed},
                         {"rows", rows}};
  Emit(options.common,
       std::move(json),
       fmt::format("{} meshes of N = {} on PCA-{} features (+ a reference beam), trained on an "
                   "ideal chip, then programmed onto chips with a static phase error σ on every "
                   "heater and a heater DAC of the given bits\n\n{}\n",
                   options.layers,
                   options.modes,
                   workload.pca,
                   table.Render()));
}

struct D2nnOptions {
  CommonOptions common;
  WorkloadOptions workload;
  optical::DiffractiveOptions network;
  double wavelength_mm = 0.75, pitch_mm = 0.4, spacing_mm = 30.0;
  double snr_db = 30.0;  // 0: noiseless readings
  optical::DiffractiveFitCheckpoint checkpoint;
};

void RunD2nn(const D2nnOptions& options, CliEnvironment& environment) {
  optical::DiffractiveOptions o = options.network;
  o.wavelength = options.wavelength_mm * 1e-3;
  o.pitch = options.pitch_mm * 1e-3;
  o.spacing = options.spacing_mm * 1e-3;
  o.seed = options.common.seed;
  WithFlag("--wavelength/--pitch/--spacing/--grid/--lr-decay", [&] { o.Validate(); });
  if (options.workload.pca != 0) {
    throw std::invalid_argument("--pca: a diffractive network takes the images themselves");
  }
  if (options.checkpoint.resume && options.checkpoint.path.empty()) {
    throw std::invalid_argument("--resume needs --checkpoint PATH");
  }
  TrainTest data = LoadWorkload(options.workload);
  int side = static_cast<int>(std::sqrt(static_cast<double>(data.train.dimension())));
  if (static_cast<std::int64_t>(side) * side != data.train.dimension()) {
    throw std::invalid_argument(fmt::format("--data: {} features per sample are not a square image",
                                            data.train.dimension()));
  }
  // Amplitudes in [0, 1]: the workload's standardisation undone by the training set's range.
  const float lo = data.train.features.minCoeff(), hi = data.train.features.maxCoeff();
  for (Dataset* set : {&data.train, &data.test}) {
    set->features = optical::ImageAmplitudes(set->features, lo, hi, side);
  }
  optical::DiffractiveNetwork network = WithFlag("--grid/--upsample", [&] {
    return optical::DiffractiveNetwork(side, data.train.num_classes, o);
  });
  const int threads = environment.Context(options.common).threads;
  ProgressTask progress(environment.progress(), "optics d2nn", 2);
  optical::DiffractiveWork work;
  const auto epochs =
      network.Fit(data.train.features, data.train.labels, threads, work, options.checkpoint);
  progress.Advance(1, "trained");
  // The detectors read with shot and thermal noise at the power the link budget gives them (a
  // photodiode of 0.95 A/W, 2 pA/√Hz, 1 GHz: d2nn's defaults), beside the noiseless reading.
  optical::DiffractiveWork inference, reference;
  optical::DetectionNoise noise{
      .detector = {.responsivity = 0.95, .noise_current = 2e-12, .bandwidth = 1e9},
      .stream = StreamKey(options.common.seed, "optical.d2nn", "detection_noise")};
  if (options.snr_db > 0.0) {
    noise.laser_w = network.CalibrateLaser(
        data.train.features, noise.detector, optical::SnrFromDb(options.snr_db), threads);
  }
  const double accuracy =
      data.test.AccuracyOf(network.Predict(data.test.features, threads, inference, noise));
  const double noiseless =
      options.snr_db > 0.0
          ? data.test.AccuracyOf(network.Predict(data.test.features, threads, reference))
          : accuracy;
  progress.End();
  const double detected = inference.detected_power / std::max(1.0, inference.vectors);
  nlohmann::json curve = nlohmann::json::array();
  double training_seconds = 0.0;  // over every epoch, those run before a resume included
  for (const auto& e : epochs) {
    curve.push_back({{"loss", e.loss}, {"train_accuracy", e.accuracy}, {"seconds", e.seconds}});
    training_seconds += e.seconds;
  }
  nlohmann::json json = {{"command", "optics d2nn"},
                         {"grid", o.n},
                         {"upsample", o.upsample},
                         {"layers", o.layers},
                         {"complex_masks", o.complex_masks},
                         {"differential", o.differential},
                         {"wavelength_m", o.wavelength},
                         {"pitch_m", o.pitch},
                         {"spacing_m", o.spacing},
                         {"epochs", curve},
                         {"training_seconds", training_seconds},
                         {"batch", o.batch},
                         {"lr", o.optimizer.learning_rate},
                         {"lr_decay", o.lr_decay},
                         {"snr_db", options.snr_db},
                         {"accuracy", accuracy},
                         {"noiseless_accuracy", noiseless},
                         {"laser_w", noise.laser_w},
                         {"detected_fraction", detected},
                         {"seed", options.common.seed}};
  Emit(options.common,
       std::move(json),
       fmt::format("D²NN: {} {} masks of {} × {} at λ = {} mm, pitch {} mm, {} mm apart{}\n"
                   "test accuracy {:.2f} % ({}; {:.2f} % read noiselessly); the detectors "
                   "receive {:.2f} % of the input light\n",
                   o.layers,
                   o.complex_masks ? "complex" : "phase-only",
                   o.n,
                   o.n,
                   options.wavelength_mm,
                   options.pitch_mm,
                   options.spacing_mm,
                   o.differential ? ", differential detection" : "",
                   100.0 * accuracy,
                   options.snr_db > 0.0 ? fmt::format("detectors at {} dB SNR, laser {:.3g} mW",
                                                      options.snr_db,
                                                      noise.laser_w * 1e3)
                                        : "noiseless detectors",
                   100.0 * noiseless,
                   100.0 * detected));
}

}  // namespace

void AddOpticsCommand(CLI::App& app, CliEnvironment& environment, std::vector<Command>& commands) {
  CLI::App* optics = app.add_subcommand(
      "optics",
      "Optical neural networks: MZI meshes with their imperfections, and diffractive networks");
  optics->require_subcommand(1);
  {
    auto [o, command] = AddCommand<DecomposeOptions>(
        *optics,
        commands,
        "decompose",
        "Decompose a unitary (Matrix Market, real or complex; any matrix with --svd) into MZIs: "
        "phases, reconstruction error, MZI count and depth",
        [](DecomposeOptions& options) { RunDecompose(options); });
    command->add_option("MATRIX", o->matrix, "A unitary N × N matrix (.mtx)")->required();
    command->add_option("--method", o->method, "clements (rectangular) or reck (triangular)")
        ->check(CLI::IsMember({"clements", "reck"}))
        ->capture_default_str();
    command->add_flag("--svd",
                      o->svd,
                      "Any matrix (not only a unitary), as U Σ V†: two Clements meshes around a "
                      "column of attenuators, and a gain");
    // A fabricated chip (mesh_device.h, svd_device.h): any of these reports what it applies.
    optical::MeshImperfections& c = o->chip;
    AddNumber(*command,
              "--loss-db",
              c.loss_db,
              "Fabricated chip: insertion loss per MZI, dB",
              Between(0.0, Bound::kClosed, 100.0, Bound::kClosed, "a loss in dB", "--loss-db 0.2"));
    AddNumber(*command,
              "--splitter-sigma",
              c.splitter_sigma,
              "Fabricated chip: sd of each coupler's splitting angle about π/4, rad",
              NonNegative("an angle in rad", "--splitter-sigma 0.01"));
    AddNumber(*command,
              "--phase-bits",
              c.phase_bits,
              "Fabricated chip: heater DAC bits over [0, 2π) (0: continuous)",
              Count(0, 24, "a number of bits", "--phase-bits 10"));
    AddNumber(*command,
              "--phase-sigma",
              c.phase_sigma_d2d,
              "Fabricated chip: static phase error of every heater, rad",
              NonNegative("an angle in rad", "--phase-sigma 0.005"));
    AddNumber(*command,
              "--crosstalk",
              c.crosstalk,
              "Fabricated chip: fraction of a neighbouring heater's phase that reaches each heater",
              Between(0.0, Bound::kClosed, 1.0, Bound::kOpen, "a fraction", "--crosstalk 0.01"));
  }
  {
    auto [o, command] = AddCommand<MeshOptions>(
        *optics,
        commands,
        "mesh",
        "Train a mesh network, then measure its accuracy on chips with phase errors and heater "
        "DACs",
        [&environment](MeshOptions& options) { RunMesh(options, environment); });
    AddWorkloadOptions(*command, o->workload);
    AddNumber(*command,
              "--modes",
              o->modes,
              "N, the mesh's width",
              Count(2, 64, "a number of modes", "--modes 16"));
    AddNumber(*command,
              "--layers",
              o->layers,
              "Meshes, with an activation between them",
              Count(1, 16, "a number of meshes", "--layers 2"));
    AddEpochsOption(*command, o->epochs);
    AddBatchOption(*command, o->batch);
    AddLearningRateOption(*command, o->lr);
    AddNumber(*command,
              "--eo-gain",
              o->eo_gain,
              "Electro-optic activation gain g_φ, rad per unit power (0: linear)",
              Between(0.0, Bound::kClosed, 1e6, Bound::kClosed, "a gain", "--eo-gain 15"));
    AddNumber(*command,
              "--sigma",
              o->sigma,
              "Static phase errors σ (rad), comma-separated",
              Between(0.0, Bound::kClosed, 10.0, Bound::kClosed, "a phase error", "--sigma 0,0.05"))
        ->delimiter(',');
    AddNumber(*command,
              "--bits",
              o->bits,
              "Heater DAC bits (0: continuous), comma-separated",
              Count(0, 24, "a number of bits", "--bits 0,8,6"))
        ->delimiter(',');
  }
  {
    auto [o, command] = AddCommand<D2nnOptions>(
        *optics,
        commands,
        "d2nn",
        "Train a diffractive network (D²NN) on the workload's images: accuracy and the light "
        "detected",
        [&environment](D2nnOptions& options) { RunD2nn(options, environment); });
    AddWorkloadOptions(*command, o->workload);
    optical::DiffractiveOptions& n = o->network;
    AddNumber(*command,
              "--grid",
              n.n,
              "Grid side n, samples (Lin et al.: 200)",
              Count(4, 1024, "a grid side", "--grid 56"));
    AddNumber(*command,
              "--upsample",
              n.upsample,
              "Grid samples per image pixel, per side",
              Count(1, 64, "a number of samples", "--upsample 2"));
    AddNumber(*command,
              "--layers",
              n.layers,
              "Diffractive layers",
              Count(1, 32, "a number of layers", "--layers 5"));
    AddNumber(*command,
              "--wavelength",
              o->wavelength_mm,
              "Wavelength λ, mm",
              Positive("a wavelength in mm", "--wavelength 0.75"));
    AddNumber(*command,
              "--pitch",
              o->pitch_mm,
              "Sample pitch Δ, mm",
              Positive("a pitch in mm", "--pitch 0.4"));
    AddNumber(*command,
              "--spacing",
              o->spacing_mm,
              "Distance between layers, mm",
              Positive("a distance in mm", "--spacing 30"));
    command->add_flag("--complex", n.complex_masks, "Amplitude and phase masks (else phase-only)");
    command->add_flag("--differential",
                      n.differential,
                      "Differential detection: two detectors per class (Li et al. 2019)");
    AddNumber(*command,
              "--snr-db",
              o->snr_db,
              "Detectors' SNR at their mean power, dB: it sizes the laser, and the readings carry "
              "that shot and thermal noise (0: noiseless)",
              Between(0.0, Bound::kClosed, 200.0, Bound::kClosed, "an SNR in dB", "--snr-db 30"));
    AddEpochsOption(*command, n.epochs);
    AddBatchOption(*command, n.batch);
    AddLearningRateOption(*command, n.optimizer.learning_rate);
    AddNumber(*command,
              "--lr-decay",
              n.lr_decay,
              "Learning-rate factor per epoch (epoch e steps at lr·decayᵉ; 1: constant)",
              Between(0.0, Bound::kOpen, 1.0, Bound::kClosed, "a factor", "--lr-decay 0.87"));
    AsOutputFile(command->add_option(
        "--checkpoint",
        o->checkpoint.path,
        "Write an atomic checkpoint here at each epoch's end (a run of more --epochs may resume "
        "from it)"));
    command->add_flag("--resume", o->checkpoint.resume, "Continue from --checkpoint if it exists");
  }
}

}  // namespace landauer::cli

// d2nn: a diffractive deep neural network (Lin et al. 2018; differential detection, Li et al.
// 2019) on the workload's images, trained through the simulated free-space optics
// (builtin_methods.h; the library is optical/).
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <memory>
#include <stdexcept>

#include "landauer/core/progress.h"
#include "landauer/core/rng.h"
#include "landauer/energy/erasure.h"
#include "landauer/energy/hardware_catalog.h"
#include "landauer/methods/builtin_methods.h"
#include "landauer/optical/detection.h"
#include "landauer/optical/diffractive_network.h"
#include "landauer/optical/optical_cost.h"
#include "optical_methods.h"

namespace landauer {
namespace {

optical::DiffractiveOptions OptionsFromParams(const MethodParams& params, std::uint64_t seed) {
  optical::DiffractiveOptions o;
  o.n = static_cast<int>(params.Int("grid"));
  o.upsample = static_cast<int>(params.Int("upsample"));
  o.layers = static_cast<int>(params.Int("layers"));
  o.wavelength = params.Real("wavelength") * 1e-3;
  o.pitch = params.Real("pitch") * 1e-3;
  o.spacing = params.Real("spacing") * 1e-3;
  o.complex_masks = params.Int("complex") != 0;
  o.differential = params.Int("differential") != 0;
  o.epochs = static_cast<int>(params.Int("epochs"));
  o.batch = static_cast<int>(params.Int("batch"));
  o.optimizer = {.name = "adam", .learning_rate = params.Real("lr")};
  o.lr_decay = params.Real("lr_decay");
  o.seed = seed;
  return o;
}

// The side of the smallest square that holds `dimension` features (an image's own side; other
// features are laid out row by row and zero-padded).
int ImageSide(std::int64_t dimension) {
  int side = static_cast<int>(std::sqrt(static_cast<double>(dimension)));
  while (static_cast<std::int64_t>(side) * side < dimension) ++side;
  return side;
}

class D2nnMethod final : public Method {
 public:
  D2nnMethod(MethodInfo info, const MethodParams& params, const MethodContext& context)
      : info_(std::move(info)),
        options_(OptionsFromParams(params, context.seed)),
        detector_{.responsivity = params.Real("responsivity"),
                  .noise_current = params.Real("noise_current") * 1e-12,
                  .bandwidth = 1e9},  // set from the vector period in Fit
        snr_(optical::SnrFromDb(params.Real("snr_db"))),
        context_(context) {}

  MethodInfo Describe() const override { return info_; }

  FitSummary Fit(const Dataset& train, Ledger& ledger) override {
    const auto start = std::chrono::steady_clock::now();
    side_ = ImageSide(train.dimension());
    vector_seconds_ = optical::VectorPeriod(Table());
    detector_.bandwidth = 0.5 / vector_seconds_;  // Nyquist of one sample per vector period
    // Amplitudes in [0, 1]: the workload's standardisation undone by the training set's range.
    lo_ = train.features.minCoeff();
    hi_ = train.features.maxCoeff();
    network_ = std::make_unique<optical::DiffractiveNetwork>(side_, train.num_classes, options_);
    ProgressTask progress(context_.progress, info_.name, options_.epochs + 1);
    progress.Advance(1, "optics built");
    optical::DiffractiveWork work;
    const MatrixF images = Amplitudes(train.features);  // for training and the laser's sizing
    const auto epochs = network_->Fit(images, train.labels, context_.threads, work);
    optical::CountDiffractiveTraining(ledger, "train", work);
    // The laser, sized once for the trained masks by the light they deliver on the training
    // images, as a chip is set up before it is used.
    laser_w_ = network_->CalibrateLaser(images, detector_, snr_, context_.threads);
    progress.Advance(options_.epochs, "trained");
    return OpticalFitSummary(epochs, start, train.size(), options_.batch);
  }

  std::vector<Evaluation> Evaluate(const Dataset& test) override {
    if (!network_) throw std::logic_error(info_.name + ": Evaluate before Fit");
    const auto start = std::chrono::steady_clock::now();
    Evaluation evaluation;
    evaluation.variant = fmt::format("{}{}-L{}-{}",
                                     options_.complex_masks ? "complex" : "phase",
                                     options_.differential ? "-diff" : "",
                                     options_.layers,
                                     options_.n);
    // The chip: its detectors read with noise at the laser's power. Beside it, the same optics
    // read noiselessly (not counted: the simulator's reference).
    optical::DiffractiveWork work, reference;
    const MatrixF images = Amplitudes(test.features);
    const std::vector<std::int32_t> predicted =
        network_->Predict(images,
                          context_.threads,
                          work,
                          {.detector = detector_,
                           .laser_w = laser_w_,
                           .stream = StreamKey(options_.seed, "optical.d2nn", "detection_noise")});
    evaluation.samples = test.size();
    evaluation.accuracy = test.AccuracyOf(predicted);
    const double noiseless =
        test.AccuracyOf(network_->Predict(images, context_.threads, reference));
    const double detected = work.vectors > 0.0 ? work.detected_power / work.vectors : 0.0;
    optical::CountDiffractiveInference(
        evaluation.ledger, "inference", work, laser_w_, vector_seconds_);
    vectors_ = work.vectors;
    evaluation.metrics = {
        {"noiseless_accuracy", noiseless},
        {"detected_fraction", detected},
        {"laser_optical_power_mW", laser_w_ * 1e3},
        {"detectors", static_cast<double>(network_->detectors())},
        {"neurons", static_cast<double>(options_.layers) * options_.n * options_.n},
        {"vector_period_ps", vector_seconds_ * 1e12}};
    evaluation.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::vector<Evaluation> out;
    out.push_back(std::move(evaluation));
    return out;
  }

  // Inference: one image per slowest converter period, beside the host's roofline (the
  // readout); training is the host's.
  ModelledTime ModelTime(const PhaseReport& phase, const std::string& variant) const override {
    return OpticalPipelineTime(phase, variant, vectors_, vector_seconds_);
  }

 private:
  MatrixF Amplitudes(const MatrixF& features) const {
    return optical::ImageAmplitudes(features, lo_, hi_, side_);
  }
  const EnergyTable& Table() const { return OpticalTable(context_, "diffractive", info_.name); }

  MethodInfo info_;
  optical::DiffractiveOptions options_;
  optical::Photodetector detector_;
  double snr_;
  MethodContext context_;
  std::unique_ptr<optical::DiffractiveNetwork> network_;
  int side_ = 0;
  float lo_ = 0.0f, hi_ = 1.0f;
  double vector_seconds_ = 0.0, vectors_ = 0.0;
  double laser_w_ = 0.0;  // P_laser from the link budget (Fit)
};

}  // namespace

MethodRegistration D2nnRegistration() {
  MethodInfo info{
      .name = "d2nn",
      .substrate = "optical",
      .summary =
          "a diffractive deep neural network (Lin et al. 2018): the image amplitude-encoded, "
          "phase-only (or complex) masks in free space (band-limited angular spectrum), "
          "detector regions (optionally differential, Li et al. 2019), trained through the "
          "simulated optics; converters, modulators, detectors and laser (link budget "
          "through the light detected) priced on diffractive",
      .erased_bits =
          "each converter sample's bits (8 per input pixel's DAC and per detector's "
          "ADC); the host's fp32/fp64 MAC accumulators (readout, training "
          "simulation); the optics store none",
      .in_default_set = false,
      .device_tables = {"diffractive"}};
  std::vector<ParamSpec> params = {
      IntParam("grid", "56", "samples", "grid side n (Lin et al.: 200)", 4, 1024),
      IntParam("upsample", "2", "samples", "grid samples per image pixel, per side", 1, 64),
      IntParam("layers", "5", "masks", "diffractive layers", 1, 32),
      RealParam("wavelength", "0.75", "mm", "λ (Lin et al.: 0.75 mm, 0.4 THz)", 0, 1e3, true),
      RealParam("pitch", "0.4", "mm", "sample pitch Δ (Lin et al.: 0.4 mm)", 0, 1e3, true),
      RealParam("spacing",
                "30",
                "mm",
                "distance between layers and to the detectors (Lin et al.: 30)",
                0,
                1e5,
                true),
      IntParam("complex", "0", "", "1: amplitude and phase masks; 0: phase-only", 0, 1),
      IntParam("differential", "0", "", "1: differential detection, 2 detectors per class", 0, 1),
      RealParam("snr_db",
                "30",
                "dB",
                "link budget: SNR of a detector at its mean power; the readings carry that noise",
                0,
                200,
                true),
      RealParam("responsivity", "0.95", "A/W", "photodiode responsivity", 0, 10, true),
      RealParam(
          "noise_current", "2", "pA/√Hz", "receiver input-referred noise current density", 0, 1e6),
      IntParam("epochs", "2", "epochs", "training epochs", 0, 100000),
      IntParam("batch", "32", "samples", "training mini-batch", 1, 1000000),
      RealParam("lr", "0.01", "", "Adam learning rate on the masks", 0, 10, true),
      RealParam("lr_decay",
                "1",
                "",
                "learning-rate factor per epoch (epoch e steps at lr·decayᵉ; 1: constant)",
                0,
                1,
                true),
  };
  return {.info = info,
          .params = params,
          .factory =
              [info](const MethodParams& p, const MethodContext& context) {
                return std::make_unique<D2nnMethod>(info, p, context);
              },
          .validate = [](const MethodParams& p) { OptionsFromParams(p, 0).Validate(); }};
}

}  // namespace landauer

// optical-mzi: PCA features through a coherent optical network of Clements MZI meshes with
// electro-optic activations, trained through the simulated, imperfect optics (builtin_methods.h;
// the library is optical/).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <numbers>
#include <stdexcept>

#include "landauer/core/progress.h"
#include "landauer/data/transforms.h"
#include "landauer/energy/erasure.h"
#include "landauer/energy/hardware_catalog.h"
#include "landauer/methods/builtin_methods.h"
#include "landauer/optical/mesh_network.h"
#include "landauer/optical/optical_cost.h"
#include "optical_methods.h"

namespace landauer {
namespace {

optical::MeshNetworkOptions OptionsFromParams(const MethodParams& params, std::uint64_t seed) {
  optical::MeshNetworkOptions o;
  o.modes = static_cast<int>(params.Int("modes"));
  o.layers = static_cast<int>(params.Int("layers"));
  o.reference = params.Int("reference") != 0;
  o.activation = {.alpha = params.Real("eo_alpha"),
                  .gain = params.Real("eo_gain"),
                  .bias = params.Real("eo_bias") * std::numbers::pi};
  o.imperfections = {.loss_db = params.Real("loss_db"),
                     .splitter_sigma = params.Real("splitter_sigma"),
                     .phase_bits = static_cast<int>(params.Int("phase_bits")),
                     .phase_sigma_d2d = params.Real("phase_sigma_d2d"),
                     .phase_sigma_c2c = params.Real("phase_sigma_c2c"),
                     .crosstalk = params.Real("crosstalk")};
  o.detector = {.responsivity = params.Real("responsivity"),
                .noise_current = params.Real("noise_current") * 1e-12,
                .bandwidth = 1e9};  // set from the vector period in Fit
  o.snr_db = params.Real("snr_db");
  o.epochs = static_cast<int>(params.Int("epochs"));
  o.batch = static_cast<int>(params.Int("batch"));
  o.optimizer = {.name = "adam", .learning_rate = params.Real("lr")};
  o.seed = seed;
  return o;
}

// The features the mesh takes: `pca` components, at most one per mode (and one mode left for
// the reference beam when it is on).
void CheckShape(const MethodParams& params) {
  const int modes = static_cast<int>(params.Int("modes")),
            pca = static_cast<int>(params.Int("pca"));
  if (pca > modes) {
    throw std::invalid_argument(fmt::format(
        "pca = {} components for modes = {}: each feature needs its own mode; use pca <= {}",
        pca,
        modes,
        modes));
  }
  OptionsFromParams(params, 0).Validate();
}

class OpticalMeshMethod final : public Method {
 public:
  OpticalMeshMethod(MethodInfo info, const MethodParams& params, const MethodContext& context)
      : info_(std::move(info)),
        pca_components_(static_cast<int>(params.Int("pca"))),
        options_(OptionsFromParams(params, context.seed)),
        context_(context) {}

  MethodInfo Describe() const override { return info_; }

  FitSummary Fit(const Dataset& train, Ledger& ledger) override {
    const auto start = std::chrono::steady_clock::now();
    // A data set with fewer features than `pca` gives them all.
    pca_components_ = static_cast<int>(std::min<std::int64_t>(pca_components_, train.dimension()));
    if (train.num_classes > options_.modes) {
      throw std::invalid_argument(
          fmt::format("optical-mzi: {} classes for modes = {}; each class needs an output mode",
                      train.num_classes,
                      options_.modes));
    }
    vector_seconds_ = optical::VectorPeriod(Table());
    options_.detector.bandwidth = 0.5 / vector_seconds_;  // Nyquist of one sample per period
    ProgressTask progress(context_.progress, info_.name, options_.epochs + 1);
    pca_ = std::make_unique<Pca>(Pca::Fit(train.features, pca_components_));
    const MatrixF z = pca_->Transform(train.features);
    progress.Advance(1, "PCA");
    network_ = std::make_unique<optical::MeshNetwork>(pca_components_, train.num_classes, options_);
    optical::MeshWork work;
    const std::vector<optical::EpochStats> epochs =
        network_->Fit(z, train.labels, context_.threads, work);
    // The PCA on the host, in float64 as Pca computes it: the covariance (n d²), its
    // eigendecomposition (~9 d³), the projection (n d k).
    const double n = static_cast<double>(train.size()), d = static_cast<double>(train.dimension());
    CountWithErasure(
        ledger, "train", "alu", "fp64_mac", n * d * d + 9.0 * d * d * d + n * d * pca_components_);
    optical::CountMeshTraining(ledger, "train", work, optical::ChipOf(*network_, vector_seconds_));
    progress.Advance(options_.epochs, "trained");
    return OpticalFitSummary(epochs, start, train.size(), options_.batch);
  }

  std::vector<Evaluation> Evaluate(const Dataset& test) override {
    if (!network_) throw std::logic_error(info_.name + ": Evaluate before Fit");
    const auto start = std::chrono::steady_clock::now();
    Evaluation evaluation;
    evaluation.variant = fmt::format("N{}-L{}", options_.modes, options_.layers);
    const MatrixF z = pca_->Transform(test.features);
    optical::MeshWork work;
    const std::vector<std::int32_t> predicted = network_->Predict(z, context_.threads, work);
    evaluation.samples = test.size();
    evaluation.accuracy = test.AccuracyOf(predicted);
    // The projection onto the principal components, on the host.
    CountWithErasure(
        evaluation.ledger,
        "inference",
        "alu",
        "fp32_mac",
        static_cast<double>(test.size()) * static_cast<double>(test.dimension()) * pca_components_);
    const optical::MeshChip chip = optical::ChipOf(*network_, vector_seconds_);
    optical::CountMeshInference(evaluation.ledger, "inference", work, chip);
    vectors_ = work.vectors;
    evaluation.metrics = {{"laser_optical_power_mW", chip.laser_optical_w * 1e3},
                          {"mesh_transmission", network_->Transmission()},
                          {"heater_hold_power_mW", HeaterPower(chip)},
                          {"vector_period_ps", vector_seconds_ * 1e12},
                          {"mzis", MziCount()}};
    evaluation.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::vector<Evaluation> out;
    out.push_back(std::move(evaluation));
    return out;
  }

  // Inference: the optics stream one vector per converter period, beside the host's roofline
  // (the PCA projection and the readout); training is the host's.
  ModelledTime ModelTime(const PhaseReport& phase, const std::string& variant) const override {
    return OpticalPipelineTime(phase, variant, vectors_, vector_seconds_);
  }

 private:
  const EnergyTable& Table() const { return OpticalTable(context_, "photonic-mzi", info_.name); }
  double HeaterPower(const optical::MeshChip& chip) const {
    const EnergyEntry* heater = Table().Find("photonic", "heater_rad_ns");
    return heater == nullptr ? 0.0 : chip.held_phase_rad * heater->energy_j / 1e-9 * 1e3;
  }
  double MziCount() const {
    double k = 0.0;
    for (const optical::PhotonicMesh& m : network_->meshes()) {
      k += static_cast<double>(m.programmed().mzis.size());
    }
    return k;
  }

  MethodInfo info_;
  int pca_components_;
  optical::MeshNetworkOptions options_;
  MethodContext context_;
  std::unique_ptr<Pca> pca_;
  std::unique_ptr<optical::MeshNetwork> network_;
  double vector_seconds_ = 0.0;
  double vectors_ = 0.0;
};

}  // namespace

MethodRegistration OpticalMziRegistration() {
  MethodInfo info{
      .name = "optical-mzi",
      .substrate = "optical",
      .summary =
          "PCA features amplitude-encoded into N modes, Clements MZI meshes with electro-optic "
          "activations (Williamson 2020) and photodetection, trained through the simulated "
          "imperfect optics; converters, modulators, receivers, laser (link budget) and heaters "
          "priced on photonic-mzi",
      .erased_bits =
          "each converter sample's bits (8 per DAC and ADC sample, and per heater "
          "programmed); the host's fp32/fp64 MAC accumulators (PCA, readout, training "
          "simulation); the photonic actions store none",
      .in_default_set = false,
      .device_tables = {"photonic-mzi"}};
  std::vector<ParamSpec> params = {
      IntParam("modes", "16", "modes", "N, the mesh's width", 2, 64),
      IntParam("pca",
               "15",
               "components",
               "principal components of the image, one per mode (at most the data's features)",
               1,
               64),
      IntParam(
          "layers", "2", "meshes", "meshes, with an activation between consecutive ones", 1, 16),
      IntParam("reference", "1", "", "1: a reference beam on the first unused mode", 0, 1),
      RealParam("eo_alpha", "0.1", "", "activation: tapped power fraction α", 0, 0.99),
      RealParam("eo_gain",
                "15",
                "rad per unit power",
                "activation gain g_φ (0: linear), per power "
                "of a full-scale input",
                0,
                1e6),
      RealParam("eo_bias", "0", "π rad", "activation bias φ_b", -4, 4),
      RealParam("loss_db", "0.2", "dB", "insertion loss per MZI (Bogaerts 2020: 0.05-0.2)", 0, 10),
      RealParam("splitter_sigma", "0.01", "rad", "coupler splitting-angle error sd (d2d)", 0, 1),
      IntParam("phase_bits", "10", "bits", "heater DAC bits (0: continuous)", 0, 24),
      RealParam("phase_sigma_d2d", "0.005", "rad", "static phase error per heater", 0, 10),
      RealParam("phase_sigma_c2c", "0.002", "rad", "phase drift per realisation", 0, 10),
      RealParam("crosstalk", "0.01", "", "thermal crosstalk κ between column neighbours", 0, 0.5),
      RealParam("snr_db",
                "30",
                "dB",
                "link budget: SNR of a detector at its mean power (0: noiseless)",
                0,
                200),
      RealParam("responsivity",
                "0.95",
                "A/W",
                "photodiode responsivity (Shi 2024: 0.95 at 1550 nm)",
                0,
                10,
                true),
      RealParam(
          "noise_current", "2", "pA/√Hz", "receiver input-referred noise current density", 0, 1e6),
      {.key = "epochs",
       .type = ParamType::kInt,
       .default_value = "5",
       .unit = "epochs",
       .doc = "training epochs",
       .min = 0,
       .max = 100000,
       .setting = CommonSetting::kEpochs},
      IntParam("batch", "64", "samples", "training mini-batch", 1, 1000000),
      RealParam("lr", "0.02", "", "Adam learning rate on the phases", 0, 10, true),
  };
  return {.info = info,
          .params = params,
          .factory =
              [info](const MethodParams& p, const MethodContext& context) {
                return std::make_unique<OpticalMeshMethod>(info, p, context);
              },
          .validate = CheckShape};
}

}  // namespace landauer

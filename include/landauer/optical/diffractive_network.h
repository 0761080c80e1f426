// landauer/optical/diffractive_network.h — a diffractive deep neural network (D²NN): layers of
// transmissive masks in free space, trained by backpropagation through the optics (Lin et al.,
// "All-optical machine learning using diffractive deep neural networks", Science 361:1004, 2018;
// differential detection: Li et al., Adv. Photonics 1:046001, 2019).
//
//   DiffractiveOptions o;  o.n = 56;  o.layers = 5;
//   DiffractiveNetwork net(/*image side=*/28, /*classes=*/10, o);
//   net.Fit(images, labels, threads, work);                  // images: n_samples × 784 in [0, 1]
//
// The forward pass, per image:
//   u₀            the image's pixels as the field's amplitude (amplitude encoding, Lin et al.),
//                 each pixel a block of `upsample` × `upsample` samples, centred on the n × n grid
//   u_l = t_l ⊙ P_d u_{l−1}       free space over the layer spacing d (angular_spectrum.h), then
//                 mask l: t = e^{iφ} (phase-only) or σ(q)·e^{iφ} (complex: a transmittance in
//                 (0, 1) as well), one φ (and q) per sample of the grid
//   I = |P_d u_L|²                the detector plane, one spacing behind the last mask
//   s_k = Σ_{region k} I          C square detectors (2C with differential detection) laid out
//                                 on a grid in the central part of the plane
//   logits_k = g · s_k / Σ_j s_j            (plain: the fraction of detected power per class)
//   logits_k = g · (s_k⁺ − s_k⁻)/(s_k⁺ + s_k⁻)   (differential, Li et al. 2019 Eq. 1)
// with a trainable gain g (the softmax temperature; Lin and Li fix it) and softmax cross-entropy.
// The masks are passive once made (3D-printed or etched), so they cost no power; the light lost
// between layers (outside the window, beyond the band limit, outside the detectors) is measured
// (DetectedFraction) and sets the laser's power through the link budget (optical_cost.h).
//
// Detection noise (detection.h), at inference: reading k of an image, s_k in units of |u|² (an
// image whose side² pixels are all at amplitude 1 carries side²·upsample² units and the laser's
// full power P_laser), is the optical power P_k = s_k·w, w = P_laser / (side²·upsample²) watts
// per unit, read with shot and thermal noise as ŝ_k = max(0, s_k + σ(P_k)/w · z_k), z_k ~ N(0, 1)
// from Rng(stream, the image's row) — a photocurrent below zero reads as zero. The logits take ŝ;
// the light detected (DetectedFraction) is the noiseless s. The laser is sized by the link budget
// (DiffractiveLaserPower) from the light the trained network delivers, so the detectors see the
// SNR asked for at their mean power. Training is noiseless, as in Lin et al.
//
// Gradients: the propagation is linear and Adjoint is its adjoint, so the backward pass runs the
// light backwards: G_u(detector) = 2 ∂L/∂I · u, then through each mask (∂L/∂φ = Re Σ conj(G)·i v,
// G_before = conj(t) G) and each free-space step (Adjoint). Checked against finite differences.
// Samples are processed in fixed blocks whose gradients are summed in order: the result does not
// depend on the thread count.
#ifndef LANDAUER_OPTICAL_DIFFRACTIVE_NETWORK_H_
#define LANDAUER_OPTICAL_DIFFRACTIVE_NETWORK_H_

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "landauer/core/matrix.h"
#include "landauer/nn/optimizer.h"
#include "landauer/optical/angular_spectrum.h"
#include "landauer/optical/detection.h"
#include "landauer/optical/epoch_stats.h"

namespace landauer::optical {

struct DiffractiveOptions {
  int n = 56;                      // grid side, samples
  int upsample = 2;                // grid samples per image pixel, per side
  int layers = 5;                  // masks
  double wavelength = 0.75e-3;     // λ, m (0.4 THz, Lin et al.)
  double pitch = 0.4e-3;           // Δ, m
  double spacing = 0.03;           // d, m, between masks (and to the detectors)
  bool complex_masks = false;      // phase-only (false) or amplitude and phase
  bool differential = false;       // 2C detectors, Li et al. 2019
  double detector_fraction = 0.6;  // the detector grid spans this fraction of the plane's side
  int epochs = 5;
  int batch = 32;
  nn::OptimizerOptions optimizer{.name = "adam", .learning_rate = 0.01};
  // Exponential decay of the learning rate: epoch e (from 0) steps at η·γᵉ, γ in (0, 1]
  // (1: constant). γ = 0.5^(1/5) halves it every 5 epochs, as StepLR(5, 0.5) does on average.
  double lr_decay = 1.0;
  std::uint64_t seed = 0;

  // Throws std::invalid_argument naming the field, its value and unit.
  void Validate() const;
};

struct DiffractiveWork {
  double vectors = 0.0;             // images through the optics
  double input_pixels = 0.0;        // image pixels modulated
  double detections = 0.0;          // detector readings
  double readout_macs = 0.0;        // the digital readout's operations
  double propagations = 0.0;        // free-space steps simulated (host, for training)
  double host_training_macs = 0.0;  // fp64 multiply-adds of simulated training (FFTs and masks)
  double detected_power = 0.0;      // Σ over images of the fraction of input power detected
  double input_fill = 0.0;  // Σ over images of the mean pixel transmittance (Σ amp² / side²)
  // Σ over images of the light at the detectors over that of a full-scale image (Σ_k s_k over
  // side²·upsample²): what the laser's light reaches the detectors, on average, per image.
  double detected_full_scale = 0.0;
};

// Noise on the detectors' readings (see above). laser_w = 0: noiseless.
struct DetectionNoise {
  Photodetector detector;
  double laser_w = 0.0;      // P_laser, W: the light that feeds every pixel at full scale
  std::uint64_t stream = 0;  // key of the readings' counter-based stream (StreamKey)
};

// Where Fit keeps its checkpoint (none when `path` is empty).
struct DiffractiveFitCheckpoint {
  std::string path;
  bool resume = false;  // continue from `path` if it exists
};

// P_laser for detectors that each receive P(snr) on average (detection.h): the link budget
// detectors · P(snr) / f, with f the mean over images of the light at the detectors as a fraction
// of a full-scale image's (DiffractiveWork::detected_full_scale per image), the fraction of the
// laser's light they receive together. Throws std::invalid_argument if they receive none.
double DiffractiveLaserPower(const Photodetector& detector,
                             double snr,
                             int detectors,
                             double full_scale_fraction);

// Image amplitudes in [0, 1] for the input plane: (x − lo)/(hi − lo), clipped, with lo and hi
// the training set's range (undoing a workload's standardisation), laid out row-major on a
// side × side image and zero-padded when there are fewer features than side².
MatrixF ImageAmplitudes(const MatrixF& features, float lo, float hi, int side);

class DiffractiveNetwork {
 public:
  DiffractiveNetwork(int image_side, int classes, const DiffractiveOptions& options);

  // `images`: n × side² pixel values ≥ 0 (amplitudes), row-major images. Returns every epoch's
  // statistics, those a checkpoint restored included; `work` gains the whole run's training
  // counts. With a checkpoint path, the state is written there atomically at each epoch's end
  // (diffractive_checkpoint.h); with `resume` too and the file present, training continues from
  // it, bit for bit as if never stopped (with the same build on the same machine), after checking
  // it is a checkpoint of this run: CheckpointConfig. Throws InputError for one that is not.
  std::vector<EpochStats> Fit(const MatrixF& images,
                              const std::vector<std::int32_t>& labels,
                              int threads,
                              DiffractiveWork& work,
                              const DiffractiveFitCheckpoint& checkpoint = {});

  // The configuration a checkpoint of Fit on these data records and is checked against: the
  // options but `epochs` (a run may be resumed to train longer) and the thread count (results do
  // not depend on it), the image side and classes, the training images and labels by content, and
  // the parameters as they are now — Fit's starting point — by content (FNV-1a hashes).
  nlohmann::json CheckpointConfig(const MatrixF& images,
                                  const std::vector<std::int32_t>& labels) const;
  std::vector<std::int32_t> Predict(const MatrixF& images,
                                    int threads,
                                    DiffractiveWork& work,
                                    const DetectionNoise& noise = {}) const;

  // P_laser (DiffractiveLaserPower) for the masks as they are now, from the light they deliver
  // on up to 4096 evenly spaced rows of `images` (noiseless; counted nowhere: a chip's set-up).
  double CalibrateLaser(const MatrixF& images,
                        const Photodetector& detector,
                        double snr,
                        int threads) const;

  // Mean loss and gradient by every parameter on these images (finite-difference test).
  double LossAndGradient(const MatrixF& images,
                         const std::vector<std::int32_t>& labels,
                         std::vector<double>& gradient) const;
  std::vector<double> Parameters() const { return parameters_; }
  void SetParameters(const std::vector<double>& parameters);

  int detectors() const { return static_cast<int>(regions_.size()); }
  // The detector regions, as [y0, y1) × [x0, x1) on the grid.
  struct Region {
    int y0, y1, x0, x1;
  };
  const std::vector<Region>& regions() const { return regions_; }
  const DiffractiveOptions& options() const { return options_; }

 private:
  double Pass(const MatrixF& images,
              const std::vector<std::int32_t>* labels,
              const std::vector<std::int64_t>& rows,
              int threads,
              std::vector<double>* gradient,
              std::vector<std::int32_t>* predicted,
              double* detected,
              double* fill,
              const DetectionNoise& noise = {},
              double* full_scale = nullptr) const;

  int side_, classes_;
  DiffractiveOptions options_;
  std::unique_ptr<AngularSpectrum> free_;
  std::vector<Region> regions_;
  // Per layer: φ (n²), then q (n²) with complex masks; then g.
  std::vector<double> parameters_;
};

}  // namespace landauer::optical

#endif  // LANDAUER_OPTICAL_DIFFRACTIVE_NETWORK_H_

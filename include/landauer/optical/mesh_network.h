// landauer/optical/mesh_network.h — a coherent optical neural network of MZI meshes with
// electro-optic activations (Shen et al., Nat. Photon. 11:441, 2017; Williamson et al., IEEE
// JSTQE 26:7700412, 2020), trained by backpropagation through the simulated optics.
//
//   MeshNetworkOptions o;  o.modes = 16;  o.layers = 2;
//   MeshNetwork net(/*inputs=*/16, /*classes=*/10, o);
//   net.Fit(features, labels, threads, work);          // features: n × inputs, e.g. PCA-16
//   std::vector<std::int32_t> y = net.Predict(test, threads, work);
//
// The forward pass, per sample x (inputs ≤ modes ≤ 64):
//   a₀ = [s·x, r, 0…]            amplitude encoding on N modes by push-pull modulators (a real
//                                field with its sign); s = 1 / max‖x‖ over the training set, so
//                                the signal entering the first mesh carries power ≤ P_in; r a
//                                reference beam's trainable amplitude (when inputs < N)
//   z_l = U_l a_{l−1}            mesh l, a fabricated PhotonicMesh (mesh_device.h), l = 1 … L
//   a_l = f(z_l)                 the electro-optic activation (eo_activation.h), between meshes
//   p_k = |z_L,k|² + noise       k < C: photodetection with shot and thermal noise at the power
//                                the link budget gives (detection.h), in units of P_in
//   logits_k = g_k p_k + b_k     digital: a gain and an offset per class (the readout)
// and the loss is softmax cross-entropy. Every mesh starts as the Clements decomposition of a
// Haar-random unitary, so its phases follow the Haar-consistent distribution exactly (Pai et al.,
// Phys. Rev. Applied 11:064044, 2019, who show that uniform phases bias a mesh towards banded
// matrices and slow training).
//
// Training is hardware-aware: the forward and backward passes run through the realised meshes
// (every imperfection of mesh_device.h, and fresh c2c draws per batch) and through the detection
// noise; Adam updates the programmed phases (θ, φ, α of every mesh), r, g and b. The gradient is
// exact for the model (tested against finite differences); phase quantisation is passed straight
// through. Training runs on the host, as the digital twin of the chip (offline training); its
// operations are counted by optical_cost.h as the host's.
//
// Determinism: batches are cut into blocks of kBlock samples; each block's gradient is summed in
// block order, so the result does not depend on the thread count. Shuffles, c2c draws and
// detection noise come from named streams of `seed`.
#ifndef LANDAUER_OPTICAL_MESH_NETWORK_H_
#define LANDAUER_OPTICAL_MESH_NETWORK_H_

#include <cstdint>
#include <vector>

#include "landauer/core/matrix.h"
#include "landauer/nn/optimizer.h"
#include "landauer/optical/detection.h"
#include "landauer/optical/eo_activation.h"
#include "landauer/optical/epoch_stats.h"
#include "landauer/optical/mesh_device.h"

namespace landauer::optical {

struct MeshNetworkOptions {
  int modes = 16;  // N, 2 … 64
  int layers = 2;  // meshes, ≥ 1; an activation between consecutive meshes
  // A reference beam of trainable real amplitude on the first unused mode (when inputs < modes):
  // its interference with the signal gives the detectors terms linear in x, which |U x|² alone
  // (a quadratic form) cannot express.
  bool reference = true;
  EoActivation activation{.alpha = 0.1, .gain = 0.0, .bias = 0.0};  // gain 0: linear
  MeshImperfections imperfections;
  Photodetector detector;
  // The link budget's SNR (P/σ, in dB) of a detector at its mean power; 0: noiseless detection.
  double snr_db = 0.0;
  int epochs = 10;
  int batch = 64;
  nn::OptimizerOptions optimizer{.name = "adam", .learning_rate = 0.01};
  std::uint64_t seed = 0;

  // Throws std::invalid_argument naming the field, its value and unit.
  void Validate() const;
};

// What the network did, for optical_cost.h: light passes and detections, and the host's
// arithmetic of training.
struct MeshWork {
  double vectors = 0.0;             // samples sent through the optics (one symbol each)
  double encoded = 0.0;             // input modes modulated (DAC + modulator each)
  double activations = 0.0;         // mode activations (photodetector + modulator each)
  double detections = 0.0;          // output readings (photodetector + ADC each)
  double readout_macs = 0.0;        // the digital readout's multiply-adds
  double host_training_macs = 0.0;  // fp64 multiply-adds of simulated training
};

class MeshNetwork {
 public:
  MeshNetwork(int inputs, int classes, const MeshNetworkOptions& options);

  std::vector<EpochStats> Fit(const MatrixF& features,
                              const std::vector<std::int32_t>& labels,
                              int threads,
                              MeshWork& work);
  // With detection noise (noise_seed names its stream) unless snr_db ≤ 0.
  std::vector<std::int32_t> Predict(const MatrixF& features,
                                    int threads,
                                    MeshWork& work,
                                    std::uint64_t noise_seed = 1) const;

  // Mean loss and its gradient by every parameter, on the given samples, with the meshes as
  // realised now and without detection noise: for the finite-difference test.
  double LossAndGradient(const MatrixF& features,
                         const std::vector<std::int32_t>& labels,
                         std::vector<double>& gradient);
  std::vector<double> Parameters() const;
  void SetParameters(const std::vector<double>& parameters);

  // The same programmed network on another fabricated chip: every mesh rebuilt with these
  // imperfections (fresh d2d draws from `seed`), the phases, reference and readout kept.
  MeshNetwork WithImperfections(const MeshImperfections& imperfections, std::uint64_t seed) const;

  const std::vector<PhotonicMesh>& meshes() const { return meshes_; }
  // Light through the whole network: each mesh's loss over its depth, times (1 − α) per
  // activation (a lower bound: the edge modes of a rectangle cross fewer MZIs).
  double Transmission() const;
  // The mean power the C detectors receive together, per sample, in units of a full-scale input
  // (‖s·x‖ = 1): measured without noise on the training set, at the start of Fit (for the noise
  // while training) and again at its end; before Fit, C/N of Transmission().
  double DetectedFraction() const;
  // P_in, the optical power of a full-scale input, W: the link budget C · P(SNR) / detected
  // fraction (detection.h), so that each detector receives P(SNR) on average; 0 when noiseless.
  double InputPower() const;
  // The light the laser must deliver, W: each input modulator fed at the power of the largest
  // amplitude it passes (max |s·x_i|² over the training set, × P_in), plus the reference beam's
  // r²·P_in; what the modulators take away is lost.
  double LaserPower() const;
  double input_scale() const { return input_scale_; }
  int classes() const { return classes_; }
  int inputs() const { return inputs_; }

 private:
  double Pass(const MatrixF& features,
              const std::vector<std::int32_t>* labels,
              const std::vector<std::int64_t>& rows,
              const std::vector<RealisedMesh>& realised,
              std::uint64_t noise_key,
              int threads,
              std::vector<double>* gradient,
              std::vector<std::int32_t>* predicted,
              bool noise = true,
              double* detected = nullptr) const;
  // Σ_{k<C} |z_k|² averaged over (up to 4096 of) `features`, noiseless.
  double MeasureDetected(const MatrixF& features, int threads) const;
  void CheckData(const MatrixF& features, const std::vector<std::int32_t>* labels) const;
  void Pack(std::vector<double>& flat) const;

  int inputs_, classes_;
  MeshNetworkOptions options_;
  std::vector<PhotonicMesh> meshes_;
  std::vector<double> gains_;
  double reference_ = 0.0;
  std::vector<double> offsets_;
  double input_scale_ = 1.0;
  double detected_ = 0.0;        // DetectedFraction, once measured
  double peak_amplitude_ = 1.0;  // max |s·x_i| over the training set
};

}  // namespace landauer::optical

#endif  // LANDAUER_OPTICAL_MESH_NETWORK_H_

// landauer/optical/mesh_device.h — a fabricated MZI mesh: the programmed phases (an MziMesh) and
// the errors of its physical elements, applied after decomposition to every heater and coupler.
//
//   MeshImperfections imp{.loss_db = 0.2, .splitter_sigma = 0.01, .phase_bits = 8};
//   PhotonicMesh device(DecomposeClements(u), imp, seed, "layer0");
//   MatrixC realised = device.Matrix();          // what the chip applies
//
// One physical MZI is two directional couplers around an internal heater, with an external heater
// on its top input (Harris et al., Opt. Express 22:10487, 2014; Shen et al., Nat. Photon. 11:441,
// 2017):
//   M = a · (−i e^{−iθ′}) · X · B(ε₂) · diag(e^{2iθ′}, 1) · B(ε₁) · diag(e^{iφ′}, 1),
//   B(ε) = [ cos(π/4 + ε)    i sin(π/4 + ε) ]     X = [ 0 1 ]
//          [ i sin(π/4 + ε)  cos(π/4 + ε)   ]         [ 1 0 ]
// With ideal couplers (ε = 0) M/a is exactly Clements' T(θ′, φ′) (mzi_mesh.h): the port swap X and
// the common phase −i e^{−iθ′} are the convention that maps the physical device onto T. They act
// on the MZI's own two modes only; a chip's calibration absorbs them into the neighbouring phases.
//
// The errors, each on every physical element (torchonn's non-idealities; neuroptica fork PR#2):
//   a = 10^(−loss_db/20)         insertion loss of each MZI, both arms alike (loss_db ≥ 0, dB)
//   ε₁, ε₂ ~ N(0, splitter_sigma²) each coupler's splitting-angle error, rad, drawn once (_d2d):
//                                 power splitting cos²(π/4 + ε), so ε = 0.01 is 49:51
//   heaters: internal 2θ, external φ, and each output phase α of the screen D (mzi_mesh.h):
//     h′ = Q(h) + κ·Σ_{neighbours} Q(h_n) + δ_d2d + δ_c2c
//   Q                            the heater DAC: the phase rounded to a grid of 2π/2^phase_bits
//                                 (phase_bits = 0: continuous)
//   κ = crosstalk                 the fraction of each neighbouring heater's phase that reaches
//                                 this one: heaters of the same kind in the same column, on
//                                 adjacent MZIs (modes m ± 2) or adjacent outputs (k ± 1)
//                                 (first-order thermal crosstalk; κ in [0, 1))
//   δ_d2d ~ N(0, phase_sigma_d2d²) static phase error of each heater, drawn once per device
//   δ_c2c ~ N(0, phase_sigma_c2c²) drawn afresh at each Realise(c2c) (drift between inferences)
// The crosstalk's heat follows the held phase Q(h) mod 2π in [0, 2π): a heater holds a phase in
// one period. θ itself is kept unwrapped: a held 2θ of 2θ − 2π makes T(θ − π) = −T(θ), a sign on
// the MZI's two modes that calibration absorbs like the common phase above.
//
// Randomness: the _d2d errors come from the stream (seed, "optical.mesh.<name>", "d2d"), so two
// layers of one run differ; the c2c draws from the caller's stream.
//
// For training, Realise also returns ∂M/∂θ′ and ∂M/∂φ′; ProgrammedGradient maps gradients with
// respect to the realised phases back to the programmed ones: through the crosstalk exactly
// (its transpose), and through the DAC's rounding as the identity (the straight-through
// estimator, as quantisation-aware training uses).
#ifndef LANDAUER_OPTICAL_MESH_DEVICE_H_
#define LANDAUER_OPTICAL_MESH_DEVICE_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "landauer/core/rng.h"
#include "landauer/optical/mzi_mesh.h"

namespace landauer::optical {

struct MeshImperfections {
  double loss_db = 0.0;          // insertion loss per MZI, dB, in [0, 100]
  double splitter_sigma = 0.0;   // sd of each coupler's splitting angle about π/4, rad, ≥ 0
  int phase_bits = 0;            // heater DAC bits over [0, 2π); 0: continuous; at most 24
  double phase_sigma_d2d = 0.0;  // static phase error per heater, rad, ≥ 0
  double phase_sigma_c2c = 0.0;  // phase error per realisation, rad, ≥ 0
  double crosstalk = 0.0;        // κ, fraction of a neighbouring heater's phase, in [0, 1)

  // Throws std::invalid_argument naming the field, its value and unit.
  void Validate() const;
  bool ideal() const;
};

// One physical MZI at its realised phases — internal heater 2θ′ (`internal`), external φ′ — with
// coupler errors ε₁, ε₂ and amplitude a = 10^(−loss_db/20): the header's M, and its derivatives
// by θ′ and φ′.
struct PhysicalMzi {
  Eigen::Matrix2cd m, dm_dtheta, dm_dphi;
};
PhysicalMzi RealiseMzi(double internal, double phi, double eps1, double eps2, double amplitude);

// Q: a heater DAC of `bits` over [0, 2π) (0: continuous), and the phase a heater holds for it,
// Q mod 2π in [0, 2π) (what its power and its crosstalk follow).
double HeaterDac(double phase, int bits);
double HeldPhase(double phase);

// The matrices a mesh applies at one realisation, in the order light meets them, and their
// derivatives by the realised phases.
struct RealisedMesh {
  int modes = 0;
  std::vector<int> mode;  // per MZI: it acts on (mode, mode + 1)
  std::vector<Eigen::Matrix2cd> m, dm_dtheta, dm_dphi;
  std::vector<Complex> output;  // e^{iα′} per mode

  MatrixC Matrix() const;  // D · M_K ⋯ M_1, dense (tests, decompose's report)
};

class PhotonicMesh {
 public:
  PhotonicMesh(MziMesh programmed,
               const MeshImperfections& imperfections,
               std::uint64_t seed,
               std::string_view name);

  const MziMesh& programmed() const { return programmed_; }
  MziMesh& programmed() { return programmed_; }  // the phases training changes
  const MeshImperfections& imperfections() const { return imperfections_; }
  int modes() const { return programmed_.modes; }
  // Heaters: two per MZI and one per output.
  int heaters() const;

  // The device now; `c2c` draws the cycle-to-cycle errors (may be null when phase_sigma_c2c = 0).
  RealisedMesh Realise(Rng* c2c) const;
  MatrixC Matrix(Rng* c2c = nullptr) const { return Realise(c2c).Matrix(); }

  // Gradients by the realised phases (θ′, φ′ per MZI, α′ per output) to gradients by the
  // programmed ones, in place.
  void ProgrammedGradient(std::vector<double>& d_theta,
                          std::vector<double>& d_phi,
                          std::vector<double>& d_output) const;

  // Σ over heaters of the held phase Q(h) mod 2π, rad: with a heater's P_π, the power that holds
  // the mesh's phases is P_π · HeldPhase() / π.
  double HeldPhase() const;

 private:
  double Quantize(double phase) const;

  MziMesh programmed_;
  MeshImperfections imperfections_;
  // Per MZI: the MZIs adjacent in its column (−1: none); per output, k ± 1.
  std::vector<int> below_, above_;
  // _d2d draws: coupler errors ε₁, ε₂ and static heater errors, per MZI; per output.
  std::vector<double> eps1_, eps2_, theta_d2d_, phi_d2d_, output_d2d_;
};

}  // namespace landauer::optical

#endif  // LANDAUER_OPTICAL_MESH_DEVICE_H_

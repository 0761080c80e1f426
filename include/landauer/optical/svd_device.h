// landauer/optical/svd_device.h — a fabricated SVD layer (svd_layer.h): the meshes V† and U as
// fabricated meshes (mesh_device.h: every imperfection on every physical element) around a column
// of attenuators, each a physical MZI with one output dumped.
//
//   PhotonicSvd chip(DecomposeSvd(m), imperfections, seed, "layer0");
//   MatrixC realised = chip.Matrix();            // what the chip applies, its gain included
//
// Attenuator k transmits t_k = σ_k/σ_max = cos θ_k: its internal heater holds 2θ_k, with
// θ_k = arccos t_k in [0, π/2], and the light enters and leaves on its upper port (there is no
// external heater: φ = 0). Realised with the meshes' errors:
//   2θ′_k = Q(2θ_k) + κ·(held_{k−1} + held_{k+1}) + δ_d2d + δ_c2c
//                     (Q the heater DAC; the attenuators are adjacent in their column, so each
//                     takes κ of its neighbours' held phases)
//   t′_k  = M(θ′_k, 0; ε₁, ε₂, a)₀₀   the physical MZI's upper-to-upper element (RealiseMzi)
// With ideal couplers t′ = a cos θ′ (real). With coupler errors t′ is complex and the extinction is
// finite: an attenuator set to block (θ = π/2) leaks a·|sin(ε₂ − ε₁)| of the amplitude, one set to
// pass transmits a·cos(ε₁ + ε₂). The gain σ_max after detection is electronic and exact.
//
// Randomness: V† and U draw their _d2d errors as meshes named "<name>.v_dagger" and "<name>.u"; the
// attenuators from (seed, "optical.svd.<name>", "d2d"). Matrix(c2c) draws V†'s cycle-to-cycle
// errors, then the attenuators', then U's, from the caller's stream.
#ifndef LANDAUER_OPTICAL_SVD_DEVICE_H_
#define LANDAUER_OPTICAL_SVD_DEVICE_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "landauer/core/rng.h"
#include "landauer/optical/mesh_device.h"
#include "landauer/optical/svd_layer.h"

namespace landauer::optical {

class PhotonicSvd {
 public:
  PhotonicSvd(SvdMesh programmed,
              const MeshImperfections& imperfections,
              std::uint64_t seed,
              std::string_view name);

  const SvdMesh& programmed() const { return programmed_; }
  const PhotonicMesh& v_dagger() const { return v_dagger_; }
  const PhotonicMesh& u() const { return u_; }

  // t′_k of every attenuator now; `c2c` draws the cycle-to-cycle errors (may be null when
  // phase_sigma_c2c = 0).
  std::vector<Complex> Attenuators(Rng* c2c = nullptr) const;
  // gain · U′ diag(t′) V†′, its rows × cols block.
  MatrixC Matrix(Rng* c2c = nullptr) const;
  // Heaters: both meshes' and one per attenuator.
  int heaters() const;
  // Σ over heaters of the held phase, rad (mesh_device.h's HeldPhase).
  double HeldPhase() const;

 private:
  SvdMesh programmed_;
  MeshImperfections imperfections_;
  PhotonicMesh v_dagger_, u_;
  std::vector<double> eps1_, eps2_, phase_d2d_;  // per attenuator, drawn once
};

}  // namespace landauer::optical

#endif  // LANDAUER_OPTICAL_SVD_DEVICE_H_

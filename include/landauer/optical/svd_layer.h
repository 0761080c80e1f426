// landauer/optical/svd_layer.h — a general (non-unitary) matrix in optics: the singular value
// decomposition M = U Σ V† as two MZI meshes around a column of attenuators (Miller, "Self-
// configuring universal linear optical component", Photon. Res. 1:1, 2013; Shen et al., Nat.
// Photon. 11:441, 2017, Fig. 1).
//
//   SvdMesh svd = DecomposeSvd(m);              // m: any rows × cols complex matrix
//   MatrixC back = svd.Matrix();                 // ≈ m to ~1e-13
//
// A passive device cannot amplify, so the singular values are scaled by the largest one: the
// attenuators transmit the amplitudes σ_k / σ_max ∈ [0, 1] (each an MZI with one output port
// dumped, transmission cos θ_k), and the gain σ_max is applied after detection, electronically.
// A rows × cols matrix is embedded in N = max(rows, cols) modes (zero-padded); light enters the
// first cols modes and is read from the first rows. Counts: 2 · N(N − 1)/2 mesh MZIs plus N
// attenuator MZIs; depth 2N + 1 (Clements meshes, N ≥ 3).
#ifndef LANDAUER_OPTICAL_SVD_LAYER_H_
#define LANDAUER_OPTICAL_SVD_LAYER_H_

#include <vector>

#include "landauer/optical/mzi_mesh.h"

namespace landauer::optical {

struct SvdMesh {
  int rows = 0, cols = 0;
  MziMesh v_dagger;                // first mesh: V†
  std::vector<double> attenuator;  // amplitude transmissions σ_k / σ_max, in [0, 1]
  MziMesh u;                       // second mesh: U
  double gain = 0.0;               // σ_max, applied after detection

  MatrixC Matrix() const;  // gain · (U diag(attenuator) V†), its rows × cols block
  int mzis() const;        // both meshes and the attenuators
  int depth() const;       // columns: V†, the attenuators, U
};

// Throws std::invalid_argument for an empty or non-finite matrix.
SvdMesh DecomposeSvd(const MatrixC& m);

}  // namespace landauer::optical

#endif  // LANDAUER_OPTICAL_SVD_LAYER_H_

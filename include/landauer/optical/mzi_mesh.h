// landauer/optical/mzi_mesh.h — meshes of Mach–Zehnder interferometers: the MZI's transfer
// matrix, and the Reck (triangular) and Clements (rectangular) decompositions of any unitary into
// N(N−1)/2 MZIs and a screen of output phases, and back.
//
//   MziMesh mesh = DecomposeClements(u);          // u: N × N unitary
//   MatrixC back = mesh.Matrix();                 // ≈ u to ~1e-13
//
// One MZI on neighbouring modes (m, m+1), internal phase θ and external phase φ (Clements et al.,
// "Optimal design for universal multiport interferometers", Optica 3:1460, 2016, Eq. 1):
//   T(θ, φ) = [ e^{iφ} cos θ   −sin θ ]
//             [ e^{iφ} sin θ    cos θ ]
// A mesh is the MZIs in the order light meets them, then a diagonal screen D of output phases:
//   U = D · T_K ⋯ T_2 T_1.
// Reck et al. (PRL 73:58, 1994): null U's elements row by row from the bottom by multiplying
// from the right by T†; what is left is D. Triangular, depth 2N − 3.
// Clements: null the anti-diagonals alternately from the right (T†) and from the left (T), then
// move each left factor through D, T† D = D' T' (solved for θ', φ' and D' in closed form).
// Rectangular, depth N (N ≥ 3), balanced losses. Both take N(N−1)/2 MZIs.
// A column is the earliest layer in which an MZI can sit (after the MZIs on its modes).
#ifndef LANDAUER_OPTICAL_MZI_MESH_H_
#define LANDAUER_OPTICAL_MZI_MESH_H_

#include <Eigen/Core>
#include <complex>
#include <cstdint>
#include <vector>

#include "landauer/core/rng.h"

namespace landauer::optical {

using Complex = std::complex<double>;
using MatrixC = Eigen::Matrix<Complex, Eigen::Dynamic, Eigen::Dynamic>;

// T(θ, φ), the 2 × 2 block above.
Eigen::Matrix2cd MziMatrix(double theta, double phi);

struct Mzi {
  int mode = 0;  // acts on modes (mode, mode + 1)
  double theta = 0.0, phi = 0.0;
  int column = 0;
};

struct MziMesh {
  int modes = 0;
  std::vector<Mzi> mzis;              // in the order light meets them
  std::vector<double> output_phases;  // D = diag(e^{iα})

  MatrixC Matrix() const;  // D · T_K ⋯ T_1
  int depth() const;       // columns
  // Every phase (θ, φ of each MZI, and each output phase) plus σ·N(0, 1) from `rng`: the
  // static phase error of fabricated devices.
  MziMesh WithPhaseNoise(double sigma, Rng& rng) const;
};

// Throws std::invalid_argument unless u is square (N ≥ 1) and unitary to 1e-9.
MziMesh DecomposeReck(const MatrixC& u);
MziMesh DecomposeClements(const MatrixC& u);

// A Haar-random N × N unitary: QR of a complex Gaussian matrix with R's diagonal phases divided
// out (Mezzadri, Notices AMS 54:592, 2007).
MatrixC HaarUnitary(int n, Rng& rng);

}  // namespace landauer::optical

#endif  // LANDAUER_OPTICAL_MZI_MESH_H_

#include "landauer/optical/mzi_mesh.h"

#include <fmt/format.h>

#include <Eigen/QR>
#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace landauer::optical {
namespace {

constexpr double kUnitaryTolerance = 1e-9;

void CheckUnitary(const MatrixC& u) {
  if (u.rows() < 1 || u.rows() != u.cols()) {
    throw std::invalid_argument(
        fmt::format("MZI mesh: a {} × {} matrix is not square", u.rows(), u.cols()));
  }
  const double error =
      (u.adjoint() * u - MatrixC::Identity(u.rows(), u.cols())).cwiseAbs().maxCoeff();
  if (!(error <= kUnitaryTolerance)) {
    throw std::invalid_argument(fmt::format(
        "MZI mesh: the matrix is not unitary (max |U†U − I| = {:.3g}, accepted ≤ {:g}); a general "
        "matrix needs an SVD layer U Σ V†",
        error,
        kUnitaryTolerance));
  }
}

// θ, φ of a T† applied from the right on columns (m, m+1) that zeroes U[r, m]:
// e^{−iφ} cos θ U[r,m] = sin θ U[r,m+1].
void NullFromRight(MatrixC& u, int r, int m, Mzi& mzi) {
  const Complex a = u(r, m), b = u(r, m + 1);
  mzi.mode = m;
  mzi.theta = std::atan2(std::abs(a), std::abs(b));
  mzi.phi = std::abs(a) > 0.0 && std::abs(b) > 0.0 ? std::arg(a) - std::arg(b) : 0.0;
  const Eigen::Matrix2cd t_dagger = MziMatrix(mzi.theta, mzi.phi).adjoint();
  u.middleCols(m, 2) = (u.middleCols(m, 2) * t_dagger).eval();
  u(r, m) = 0.0;
}

// θ, φ of a T applied from the left on rows (m, m+1) that zeroes U[m+1, c]:
// e^{iφ} sin θ U[m,c] = −cos θ U[m+1,c].
void NullFromLeft(MatrixC& u, int m, int c, Mzi& mzi) {
  const Complex a = u(m, c), b = u(m + 1, c);
  mzi.mode = m;
  mzi.theta = std::atan2(std::abs(b), std::abs(a));
  mzi.phi = std::abs(a) > 0.0 && std::abs(b) > 0.0 ? std::arg(-b) - std::arg(a) : 0.0;
  u.middleRows(m, 2) = (MziMatrix(mzi.theta, mzi.phi) * u.middleRows(m, 2)).eval();
  u(m + 1, c) = 0.0;
}

void AssignColumns(MziMesh& mesh) {
  std::vector<int> last(static_cast<std::size_t>(mesh.modes), 0);
  for (Mzi& z : mesh.mzis) {
    z.column = std::max(last[z.mode], last[z.mode + 1]) + 1;
    last[z.mode] = last[z.mode + 1] = z.column;
  }
}

std::vector<double> DiagonalPhases(const MatrixC& d) {
  std::vector<double> phases(static_cast<std::size_t>(d.rows()));
  for (Eigen::Index k = 0; k < d.rows(); ++k) phases[k] = std::arg(d(k, k));
  return phases;
}

}  // namespace

Eigen::Matrix2cd MziMatrix(double theta, double phi) {
  const Complex e = std::polar(1.0, phi);
  const double c = std::cos(theta), s = std::sin(theta);
  Eigen::Matrix2cd t;
  t << e * c, -s, e * s, c;
  return t;
}

MatrixC MziMesh::Matrix() const {
  MatrixC u = MatrixC::Identity(modes, modes);
  for (const Mzi& z : mzis) {
    u.middleRows(z.mode, 2) = (MziMatrix(z.theta, z.phi) * u.middleRows(z.mode, 2)).eval();
  }
  for (int k = 0; k < modes; ++k) u.row(k) *= std::polar(1.0, output_phases[k]);
  return u;
}

int MziMesh::depth() const {
  int d = 0;
  for (const Mzi& z : mzis) d = std::max(d, z.column);
  return d;
}

MziMesh MziMesh::WithPhaseNoise(double sigma, Rng& rng) const {
  MziMesh noisy = *this;
  for (Mzi& z : noisy.mzis) {
    z.theta += sigma * rng.Normal();
    z.phi += sigma * rng.Normal();
  }
  for (double& a : noisy.output_phases) a += sigma * rng.Normal();
  return noisy;
}

MziMesh DecomposeReck(const MatrixC& u_in) {
  CheckUnitary(u_in);
  MatrixC u = u_in;
  const int n = static_cast<int>(u.rows());
  MziMesh mesh;
  mesh.modes = n;
  // Row r from the bottom: zero U[r, 0 … r−1] left to right with T† on columns (c, c+1). The
  // zeros made in rows below stay zero (those rows' entries left of their diagonal are 0 in both
  // mixed columns). U T_1† T_2† ⋯ = D, so U = D ⋯ T_2 T_1: the first nulled is met first.
  for (int r = n - 1; r >= 1; --r) {
    for (int c = 0; c < r; ++c) {
      Mzi z;
      NullFromRight(u, r, c, z);
      mesh.mzis.push_back(z);
    }
  }
  mesh.output_phases = DiagonalPhases(u);
  AssignColumns(mesh);
  return mesh;
}

MziMesh DecomposeClements(const MatrixC& u_in) {
  CheckUnitary(u_in);
  MatrixC u = u_in;
  const int n = static_cast<int>(u.rows());
  std::vector<Mzi> right, left;  // in the order they were applied
  for (int i = 0; i + 1 < n; ++i) {
    if (i % 2 == 0) {
      for (int j = 0; j <= i; ++j) {
        Mzi z;
        NullFromRight(u, n - 1 - j, i - j, z);
        right.push_back(z);
      }
    } else {
      for (int j = 1; j <= i + 1; ++j) {
        Mzi z;
        NullFromLeft(u, n + j - i - 3, j - 1, z);
        left.push_back(z);
      }
    }
  }
  // L_k ⋯ L_1 U R_1† ⋯ R_p† = D, so U = L_1† ⋯ L_k† D R_p ⋯ R_1. Move each L† through D, last
  // first: L† D = D' T', with T' = T(θ', φ') on the same modes.
  MatrixC d = u;
  std::vector<Mzi> moved;
  for (auto it = left.rbegin(); it != left.rend(); ++it) {
    const int m = it->mode;
    const Eigen::Matrix2cd block = MziMatrix(it->theta, it->phi).adjoint() *
                                   Eigen::Vector2cd(d(m, m), d(m + 1, m + 1)).asDiagonal();
    // block = diag(d0, d1) · [[e^{iφ'}c', −s'], [e^{iφ'}s', c']].
    Mzi z;
    z.mode = m;
    const double s = std::abs(block(0, 1)), c = std::abs(block(1, 1));
    z.theta = std::atan2(s, c);
    z.phi = s * c > 1e-300 ? std::arg(block(1, 0) * std::conj(block(1, 1))) : 0.0;
    const Complex e = std::polar(1.0, z.phi);
    const Complex d0 = c >= s ? block(0, 0) / (e * c) : -block(0, 1) / s;
    const Complex d1 = c >= s ? block(1, 1) / c : block(1, 0) / (e * s);
    d(m, m) = d0 / std::abs(d0);
    d(m + 1, m + 1) = d1 / std::abs(d1);
    moved.push_back(z);
  }
  // U = D' T'_1 ⋯ T'_k R_p ⋯ R_1, with `moved` holding T'_k first: light meets R_1 … R_p, then
  // T'_k … T'_1.
  MziMesh mesh;
  mesh.modes = n;
  mesh.mzis = right;
  mesh.mzis.insert(mesh.mzis.end(), moved.begin(), moved.end());
  mesh.output_phases = DiagonalPhases(d);
  AssignColumns(mesh);
  return mesh;
}

MatrixC HaarUnitary(int n, Rng& rng) {
  if (n < 1) throw std::invalid_argument(fmt::format("Haar unitary of size {}", n));
  MatrixC z(n, n);
  for (Eigen::Index k = 0; k < z.size(); ++k) {
    z.data()[k] = Complex(rng.Normal(), rng.Normal()) / std::sqrt(2.0);
  }
  const Eigen::HouseholderQR<MatrixC> qr(z);
  MatrixC q = qr.householderQ() * MatrixC::Identity(n, n);
  const MatrixC r = qr.matrixQR().triangularView<Eigen::Upper>();
  for (int k = 0; k < n; ++k) q.col(k) *= r(k, k) / std::abs(r(k, k));
  return q;
}

}  // namespace landauer::optical

#include "landauer/optical/svd_layer.h"

#include <fmt/format.h>

#include <Eigen/SVD>
#include <algorithm>
#include <stdexcept>

namespace landauer::optical {

MatrixC SvdMesh::Matrix() const {
  const int n = u.modes;
  Eigen::VectorXcd a(n);
  for (int k = 0; k < n; ++k) a[k] = attenuator[static_cast<std::size_t>(k)];
  const MatrixC full = gain * (u.Matrix() * a.asDiagonal() * v_dagger.Matrix());
  return full.topLeftCorner(rows, cols);
}

int SvdMesh::mzis() const {
  return static_cast<int>(v_dagger.mzis.size() + u.mzis.size() + attenuator.size());
}

int SvdMesh::depth() const { return v_dagger.depth() + 1 + u.depth(); }

SvdMesh DecomposeSvd(const MatrixC& m) {
  if (m.rows() < 1 || m.cols() < 1) {
    throw std::invalid_argument(fmt::format(
        "SVD layer: a {} × {} matrix; it needs at least one row and column", m.rows(), m.cols()));
  }
  if (!m.allFinite()) throw std::invalid_argument("SVD layer: the matrix holds NaN or infinity");
  const int n = static_cast<int>(std::max(m.rows(), m.cols()));
  MatrixC padded = MatrixC::Zero(n, n);
  padded.topLeftCorner(m.rows(), m.cols()) = m;
  const Eigen::JacobiSVD<MatrixC> svd(padded, Eigen::ComputeFullU | Eigen::ComputeFullV);
  const Eigen::VectorXd sigma = svd.singularValues();
  SvdMesh out;
  out.rows = static_cast<int>(m.rows());
  out.cols = static_cast<int>(m.cols());
  out.gain = sigma.size() > 0 ? sigma[0] : 0.0;
  out.attenuator.resize(static_cast<std::size_t>(n));
  for (int k = 0; k < n; ++k) {
    out.attenuator[static_cast<std::size_t>(k)] = out.gain > 0.0 ? sigma[k] / out.gain : 0.0;
  }
  out.v_dagger = DecomposeClements(svd.matrixV().adjoint());
  out.u = DecomposeClements(svd.matrixU());
  return out;
}

}  // namespace landauer::optical

// landauer/core/symmetric_eigen.h — the eigendecomposition of a real symmetric matrix,
//   A = Q diag(w) Qᵀ,   Qᵀ Q = I,   w ascending.
//
// With OpenBLAS in the build it is LAPACK's divide and conquer, dsyevd (Cuppen's method as in
// Demmel, "Applied Numerical Linear Algebra", SIAM 1997, §5.3.3; Gu & Eisenstat, SIAM J. Matrix
// Anal. Appl. 16(1), 172-191, 1995), run single-threaded so that the result never depends on
// OpenBLAS's thread count; without OpenBLAS, or when dsyevd reports a failure (e.g. a non-finite
// entry), Eigen's SelfAdjointEigenSolver (tridiagonal QR). The two agree to rounding, not bit for
// bit. On a 640 × 640 Gram matrix, the size of NGD's and TNGD's batch GGN (nn/ggn_subspace.h,
// batch 64 × 10 classes), dsyevd took 46-52 ms against Eigen's 92 ms on one core of this project's
// 2-core machine (2026-12-04); docs/thermo.md gives what that does to a TNGD step.
//
// Only the lower triangle of `a` is read. Eigenvector signs are arbitrary, as in LAPACK and Eigen.
//
//   const SymmetricEigen e = SymmetricEigenDecompose(k);   // k: n × n, symmetric
//   k ≈ e.vectors * e.values.asDiagonal() * e.vectors.transpose()
#ifndef LANDAUER_CORE_SYMMETRIC_EIGEN_H_
#define LANDAUER_CORE_SYMMETRIC_EIGEN_H_

#include <Eigen/Core>

namespace landauer {

struct SymmetricEigen {
  Eigen::VectorXd values;   // ascending
  Eigen::MatrixXd vectors;  // column i belongs to values[i]
};

// Throws std::invalid_argument when `a` is not square.
SymmetricEigen SymmetricEigenDecompose(const Eigen::MatrixXd& a);

}  // namespace landauer

#endif  // LANDAUER_CORE_SYMMETRIC_EIGEN_H_

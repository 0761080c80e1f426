// landauer/thermo/matrix_market.h — read matrices and vectors for `landauer thermo`.
//
// Matrix Market (NIST, https://math.nist.gov/MatrixMarket/formats.html): a header
//   %%MatrixMarket matrix coordinate|array real|integer general|symmetric
// then comment lines (%), a size line ("rows cols nnz" for coordinate, "rows cols" for array),
// then entries: "i j value" (1-based) for coordinate, column-major values for array. Symmetric
// files store the lower triangle and are mirrored. Pattern fields are rejected, and complex ones
// except by the complex reader, which takes "i j re im" (coordinate) or "re im" (array) entries
// and the hermitian symmetry too (mirrored as the conjugate; real files read with zero
// imaginary parts). Every error names the file, the line and what is wrong.
//
// A right-hand side file holds one number per line (blank lines and lines starting with '#' are
// skipped).
#ifndef LANDAUER_THERMO_MATRIX_MARKET_H_
#define LANDAUER_THERMO_MATRIX_MARKET_H_

#include <cstdint>
#include <string>
#include <utility>

#include "landauer/thermo/ou_propagator.h"

namespace landauer::thermo {

ColMatrixD ReadMatrixMarket(const std::string& path);
ColMatrixD ParseMatrixMarket(const std::string& text, const std::string& origin);
// (real part, imaginary part).
std::pair<ColMatrixD, ColMatrixD> ReadComplexMatrixMarket(const std::string& path);
std::pair<ColMatrixD, ColMatrixD> ParseComplexMatrixMarket(const std::string& text,
                                                           const std::string& origin);
Eigen::VectorXd ReadVector(const std::string& path);
Eigen::VectorXd ParseVector(const std::string& text, const std::string& origin);

// Throws InputError naming `origin` unless A is square, symmetric (to 1e-10 relative) and
// positive definite; the message gives the smallest eigenvalue.
void CheckSymmetricPositiveDefinite(const ColMatrixD& a, const std::string& origin);
// Throws InputError naming `origin` unless A is square and stable: every eigenvalue has a
// positive real part (the first-order device dx = −(Ax − b)ds + … relaxes); the message names the
// eigenvalue nearest instability and a shift that fixes it.
void CheckStable(const ColMatrixD& a, const std::string& origin);
// Symmetric to 1e-10 relative, as CheckSymmetricPositiveDefinite requires.
bool IsSymmetric(const ColMatrixD& a);

// Q diag(λ) Qᵀ with a Haar-random orthogonal Q (seeded) and eigenvalues log-spaced in
// [1/condition, 1], so λ_max = 1 and the condition number is exactly `condition`.
ColMatrixD RandomSpdMatrix(int dimension, double condition, std::uint64_t seed);

}  // namespace landauer::thermo

#endif  // LANDAUER_THERMO_MATRIX_MARKET_H_

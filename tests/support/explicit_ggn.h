// tests/support/explicit_ggn.h — the generalised Gauss–Newton matrix of a small MLP, formed
// explicitly: column k is the GGN-vector product with the unit vector e_k (N products of an
// N × N matrix, so only for the tiny networks tests use). The reference the matrix-free
// subspace and natural-gradient code are checked against.
#ifndef LANDAUER_TESTS_SUPPORT_EXPLICIT_GGN_H_
#define LANDAUER_TESTS_SUPPORT_EXPLICIT_GGN_H_

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "landauer/nn/mlp.h"

namespace landauer::testing {

inline Eigen::MatrixXd ExplicitGgn(const nn::Mlp& model, const MatrixF& x) {
  const std::int64_t n = model.storage_size();
  Eigen::MatrixXd ggn(n, n);
  std::vector<float> e(static_cast<std::size_t>(n), 0.0f);
  for (std::int64_t k = 0; k < n; ++k) {
    e[static_cast<std::size_t>(k)] = 1;
    const AlignedFloats column = model.GgnProduct(x, e);
    e[static_cast<std::size_t>(k)] = 0;
    for (std::int64_t i = 0; i < n; ++i) ggn(i, k) = column[static_cast<std::size_t>(i)];
  }
  return ggn;
}

}  // namespace landauer::testing

#endif  // LANDAUER_TESTS_SUPPORT_EXPLICIT_GGN_H_

#include "landauer/optical/svd_layer.h"

#include <gtest/gtest.h>

#include <Eigen/SVD>
#include <algorithm>
#include <utility>

namespace landauer::optical {
namespace {

// A general complex matrix, square or rectangular, through V†, attenuators and U: rebuilt to
// ~1e-13; the attenuators transmit at most 1 (a passive device), the gain is σ_max.
TEST(SvdMesh, RebuildsGeneralMatrices) {
  Rng rng(2, "test", "svd");
  for (const auto& [rows, cols] : {std::pair{5, 5}, std::pair{3, 7}, std::pair{8, 4}}) {
    MatrixC m(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = {rng.Normal(), rng.Normal()};
    const SvdMesh svd = DecomposeSvd(m);
    EXPECT_LT((svd.Matrix() - m).cwiseAbs().maxCoeff(), 1e-12) << rows << "x" << cols;
    const int n = std::max(rows, cols);
    EXPECT_EQ(svd.mzis(), n * (n - 1) + n);
    EXPECT_EQ(svd.depth(), 2 * n + 1);
    EXPECT_NEAR(svd.attenuator.front(), 1.0, 1e-15);
    for (const double a : svd.attenuator) {
      EXPECT_GE(a, 0.0);
      EXPECT_LE(a, 1.0);
    }
    EXPECT_NEAR(svd.gain, Eigen::JacobiSVD<MatrixC>(m).singularValues()[0], 1e-12);
  }
  EXPECT_THROW(DecomposeSvd(MatrixC(0, 3)), std::invalid_argument);
}

}  // namespace
}  // namespace landauer::optical

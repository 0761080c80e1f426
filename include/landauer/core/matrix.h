// landauer/core/matrix.h — the dense matrix types shared by data, nn and the substrates.
//
// Row-major float32: one sample per row, so a mini-batch is a contiguous block of rows and
// Y = X Wᵀ maps a batch of inputs to a batch of outputs. Double precision is used where the
// physics needs it (thermodynamic linear algebra), with the `d` suffix.
#ifndef LANDAUER_CORE_MATRIX_H_
#define LANDAUER_CORE_MATRIX_H_

#include <Eigen/Core>

namespace landauer {

using MatrixF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using VectorF = Eigen::VectorXf;
using MatrixD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using VectorD = Eigen::VectorXd;

}  // namespace landauer

#endif  // LANDAUER_CORE_MATRIX_H_

// src/landauer/analog/random_matrix.h — seeded standard-normal matrices for the analog tests and
// benchmark (private to src/landauer/analog; not part of the library).
#ifndef LANDAUER_ANALOG_RANDOM_MATRIX_H_
#define LANDAUER_ANALOG_RANDOM_MATRIX_H_

#include <cstdint>
#include <string_view>

#include "landauer/core/matrix.h"
#include "landauer/core/rng.h"

namespace landauer::analog {

// rows × cols entries of N(0, 1), row by row from Rng(seed, component, "matrix").
inline MatrixF RandomMatrix(int rows, int cols, std::uint64_t seed, std::string_view component) {
  Rng rng(seed, component, "matrix");
  MatrixF m(rows, cols);
  for (Eigen::Index k = 0; k < m.size(); ++k) m.data()[k] = static_cast<float>(rng.Normal());
  return m;
}

}  // namespace landauer::analog

#endif  // LANDAUER_ANALOG_RANDOM_MATRIX_H_

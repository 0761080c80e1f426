// landauer/sparse/sparse_linear.h — a truly sparse fully connected layer: CSR weights, and the
// forward, backward-to-input and weight-gradient products at the non-zeros only.
//
//   SparseLinear layer(/*in=*/784, /*out=*/300);
//   layer.SetTopology(flat_indices);              // row·in + col of each connection, any order
//   layer.Forward(x, y, threads);                 // y = W x + b 1ᵀ          (x: in × B)
//   layer.BackwardInput(dy, dx, threads);         // dx = Wᵀ dy              (dy: out × B)
//   layer.WeightGradient(dy, x, gw, gb, threads); // gw_k = Σ_b dy[i_k,b] x[j_k,b], gb = dy 1
//
// Storage. W (out × in) is compressed sparse row: row_start (out + 1 offsets), columns (nnz, int32,
// ascending within a row) and values (nnz floats). A transposed index over the same values
// (column_start, column_rows, column_entry) serves Wᵀ dy without a second copy of the weights.
// There is no dense shadow matrix: memory is O(nnz + in + out), and the weight layout changes
// when connections die and grow (Rewire), carrying any per-connection state (momentum) with it.
//
// Activations are feature-major: a batch of B samples is a (features × B) row-major MatrixF, so
// one feature's values over the batch are contiguous. Each non-zero w_ij is then one B-long
// axpy (forward: y_i += w_ij x_j; backward: dx_j += w_ij dy_i) or one B-long dot product (its
// gradient), vectorised by Eigen. The work is exactly nnz·B multiply-adds per product, against
// in·out·B for the dense layer: that ratio is what the sparse substrate's ledger counts
// (sparse_cost.h), and what `landauer sparse sweep` measures against a dense masked GEMM.
//
// The batch is processed in tiles of kBatchTile samples (the forward and input-gradient
// products), so that the gathered rows of one tile (fan-in × 128 floats: 400 KB at 784 inputs)
// stay in a large SRAM or L2 cache however large the batch; the weight gradient sums over the
// whole batch (training batches are ~100). sparse_cost.h counts the same tiles.
//
// Determinism: every product is parallel over output rows (forward, gradient) or input rows
// (backward), each row summed by one thread in a fixed order, so results do not depend on the
// thread count (core/parallel.h).
#ifndef LANDAUER_SPARSE_SPARSE_LINEAR_H_
#define LANDAUER_SPARSE_SPARSE_LINEAR_H_

#include <cstdint>
#include <span>
#include <vector>

#include "landauer/core/matrix.h"

namespace landauer::sparse {

// Samples per tile of the forward and input-gradient products.
inline constexpr int kBatchTile = 128;

class SparseLinear {
 public:
  // An empty layer (no connections, zero bias). Throws std::invalid_argument unless 1 ≤ in, out
  // and in·out < 2^31 (flat indices are int64, columns int32).
  SparseLinear(int in, int out);

  int in() const { return in_; }
  int out() const { return out_; }
  std::int64_t nonzeros() const { return static_cast<std::int64_t>(columns_.size()); }
  double density() const { return static_cast<double>(nonzeros()) / (double(in_) * out_); }

  std::span<const std::int64_t> row_start() const { return row_start_; }
  std::span<const std::int32_t> columns() const { return columns_; }
  std::span<float> values() { return values_; }
  std::span<const float> values() const { return values_; }
  std::span<float> bias() { return bias_; }
  std::span<const float> bias() const { return bias_; }
  // The row of non-zero k (a binary search of row_start).
  int RowOf(std::int64_t k) const;
  // row·in + column of non-zero k.
  std::int64_t FlatIndex(std::int64_t k) const;

  // Replaces the connections by `flat` (row·in + column each; any order, no repeats), all with
  // weight 0. Throws std::invalid_argument for an index out of range or a repeat.
  void SetTopology(std::span<const std::int64_t> flat);

  // Changes the connections in place: non-zero k survives when keep[k] != 0; the connections in
  // `grown` (flat indices, not among the survivors, no repeats) are added with value 0. Every
  // buffer in `state` (size nonzeros() each, e.g. momentum) is carried along with the weights,
  // and is 0 for grown connections. Throws std::invalid_argument for sizes that do not match or a
  // grown connection that already exists.
  void Rewire(std::span<const std::uint8_t> keep,
              std::span<const std::int64_t> grown,
              std::span<AlignedFloats* const> state = {});

  // y = W x + b 1ᵀ: x is in × B, y becomes out × B.
  void Forward(const MatrixF& x, MatrixF& y, int threads) const;
  // dx = Wᵀ dy: dy is out × B, dx becomes in × B.
  void BackwardInput(const MatrixF& dy, MatrixF& dx, int threads) const;
  // gw[k] = Σ_b dy[row_k, b] · x[col_k, b] for every non-zero k (size nonzeros()), and
  // gb[i] = Σ_b dy[i, b] (size out): the gradient at the non-zeros only.
  void WeightGradient(const MatrixF& dy,
                      const MatrixF& x,
                      std::span<float> gw,
                      std::span<float> gb,
                      int threads) const;

  // The dense W (out × in), zeros where there is no connection: for tests and for the dense
  // gradient that RigL and sparse momentum read when they regrow (dynamic_sparse.h).
  MatrixF Dense() const;

 private:
  void BuildTranspose();

  int in_ = 0, out_ = 0;
  std::vector<std::int64_t> row_start_;
  std::vector<std::int32_t> columns_;
  AlignedFloats values_;
  AlignedFloats bias_;
  // Wᵀ: for input j, the non-zeros column_entry[column_start[j] .. column_start[j+1]) in
  // ascending row order (column_rows), each an index into values_.
  std::vector<std::int64_t> column_start_;
  std::vector<std::int32_t> column_rows_;
  std::vector<std::int64_t> column_entry_;
};

}  // namespace landauer::sparse

#endif  // LANDAUER_SPARSE_SPARSE_LINEAR_H_

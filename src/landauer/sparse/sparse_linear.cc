#include "landauer/sparse/sparse_linear.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "landauer/core/parallel.h"

namespace landauer::sparse {
namespace {

using RowMap = Eigen::Map<Eigen::VectorXf>;
using ConstRowMap = Eigen::Map<const Eigen::VectorXf>;

void CheckBatch(const MatrixF& m, int rows, const char* what) {
  if (m.rows() != rows) {
    throw std::invalid_argument(fmt::format(
        "sparse layer: {} has {} rows, the layer needs {} (activations are features × batch)",
        what,
        m.rows(),
        rows));
  }
}

}  // namespace

SparseLinear::SparseLinear(int in, int out) : in_(in), out_(out) {
  if (in < 1 || out < 1 || double(in) * out >= double(std::numeric_limits<std::int32_t>::max())) {
    throw std::invalid_argument(
        fmt::format("sparse layer {} → {}: widths must be ≥ 1 with in·out < 2^31", in, out));
  }
  row_start_.assign(static_cast<std::size_t>(out) + 1, 0);
  bias_.assign(static_cast<std::size_t>(out), 0.0f);
  BuildTranspose();
}

int SparseLinear::RowOf(std::int64_t k) const {
  const auto it = std::upper_bound(row_start_.begin(), row_start_.end(), k);
  return static_cast<int>(it - row_start_.begin()) - 1;
}

std::int64_t SparseLinear::FlatIndex(std::int64_t k) const {
  return std::int64_t{RowOf(k)} * in_ + columns_[static_cast<std::size_t>(k)];
}

void SparseLinear::SetTopology(std::span<const std::int64_t> flat) {
  std::vector<std::int64_t> sorted(flat.begin(), flat.end());
  std::sort(sorted.begin(), sorted.end());
  const std::int64_t size = std::int64_t{in_} * out_;
  for (std::size_t k = 0; k < sorted.size(); ++k) {
    if (sorted[k] < 0 || sorted[k] >= size) {
      throw std::invalid_argument(fmt::format(
          "sparse layer {} → {}: connection {} is outside [0, {})", in_, out_, sorted[k], size));
    }
    if (k > 0 && sorted[k] == sorted[k - 1]) {
      throw std::invalid_argument(
          fmt::format("sparse layer {} → {}: connection {} is listed twice", in_, out_, sorted[k]));
    }
  }
  std::fill(row_start_.begin(), row_start_.end(), 0);
  columns_.resize(sorted.size());
  for (std::size_t k = 0; k < sorted.size(); ++k) {
    ++row_start_[static_cast<std::size_t>(sorted[k] / in_) + 1];
    columns_[k] = static_cast<std::int32_t>(sorted[k] % in_);
  }
  for (int i = 0; i < out_; ++i) row_start_[i + 1] += row_start_[i];
  values_.assign(sorted.size(), 0.0f);
  BuildTranspose();
}

void SparseLinear::Rewire(std::span<const std::uint8_t> keep,
                          std::span<const std::int64_t> grown,
                          std::span<AlignedFloats* const> state) {
  const std::size_t n = columns_.size();
  if (keep.size() != n) {
    throw std::invalid_argument(
        fmt::format("sparse layer: keep has {} entries for {} non-zeros", keep.size(), n));
  }
  for (const AlignedFloats* buffer : state) {
    if (buffer->size() != n) {
      throw std::invalid_argument(fmt::format(
          "sparse layer: a state buffer has {} entries for {} non-zeros", buffer->size(), n));
    }
  }
  std::vector<std::int64_t> add(grown.begin(), grown.end());
  std::sort(add.begin(), add.end());
  const std::int64_t size = std::int64_t{in_} * out_;
  for (std::size_t g = 0; g < add.size(); ++g) {
    if (add[g] < 0 || add[g] >= size || (g > 0 && add[g] == add[g - 1])) {
      throw std::invalid_argument(
          fmt::format("sparse layer {} → {}: grown connection {} is out of range or repeated",
                      in_,
                      out_,
                      add[g]));
    }
  }
  // Merge survivors (already in flat order) with the grown connections, row by row.
  std::size_t kept = 0;
  for (const std::uint8_t k : keep) kept += k != 0;
  const std::size_t total = kept + add.size();
  std::vector<std::int64_t> new_start(static_cast<std::size_t>(out_) + 1, 0);
  std::vector<std::int32_t> new_columns(total);
  AlignedFloats new_values(total, 0.0f);
  std::vector<AlignedFloats> new_state(state.size(), AlignedFloats(total, 0.0f));
  std::size_t w = 0, g = 0;
  for (int i = 0; i < out_; ++i) {
    const std::int64_t row_base = std::int64_t{i} * in_;
    std::int64_t k = row_start_[i];
    const std::int64_t end = row_start_[i + 1];
    while (true) {
      while (k < end && !keep[static_cast<std::size_t>(k)]) ++k;
      const bool have_old = k < end;
      const bool have_new = g < add.size() && add[g] < row_base + in_;
      if (!have_old && !have_new) break;
      const std::int64_t old_flat = have_old ? row_base + columns_[k] : size;
      const std::int64_t new_flat = have_new ? add[g] : size;
      if (have_old && have_new && old_flat == new_flat) {
        throw std::invalid_argument(fmt::format(
            "sparse layer {} → {}: grown connection {} already exists", in_, out_, new_flat));
      }
      if (old_flat < new_flat) {
        new_columns[w] = columns_[k];
        new_values[w] = values_[k];
        for (std::size_t s = 0; s < state.size(); ++s) new_state[s][w] = (*state[s])[k];
        ++k;
      } else {
        new_columns[w] = static_cast<std::int32_t>(new_flat - row_base);
        ++g;
      }
      ++w;
    }
    new_start[static_cast<std::size_t>(i) + 1] = static_cast<std::int64_t>(w);
  }
  row_start_ = std::move(new_start);
  columns_ = std::move(new_columns);
  values_ = std::move(new_values);
  for (std::size_t s = 0; s < state.size(); ++s) *state[s] = std::move(new_state[s]);
  BuildTranspose();
}

void SparseLinear::BuildTranspose() {
  const std::size_t n = columns_.size();
  column_start_.assign(static_cast<std::size_t>(in_) + 1, 0);
  for (const std::int32_t j : columns_) ++column_start_[static_cast<std::size_t>(j) + 1];
  for (int j = 0; j < in_; ++j) column_start_[j + 1] += column_start_[j];
  column_rows_.resize(n);
  column_entry_.resize(n);
  std::vector<std::int64_t> next(column_start_.begin(), column_start_.end() - 1);
  for (int i = 0; i < out_; ++i) {  // rows in ascending order: each column's list is sorted
    for (std::int64_t k = row_start_[i]; k < row_start_[i + 1]; ++k) {
      const std::int64_t slot = next[static_cast<std::size_t>(columns_[k])]++;
      column_rows_[slot] = i;
      column_entry_[slot] = k;
    }
  }
}

void SparseLinear::Forward(const MatrixF& x, MatrixF& y, int threads) const {
  CheckBatch(x, in_, "the input");
  const Eigen::Index batch = x.cols();
  y.resize(out_, batch);
  for (Eigen::Index t = 0; t < batch; t += kBatchTile) {
    const Eigen::Index n = std::min<Eigen::Index>(kBatchTile, batch - t);
    ParallelFor(0, out_, threads, double(nonzeros()) * n, [&](std::int64_t lo, std::int64_t hi) {
      for (std::int64_t i = lo; i < hi; ++i) {
        RowMap yi(y.row(i).data() + t, n);
        yi.setConstant(bias_[i]);
        for (std::int64_t k = row_start_[i]; k < row_start_[i + 1]; ++k) {
          yi += values_[k] * ConstRowMap(x.row(columns_[k]).data() + t, n);
        }
      }
    });
  }
}

void SparseLinear::BackwardInput(const MatrixF& dy, MatrixF& dx, int threads) const {
  CheckBatch(dy, out_, "the output gradient");
  const Eigen::Index batch = dy.cols();
  dx.resize(in_, batch);
  for (Eigen::Index t = 0; t < batch; t += kBatchTile) {
    const Eigen::Index n = std::min<Eigen::Index>(kBatchTile, batch - t);
    ParallelFor(0, in_, threads, double(nonzeros()) * n, [&](std::int64_t lo, std::int64_t hi) {
      for (std::int64_t j = lo; j < hi; ++j) {
        RowMap dxj(dx.row(j).data() + t, n);
        dxj.setZero();
        for (std::int64_t s = column_start_[j]; s < column_start_[j + 1]; ++s) {
          dxj += values_[column_entry_[s]] * ConstRowMap(dy.row(column_rows_[s]).data() + t, n);
        }
      }
    });
  }
}

void SparseLinear::WeightGradient(const MatrixF& dy,
                                  const MatrixF& x,
                                  std::span<float> gw,
                                  std::span<float> gb,
                                  int threads) const {
  CheckBatch(dy, out_, "the output gradient");
  CheckBatch(x, in_, "the input");
  if (dy.cols() != x.cols() || gw.size() != columns_.size() ||
      gb.size() != static_cast<std::size_t>(out_)) {
    throw std::invalid_argument(fmt::format(
        "sparse layer: gradient shapes do not match (batch {} and {}; {} and {} entries for {} "
        "non-zeros and {} outputs)",
        dy.cols(),
        x.cols(),
        gw.size(),
        gb.size(),
        columns_.size(),
        out_));
  }
  const Eigen::Index batch = dy.cols();
  const double work = double(nonzeros()) * batch;
  ParallelFor(0, out_, threads, work, [&](std::int64_t lo, std::int64_t hi) {
    for (std::int64_t i = lo; i < hi; ++i) {
      const ConstRowMap dyi(dy.row(i).data(), batch);
      gb[static_cast<std::size_t>(i)] = dyi.sum();
      for (std::int64_t k = row_start_[i]; k < row_start_[i + 1]; ++k) {
        gw[static_cast<std::size_t>(k)] = dyi.dot(ConstRowMap(x.row(columns_[k]).data(), batch));
      }
    }
  });
}

MatrixF SparseLinear::Dense() const {
  MatrixF w = MatrixF::Zero(out_, in_);
  for (int i = 0; i < out_; ++i) {
    for (std::int64_t k = row_start_[i]; k < row_start_[i + 1]; ++k) w(i, columns_[k]) = values_[k];
  }
  return w;
}

}  // namespace landauer::sparse

#include "landauer/sparse/sparse_linear.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "landauer/core/parallel.h"

namespace landauer::sparse {
namespace {

// 16, 8 and 4 floats as one value (the GCC/Clang vector extension): an AVX-512 register, an
// AVX2 one, an SSE one. Memory is read and written through memcpy, which compiles to unaligned
// vector moves.
typedef float Floats16 __attribute__((vector_size(64)));
typedef float Floats8 __attribute__((vector_size(32)));
typedef float Floats4 __attribute__((vector_size(16)));

template <typename Vec>
constexpr int kLanes = static_cast<int>(sizeof(Vec) / sizeof(float));

template <typename Vec>
Vec Load(const float* p) {
  Vec v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}

template <typename Vec>
void Store(float* p, const Vec& v) {
  __builtin_memcpy(p, &v, sizeof v);
}

// out[t..t+L·V) = init + Σ_s weight(s) · source(s)[t..t+L·V) over s in [begin, end), L the lanes of
// Vec: the block's sums stay in V registers across all the terms, so a term costs V loads and
// fused multiply-adds.
template <typename Vec, int V, typename Weight, typename Source>
void AccumulateBlock(float* out,
                     float init,
                     std::int64_t begin,
                     std::int64_t end,
                     const Weight& weight,
                     const Source& source,
                     std::int64_t t) {
  constexpr int L = kLanes<Vec>;
  Vec acc[V];
  for (int v = 0; v < V; ++v) acc[v] = Vec{} + init;
  for (std::int64_t s = begin; s < end; ++s) {
    const float w = weight(s);
    const float* x = source(s) + t;
    for (int v = 0; v < V; ++v) acc[v] += w * Load<Vec>(x + L * v);
  }
  for (int v = 0; v < V; ++v) Store(out + t + L * v, acc[v]);
}

// out[0..n) = init + Σ_s weight(s) · source(s)[0..n): blocks of 64 floats, then one each of 32,
// 16, 8 and 4 as needed, then single floats. The order of every sum is fixed (term by term),
// whatever the thread count.
template <typename Weight, typename Source>
void Accumulate(float* out,
                float init,
                std::int64_t n,
                std::int64_t begin,
                std::int64_t end,
                const Weight& weight,
                const Source& source) {
  std::int64_t t = 0;
  for (; t + 64 <= n; t += 64) {
    AccumulateBlock<Floats16, 4>(out, init, begin, end, weight, source, t);
  }
  if (t + 32 <= n) AccumulateBlock<Floats16, 2>(out, init, begin, end, weight, source, t), t += 32;
  if (t + 16 <= n) AccumulateBlock<Floats16, 1>(out, init, begin, end, weight, source, t), t += 16;
  if (t + 8 <= n) AccumulateBlock<Floats8, 1>(out, init, begin, end, weight, source, t), t += 8;
  if (t + 4 <= n) AccumulateBlock<Floats4, 1>(out, init, begin, end, weight, source, t), t += 4;
  for (; t < n; ++t) {
    float acc = init;
    for (std::int64_t s = begin; s < end; ++s) acc += weight(s) * source(s)[t];
    out[t] = acc;
  }
}

// out[g] = Σ_b a[b]·c[g][b] for g < G: G independent dot products advanced together (so their
// dependency chains overlap), each in 16 running lanes, then 8- and 4-lane and single-float tails,
// the lanes summed pairwise. Every dot's order of operations is the same whatever G.
template <int G>
void Dots(const float* a, const float* const* c, std::int64_t n, float* out) {
  Floats16 l16[G] = {};
  std::int64_t b = 0;
  for (; b + 16 <= n; b += 16) {
    const Floats16 x = Load<Floats16>(a + b);
    for (int g = 0; g < G; ++g) l16[g] += x * Load<Floats16>(c[g] + b);
  }
  Floats8 l8[G];
  for (int g = 0; g < G; ++g) {
    l8[g] = __builtin_shufflevector(l16[g], l16[g], 0, 1, 2, 3, 4, 5, 6, 7) +
            __builtin_shufflevector(l16[g], l16[g], 8, 9, 10, 11, 12, 13, 14, 15);
  }
  if (b + 8 <= n) {
    const Floats8 x = Load<Floats8>(a + b);
    for (int g = 0; g < G; ++g) l8[g] += x * Load<Floats8>(c[g] + b);
    b += 8;
  }
  Floats4 l4[G];
  for (int g = 0; g < G; ++g) {
    l4[g] = __builtin_shufflevector(l8[g], l8[g], 0, 1, 2, 3) +
            __builtin_shufflevector(l8[g], l8[g], 4, 5, 6, 7);
  }
  if (b + 4 <= n) {
    const Floats4 x = Load<Floats4>(a + b);
    for (int g = 0; g < G; ++g) l4[g] += x * Load<Floats4>(c[g] + b);
    b += 4;
  }
  for (int g = 0; g < G; ++g) {
    float sum = (l4[g][0] + l4[g][2]) + (l4[g][1] + l4[g][3]);
    for (std::int64_t t = b; t < n; ++t) sum += a[t] * c[g][t];
    out[g] = sum;
  }
}

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
        Accumulate(
            y.row(i).data() + t,
            bias_[i],
            n,
            row_start_[i],
            row_start_[i + 1],
            [&](std::int64_t k) { return values_[k]; },
            [&](std::int64_t k) { return x.row(columns_[k]).data() + t; });
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
        Accumulate(
            dx.row(j).data() + t,
            0.0f,
            n,
            column_start_[j],
            column_start_[j + 1],
            [&](std::int64_t s) { return values_[column_entry_[s]]; },
            [&](std::int64_t s) { return dy.row(column_rows_[s]).data() + t; });
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
      const float* dyi = dy.row(i).data();
      float sum = 0.0f;
      for (Eigen::Index b = 0; b < batch; ++b) sum += dyi[b];
      gb[static_cast<std::size_t>(i)] = sum;
      std::int64_t k = row_start_[i];
      const std::int64_t end = row_start_[i + 1];
      for (; k + 4 <= end; k += 4) {
        const float* c[4] = {x.row(columns_[k]).data(),
                             x.row(columns_[k + 1]).data(),
                             x.row(columns_[k + 2]).data(),
                             x.row(columns_[k + 3]).data()};
        Dots<4>(dyi, c, batch, gw.data() + k);
      }
      for (; k < end; ++k) {
        const float* c[1] = {x.row(columns_[k]).data()};
        Dots<1>(dyi, c, batch, gw.data() + k);
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

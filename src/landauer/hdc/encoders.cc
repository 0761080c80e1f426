#include "landauer/hdc/encoders.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "landauer/core/parallel.h"
#include "landauer/core/rng.h"

namespace landauer::hdc {

EncodeWork& EncodeWork::operator+=(const EncodeWork& o) {
  xor_words += o.xor_words;
  bundle_words += o.bundle_words;
  compare_words += o.compare_words;
  id_bits_read += o.id_bits_read;
  level_bits_read += o.level_bits_read;
  projection_macs += o.projection_macs;
  return *this;
}

LevelMemory::LevelMemory(int levels, int dimension, Rng& rng) {
  CheckDimension(dimension, "dimension");
  if (levels < 2 || levels - 1 > dimension / 2) {
    throw std::invalid_argument(fmt::format(
        "levels = {}: a level memory needs at least 2 levels and at most D/2 + 1 = {} (each "
        "level flips at least one dimension of the one before)",
        levels,
        dimension / 2 + 1));
  }
  flips_ = dimension / (2 * (levels - 1));
  std::vector<int> order(static_cast<std::size_t>(dimension));
  std::iota(order.begin(), order.end(), 0);
  for (std::size_t i = order.size() - 1; i > 0; --i) {  // Fisher–Yates
    std::swap(order[i], order[static_cast<std::size_t>(rng.UniformInt(i + 1))]);
  }
  levels_.push_back(BinaryHv::Random(dimension, rng));
  for (int i = 1; i < levels; ++i) {
    BinaryHv next = levels_.back();
    for (int f = 0; f < flips_; ++f) {
      const int d = order[static_cast<std::size_t>((i - 1) * flips_ + f)];
      next.set_bit(d, !next.bit(d));
    }
    levels_.push_back(std::move(next));
  }
}

namespace {

Rng Stream(std::uint64_t seed, const char* purpose) { return Rng(seed, "hdc.idlevel", purpose); }

}  // namespace

IdLevelEncoder::IdLevelEncoder(int features, int dimension, int levels, std::uint64_t seed)
    : dimension_(dimension), levels_([&] {
        Rng rng = Stream(seed, "level_memory");
        return LevelMemory(levels, dimension, rng);
      }()) {
  if (features < 1) {
    throw std::invalid_argument(
        fmt::format("IdLevelEncoder: {} features; need at least 1", features));
  }
  Rng items = Stream(seed, "item_memory");
  for (int i = 0; i < features; ++i) ids_.push_back(BinaryHv::Random(dimension, items));
  Rng tie = Stream(seed, "tie_breaker");
  tie_breaker_ = BinaryHv::Random(dimension, tie);
  lo_.assign(static_cast<std::size_t>(features), 0.0f);
  scale_.assign(static_cast<std::size_t>(features), 0.0f);
}

void IdLevelEncoder::Fit(const MatrixF& train) {
  if (train.cols() != features() || train.rows() < 1) {
    throw std::invalid_argument(
        fmt::format("IdLevelEncoder::Fit: {} × {} features, expected n × {} with n ≥ 1",
                    train.rows(),
                    train.cols(),
                    features()));
  }
  const float top = static_cast<float>(levels_.levels() - 1);
  for (int i = 0; i < features(); ++i) {
    const float lo = train.col(i).minCoeff(), hi = train.col(i).maxCoeff();
    if (!std::isfinite(lo) || !std::isfinite(hi)) {
      throw std::invalid_argument(fmt::format(
          "IdLevelEncoder::Fit: feature {} has a non-finite value in the training data", i));
    }
    const float scale = hi > lo ? top / (hi - lo) : 0.0f;
    lo_[static_cast<std::size_t>(i)] = lo;
    scale_[static_cast<std::size_t>(i)] = std::isfinite(scale) ? scale : 0.0f;
  }
}

int IdLevelEncoder::Level(int feature, float x) const {
  const auto i = static_cast<std::size_t>(feature);
  const float q = std::nearbyint((x - lo_[i]) * scale_[i]);  // to even, as torch.round
  if (std::isnan(q)) return 0;  // a NaN input (the data loaders refuse them) takes level 0
  return static_cast<int>(std::clamp(q, 0.0f, static_cast<float>(levels_.levels() - 1)));
}

void IdLevelEncoder::Encode(std::span<const float> x,
                            BinaryHv& out,
                            BitSlicedCounter& counter,
                            EncodeWork& work) const {
  if (static_cast<int>(x.size()) != features()) {
    throw std::invalid_argument(
        fmt::format("IdLevelEncoder::Encode: {} features, expected {}", x.size(), features()));
  }
  counter.Clear();
  const int words = dimension_ / kWordBits;
  std::vector<std::uint64_t> bound(static_cast<std::size_t>(words));
  for (int i = 0; i < features(); ++i) {
    const auto id = ids_[static_cast<std::size_t>(i)].data();
    const auto level = levels_[Level(i, x[static_cast<std::size_t>(i)])].data();
    for (int w = 0; w < words; ++w) {
      bound[static_cast<std::size_t>(w)] =
          id[static_cast<std::size_t>(w)] ^ level[static_cast<std::size_t>(w)];
    }
    work.bundle_words += 2 * counter.Add(bound);
  }
  if (features() % 2 == 0) work.bundle_words += 2 * counter.Add(tie_breaker_.data());
  std::int64_t compare = 0;
  out = counter.AtLeast(counter.added() / 2 + 1, &compare);
  work.compare_words += compare;
  work.xor_words += static_cast<std::int64_t>(features()) * words;
  work.id_bits_read += static_cast<std::int64_t>(features()) * dimension_;
  work.level_bits_read += static_cast<std::int64_t>(features()) * dimension_;
}

std::vector<BinaryHv> IdLevelEncoder::EncodeAll(const MatrixF& x,
                                                int threads,
                                                EncodeWork& work) const {
  if (x.cols() != features()) {
    throw std::invalid_argument(
        fmt::format("IdLevelEncoder::EncodeAll: {} features, expected {}", x.cols(), features()));
  }
  const std::int64_t n = x.rows(), blocks = (n + kBlock - 1) / kBlock;
  const int words = dimension_ / kWordBits;
  std::vector<BinaryHv> out(static_cast<std::size_t>(n));
  std::vector<EncodeWork> block_work(static_cast<std::size_t>(blocks));
  ParallelFor(
      0,
      blocks,
      threads,
      static_cast<double>(n) * features() * words * 4.0,
      [&](std::int64_t lo, std::int64_t hi) {
        std::vector<BitSlicedCounter> counters(static_cast<std::size_t>(kBlock),
                                               BitSlicedCounter(dimension_));
        std::vector<std::uint64_t> bound(8 * static_cast<std::size_t>(words));
        for (std::int64_t b = lo; b < hi; ++b) {
          const std::int64_t r0 = b * kBlock, rows = std::min(n, r0 + kBlock) - r0;
          EncodeWork& work_b = block_work[static_cast<std::size_t>(b)];
          for (std::int64_t r = 0; r < rows; ++r) {
            counters[static_cast<std::size_t>(r)].Clear();
          }
          // Positions outer (eight at a time, for the carry-save tree), samples inner:
          // each item vector is read once per block.
          const int grouped = features() / 8 * 8;
          for (int i0 = 0; i0 < features(); i0 += 8) {
            const int group = i0 < grouped ? 8 : 1;
            for (int i = i0; i < std::min(features(), i0 + 8) && group == 1; ++i) {
              const auto id = ids_[static_cast<std::size_t>(i)].data();
              for (std::int64_t r = 0; r < rows; ++r) {
                const auto level = levels_[Level(i, x(r0 + r, i))].data();
                for (int w = 0; w < words; ++w) {
                  bound[static_cast<std::size_t>(w)] =
                      id[static_cast<std::size_t>(w)] ^ level[static_cast<std::size_t>(w)];
                }
                work_b.bundle_words +=
                    2 * counters[static_cast<std::size_t>(r)].Add(std::span<const std::uint64_t>(
                            bound.data(), static_cast<std::size_t>(words)));
              }
            }
            if (group == 1) continue;
            for (std::int64_t r = 0; r < rows; ++r) {
              for (int g = 0; g < 8; ++g) {
                const auto id = ids_[static_cast<std::size_t>(i0 + g)].data();
                const auto level = levels_[Level(i0 + g, x(r0 + r, i0 + g))].data();
                std::uint64_t* out_g = bound.data() + static_cast<std::size_t>(g) * words;
                for (int w = 0; w < words; ++w) {
                  out_g[w] = id[static_cast<std::size_t>(w)] ^ level[static_cast<std::size_t>(w)];
                }
              }
              work_b.bundle_words += counters[static_cast<std::size_t>(r)].Add8(bound);
            }
          }
          for (std::int64_t r = 0; r < rows; ++r) {
            BitSlicedCounter& counter = counters[static_cast<std::size_t>(r)];
            if (features() % 2 == 0) work_b.bundle_words += 2 * counter.Add(tie_breaker_.data());
            std::int64_t compare = 0;
            out[static_cast<std::size_t>(r0 + r)] =
                counter.AtLeast(counter.added() / 2 + 1, &compare);
            work_b.compare_words += compare;
          }
          work_b.xor_words += rows * features() * words;
          work_b.id_bits_read += static_cast<std::int64_t>(features()) * dimension_;
          work_b.level_bits_read += rows * features() * dimension_;
        }
      });
  for (const EncodeWork& w : block_work) work += w;  // in block order: thread-count independent
  return out;
}

NgramEncoder::NgramEncoder(int symbols, int dimension, int n, std::uint64_t seed)
    : dimension_(dimension), n_(n) {
  CheckDimension(dimension, "dimension");
  if (symbols < 1 || n < 1) {
    throw std::invalid_argument(fmt::format(
        "NgramEncoder: {} symbols and n = {}; need at least one symbol and n >= 1", symbols, n));
  }
  Rng items(seed, "hdc.ngram", "item_memory");
  for (int s = 0; s < symbols; ++s) items_.push_back(BinaryHv::Random(dimension, items));
  for (int k = 0; k < n; ++k) {
    std::vector<BinaryHv> rotated;
    for (const BinaryHv& item : items_) rotated.push_back(Permute(item, k));
    rotated_.push_back(std::move(rotated));
  }
  Rng tie(seed, "hdc.ngram", "tie_breaker");
  tie_breaker_ = BinaryHv::Random(dimension, tie);
}

BinaryHv NgramEncoder::Encode(std::span<const std::int32_t> sequence, EncodeWork& work) const {
  if (static_cast<int>(sequence.size()) < n_) {
    throw std::invalid_argument(fmt::format(
        "NgramEncoder::Encode: a sequence of {} symbols has no {}-gram", sequence.size(), n_));
  }
  for (std::size_t i = 0; i < sequence.size(); ++i) {
    if (sequence[i] < 0 || sequence[i] >= static_cast<std::int32_t>(items_.size())) {
      throw std::invalid_argument(
          fmt::format("NgramEncoder::Encode: symbol {} at position {} is outside [0, {})",
                      sequence[i],
                      i,
                      items_.size()));
    }
  }
  const int words = dimension_ / kWordBits;
  BitSlicedCounter counter(dimension_);
  std::vector<std::uint64_t> gram(static_cast<std::size_t>(words));
  const std::size_t windows = sequence.size() - static_cast<std::size_t>(n_) + 1;
  for (std::size_t i = 0; i < windows; ++i) {
    std::fill(gram.begin(), gram.end(), 0);
    for (int k = 0; k < n_; ++k) {
      const auto v = rotated_[static_cast<std::size_t>(n_ - 1 - k)]
                             [static_cast<std::size_t>(sequence[i + static_cast<std::size_t>(k)])]
                                 .data();
      for (int w = 0; w < words; ++w)
        gram[static_cast<std::size_t>(w)] ^= v[static_cast<std::size_t>(w)];
    }
    work.xor_words += static_cast<std::int64_t>(n_) * words;
    work.id_bits_read += static_cast<std::int64_t>(n_) * dimension_;
    work.bundle_words += 2 * counter.Add(gram);
  }
  if (windows % 2 == 0) work.bundle_words += 2 * counter.Add(tie_breaker_.data());
  std::int64_t compare = 0;
  BinaryHv out = counter.AtLeast(counter.added() / 2 + 1, &compare);
  work.compare_words += compare;
  return out;
}

ProjectionEncoder::ProjectionEncoder(int features, int dimension, std::uint64_t seed) {
  CheckDimension(dimension, "dimension");
  if (features < 1) {
    throw std::invalid_argument(
        fmt::format("ProjectionEncoder: {} features; need at least 1", features));
  }
  Rng rng(seed, "hdc.projection", "matrix");
  projection_.resize(dimension, features);
  for (Eigen::Index r = 0; r < projection_.rows(); ++r) {
    for (Eigen::Index c = 0; c < projection_.cols(); c += 32) {
      std::uint32_t bits = rng.NextU32();
      for (Eigen::Index k = c; k < std::min<Eigen::Index>(c + 32, projection_.cols()); ++k) {
        projection_(r, k) = (bits & 1u) ? -1.0f : 1.0f;
        bits >>= 1;
      }
    }
  }
}

std::vector<BinaryHv> ProjectionEncoder::EncodeAll(const MatrixF& x,
                                                   int threads,
                                                   EncodeWork& work) const {
  if (x.cols() != projection_.cols()) {
    throw std::invalid_argument(
        fmt::format("ProjectionEncoder: {} features, expected {}", x.cols(), projection_.cols()));
  }
  constexpr std::int64_t kBlock = 64;
  const std::int64_t n = x.rows(), blocks = (n + kBlock - 1) / kBlock;
  const int d = dimension();
  std::vector<BinaryHv> out(static_cast<std::size_t>(n), BinaryHv(d));
  ParallelFor(0,
              blocks,
              threads,
              static_cast<double>(n) * d * static_cast<double>(x.cols()),
              [&](std::int64_t lo, std::int64_t hi) {
                MatrixF y;
                for (std::int64_t b = lo; b < hi; ++b) {
                  const std::int64_t r0 = b * kBlock, rows = std::min(n, r0 + kBlock) - r0;
                  y.noalias() = x.middleRows(r0, rows) * projection_.transpose();
                  for (std::int64_t r = 0; r < rows; ++r) {
                    BinaryHv& h = out[static_cast<std::size_t>(r0 + r)];
                    for (int k = 0; k < d; ++k) {
                      if (!(y(r, k) > 0.0f)) h.set_bit(k, true);  // ties to −1, as hard_quantize
                    }
                  }
                }
              });
  work.projection_macs += static_cast<double>(n) * d * static_cast<double>(x.cols());
  work.compare_words += n * (d / kWordBits);
  return out;
}

FeatureEncoder::FeatureEncoder(
    bool projection, int features, int dimension, int levels, std::uint64_t seed) {
  if (projection) {
    projection_ = std::make_unique<ProjectionEncoder>(features, dimension, seed);
  } else {
    id_level_ = std::make_unique<IdLevelEncoder>(features, dimension, levels, seed);
  }
}

void FeatureEncoder::Fit(const MatrixF& train) {
  if (id_level_) id_level_->Fit(train);
}

std::vector<BinaryHv> FeatureEncoder::EncodeAll(const MatrixF& x,
                                                int threads,
                                                EncodeWork& work) const {
  return id_level_ ? id_level_->EncodeAll(x, threads, work)
                   : projection_->EncodeAll(x, threads, work);
}

}  // namespace landauer::hdc

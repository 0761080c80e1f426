#include "landauer/hdc/encoders.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>
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
  readout_values += o.readout_values;
  phasor_macs += o.phasor_macs;
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

LevelQuantizer::LevelQuantizer(int features, int levels) : levels_(levels) {
  if (features < 1 || levels < 2) {
    throw std::invalid_argument(fmt::format(
        "LevelQuantizer: {} features and {} levels; need at least 1 and 2", features, levels));
  }
  lo_.assign(static_cast<std::size_t>(features), 0.0f);
  scale_.assign(static_cast<std::size_t>(features), 0.0f);
}

void LevelQuantizer::Fit(const MatrixF& train) {
  if (train.cols() != features() || train.rows() < 1) {
    throw std::invalid_argument(
        fmt::format("LevelQuantizer::Fit: {} × {} features, expected n × {} with n ≥ 1",
                    train.rows(),
                    train.cols(),
                    features()));
  }
  const float top = static_cast<float>(levels_ - 1);
  for (int i = 0; i < features(); ++i) {
    const float lo = train.col(i).minCoeff(), hi = train.col(i).maxCoeff();
    if (!std::isfinite(lo) || !std::isfinite(hi)) {
      throw std::invalid_argument(fmt::format(
          "LevelQuantizer::Fit: feature {} has a non-finite value in the training data", i));
    }
    const float scale = hi > lo ? top / (hi - lo) : 0.0f;
    lo_[static_cast<std::size_t>(i)] = lo;
    scale_[static_cast<std::size_t>(i)] = std::isfinite(scale) ? scale : 0.0f;
  }
}

int LevelQuantizer::Level(int feature, float x) const {
  const auto i = static_cast<std::size_t>(feature);
  const float q = std::nearbyint((x - lo_[i]) * scale_[i]);  // to even, as torch.round
  if (std::isnan(q)) return 0;  // a NaN input (the data loaders refuse them) takes level 0
  return static_cast<int>(std::clamp(q, 0.0f, static_cast<float>(levels_ - 1)));
}

void LevelQuantizer::Restore(std::span<const float> lo, std::span<const float> scale) {
  if (lo.size() != lo_.size() || scale.size() != scale_.size()) {
    throw std::invalid_argument(
        fmt::format("LevelQuantizer::Restore: {} and {} ranges, expected {}",
                    lo.size(),
                    scale.size(),
                    lo_.size()));
  }
  for (std::size_t i = 0; i < lo.size(); ++i) {
    if (!std::isfinite(lo[i]) || !std::isfinite(scale[i]) || scale[i] < 0.0f) {
      throw std::invalid_argument(fmt::format(
          "LevelQuantizer::Restore: feature {} has offset {} and scale {}; both must be finite "
          "and the scale >= 0",
          i,
          lo[i],
          scale[i]));
    }
  }
  std::copy(lo.begin(), lo.end(), lo_.begin());
  std::copy(scale.begin(), scale.end(), scale_.begin());
}

IdLevelEncoder::IdLevelEncoder(int features, int dimension, int levels, std::uint64_t seed)
    : dimension_(dimension),
      levels_([&] {
        Rng rng = Stream(seed, "level_memory");
        return LevelMemory(levels, dimension, rng);
      }()),
      quantizer_(features, levels) {
  Rng items = Stream(seed, "item_memory");
  for (int i = 0; i < features; ++i) ids_.push_back(BinaryHv::Random(dimension, items));
  Rng tie = Stream(seed, "tie_breaker");
  tie_breaker_ = BinaryHv::Random(dimension, tie);
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

void IdLevelEncoder::Bundle(
    const MatrixF& x,
    int threads,
    EncodeWork& work,
    const std::function<void(std::int64_t, BitSlicedCounter&, EncodeWork&)>& finish,
    bool tie_break) const {
  if (x.cols() != features()) {
    throw std::invalid_argument(
        fmt::format("IdLevelEncoder: {} features, expected {}", x.cols(), features()));
  }
  const std::int64_t n = x.rows(), blocks = (n + kBlock - 1) / kBlock;
  const int words = dimension_ / kWordBits;
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
            if (tie_break && features() % 2 == 0) {
              work_b.bundle_words += 2 * counter.Add(tie_breaker_.data());
            }
            finish(r0 + r, counter, work_b);
          }
          work_b.xor_words += rows * features() * words;
          work_b.id_bits_read += static_cast<std::int64_t>(features()) * dimension_;
          work_b.level_bits_read += rows * features() * dimension_;
        }
      });
  for (const EncodeWork& w : block_work) work += w;  // in block order: thread-count independent
}

std::vector<BinaryHv> IdLevelEncoder::EncodeAll(const MatrixF& x,
                                                int threads,
                                                EncodeWork& work) const {
  std::vector<BinaryHv> out(static_cast<std::size_t>(x.rows()));
  Bundle(
      x,
      threads,
      work,
      [&](std::int64_t row, BitSlicedCounter& counter, EncodeWork& w) {
        std::int64_t compare = 0;
        out[static_cast<std::size_t>(row)] = counter.AtLeast(counter.added() / 2 + 1, &compare);
        w.compare_words += compare;
      },
      /*tie_break=*/true);
  return out;
}

MatrixF IdLevelEncoder::EncodeSums(const MatrixF& x, int threads, EncodeWork& work) const {
  if (features() > 32767) {
    throw std::invalid_argument(fmt::format(
        "IdLevelEncoder::EncodeSums: {} features; a MAP record is int16, so at most 32767",
        features()));
  }
  MatrixF out(x.rows(), dimension_);
  Bundle(
      x,
      threads,
      work,
      [&](std::int64_t row, BitSlicedCounter& counter, EncodeWork& w) {
        thread_local std::vector<std::int32_t> counts;
        counts.resize(static_cast<std::size_t>(dimension_));
        counter.Counts(counts);
        const std::int32_t n = features();
        for (int d = 0; d < dimension_; ++d) {
          out(row, d) = static_cast<float>(n - 2 * counts[static_cast<std::size_t>(d)]);
        }
        w.readout_values += dimension_;
      },
      /*tie_break=*/false);
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

PhasorIdLevelEncoder::PhasorIdLevelEncoder(int features,
                                           int dimension,
                                           int levels,
                                           std::uint64_t seed)
    : dimension_(dimension), quantizer_(features, levels) {
  CheckDimension(dimension, "dimension");
  if (levels - 1 > dimension) {
    throw std::invalid_argument(fmt::format(
        "levels = {}: an FHRR level memory replaces at least one phase per level, so at most "
        "D + 1 = {} levels",
        levels,
        dimension + 1));
  }
  const auto d = static_cast<std::size_t>(dimension);
  const auto random_phasors = [d](Rng& rng, float* re, float* im) {
    for (std::size_t k = 0; k < d; ++k) {
      const double theta = 2.0 * std::numbers::pi * rng.Uniform();
      re[k] = static_cast<float>(std::cos(theta));
      im[k] = static_cast<float>(std::sin(theta));
    }
  };
  id_re_.resize(static_cast<std::size_t>(features) * d);
  id_im_.resize(id_re_.size());
  Rng items(seed, "hdc.fhrr", "item_memory");
  for (std::size_t i = 0; i < static_cast<std::size_t>(features); ++i) {
    random_phasors(items, &id_re_[i * d], &id_im_[i * d]);
  }
  // Level 0 is random; level l replaces the next D/(L − 1) phases, in a seeded order, with those
  // of an independent random vector (the last level takes the remainder).
  Rng rng(seed, "hdc.fhrr", "level_memory");
  std::vector<float> other_re(d), other_im(d);
  level_re_.resize(static_cast<std::size_t>(levels) * d);
  level_im_.resize(level_re_.size());
  random_phasors(rng, level_re_.data(), level_im_.data());
  random_phasors(rng, other_re.data(), other_im.data());
  std::vector<std::size_t> order(d);
  std::iota(order.begin(), order.end(), std::size_t{0});
  for (std::size_t i = d - 1; i > 0; --i) {
    std::swap(order[i], order[static_cast<std::size_t>(rng.UniformInt(i + 1))]);
  }
  for (std::size_t l = 1; l < static_cast<std::size_t>(levels); ++l) {
    std::copy_n(&level_re_[(l - 1) * d], d, &level_re_[l * d]);
    std::copy_n(&level_im_[(l - 1) * d], d, &level_im_[l * d]);
    const std::size_t from = (l - 1) * d / (static_cast<std::size_t>(levels) - 1),
                      to = l * d / (static_cast<std::size_t>(levels) - 1);
    for (std::size_t k = from; k < to; ++k) {
      level_re_[l * d + order[k]] = other_re[order[k]];
      level_im_[l * d + order[k]] = other_im[order[k]];
    }
  }
}

MatrixF PhasorIdLevelEncoder::EncodeAll(const MatrixF& x, int threads, EncodeWork& work) const {
  if (x.cols() != features()) {
    throw std::invalid_argument(fmt::format(
        "PhasorIdLevelEncoder::EncodeAll: {} features, expected {}", x.cols(), features()));
  }
  constexpr std::int64_t kRows = IdLevelEncoder::kBlock;
  const std::int64_t n = x.rows(), blocks = (n + kRows - 1) / kRows;
  const auto d = static_cast<std::size_t>(dimension_);
  MatrixF out(n, 2 * dimension_);
  ParallelFor(0,
              blocks,
              threads,
              static_cast<double>(n) * features() * dimension_ * 4.0,
              [&](std::int64_t lo, std::int64_t hi) {
                std::vector<float> re(static_cast<std::size_t>(kRows) * d),
                    im(static_cast<std::size_t>(kRows) * d);
                for (std::int64_t b = lo; b < hi; ++b) {
                  const std::int64_t r0 = b * kRows, rows = std::min(n, r0 + kRows) - r0;
                  std::fill(re.begin(), re.end(), 0.0f);
                  std::fill(im.begin(), im.end(), 0.0f);
                  for (int i = 0; i < features(); ++i) {  // each item vector once per block
                    const float* ir = id_re(i).data();
                    const float* ii = id_im(i).data();
                    for (std::int64_t r = 0; r < rows; ++r) {
                      const int q = quantizer_.Level(i, x(r0 + r, i));
                      const float* lr = level_re(q).data();
                      const float* li = level_im(q).data();
                      float* ar = &re[static_cast<std::size_t>(r) * d];
                      float* ai = &im[static_cast<std::size_t>(r) * d];
                      for (std::size_t k = 0; k < d; ++k) {
                        ar[k] += ir[k] * lr[k] - ii[k] * li[k];
                        ai[k] += ir[k] * li[k] + ii[k] * lr[k];
                      }
                    }
                  }
                  for (std::int64_t r = 0; r < rows; ++r) {
                    for (std::size_t k = 0; k < d; ++k) {
                      out(r0 + r, static_cast<Eigen::Index>(k)) =
                          re[static_cast<std::size_t>(r) * d + k];
                      out(r0 + r, static_cast<Eigen::Index>(d + k)) =
                          im[static_cast<std::size_t>(r) * d + k];
                    }
                  }
                }
              });
  const double per_sample = static_cast<double>(features()) * dimension_;
  work.phasor_macs += 4.0 * static_cast<double>(n) * per_sample;
  work.id_bits_read += blocks * features() * dimension_ * 64;
  work.level_bits_read += n * features() * dimension_ * 64;
  return out;
}

}  // namespace landauer::hdc

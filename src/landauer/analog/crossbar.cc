#include "landauer/analog/crossbar.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "device_blocks.h"
#include "landauer/core/float_bits.h"
#include "landauer/core/float_math.h"
#include "landauer/core/parallel.h"

namespace landauer::analog {
namespace {

constexpr std::int64_t kSampleBlock = 64;  // samples per task: fixed, part of the result
// The most the first read of a chunk of the batch keeps (chunk × out × row_tiles floats).
constexpr std::int64_t kFirstReadBytes = std::int64_t{64} << 20;

// Levels per sign of a b-bit signed converter (0: ideal).
int LevelsOf(int bits) { return bits == 0 ? 0 : (1 << (bits - 1)) - 1; }

// Rounds v (in [−1, 1] of full scale) to `levels` steps per sign; 0 levels: unchanged.
float Quantize(float v, int levels) {
  if (levels == 0) return v;
  const float l = static_cast<float>(levels);
  return std::clamp(RoundHalfAway(v * l), -l, l) / l;
}

}  // namespace

Eigen::RowVectorXf IrDropRead(const Eigen::Ref<const MatrixF>& g,
                              const Eigen::Ref<const Eigen::RowVectorXf>& v,
                              float rho) {
  const Eigen::Index cols = g.rows(), rows = g.cols();
  // Zero order: I_ij = g_ij v_i (g is cols × rows: g(j, i) joins row i to column j).
  const MatrixF current = (g.array().rowwise() * v.array()).matrix();  // cols × rows
  // Word line i, driven before column 0: segment k (before column k) carries Σ_{m≥k} I_im, so
  // column j sees Δw_ij = ρ Σ_{k≤j} Σ_{m≥k} I_im.
  MatrixF drop = MatrixF::Zero(cols, rows);
  for (Eigen::Index i = 0; i < rows; ++i) {
    float suffix = current.col(i).sum(), prefix = 0.0f;
    for (Eigen::Index j = 0; j < cols; ++j) {
      prefix += suffix;  // Σ_{k≤j} S_k
      drop(j, i) = rho * prefix;
      suffix -= current(j, i);
    }
  }
  // Bit line j, read after row rows−1: segment k (after row k) carries Σ_{m≤k} I_mj, so row i
  // sees Δb_ij = ρ Σ_{k≥i} Σ_{m≤k} I_mj.
  for (Eigen::Index j = 0; j < cols; ++j) {
    float prefix = current.row(j).sum(), suffix = 0.0f;
    for (Eigen::Index i = rows - 1; i >= 0; --i) {
      suffix += prefix;  // Σ_{k≥i} P_k
      drop(j, i) += rho * suffix;
      prefix -= current(j, i);
    }
  }
  // First order: each device sees v_i − Δw_ij − Δb_ij.
  return (g.array() * ((drop.array() * -1.0f).rowwise() + v.array())).rowwise().sum().transpose();
}

std::vector<MatrixF> SliceWeights(const nn::ConstMatrixRef& w, int slices, int slice_bits) {
  Require(AllFinite(w), "crossbar: the weights are not all finite");
  Require(slices >= 1 && slices <= 8 && slice_bits >= 1 && slices * slice_bits <= 24,
          fmt::format("crossbar: {} slices of {} bits; slices must be in [1, 8] and slices × "
                      "slice_bits at most 24",
                      slices,
                      slice_bits));
  if (slices == 1) return {MatrixF(w)};
  const int bits = slices * slice_bits;
  const double levels = std::ldexp(1.0, bits) - 1.0, base = std::ldexp(1.0, slice_bits);
  std::vector<MatrixF> out(static_cast<std::size_t>(slices), MatrixF::Zero(w.rows(), w.cols()));
  for (Eigen::Index j = 0; j < w.rows(); ++j) {
    const double s = w.row(j).cwiseAbs().maxCoeff();
    if (s == 0.0) continue;
    for (Eigen::Index i = 0; i < w.cols(); ++i) {
      auto code = static_cast<std::uint64_t>(std::nearbyint(std::abs(w(j, i)) / s * levels));
      const double sign = w(j, i) < 0.0f ? -1.0 : 1.0;
      double place = 1.0;
      for (int k = 0; k < slices; ++k) {
        const double digit = static_cast<double>(code % static_cast<std::uint64_t>(base));
        code /= static_cast<std::uint64_t>(base);
        out[static_cast<std::size_t>(k)](j, i) =
            static_cast<float>(sign * digit * place * s / levels);
        place *= base;
      }
    }
  }
  return out;
}

void TileParams::Validate() const {
  Require(rows >= 1 && rows <= 65536,
          fmt::format("tile: rows = {} word lines must be in [1, 65536]", rows));
  Require(cols >= 1 && cols <= 65536,
          fmt::format("tile: cols = {} bit lines must be in [1, 65536]", cols));
  Require(dac_bits >= 0 && dac_bits <= 16,
          fmt::format("tile: dac_bits = {} bits must be in [1, 16] (0: an ideal DAC)", dac_bits));
  Require(adc_bits >= 0 && adc_bits <= 16,
          fmt::format("tile: adc_bits = {} bits must be in [1, 16] (0: an ideal ADC)", adc_bits));
  Require(out_bound > 0.0 && std::isfinite(out_bound),
          fmt::format("tile: out_bound = {} (fully-on devices at full input) must be finite and "
                      "> 0",
                      out_bound));
  Require(out_noise >= 0.0 && std::isfinite(out_noise),
          fmt::format("tile: out_noise = {} (fully-on devices at full input) must be finite and "
                      ">= 0",
                      out_noise));
  Require(wire_ohm >= 0.0 && std::isfinite(wire_ohm),
          fmt::format("tile: wire_ohm = {} Ω per cell must be finite and >= 0", wire_ohm));
  Require(slices >= 1 && slices <= 8,
          fmt::format("tile: slices = {} bit slices must be in [1, 8]", slices));
  Require(slice_bits >= 1 && slice_bits * slices <= 24,
          fmt::format("tile: slice_bits = {} bits per slice must be >= 1, and slices × slice_bits "
                      "= {} bits at most 24",
                      slice_bits,
                      slice_bits * slices));
  Require(cell_devices >= 1 && cell_devices <= 8,
          fmt::format("tile: cell_devices = {} devices per polarity per cell must be in [1, 8]",
                      cell_devices));
  Require(bm_rounds >= 0 && bm_rounds <= 30,
          fmt::format("tile: bm_rounds = {} re-reads must be in [0, 30]", bm_rounds));
}

AnalogWork& AnalogWork::operator+=(const AnalogWork& o) {
  reads += o.reads;
  rereads += o.rereads;
  dac_conversions += o.dac_conversions;
  adc_conversions += o.adc_conversions;
  conductance_pulses_us += o.conductance_pulses_us;
  digital_macs += o.digital_macs;
  devices_programmed += o.devices_programmed;
  clipped_outputs += o.clipped_outputs;
  return *this;
}

AnalogWork& AnalogWork::operator-=(const AnalogWork& o) {
  reads -= o.reads;
  rereads -= o.rereads;
  dac_conversions -= o.dac_conversions;
  adc_conversions -= o.adc_conversions;
  conductance_pulses_us -= o.conductance_pulses_us;
  digital_macs -= o.digital_macs;
  devices_programmed -= o.devices_programmed;
  clipped_outputs -= o.clipped_outputs;
  return *this;
}

AnalogLayer::AnalogLayer(const TileParams& tile, const DeviceModel& device)
    : tile_(tile), device_(device) {
  tile_.Validate();
}

void AnalogLayer::Program(
    const nn::ConstMatrixRef& w, const Rng& d2d, AnalogWork& work, int threads, bool drift) {
  Require(w.rows() >= 1 && w.cols() >= 1,
          fmt::format("crossbar: a {} × {} weight matrix is empty", w.rows(), w.cols()));
  const int out = static_cast<int>(w.rows()), in = static_cast<int>(w.cols());
  const int row_tiles = (in + tile_.rows - 1) / tile_.rows;
  // Each output's largest |w| per row tile, and the finiteness check, in one pass over w: one max
  // over MagnitudeBits gives both (core/float_bits.h; it vectorises).
  MatrixF largest(out, row_tiles);
  std::uint32_t any = 0;
  for (int j = 0; j < out; ++j) {  // row by row: w is row-major
    const float* row = w.row(j).data();
    for (int r = 0; r < row_tiles; ++r) {
      const int i0 = r * tile_.rows, nr = std::min(tile_.rows, in - i0);
      std::uint32_t bits = 0;
      for (int i = i0; i < i0 + nr; ++i) {
        bits = std::max(bits, MagnitudeBits(row[i]));
      }
      largest(j, r) = std::bit_cast<float>(bits);
      any = std::max(any, bits);
    }
  }
  if (any >= kNonFiniteBits)
    throw std::invalid_argument("crossbar: the weights are not all finite");
  // From here the layer's shape is set last: a Program that throws leaves a layer that refuses to
  // read (the checks above leave the previous programming as it was).
  out_ = 0;
  normalised_.resize(0, 0);
  in_ = in;
  row_tiles_ = row_tiles;
  col_tiles_ = (out + tile_.cols - 1) / tile_.cols;
  const float g_max = static_cast<float>(device_.params().g_max_us);
  target_plus_.resize(out, in_);
  target_minus_.resize(out, in_);
  scales_.resize(out, row_tiles_);
  for (int j = 0; j < out; ++j) {  // row by row: w and the targets are row-major
    for (int r = 0; r < row_tiles_; ++r) {
      const int i0 = r * tile_.rows, nr = std::min(tile_.rows, in_ - i0);
      const auto row = w.row(j).segment(i0, nr).array();
      // An all-zero column keeps scale 1: both its devices at 0 µS.
      const float s = largest(j, r) == 0.0f ? 1.0f : largest(j, r);
      scales_(j, r) = s;
      const float f = g_max / s;
      if (std::isfinite(f)) {
        target_plus_.row(j).segment(i0, nr).array() = (row * f).max(0.0f);
        target_minus_.row(j).segment(i0, nr).array() = (row * -f).max(0.0f);
      } else {  // s so small (subnormal) that g_max / s overflows: divide first
        target_plus_.row(j).segment(i0, nr).array() = (row / s).max(0.0f) * g_max;
        target_minus_.row(j).segment(i0, nr).array() = (-row / s).max(0.0f) * g_max;
      }
    }
  }
  const std::size_t n = static_cast<std::size_t>(out) * in_;
  plus_.clear();
  minus_.clear();
  for (int k = 0; k < tile_.cell_devices; ++k) {  // device k of each polarity: substreams 2k, 2k+1
    const auto stream = static_cast<std::uint64_t>(2 * k);
    plus_.push_back(
        device_.Program({target_plus_.data(), n}, d2d.Substream(stream), threads, drift));
    minus_.push_back(
        device_.Program({target_minus_.data(), n}, d2d.Substream(stream + 1), threads, drift));
  }
  work.devices_programmed += 2.0 * tile_.cell_devices * static_cast<double>(n);
  out_ = out;  // nothing to read until ReadAt (normalised_ is empty)
}

void AnalogLayer::SetConductances(const float* plus, const float* minus) {
  // plus and minus are each cell's mean device (µS): normalised in cells at g_max, driven in µS.
  const Eigen::Map<const MatrixF> p(plus, out_, in_), m(minus, out_, in_);
  const float inv_g_max = 1.0f / static_cast<float>(device_.params().g_max_us);
  const float devices = static_cast<float>(tile_.cell_devices);
  if (tile_.wire_ohm > 0.0) {
    plus_normalised_ = p * inv_g_max;
    minus_normalised_ = m * inv_g_max;
  }
  // normalised_ and Σ_j over each column tile's rows of p and m in one pass, row by row (the maps
  // are row-major: a column sum would stride through them).
  normalised_.resize(out_, in_);
  driven_.resize(in_, col_tiles_);
  Eigen::RowVectorXf sum(in_);
  for (int c = 0; c < col_tiles_; ++c) {
    const int j0 = c * tile_.cols, nc = std::min(tile_.cols, out_ - j0);
    sum.setZero();
    for (int j = j0; j < j0 + nc; ++j) {
      normalised_.row(j) = (p.row(j) - m.row(j)) * inv_g_max;
      sum += p.row(j) + m.row(j);
    }
    driven_.col(c) = devices * sum.transpose();
  }
}

void AnalogLayer::ReadAt(double t_s, const Rng& c2c, int threads) {
  if (out_ == 0) throw std::logic_error("crossbar: ReadAt before Program");
  const std::size_t n = static_cast<std::size_t>(out_) * in_;
  // Not zeroed on growth: Read writes every element (the layers' sizes alternate every step).
  thread_local UninitializedFloats plus, minus, other;
  plus.resize(n);
  minus.resize(n);
  device_.Read({target_plus_.data(), n}, plus_[0], t_s, c2c.Substream(0), plus, threads);
  device_.Read({target_minus_.data(), n}, minus_[0], t_s, c2c.Substream(1), minus, threads);
  if (tile_.cell_devices > 1) {  // each cell's devices in parallel: their mean, n times the current
    other.resize(n);
    for (int k = 1; k < tile_.cell_devices; ++k) {
      const auto stream = static_cast<std::uint64_t>(2 * k);
      for (int sign = 0; sign < 2; ++sign) {
        device_.Read({(sign == 0 ? target_plus_ : target_minus_).data(), n},
                     (sign == 0 ? plus_ : minus_)[static_cast<std::size_t>(k)],
                     t_s,
                     c2c.Substream(stream + static_cast<std::uint64_t>(sign)),
                     other,
                     threads);
        UninitializedFloats& sum = sign == 0 ? plus : minus;
        for (std::size_t i = 0; i < n; ++i) sum[i] += other[i];
      }
    }
    const float inv = 1.0f / static_cast<float>(tile_.cell_devices);
    for (std::size_t i = 0; i < n; ++i) {
      plus[i] *= inv;
      minus[i] *= inv;
    }
  }
  SetConductances(plus.data(), minus.data());
}

MatrixF AnalogLayer::EffectiveWeights() const {
  if (normalised_.size() == 0) throw std::logic_error("crossbar: EffectiveWeights before ReadAt");
  MatrixF w(out_, in_);
  for (int j = 0; j < out_; ++j) {
    for (int i = 0; i < in_; ++i) w(j, i) = scales_(j, i / tile_.rows) * normalised_(j, i);
  }
  return w;
}

void AnalogLayer::Forward(const nn::ConstMatrixRef& x,
                          MatrixF& y,
                          const Rng& noise,
                          AnalogWork& work,
                          double scale,
                          int threads) const {
  if (out_ == 0) throw std::logic_error("crossbar: Forward before Program");
  Require(x.cols() == in_,
          fmt::format("crossbar: input of {} features for a layer of {} inputs", x.cols(), in_));
  Require(AllFinite(x), "crossbar: the inputs are not all finite");
  if (normalised_.size() == 0) throw std::logic_error("crossbar: Forward before ReadAt");
  const std::int64_t batch = x.rows();
  y.setZero(batch, out_);
  threads = ResolveThreads(threads);
  // The batch in chunks of whole sample blocks, so that the first read's outputs (chunk × out ×
  // row_tiles floats) stay within kFirstReadBytes whatever the batch; a block's noise stream is
  // its index in the whole batch, so the chunking does not change the result.
  const std::int64_t row_bytes = static_cast<std::int64_t>(sizeof(float)) * out_ * row_tiles_;
  const std::int64_t chunk =
      std::max<std::int64_t>(1, kFirstReadBytes / row_bytes / kSampleBlock) * kSampleBlock;
  for (std::int64_t b0 = 0; b0 < batch; b0 += chunk) {
    ForwardRows(x, b0, std::min(chunk, batch - b0), y, noise, work, scale, threads);
  }
}

void AnalogLayer::ForwardRows(const nn::ConstMatrixRef& x_all,
                              std::int64_t row0,
                              std::int64_t batch,
                              MatrixF& y_all,
                              const Rng& noise,
                              AnalogWork& work,
                              double scale,
                              int threads) const {
  const auto x = x_all.middleRows(row0, batch);
  auto y = y_all.middleRows(row0, batch);
  const std::int64_t block0 = row0 / kSampleBlock;  // the chunk's first block in the batch
  const int dac = LevelsOf(tile_.dac_bits), adc = LevelsOf(tile_.adc_bits);
  const float bound = static_cast<float>(tile_.out_bound);
  const float adc_step = adc == 0 ? 0.0f : bound / static_cast<float>(adc);
  const float noise_sigma = static_cast<float>(tile_.out_noise);
  const float out_scale = static_cast<float>(scale);
  const std::int64_t sample_blocks = (batch + kSampleBlock - 1) / kSampleBlock;
  const double macs = static_cast<double>(batch) * in_ * out_;

  // The first read's inputs, shared by every column tile: per sample and row tile the range α
  // and the DAC codes q = DAC(x/α).
  MatrixF alpha(batch, row_tiles_), q(batch, in_);
  ParallelFor(0,
              sample_blocks,
              threads,
              static_cast<double>(batch) * in_,
              [&](std::int64_t lo, std::int64_t hi) {
                for (std::int64_t b = lo * kSampleBlock; b < std::min(batch, hi * kSampleBlock);
                     ++b) {
                  for (int r = 0; r < row_tiles_; ++r) {
                    const int i0 = r * tile_.rows, nr = std::min(tile_.rows, in_ - i0);
                    const auto xs = x.row(b).segment(i0, nr).array();
                    const float a = xs.abs().maxCoeff();
                    alpha(b, r) = a;
                    const float inv = a > 0.0f ? 1.0f / a : 0.0f;
                    if (dac == 0) {
                      q.row(b).segment(i0, nr).array() = xs * inv;
                    } else {
                      const float l = static_cast<float>(dac), gain = inv * l, lsb = 1.0f / l;
                      const float* in = x.row(b).data() + i0;
                      float* code = q.row(b).data() + i0;
                      for (int i = 0; i < nr; ++i) {
                        code[i] = std::clamp(RoundHalfAway(in[i] * gain), -l, l) * lsb;
                      }
                    }
                  }
                }
              });
  const MatrixF q_abs = q.cwiseAbs();
  // One read of the inputs `qk` (rows) by the tile at (j0, i0): the exact product, or with the
  // lines' resistance its first-order IR-drop correction (IrDropRead).
  const bool ir_drop = tile_.wire_ohm > 0.0;
  // A cell's devices share its lines: its full current is cell_devices · g_max · V.
  const float rho =
      static_cast<float>(tile_.wire_ohm * device_.params().g_max_us * 1e-6 * tile_.cell_devices);
  const auto read_tile = [&](const MatrixF& qk, int j0, int i0, int nc, int nr, MatrixF& out) {
    if (!ir_drop) {
      out.noalias() = qk * normalised_.block(j0, i0, nc, nr).transpose();
      return;
    }
    out.resize(qk.rows(), nc);
    const auto plus = plus_normalised_.block(j0, i0, nc, nr);
    const auto minus = minus_normalised_.block(j0, i0, nc, nr);
    for (Eigen::Index p = 0; p < qk.rows(); ++p) {
      out.row(p) = IrDropRead(plus, qk.row(p), rho) - IrDropRead(minus, qk.row(p), rho);
    }
  };

  // The first read of the chunk on every tile, one GEMM per tile (its conductances packed once,
  // not once per sample block) or per tile and piece of the chunk when there are fewer tiles than
  // threads, and each sample's driven conductance; the blocks below take their rows. A product's
  // row is its sample's own inputs times the tile: no other sample enters it.
  const std::int64_t tiles = static_cast<std::int64_t>(row_tiles_) * col_tiles_;
  // Pieces of whole sample blocks (the last one takes the rest), at least 64 rows each: a product
  // of one row or of tiny sizes takes Eigen's GEMV or lazy path, whose summation order differs
  // from its GEMM's, and the result must not depend on the thread count.
  const std::int64_t full_blocks = batch / kSampleBlock;
  const std::int64_t pieces = std::clamp<std::int64_t>(
      (threads + tiles - 1) / tiles, 1, std::max<std::int64_t>(1, full_blocks));
  const std::int64_t piece_rows = pieces == 1 ? batch : full_blocks / pieces * kSampleBlock;
  // The caller's scratch, kept between calls and only ever grown (no allocation at the same
  // shapes). Bound to references here: inside the workers' lambdas a thread_local name would be
  // their own.
  thread_local std::vector<std::vector<float>> first_scratch, pulse_scratch;
  std::vector<std::vector<float>>& first_buffer = first_scratch;
  std::vector<std::vector<float>>& pulse_buffer = pulse_scratch;
  std::vector<Eigen::Map<MatrixF>> first;
  std::vector<Eigen::Map<Eigen::VectorXf>> first_pulse;
  if (!ir_drop) {
    first_buffer.resize(std::max(first_buffer.size(), static_cast<std::size_t>(tiles)));
    pulse_buffer.resize(first_buffer.size());
    for (std::int64_t t = 0; t < tiles; ++t) {
      const auto k = static_cast<std::size_t>(t);
      const int nc = std::min(tile_.cols, out_ - static_cast<int>(t % col_tiles_) * tile_.cols);
      const auto need = static_cast<std::size_t>(batch) * static_cast<std::size_t>(nc);
      if (first_buffer[k].size() < need) first_buffer[k].resize(need);
      if (pulse_buffer[k].size() < static_cast<std::size_t>(batch)) {
        pulse_buffer[k].resize(static_cast<std::size_t>(batch));
      }
      first.emplace_back(first_buffer[k].data(), batch, nc);
      first_pulse.emplace_back(pulse_buffer[k].data(), batch);
    }
    ParallelFor(0, tiles * pieces, threads, macs, [&](std::int64_t lo, std::int64_t hi) {
      for (std::int64_t task = lo; task < hi; ++task) {
        const std::int64_t t = task / pieces, piece = task % pieces;
        const std::int64_t s0 = piece * piece_rows;
        const std::int64_t ns = piece + 1 == pieces ? batch - s0 : piece_rows;
        const int r = static_cast<int>(t / col_tiles_), c = static_cast<int>(t % col_tiles_);
        const int i0 = r * tile_.rows, nr = std::min(tile_.rows, in_ - i0);
        const int j0 = c * tile_.cols, nc = std::min(tile_.cols, out_ - j0);
        first[static_cast<std::size_t>(t)].middleRows(s0, ns).noalias() =
            q.block(s0, i0, ns, nr) * normalised_.block(j0, i0, nc, nr).transpose();
        first_pulse[static_cast<std::size_t>(t)].segment(s0, ns).noalias() =
            q_abs.block(s0, i0, ns, nr) * driven_.block(i0, c, nr, 1);
      }
    });
  }

  const std::int64_t tasks = col_tiles_ * sample_blocks;
  std::vector<AnalogWork> task_work(static_cast<std::size_t>(tasks));
  ParallelFor(0, tasks, threads, macs, [&](std::int64_t lo, std::int64_t hi) {
    MatrixF qk, read, z;
    Eigen::VectorXf pulse;
    std::vector<std::int64_t> pending, next;
    for (std::int64_t task = lo; task < hi; ++task) {
      const int c = static_cast<int>(task / sample_blocks);
      const std::int64_t block = task % sample_blocks;
      const std::int64_t b0 = block * kSampleBlock;
      const std::int64_t nb = std::min<std::int64_t>(kSampleBlock, batch - b0);
      const int j0 = c * tile_.cols, nc = std::min(tile_.cols, out_ - j0);
      AnalogWork& tw = task_work[static_cast<std::size_t>(task)];
      for (int r = 0; r < row_tiles_; ++r) {
        const int i0 = r * tile_.rows, nr = std::min(tile_.rows, in_ - i0);
        const auto driven = driven_.block(i0, c, nr, 1);
        const Eigen::RowVectorXf column_scale = scales_.block(j0, r, nc, 1).transpose();
        const Rng tile_noise = noise.Substream(static_cast<std::uint64_t>(r) * col_tiles_ + c)
                                   .Substream(static_cast<std::uint64_t>(block0 + block));
        if (c == 0) tw.digital_macs += static_cast<double>(nb) * nr;  // the input ranges, once
        // Round k reads `pending` (sample pending[p] is row p of `read`, or in round 0 its own
        // row of the first read) with the input scaled by 2^−k; the samples with an output out
        // of range read again, all together (one GEMM per round), until none clips or the rounds
        // run out. Each round's output noise is its own substream.
        pending.clear();
        for (std::int64_t b = 0; b < nb; ++b) {
          if (alpha(b0 + b, r) > 0.0f) pending.push_back(b);  // else every DAC stays at 0
        }
        if (pending.empty()) continue;
        // Round 0 works on the first read's rows in place (each is this task's alone, and read
        // once); the rereads on `read`.
        bool in_first = !ir_drop;
        const std::size_t t = static_cast<std::size_t>(r) * col_tiles_ + c;
        if (in_first) {
          const auto m = static_cast<Eigen::Index>(pending.size());
          pulse.resize(m);
          for (Eigen::Index p = 0; p < m; ++p) {
            pulse(p) = first_pulse[t](b0 + pending[static_cast<std::size_t>(p)]);
          }
        } else {
          qk.resize(static_cast<Eigen::Index>(pending.size()), nr);
          for (std::size_t p = 0; p < pending.size(); ++p) {
            qk.row(static_cast<Eigen::Index>(p)) = q.block(b0 + pending[p], i0, 1, nr);
          }
          read_tile(qk, j0, i0, nc, nr, read);
          pulse.noalias() = qk.cwiseAbs() * driven;
        }
        for (int k = 0;; ++k) {
          const auto m = static_cast<Eigen::Index>(pending.size());
          if (noise_sigma > 0.0f) {
            z.resize(m, nc);
            Rng rng = tile_noise.Substream(static_cast<std::uint64_t>(k));
            FillStandardNormalFloat(rng, {z.data(), static_cast<std::size_t>(z.size())});
          } else {
            z.setZero(m, nc);
          }
          tw.reads += static_cast<double>(m);
          tw.dac_conversions += static_cast<double>(m) * nr;
          tw.adc_conversions += static_cast<double>(m) * nc;
          tw.conductance_pulses_us += static_cast<double>(pulse.sum());
          next.clear();
          for (Eigen::Index p = 0; p < m; ++p) {
            const std::int64_t b = pending[static_cast<std::size_t>(p)];
            float* vp = in_first ? first[t].row(b0 + b).data() : read.row(p).data();
            Eigen::Map<Eigen::Array<float, 1, Eigen::Dynamic>> v(vp, nc);  // a row, as y's
            // The output noise and the largest |output| in one pass over the row, as a max over
            // MagnitudeBits (core/float_bits.h: it vectorises where a float max does not).
            const float* zp = z.row(p).data();
            std::uint32_t peak = 0;
            for (int j = 0; j < nc; ++j) {
              vp[j] += noise_sigma * zp[j];
              peak = std::max(peak, MagnitudeBits(vp[j]));
            }
            const bool clipped = peak > MagnitudeBits(bound);  // bound > 0
            if (clipped && k < tile_.bm_rounds) {
              next.push_back(b);
              continue;
            }
            if (clipped) {
              tw.clipped_outputs += static_cast<double>((v.abs() > bound).count());
              v = v.max(-bound).min(bound);
            }
            const float gain = alpha(b0 + b, r) * static_cast<float>(1 << k) * out_scale;
            if (adc != 0) {  // v: noise added, clipped
              float* o = y.row(b0 + b).data() + j0;
              const float* s = column_scale.data();
              for (int j = 0; j < nc; ++j) {
                o[j] += gain * s[j] * (RoundHalfAway(vp[j] / adc_step) * adc_step);
              }
            } else {
              y.block(b0 + b, j0, 1, nc).array() += gain * column_scale.array() * v;
            }
            tw.digital_macs += nc;
          }
          if (next.empty()) break;
          // Bound management: the clipped samples read again with the input halved.
          pending.swap(next);
          in_first = false;
          tw.rereads += static_cast<double>(pending.size());
          qk.resize(static_cast<Eigen::Index>(pending.size()), nr);
          for (std::size_t p = 0; p < pending.size(); ++p) {
            const std::int64_t b = pending[p];
            const float inv = 1.0f / (alpha(b0 + b, r) * static_cast<float>(1 << (k + 1)));
            for (int i = 0; i < nr; ++i) {
              qk(static_cast<Eigen::Index>(p), i) = Quantize(x(b0 + b, i0 + i) * inv, dac);
            }
          }
          read_tile(qk, j0, i0, nc, nr, read);
          pulse.noalias() = qk.cwiseAbs() * driven;
        }
      }
    }
  });
  for (const AnalogWork& w : task_work) work += w;
}

}  // namespace landauer::analog

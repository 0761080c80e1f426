#include "landauer/reversible/revnet.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

#include "landauer/core/argument_checks.h"
#include "landauer/core/memory_budget.h"
#include "landauer/core/progress.h"
#include "landauer/core/rng.h"

namespace landauer::reversible {
namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

MatrixXd Gaussian(Eigen::Index rows, Eigen::Index cols, double sd, Rng& rng) {
  MatrixXd m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = sd * rng.Normal();
  return m;
}

template <typename Fn>
void ForEachTensor(RevNetParameters& p, Fn fn) {
  fn(p.w_in);
  fn(p.b_in);
  for (std::size_t k = 0; k < p.w_f.size(); ++k) {
    fn(p.w_f[k]);
    fn(p.b_f[k]);
    fn(p.w_g[k]);
    fn(p.b_g[k]);
  }
  fn(p.w_out);
  fn(p.b_out);
}

}  // namespace

RevNetParameters RevNetParameters::ZerosLike() const {
  RevNetParameters z = *this;
  ForEachTensor(z, [](auto& t) { t.setZero(); });
  return z;
}

void RevNetParameters::AddScaled(const RevNetParameters& other, double scale) {
  auto& o = const_cast<RevNetParameters&>(other);
  std::vector<double*> mine = Pointers(), theirs = o.Pointers();
  for (std::size_t i = 0; i < mine.size(); ++i) *mine[i] += scale * *theirs[i];
}

std::int64_t RevNetParameters::size() const {
  std::int64_t n = 0;
  ForEachTensor(const_cast<RevNetParameters&>(*this), [&](auto& t) { n += t.size(); });
  return n;
}

std::vector<double*> RevNetParameters::Pointers() {
  std::vector<double*> out;
  ForEachTensor(*this, [&](auto& t) {
    for (Eigen::Index i = 0; i < t.size(); ++i) out.push_back(t.data() + i);
  });
  return out;
}

RevNet::RevNet(
    int inputs, int half_width, int blocks, int classes, std::uint64_t seed, int radix_bits)
    : half_width_(half_width),
      scale_(std::ldexp(1.0, radix_bits)),
      inverse_scale_(std::ldexp(1.0, -radix_bits)) {
  if (inputs < 1 || half_width < 1 || blocks < 0 || classes < 2) {
    throw std::invalid_argument(
        fmt::format("RevNet: inputs {}, half width {}, blocks {}, classes {}: need >= 1, >= 1, "
                    ">= 0, >= 2",
                    inputs,
                    half_width,
                    blocks,
                    classes));
  }
  if (radix_bits < 8 || radix_bits > 40)
    throw std::invalid_argument("RevNet: radix_bits must be in [8, 40]");
  Rng rng(seed, "revnet", "init");
  params_.w_in = Gaussian(2 * half_width, inputs, 1.0 / std::sqrt(inputs), rng);
  params_.b_in = VectorXd::Zero(2 * half_width);
  // Residual branches start small so a deep stack stays near the identity.
  const double branch_sd = 0.5 / std::sqrt(half_width);
  for (int k = 0; k < blocks; ++k) {
    params_.w_f.push_back(Gaussian(half_width, half_width, branch_sd, rng));
    params_.b_f.push_back(VectorXd::Zero(half_width));
    params_.w_g.push_back(Gaussian(half_width, half_width, branch_sd, rng));
    params_.b_g.push_back(VectorXd::Zero(half_width));
  }
  params_.w_out = Gaussian(classes, 2 * half_width, 1.0 / std::sqrt(2.0 * half_width), rng);
  params_.b_out = VectorXd::Zero(classes);
}

RevNet::IntMatrix RevNet::Quantize(const MatrixXd& v) const {
  IntMatrix q(v.rows(), v.cols());
  for (Eigen::Index i = 0; i < v.size(); ++i) q.data()[i] = std::llround(v.data()[i] * scale_);
  return q;
}

MatrixXd RevNet::Dequantize(const IntMatrix& v) const { return v.cast<double>() * inverse_scale_; }

MatrixXd RevNet::Coupling(const MatrixXd& w, const VectorXd& b, const MatrixXd& u) const {
  MatrixXd z = w * u;
  z.colwise() += b;
  return z.array().tanh().matrix();
}

void RevNet::Embed(const MatrixXd& x, IntMatrix& x1, IntMatrix& x2) const {
  MatrixXd h = params_.w_in * x;
  h.colwise() += params_.b_in;
  const IntMatrix q = Quantize(h);
  x1 = q.topRows(half_width_);
  x2 = q.bottomRows(half_width_);
}

void RevNet::BlockForward(int k, IntMatrix& x1, IntMatrix& x2) const {
  const auto K = static_cast<std::size_t>(k);
  x1 += Quantize(Coupling(params_.w_f[K], params_.b_f[K], Dequantize(x2)));
  x2 += Quantize(Coupling(params_.w_g[K], params_.b_g[K], Dequantize(x1)));
}

void RevNet::BlockInverse(int k, IntMatrix& y1, IntMatrix& y2) const {
  const auto K = static_cast<std::size_t>(k);
  y2 -= Quantize(Coupling(params_.w_g[K], params_.b_g[K], Dequantize(y1)));
  y1 -= Quantize(Coupling(params_.w_f[K], params_.b_f[K], Dequantize(y2)));
}

double RevNet::LossAndGradient(const MatrixXd& x,
                               std::span<const std::int32_t> labels,
                               RevNetParameters& grad,
                               Backward mode,
                               MemoryMeter* meter) const {
  const Eigen::Index batch = x.cols();
  if (static_cast<Eigen::Index>(labels.size()) != batch)
    throw std::invalid_argument("RevNet: label count mismatch");
  grad = params_.ZerosLike();
  MemoryMeter local;
  MemoryMeter& m = meter ? *meter : local;
  const std::int64_t state_bytes =
      2LL * half_width_ * batch * static_cast<std::int64_t>(sizeof(std::int64_t));
  const std::int64_t branch_bytes =
      2LL * half_width_ * batch * static_cast<std::int64_t>(sizeof(double));
  IntMatrix x1, x2;
  Embed(x, x1, x2);
  m.Hold(state_bytes);  // the running state
  std::vector<std::pair<IntMatrix, IntMatrix>> stored;
  for (int k = 0; k < blocks(); ++k) {
    if (mode == Backward::kStore) {
      stored.emplace_back(x1, x2);
      m.Hold(state_bytes);
    }
    m.Hold(branch_bytes);  // F's or G's input and output while the block runs
    BlockForward(k, x1, x2);
    m.Release(branch_bytes);
  }
  // Head and loss.
  MatrixXd y(2 * half_width_, batch);
  y.topRows(half_width_) = Dequantize(x1);
  y.bottomRows(half_width_) = Dequantize(x2);
  MatrixXd z = params_.w_out * y;
  z.colwise() += params_.b_out;
  MatrixXd p = (z.rowwise() - z.colwise().maxCoeff()).array().exp().matrix();
  p = p.array().rowwise() / p.colwise().sum().array();
  double loss = 0.0;
  for (Eigen::Index j = 0; j < batch; ++j)
    loss -= std::log(std::max(p(labels[static_cast<std::size_t>(j)], j), 1e-300));
  loss /= static_cast<double>(batch);
  MatrixXd dz = p;
  for (Eigen::Index j = 0; j < batch; ++j) dz(labels[static_cast<std::size_t>(j)], j) -= 1.0;
  dz /= static_cast<double>(batch);
  grad.w_out = dz * y.transpose();
  grad.b_out = dz.rowwise().sum();
  const MatrixXd dy = params_.w_out.transpose() * dz;
  MatrixXd dy1 = dy.topRows(half_width_), dy2 = dy.bottomRows(half_width_);
  m.Hold(branch_bytes);  // the two gradient halves
  for (int k = blocks() - 1; k >= 0; --k) {
    const auto K = static_cast<std::size_t>(k);
    m.Hold(branch_bytes);
    const MatrixXd u = Dequantize(x1);  // y1
    const MatrixXd gval = Coupling(params_.w_g[K], params_.b_g[K], u);
    // Block input: reconstructed from the output, or read back from the forward pass.
    IntMatrix in1, in2;
    if (mode == Backward::kReconstruct) {
      in2 = x2 - Quantize(gval);
    } else {
      in2 = stored.back().second;
    }
    const MatrixXd dg = (dy2.array() * (1.0 - gval.array().square())).matrix();
    grad.w_g[K] = dg * u.transpose();
    grad.b_g[K] = dg.rowwise().sum();
    dy1 += params_.w_g[K].transpose() * dg;
    const MatrixXd v = Dequantize(in2);
    const MatrixXd fval = Coupling(params_.w_f[K], params_.b_f[K], v);
    if (mode == Backward::kReconstruct) {
      in1 = x1 - Quantize(fval);
    } else {
      in1 = stored.back().first;
      stored.pop_back();
      m.Release(state_bytes);
    }
    const MatrixXd df = (dy1.array() * (1.0 - fval.array().square())).matrix();
    grad.w_f[K] = df * v.transpose();
    grad.b_f[K] = df.rowwise().sum();
    dy2 += params_.w_f[K].transpose() * df;
    x1 = std::move(in1);
    x2 = std::move(in2);
    m.Release(branch_bytes);
  }
  MatrixXd dh(2 * half_width_, batch);
  dh.topRows(half_width_) = dy1;
  dh.bottomRows(half_width_) = dy2;
  grad.w_in = dh * x.transpose();
  grad.b_in = dh.rowwise().sum();
  m.Release(branch_bytes);
  m.Release(state_bytes);
  return loss;
}

double RevNet::Accuracy(const MatrixXd& x, std::span<const std::int32_t> labels) const {
  IntMatrix x1, x2;
  Embed(x, x1, x2);
  for (int k = 0; k < blocks(); ++k) BlockForward(k, x1, x2);
  MatrixXd y(2 * half_width_, x.cols());
  y.topRows(half_width_) = Dequantize(x1);
  y.bottomRows(half_width_) = Dequantize(x2);
  MatrixXd z = params_.w_out * y;
  z.colwise() += params_.b_out;
  std::int64_t correct = 0;
  for (Eigen::Index j = 0; j < z.cols(); ++j) {
    Eigen::Index best = 0;
    z.col(j).maxCoeff(&best);
    correct += best == labels[static_cast<std::size_t>(j)];
  }
  return static_cast<double>(correct) / static_cast<double>(z.cols());
}

bool RevNet::CheckReconstruction(const MatrixXd& x) const {
  IntMatrix x1, x2;
  Embed(x, x1, x2);
  const IntMatrix a = x1, b = x2;
  for (int k = 0; k < blocks(); ++k) BlockForward(k, x1, x2);
  for (int k = blocks() - 1; k >= 0; --k) BlockInverse(k, x1, x2);
  return x1 == a && x2 == b;
}

void RevNetSweepOptions::Validate() const {
  if (depths.empty()) throw std::domain_error("RevNetSweep: depths is empty; give one or more");
  for (const int depth : depths) CheckNonNegative("RevNetSweep", "depth", depth, "blocks");
  CheckPositive("RevNetSweep", "half_width", half_width, "");
  CheckPositive("RevNetSweep", "epochs", epochs, "");
  CheckPositive("RevNetSweep", "batch", batch, "samples");
  CheckPositive("RevNetSweep", "learning_rate", learning_rate, "");
}

std::vector<RevNetDepthRow> RevNetDepthSweep(const TrainTest& data,
                                             const RevNetSweepOptions& options) {
  options.Validate();
  using Clock = std::chrono::steady_clock;
  const Eigen::MatrixXd x = data.train.features.transpose().cast<double>();
  const Eigen::MatrixXd x_test = data.test.features.transpose().cast<double>();
  const auto batch = static_cast<Eigen::Index>(options.batch);
  if (batch > x.cols()) {
    throw std::invalid_argument(fmt::format(
        "--batch {}: the training set has only {} samples, so no full batch would be trained; use "
        "--batch {} or less",
        options.batch,
        x.cols(),
        x.cols()));
  }
  {
    // The deepest net: parameters, two gradients and a step's worth of copies (about four arrays
    // of doubles), and the stored-activation pass's inputs to every block.
    const int deepest = *std::max_element(options.depths.begin(), options.depths.end());
    const double h = options.half_width, d = static_cast<double>(data.train.dimension());
    const double parameters = deepest * 2.0 * (h * h + h) + (d + 1.0) * 2.0 * h +
                              (2.0 * h + 1.0) * data.train.num_classes;
    CheckMemory(fmt::format("--half-width {} with {} blocks", options.half_width, deepest),
                8.0 * (4.0 * parameters + 2.0 * (deepest + 1.0) * 2.0 * h * options.batch),
                "use a smaller --half-width or fewer --depths");
  }
  ProgressTask progress(
      options.progress,
      "revnet",
      static_cast<std::int64_t>(options.depths.size()) * options.epochs * (x.cols() / batch));
  std::vector<RevNetDepthRow> rows;
  for (const int depth : options.depths) {
    RevNet net(static_cast<int>(data.train.dimension()),
               options.half_width,
               depth,
               data.train.num_classes,
               options.seed);
    RevNetParameters g;
    MemoryMeter rev_meter, store_meter;
    double rev_s = 0.0, store_s = 0.0;
    const Eigen::Index n = x.cols();
    for (int epoch = 0; epoch < options.epochs; ++epoch) {
      for (Eigen::Index start = 0; start + batch <= n; start += batch) {
        const std::vector<std::int32_t> y(data.train.labels.begin() + start,
                                          data.train.labels.begin() + start + batch);
        const Eigen::MatrixXd xb = x.middleCols(start, batch);
        auto t0 = Clock::now();
        net.LossAndGradient(xb, y, g, Backward::kReconstruct, &rev_meter);
        rev_s += std::chrono::duration<double>(Clock::now() - t0).count();
        if (epoch == 0) {  // the stored-activation pass, for its memory and time (same gradient)
          RevNetParameters g_store;
          t0 = Clock::now();
          net.LossAndGradient(xb, y, g_store, Backward::kStore, &store_meter);
          store_s += std::chrono::duration<double>(Clock::now() - t0).count();
        }
        net.parameters().AddScaled(g, -options.learning_rate);
        progress.Advance(1, fmt::format("{} blocks, epoch {}", depth, epoch + 1));
      }
    }
    RevNetDepthRow row;
    row.blocks = depth;
    row.test_accuracy = net.Accuracy(x_test, data.test.labels);
    row.peak_activation_bytes_revnet = rev_meter.peak;
    row.peak_activation_bytes_stored = store_meter.peak;
    row.epoch_seconds_revnet = rev_s / options.epochs;
    row.epoch_seconds_stored = store_s;
    row.exact_inverse = net.CheckReconstruction(x_test);
    rows.push_back(row);
  }
  return rows;
}

}  // namespace landauer::reversible

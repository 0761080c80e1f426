#include "landauer/optical/diffractive_network.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>
#include <numbers>
#include <numeric>
#include <stdexcept>

#include "landauer/core/atomic_file.h"
#include "landauer/core/checksum.h"
#include "landauer/core/parallel.h"
#include "landauer/core/rng.h"
#include "landauer/optical/diffractive_checkpoint.h"

namespace landauer::optical {
namespace {

constexpr std::int64_t kBlock = 8;  // images per deterministic block
constexpr double kTiny = 1e-300;

double Sigmoid(double q) { return 1.0 / (1.0 + std::exp(-q)); }

void Shuffle(std::vector<std::int64_t>& order, Rng& rng) {
  for (std::size_t i = order.size(); i > 1; --i) {
    std::swap(order[i - 1], order[rng.UniformInt(i)]);
  }
}

}  // namespace

MatrixF ImageAmplitudes(const MatrixF& features, float lo, float hi, int side) {
  if (features.cols() > static_cast<Eigen::Index>(side) * side) {
    throw std::invalid_argument(
        fmt::format("diffractive network: {} features do not fit a {} × {} image",
                    features.cols(),
                    side,
                    side));
  }
  const float range = hi > lo ? hi - lo : 1.0f;
  MatrixF out = MatrixF::Zero(features.rows(), static_cast<Eigen::Index>(side) * side);
  out.leftCols(features.cols()) = ((features.array() - lo) / range).max(0.0f).min(1.0f).matrix();
  return out;
}

void DiffractiveOptions::Validate() const {
  const auto positive = [](double v, const char* field, const char* unit) {
    if (!(v > 0.0) || !std::isfinite(v)) {
      throw std::invalid_argument(
          fmt::format("diffractive network: {} = {} {} must be finite and > 0", field, v, unit));
    }
  };
  positive(wavelength, "wavelength", "m");
  positive(pitch, "pitch", "m");
  positive(spacing, "spacing", "m");
  if (n < 4 || n > 1024) {
    throw std::invalid_argument(
        fmt::format("diffractive network: n = {} samples per side must be in [4, 1024]", n));
  }
  if (upsample < 1) {
    throw std::invalid_argument(
        fmt::format("diffractive network: upsample = {} samples per pixel must be ≥ 1", upsample));
  }
  if (layers < 1 || layers > 32) {
    throw std::invalid_argument(
        fmt::format("diffractive network: layers = {} masks must be in [1, 32]", layers));
  }
  if (!(detector_fraction > 0.0 && detector_fraction <= 1.0)) {
    throw std::invalid_argument(fmt::format(
        "diffractive network: detector_fraction = {} must be in (0, 1]", detector_fraction));
  }
  if (epochs < 0 || batch < 1) {
    throw std::invalid_argument(
        fmt::format("diffractive network: epochs = {} (≥ 0) and batch = {} (≥ 1)", epochs, batch));
  }
  if (!(lr_decay > 0.0 && lr_decay <= 1.0)) {
    throw std::invalid_argument(fmt::format(
        "diffractive network: lr_decay = {} per epoch must be in (0, 1] (1: constant)", lr_decay));
  }
  // The last epoch's rate η·γ^(epochs−1) must stay a normal double (set_learning_rate refuses 0):
  // refused here rather than after hours of training.
  if (epochs > 1 && !(optimizer.learning_rate * std::pow(lr_decay, epochs - 1) >=
                      std::numeric_limits<double>::min())) {
    throw std::invalid_argument(fmt::format(
        "diffractive network: lr_decay = {} over {} epochs takes the learning rate {} below the "
        "smallest normal double; use a decay closer to 1 or fewer epochs",
        lr_decay,
        epochs,
        optimizer.learning_rate));
  }
  optimizer.Validate();
  Propagation{.wavelength = wavelength, .pitch = pitch, .distance = spacing, .n = n}.Validate();
}

DiffractiveNetwork::DiffractiveNetwork(int image_side,
                                       int classes,
                                       const DiffractiveOptions& options)
    : side_(image_side), classes_(classes), options_(options) {
  options_.Validate();
  const int n = options_.n;
  if (image_side < 1 || image_side * options_.upsample > n) {
    throw std::invalid_argument(fmt::format(
        "diffractive network: a {0} × {0} image at {1} samples per pixel needs a grid of at least "
        "{2} × {2}; n is {3}",
        image_side,
        options_.upsample,
        image_side * options_.upsample,
        n));
  }
  if (classes < 2) {
    throw std::invalid_argument(
        fmt::format("diffractive network: {} classes; need at least 2", classes));
  }
  free_ = std::make_unique<AngularSpectrum>(Propagation{.wavelength = options_.wavelength,
                                                        .pitch = options_.pitch,
                                                        .distance = options_.spacing,
                                                        .n = n});
  // Detector regions: D squares on a grid of cells spanning detector_fraction of the side, each
  // half its cell wide, centred; a short last row is centred too.
  const int d = options_.differential ? 2 * classes : classes;
  const int cols = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(d))));
  const int rows = (d + cols - 1) / cols;
  const double span = options_.detector_fraction * n, cell = span / cols;
  if (cell < 2.0) {
    throw std::invalid_argument(
        fmt::format("diffractive network: {} detectors on a fraction {} of a {} × {} grid leave "
                    "cells of {:.2g} "
                    "samples, "
                    "and each detector needs at least 1 sample inside a cell of 2; use n ≥ {}",
                    d,
                    options_.detector_fraction,
                    n,
                    n,
                    cell,
                    static_cast<int>(std::ceil(2.0 * cols / options_.detector_fraction))));
  }
  const int width = static_cast<int>(cell / 2.0);
  const double top = 0.5 * (n - rows * cell);
  for (int k = 0; k < d; ++k) {
    const int r = k / cols, in_row = std::min(cols, d - r * cols);
    const double left = 0.5 * (n - in_row * cell);
    const int cy = static_cast<int>(top + (r + 0.5) * cell);
    const int cx = static_cast<int>(left + (k % cols + 0.5) * cell);
    regions_.push_back(
        {cy - width / 2, cy - width / 2 + width, cx - width / 2, cx - width / 2 + width});
  }
  // Masks start flat with a small seeded phase (φ ~ U(0, 2π)·0.01), amplitudes σ(2) ≈ 0.88.
  const std::size_t per = static_cast<std::size_t>(n) * n;
  Rng init(options_.seed, "optical.d2nn", "init");
  for (int l = 0; l < options_.layers; ++l) {
    for (std::size_t i = 0; i < per; ++i) {
      parameters_.push_back(0.02 * std::numbers::pi * init.Uniform());
    }
    if (options_.complex_masks) parameters_.insert(parameters_.end(), per, 2.0);
  }
  parameters_.push_back(10.0);  // g
}

void DiffractiveNetwork::SetParameters(const std::vector<double>& parameters) {
  if (parameters.size() != parameters_.size()) {
    throw std::invalid_argument("diffractive network: parameter count");
  }
  parameters_ = parameters;
}

double DiffractiveNetwork::Pass(const MatrixF& images,
                                const std::vector<std::int32_t>* labels,
                                const std::vector<std::int64_t>& rows,
                                int threads,
                                std::vector<double>* gradient,
                                std::vector<std::int32_t>* predicted,
                                double* detected,
                                double* fill,
                                const DetectionNoise& noise,
                                double* full_scale) const {
  const int n = options_.n, layers = options_.layers, up = options_.upsample;
  const std::size_t per = static_cast<std::size_t>(n) * n;
  const std::size_t stride = options_.complex_masks ? 2 * per : per;
  const double g = parameters_.back();
  const int d = detectors();
  // The masks' transmittances.
  std::vector<Plane> masks(static_cast<std::size_t>(layers));
  for (int l = 0; l < layers; ++l) {
    Plane& t = masks[static_cast<std::size_t>(l)];
    t.resize(n, n);
    const double* phi = parameters_.data() + l * stride;
    for (std::size_t i = 0; i < per; ++i) {
      const double a = options_.complex_masks ? Sigmoid(phi[per + i]) : 1.0;
      t.data()[i] = std::polar(a, phi[i]);
    }
  }
  if (noise.laser_w > 0.0 && gradient) {
    throw std::logic_error("diffractive network: training is noiseless");
  }
  // |u|² of a full-scale image (side² pixels of up² samples at amplitude 1), and the watts per
  // unit of |u|² at the laser's power.
  const double full_image = static_cast<double>(side_) * side_ * up * up;
  const double watts = noise.laser_w / full_image;
  const int offset = (n - side_ * up) / 2;
  const std::int64_t count = static_cast<std::int64_t>(rows.size());
  const std::int64_t blocks = (count + kBlock - 1) / kBlock;
  struct BlockResult {
    double loss = 0.0, detected = 0.0, fill = 0.0, full_scale = 0.0;
    std::vector<double> gradient;
  };
  std::vector<BlockResult> results(static_cast<std::size_t>(blocks));
  const double m2 = 4.0 * static_cast<double>(per);
  const double work =
      static_cast<double>(count) * (layers + 1) * m2 * std::log2(m2) * (gradient ? 2.0 : 1.0);
  ParallelFor(0, blocks, threads, work, [&](std::int64_t lo, std::int64_t hi) {
    std::vector<Plane> before(static_cast<std::size_t>(layers));
    std::vector<double> s(static_cast<std::size_t>(d)), ds(static_cast<std::size_t>(d));
    std::vector<double> logit(static_cast<std::size_t>(classes_));
    for (std::int64_t blk = lo; blk < hi; ++blk) {
      BlockResult& out = results[static_cast<std::size_t>(blk)];
      if (gradient) out.gradient.assign(parameters_.size(), 0.0);
      const std::int64_t first = blk * kBlock, last = std::min(count, first + kBlock);
      for (std::int64_t b = first; b < last; ++b) {
        const std::int64_t r = rows[static_cast<std::size_t>(b)];
        Plane u = Plane::Zero(n, n);
        double input_power = 0.0;
        for (int py = 0; py < side_; ++py) {
          for (int px = 0; px < side_; ++px) {
            const double amplitude = images(r, py * side_ + px);
            input_power += amplitude * amplitude * up * up;
            for (int sy = 0; sy < up; ++sy) {
              for (int sx = 0; sx < up; ++sx) {
                u(offset + py * up + sy, offset + px * up + sx) = amplitude;
              }
            }
          }
        }
        for (int l = 0; l < layers; ++l) {
          free_->Forward(u);
          before[static_cast<std::size_t>(l)] = u;
          u = u.cwiseProduct(masks[static_cast<std::size_t>(l)]);
        }
        free_->Forward(u);
        double total = 0.0;
        for (int k = 0; k < d; ++k) {
          const Region& reg = regions_[static_cast<std::size_t>(k)];
          s[k] = u.block(reg.y0, reg.x0, reg.y1 - reg.y0, reg.x1 - reg.x0).squaredNorm();
          total += s[k];
        }
        out.detected += input_power > 0.0 ? total / input_power : 0.0;
        out.fill += input_power / full_image;
        out.full_scale += total / full_image;
        if (watts > 0.0) {  // the readings, with shot and thermal noise
          Rng reading(noise.stream, static_cast<std::uint64_t>(r));
          total = 0.0;
          for (int k = 0; k < d; ++k) {
            const double sigma = std::sqrt(noise.detector.NoiseVariance(s[k] * watts)) / watts;
            s[k] = std::max(0.0, s[k] + sigma * reading.Normal());
            total += s[k];
          }
        }
        for (int c = 0; c < classes_; ++c) {
          logit[c] = options_.differential
                         ? g * (s[2 * c] - s[2 * c + 1]) / (s[2 * c] + s[2 * c + 1] + kTiny)
                         : g * s[c] / (total + kTiny);
        }
        const int best =
            static_cast<int>(std::max_element(logit.begin(), logit.end()) - logit.begin());
        if (predicted) (*predicted)[static_cast<std::size_t>(b)] = best;
        if (!labels) continue;
        const int y = (*labels)[static_cast<std::size_t>(r)];
        const double top = logit[best];
        double sum = 0.0;
        for (int c = 0; c < classes_; ++c) sum += std::exp(logit[c] - top);
        out.loss += std::log(sum) + top - logit[y];
        if (!gradient) continue;
        // ∂L/∂logit, then ∂L/∂s and ∂L/∂g.
        std::fill(ds.begin(), ds.end(), 0.0);
        double& dg = out.gradient.back();
        if (options_.differential) {
          for (int c = 0; c < classes_; ++c) {
            const double dl = std::exp(logit[c] - top) / sum - (c == y ? 1.0 : 0.0);
            const double sp = s[2 * c], sm = s[2 * c + 1], den = sp + sm + kTiny;
            dg += dl * (sp - sm) / den;
            ds[2 * c] += dl * g * 2.0 * sm / (den * den);
            ds[2 * c + 1] -= dl * g * 2.0 * sp / (den * den);
          }
        } else {
          double weighted = 0.0;  // Σ_c dl_c s_c
          for (int c = 0; c < classes_; ++c) {
            const double dl = std::exp(logit[c] - top) / sum - (c == y ? 1.0 : 0.0);
            dg += dl * s[c] / (total + kTiny);
            ds[c] += dl * g / (total + kTiny);
            weighted += dl * s[c];
          }
          for (int c = 0; c < classes_; ++c) {
            ds[c] -= g * weighted / ((total + kTiny) * (total + kTiny));
          }
        }
        // G at the detector plane: 2 ∂L/∂I · u inside each region.
        Plane grad = Plane::Zero(n, n);
        for (int k = 0; k < d; ++k) {
          const Region& reg = regions_[static_cast<std::size_t>(k)];
          const int h = reg.y1 - reg.y0, w = reg.x1 - reg.x0;
          grad.block(reg.y0, reg.x0, h, w) = 2.0 * ds[k] * u.block(reg.y0, reg.x0, h, w);
        }
        free_->Adjoint(grad);
        for (int l = layers - 1; l >= 0; --l) {
          const Plane& w = before[static_cast<std::size_t>(l)];
          const Plane& t = masks[static_cast<std::size_t>(l)];
          double* dphi = out.gradient.data() + l * stride;
          for (std::size_t i = 0; i < per; ++i) {
            const Complex v = t.data()[i] * w.data()[i];
            const Complex gv = grad.data()[i];
            // v = a e^{iφ} w: ∂v/∂φ = i v; ∂v/∂q = σ′(q)/σ(q) · v = (1 − a) v.
            dphi[i] += (std::conj(gv) * Complex(0.0, 1.0) * v).real();
            if (options_.complex_masks) {
              const double a = std::abs(t.data()[i]);
              dphi[per + i] += (1.0 - a) * (std::conj(gv) * v).real();
            }
            grad.data()[i] = std::conj(t.data()[i]) * gv;
          }
          if (l > 0) free_->Adjoint(grad);
        }
      }
    }
  });
  double loss = 0.0;
  if (detected) *detected = 0.0;
  if (fill) *fill = 0.0;
  if (full_scale) *full_scale = 0.0;
  if (gradient) gradient->assign(parameters_.size(), 0.0);
  for (const BlockResult& r : results) {
    loss += r.loss;
    if (detected) *detected += r.detected;
    if (fill) *fill += r.fill;
    if (full_scale) *full_scale += r.full_scale;
    if (gradient) {
      for (std::size_t i = 0; i < r.gradient.size(); ++i) (*gradient)[i] += r.gradient[i];
    }
  }
  return loss;
}

double DiffractiveNetwork::LossAndGradient(const MatrixF& images,
                                           const std::vector<std::int32_t>& labels,
                                           std::vector<double>& gradient) const {
  std::vector<std::int64_t> rows(static_cast<std::size_t>(images.rows()));
  std::iota(rows.begin(), rows.end(), 0);
  const double loss = Pass(images, &labels, rows, 1, &gradient, nullptr, nullptr, nullptr);
  for (double& v : gradient) v /= static_cast<double>(rows.size());
  return loss / static_cast<double>(rows.size());
}

nlohmann::json DiffractiveNetwork::CheckpointConfig(const MatrixF& images,
                                                    const std::vector<std::int32_t>& labels) const {
  const nn::OptimizerOptions& opt = options_.optimizer;
  // The training data by content: FNV-1a of the pixels' and labels' bytes.
  std::uint64_t data = Fnv1a64(std::string_view(reinterpret_cast<const char*>(images.data()),
                                                images.size() * sizeof(float)));
  data ^= Fnv1a64(std::string_view(reinterpret_cast<const char*>(labels.data()),
                                   labels.size() * sizeof(std::int32_t))) *
          0x9e3779b97f4a7c15ull;
  const std::uint64_t start = Fnv1a64(std::string_view(
      reinterpret_cast<const char*>(parameters_.data()), parameters_.size() * sizeof(double)));
  return {{"image_side", side_},
          {"classes", classes_},
          {"n", options_.n},
          {"upsample", options_.upsample},
          {"layers", options_.layers},
          {"wavelength_m", options_.wavelength},
          {"pitch_m", options_.pitch},
          {"spacing_m", options_.spacing},
          {"complex_masks", options_.complex_masks},
          {"differential", options_.differential},
          {"detector_fraction", options_.detector_fraction},
          {"batch", options_.batch},
          {"optimizer", opt.name},
          {"learning_rate", opt.learning_rate},
          {"momentum", opt.momentum},
          {"beta1", opt.beta1},
          {"beta2", opt.beta2},
          {"epsilon", opt.epsilon},
          {"weight_decay", opt.weight_decay},
          {"lr_decay", options_.lr_decay},
          {"seed", options_.seed},
          {"train_samples", images.rows()},
          {"data_fnv1a", fmt::format("{:016x}", data)},
          {"initial_parameters_fnv1a", fmt::format("{:016x}", start)}};
}

std::vector<EpochStats> DiffractiveNetwork::Fit(const MatrixF& images,
                                                const std::vector<std::int32_t>& labels,
                                                int threads,
                                                DiffractiveWork& work,
                                                const DiffractiveFitCheckpoint& checkpoint) {
  const std::int64_t n = images.rows();
  if (n < 1 || images.cols() != static_cast<Eigen::Index>(side_) * side_ ||
      static_cast<std::int64_t>(labels.size()) != n) {
    throw std::invalid_argument(
        fmt::format("diffractive network: {} × {} images with {} labels for {} × {} pixels",
                    n,
                    images.cols(),
                    labels.size(),
                    side_,
                    side_));
  }
  for (const std::int32_t y : labels) {
    if (y < 0 || y >= classes_) {
      throw std::invalid_argument(
          fmt::format("diffractive network: label {} outside [0, {})", y, classes_));
    }
  }
  auto optimizer =
      nn::MakeOptimizer(options_.optimizer, static_cast<std::int64_t>(parameters_.size()));
  const std::int64_t steps_per_epoch = (n + options_.batch - 1) / options_.batch;
  // Per image, L + 1 free-space steps forward and L adjoint steps back, each two FFTs of m² points
  // (~2 m² log₂ m² real multiply-adds each) and the transfer function's m² complex products; the
  // masks' products; and the optimizer's per-parameter work per step. Counted once an epoch (and
  // replayed, the same additions, for the epochs a checkpoint holds).
  const double m2 = 4.0 * static_cast<double>(options_.n) * options_.n;
  const double steps = 2.0 * options_.layers + 1.0;
  const auto count_epoch = [&] {
    work.propagations += static_cast<double>(n) * steps;
    work.host_training_macs +=
        static_cast<double>(n) *
            (steps * (4.0 * m2 * std::log2(m2) + 4.0 * m2) + 12.0 * options_.layers * m2 / 4.0) +
        static_cast<double>(steps_per_epoch) * optimizer->MacsPerParameter() *
            static_cast<double>(parameters_.size());
  };
  // Resume: the state after the epochs a checkpoint holds (diffractive_checkpoint.h).
  std::vector<EpochStats> stats;
  nlohmann::json config;
  if (!checkpoint.path.empty()) {
    config = CheckpointConfig(images, labels);
    CheckOutputFile(checkpoint.path, "--checkpoint");
  }
  if (checkpoint.resume && std::filesystem::exists(checkpoint.path)) {
    const auto buffers = optimizer->StateBuffers();
    DiffractiveCheckpointState state =
        DecodeDiffractiveCheckpoint(ReadFile(checkpoint.path),
                                    checkpoint.path,
                                    {.config = config,
                                     .parameters = static_cast<std::int64_t>(parameters_.size()),
                                     .buffers = static_cast<int>(buffers.size()),
                                     .steps_per_epoch = steps_per_epoch,
                                     .epochs = options_.epochs});
    parameters_ = std::move(state.parameters);
    for (std::size_t b = 0; b < buffers.size(); ++b) *buffers[b] = std::move(state.buffers[b]);
    optimizer->set_steps(state.optimizer_steps);
    stats = std::move(state.epochs);
  }
  const auto save = [&] {
    if (checkpoint.path.empty()) return;
    DiffractiveCheckpointState state{.config = config,
                                     .parameters = parameters_,
                                     .buffers = {},
                                     .optimizer_steps = optimizer->steps(),
                                     .epochs = stats};
    for (const std::vector<float>* buffer : optimizer->StateBuffers()) {
      state.buffers.push_back(*buffer);
    }
    WriteFileAtomically(checkpoint.path, EncodeDiffractiveCheckpoint(state));
  };
  std::vector<float> params(parameters_.begin(), parameters_.end()), grads(parameters_.size());
  // Epoch e shuffles the previous epoch's order with substream e: the order is a function of
  // (seed, e), replayed for the epochs a checkpoint skips.
  std::vector<std::int64_t> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  const Rng shuffle_base(options_.seed, "optical.d2nn", "shuffle");
  const auto shuffle_for = [&](int epoch) {
    Rng shuffle = shuffle_base.Substream(static_cast<std::uint64_t>(epoch));
    Shuffle(order, shuffle);
  };
  const int first_epoch = static_cast<int>(stats.size());
  for (int epoch = 0; epoch < first_epoch; ++epoch) {
    shuffle_for(epoch);
    count_epoch();
  }
  for (int epoch = first_epoch; epoch < options_.epochs; ++epoch) {
    const auto start = std::chrono::steady_clock::now();
    shuffle_for(epoch);
    optimizer->set_learning_rate(options_.optimizer.learning_rate *
                                 std::pow(options_.lr_decay, epoch));
    EpochStats e;
    std::int64_t correct = 0;
    for (std::int64_t first = 0; first < n; first += options_.batch) {
      const std::int64_t size = std::min<std::int64_t>(options_.batch, n - first);
      const std::vector<std::int64_t> rows(order.begin() + first, order.begin() + first + size);
      std::vector<double> gradient;
      std::vector<std::int32_t> predicted(rows.size());
      e.loss += Pass(images, &labels, rows, threads, &gradient, &predicted, nullptr, nullptr);
      for (std::size_t b = 0; b < rows.size(); ++b) {
        correct += predicted[b] == labels[static_cast<std::size_t>(rows[b])];
      }
      for (std::size_t i = 0; i < gradient.size(); ++i) {
        grads[i] = static_cast<float>(gradient[i] / static_cast<double>(size));
      }
      optimizer->Step(params, grads, 1);
      parameters_.assign(params.begin(), params.end());
    }
    e.loss /= static_cast<double>(n);
    e.accuracy = static_cast<double>(correct) / static_cast<double>(n);
    count_epoch();
    e.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    stats.push_back(e);
    save();
  }
  return stats;
}

std::vector<std::int32_t> DiffractiveNetwork::Predict(const MatrixF& images,
                                                      int threads,
                                                      DiffractiveWork& work,
                                                      const DetectionNoise& noise) const {
  if (images.cols() != static_cast<Eigen::Index>(side_) * side_) {
    throw std::invalid_argument(fmt::format(
        "diffractive network: {} pixels per image for {} × {}", images.cols(), side_, side_));
  }
  std::vector<std::int64_t> rows(static_cast<std::size_t>(images.rows()));
  std::iota(rows.begin(), rows.end(), 0);
  std::vector<std::int32_t> predicted(rows.size());
  double detected = 0.0, fill = 0.0, full_scale = 0.0;
  if (noise.laser_w > 0.0) noise.detector.Validate();
  Pass(images, nullptr, rows, threads, nullptr, &predicted, &detected, &fill, noise, &full_scale);
  const double v = static_cast<double>(images.rows());
  work.vectors += v;
  work.input_pixels += v * side_ * side_;
  work.detections += v * detectors();
  work.readout_macs += v * (detectors() + classes_);
  work.detected_power += detected;
  work.input_fill += fill;
  work.detected_full_scale += full_scale;
  return predicted;
}

double DiffractiveNetwork::CalibrateLaser(const MatrixF& images,
                                          const Photodetector& detector,
                                          double snr,
                                          int threads) const {
  const std::int64_t n = images.rows();
  if (n < 1) throw std::invalid_argument("diffractive network: no images to size the laser on");
  const std::int64_t stride = (n + 4095) / 4096;  // at most 4096 rows
  MatrixF sample((n + stride - 1) / stride, images.cols());
  for (Eigen::Index i = 0; i < sample.rows(); ++i) sample.row(i) = images.row(i * stride);
  DiffractiveWork measured;
  Predict(sample, threads, measured);
  return DiffractiveLaserPower(
      detector, snr, detectors(), measured.detected_full_scale / measured.vectors);
}

double DiffractiveLaserPower(const Photodetector& detector,
                             double snr,
                             int detectors,
                             double full_scale_fraction) {
  if (!(full_scale_fraction > 0.0)) {
    throw std::invalid_argument(fmt::format(
        "diffractive network: the detectors receive {} of a full-scale image's light: no laser "
        "power reaches the SNR asked for",
        full_scale_fraction));
  }
  return LinkBudgetInputPower(detector, snr, detectors, std::min(1.0, full_scale_fraction));
}

}  // namespace landauer::optical

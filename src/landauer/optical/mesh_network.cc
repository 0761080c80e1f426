#include "landauer/optical/mesh_network.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "landauer/core/parallel.h"

namespace landauer::optical {
namespace {

constexpr std::int64_t kBlock = 64;  // samples per deterministic block

// Fisher–Yates from a named stream.
void Shuffle(std::vector<std::int64_t>& order, Rng& rng) {
  for (std::size_t i = order.size(); i > 1; --i) {
    std::swap(order[i - 1], order[rng.UniformInt(i)]);
  }
}

}  // namespace

void MeshNetworkOptions::Validate() const {
  if (modes < 2 || modes > 64) {
    throw std::invalid_argument(
        fmt::format("optical mesh network: modes = {} must be in [2, 64]", modes));
  }
  if (layers < 1 || layers > 16) {
    throw std::invalid_argument(
        fmt::format("optical mesh network: layers = {} meshes must be in [1, 16]", layers));
  }
  activation.Validate();
  imperfections.Validate();
  detector.Validate();
  if (!(snr_db >= 0.0 && snr_db <= 200.0)) {
    throw std::invalid_argument(fmt::format(
        "optical mesh network: snr_db = {} dB must be in [0, 200] (0: noiseless)", snr_db));
  }
  if (epochs < 0) {
    throw std::invalid_argument(
        fmt::format("optical mesh network: epochs = {} must be ≥ 0", epochs));
  }
  if (batch < 1) {
    throw std::invalid_argument(
        fmt::format("optical mesh network: batch = {} samples must be ≥ 1", batch));
  }
  optimizer.Validate();
}

MeshNetwork::MeshNetwork(int inputs, int classes, const MeshNetworkOptions& options)
    : inputs_(inputs), classes_(classes), options_(options) {
  options_.Validate();
  if (inputs < 1 || inputs > options_.modes) {
    throw std::invalid_argument(fmt::format(
        "optical mesh network: {} input features for {} modes; use at most one per mode "
        "(e.g. PCA to {} components)",
        inputs,
        options_.modes,
        options_.modes));
  }
  if (classes < 2 || classes > options_.modes) {
    throw std::invalid_argument(fmt::format(
        "optical mesh network: {} classes for {} modes; each class needs its own output mode",
        classes,
        options_.modes));
  }
  Rng init(options_.seed, "optical.mesh_network", "haar_init");
  for (int l = 0; l < options_.layers; ++l) {
    meshes_.emplace_back(DecomposeClements(HaarUnitary(options_.modes, init)),
                         options_.imperfections,
                         options_.seed,
                         fmt::format("layer{}", l));
  }
  offsets_.assign(static_cast<std::size_t>(classes), 0.0);
  gains_.assign(static_cast<std::size_t>(classes), 10.0);
}

MeshNetwork MeshNetwork::WithImperfections(const MeshImperfections& imperfections,
                                           std::uint64_t seed) const {
  MeshNetwork copy = *this;
  copy.options_.imperfections = imperfections;
  copy.options_.seed = seed;
  for (std::size_t l = 0; l < meshes_.size(); ++l) {
    copy.meshes_[l] =
        PhotonicMesh(meshes_[l].programmed(), imperfections, seed, fmt::format("layer{}", l));
  }
  return copy;
}

double MeshNetwork::Transmission() const {
  double t = 1.0;
  for (const PhotonicMesh& m : meshes_) {
    t *= std::pow(10.0, -m.imperfections().loss_db * m.programmed().depth() / 10.0);
  }
  return t * std::pow(1.0 - options_.activation.alpha, options_.layers - 1);
}

double MeshNetwork::DetectedFraction() const {
  return detected_ > 0.0 ? detected_ : Transmission() * classes_ / options_.modes;
}

double MeshNetwork::InputPower() const {
  if (options_.snr_db <= 0.0) return 0.0;
  const double fraction = DetectedFraction();
  if (!(fraction > 0.0)) {
    throw std::invalid_argument(fmt::format(
        "optical mesh network: the detectors receive no light (loss_db = {} dB per MZI over {} "
        "meshes); lower loss_db",
        options_.imperfections.loss_db,
        options_.layers));
  }
  return LinkBudgetInputPower(
      options_.detector, SnrFromDb(options_.snr_db), classes_, std::min(1.0, fraction));
}

double MeshNetwork::LaserPower() const {
  return InputPower() * (inputs_ * peak_amplitude_ * peak_amplitude_ + reference_ * reference_);
}

double MeshNetwork::MeasureDetected(const MatrixF& features, int threads) const {
  const std::int64_t count = std::min<std::int64_t>(features.rows(), 4096);
  std::vector<std::int64_t> rows(static_cast<std::size_t>(count));
  std::iota(rows.begin(), rows.end(), 0);
  std::vector<RealisedMesh> realised;
  Rng c2c(options_.seed, "optical.mesh_network", "measure_c2c");
  for (const PhotonicMesh& m : meshes_) realised.push_back(m.Realise(&c2c));
  double detected = 0.0;
  Pass(features, nullptr, rows, realised, 0, threads, nullptr, nullptr, false, &detected);
  return detected / static_cast<double>(count);
}

void MeshNetwork::CheckData(const MatrixF& features,
                            const std::vector<std::int32_t>* labels) const {
  const std::int64_t n = features.rows();
  if (n < 1 || features.cols() != inputs_ ||
      (labels && static_cast<std::int64_t>(labels->size()) != n)) {
    throw std::invalid_argument(
        fmt::format("optical mesh network: {} × {} features{} for {} inputs",
                    n,
                    features.cols(),
                    labels ? fmt::format(" with {} labels", labels->size()) : "",
                    inputs_));
  }
  if (!features.allFinite()) {
    throw std::invalid_argument("optical mesh network: the features hold NaN or infinity");
  }
  if (labels) {
    for (const std::int32_t y : *labels) {
      if (y < 0 || y >= classes_) {
        throw std::invalid_argument(
            fmt::format("optical mesh network: label {} outside [0, {})", y, classes_));
      }
    }
  }
}

std::vector<double> MeshNetwork::Parameters() const {
  std::vector<double> flat;
  Pack(flat);
  return flat;
}

void MeshNetwork::Pack(std::vector<double>& flat) const {
  flat.clear();
  for (const PhotonicMesh& m : meshes_) {
    for (const Mzi& z : m.programmed().mzis) flat.push_back(z.theta);
    for (const Mzi& z : m.programmed().mzis) flat.push_back(z.phi);
    for (const double a : m.programmed().output_phases) flat.push_back(a);
  }
  flat.insert(flat.end(), gains_.begin(), gains_.end());
  flat.push_back(reference_);
  flat.insert(flat.end(), offsets_.begin(), offsets_.end());
}

void MeshNetwork::SetParameters(const std::vector<double>& flat) {
  std::size_t i = 0;
  for (PhotonicMesh& m : meshes_) {
    for (Mzi& z : m.programmed().mzis) z.theta = flat.at(i++);
    for (Mzi& z : m.programmed().mzis) z.phi = flat.at(i++);
    for (double& a : m.programmed().output_phases) a = flat.at(i++);
  }
  for (double& g : gains_) g = flat.at(i++);
  reference_ = flat.at(i++);
  for (double& b : offsets_) b = flat.at(i++);
  if (i != flat.size()) throw std::invalid_argument("optical mesh network: parameter count");
}

// One pass over `rows`: the loss summed over them (if labels), the gradient summed (if
// `gradient`), the predictions (if `predicted`, indexed like rows).
double MeshNetwork::Pass(const MatrixF& features,
                         const std::vector<std::int32_t>* labels,
                         const std::vector<std::int64_t>& rows,
                         const std::vector<RealisedMesh>& realised,
                         std::uint64_t noise_key,
                         int threads,
                         std::vector<double>* gradient,
                         std::vector<std::int32_t>* predicted,
                         bool noise,
                         double* detected) const {
  const int n = options_.modes, c = classes_, layers = options_.layers;
  const std::int64_t count = static_cast<std::int64_t>(rows.size());
  const std::int64_t blocks = (count + kBlock - 1) / kBlock;
  const double p_in = noise ? InputPower() : 0.0;
  const bool reference_mode = inputs_ < n && options_.reference;
  struct BlockResult {
    double loss = 0.0;
    std::vector<MeshGradient> mesh;
    double reference = 0.0, detected = 0.0;
    std::vector<double> gains, offsets;
  };
  std::vector<BlockResult> results(static_cast<std::size_t>(blocks));
  const double work = static_cast<double>(count) * layers * n * n * (gradient ? 4.0 : 1.0);
  ParallelFor(0, blocks, threads, work, [&](std::int64_t lo, std::int64_t hi) {
    for (std::int64_t blk = lo; blk < hi; ++blk) {
      const std::int64_t first = blk * kBlock, size = std::min(kBlock, count - first);
      BlockResult& out = results[static_cast<std::size_t>(blk)];
      Field a = Field::Zero(n, size);
      for (std::int64_t b = 0; b < size; ++b) {
        const std::int64_t r = rows[static_cast<std::size_t>(first + b)];
        for (int i = 0; i < inputs_; ++i) a(i, b) = input_scale_ * features(r, i);
        if (reference_mode) a(inputs_, b) = reference_;
      }
      std::vector<Field> z(static_cast<std::size_t>(layers));  // activation inputs
      for (int l = 0; l < layers; ++l) {
        Propagate(realised[static_cast<std::size_t>(l)], a);
        if (l + 1 < layers) {
          z[static_cast<std::size_t>(l)] = a;
          options_.activation.Forward(a);
        }
      }
      // Detection and the digital readout.
      Field grad = gradient ? Field::Zero(n, size) : Field();
      if (gradient) {
        out.offsets.assign(static_cast<std::size_t>(c), 0.0);
        out.gains.assign(static_cast<std::size_t>(c), 0.0);
      }
      std::vector<double> p(static_cast<std::size_t>(c)), logit(static_cast<std::size_t>(c));
      for (std::int64_t b = 0; b < size; ++b) {
        const std::int64_t r = rows[static_cast<std::size_t>(first + b)];
        Rng reading(noise_key, static_cast<std::uint64_t>(r));  // this sample's detector noise
        for (int k = 0; k < c; ++k) {
          double pk = std::norm(a(k, b));
          out.detected += pk;
          if (p_in > 0.0) {
            const double watts = pk * p_in;
            pk += std::sqrt(options_.detector.NoiseVariance(watts)) / p_in * reading.Normal();
          }
          p[k] = pk;
          logit[k] = gains_[k] * pk + offsets_[k];
        }
        const int best =
            static_cast<int>(std::max_element(logit.begin(), logit.end()) - logit.begin());
        if (predicted) (*predicted)[static_cast<std::size_t>(first + b)] = best;
        if (!labels) continue;
        const int y = (*labels)[static_cast<std::size_t>(r)];
        const double top = logit[best];
        double sum = 0.0;
        for (int k = 0; k < c; ++k) sum += std::exp(logit[k] - top);
        out.loss += std::log(sum) + top - logit[y];
        if (!gradient) continue;
        for (int k = 0; k < c; ++k) {
          const double dlogit = std::exp(logit[k] - top) / sum - (k == y ? 1.0 : 0.0);
          out.gains[k] += dlogit * p[k];
          out.offsets[k] += dlogit;
          // p = |z|²: G_z = 2 (∂L/∂p) z.
          grad(k, b) = 2.0 * dlogit * gains_[k] * a(k, b);
        }
      }
      if (!gradient) continue;
      out.mesh.reserve(static_cast<std::size_t>(layers));
      for (int l = 0; l < layers; ++l) out.mesh.emplace_back(realised[static_cast<std::size_t>(l)]);
      for (int l = layers - 1; l >= 0; --l) {
        Backpropagate(realised[static_cast<std::size_t>(l)], a, grad, out.mesh[l]);
        if (l == 0 && reference_mode) out.reference = grad.row(inputs_).real().sum();
        if (l > 0) {
          Field& zin = z[static_cast<std::size_t>(l - 1)];
          options_.activation.Backward(zin, grad);
          a = std::move(zin);
        }
      }
    }
  });
  double loss = 0.0;
  for (const BlockResult& r : results) loss += r.loss;
  if (detected) {
    *detected = 0.0;
    for (const BlockResult& r : results) *detected += r.detected;
  }
  if (gradient) {
    std::vector<MeshGradient> total;
    double d_reference = 0.0;
    std::vector<double> d_gains(static_cast<std::size_t>(c), 0.0);
    std::vector<double> d_offsets(static_cast<std::size_t>(c), 0.0);
    for (const BlockResult& r : results) {
      if (total.empty()) {
        total = r.mesh;
      } else {
        for (int l = 0; l < layers; ++l) total[l].Add(r.mesh[l]);
      }
      for (int k = 0; k < c; ++k) d_gains[k] += r.gains[k];
      d_reference += r.reference;
      for (int k = 0; k < c; ++k) d_offsets[k] += r.offsets[k];
    }
    gradient->clear();
    for (int l = 0; l < layers; ++l) {
      MeshGradient& g = total[static_cast<std::size_t>(l)];
      meshes_[static_cast<std::size_t>(l)].ProgrammedGradient(g.theta, g.phi, g.output);
      gradient->insert(gradient->end(), g.theta.begin(), g.theta.end());
      gradient->insert(gradient->end(), g.phi.begin(), g.phi.end());
      gradient->insert(gradient->end(), g.output.begin(), g.output.end());
    }
    gradient->insert(gradient->end(), d_gains.begin(), d_gains.end());
    gradient->push_back(d_reference);
    gradient->insert(gradient->end(), d_offsets.begin(), d_offsets.end());
  }
  return loss;
}

double MeshNetwork::LossAndGradient(const MatrixF& features,
                                    const std::vector<std::int32_t>& labels,
                                    std::vector<double>& gradient) {
  CheckData(features, &labels);
  std::vector<std::int64_t> rows(static_cast<std::size_t>(features.rows()));
  std::iota(rows.begin(), rows.end(), 0);
  std::vector<RealisedMesh> realised;
  for (const PhotonicMesh& m : meshes_) realised.push_back(m.Realise(nullptr));
  const double loss =
      Pass(features, &labels, rows, realised, 0, 1, &gradient, nullptr, /*noise=*/false);
  const double scale = 1.0 / static_cast<double>(rows.size());
  for (double& g : gradient) g *= scale;
  return loss * scale;
}

std::vector<EpochStats> MeshNetwork::Fit(const MatrixF& features,
                                         const std::vector<std::int32_t>& labels,
                                         int threads,
                                         MeshWork& work) {
  CheckData(features, &labels);
  const std::int64_t n = features.rows();
  double max_norm = 0.0, mean_power = 0.0;
  for (std::int64_t r = 0; r < n; ++r) {
    const double norm = features.row(r).cast<double>().norm();
    max_norm = std::max(max_norm, norm);
    mean_power += norm * norm;
  }
  input_scale_ = max_norm > 0.0 ? 1.0 / max_norm : 1.0;
  // The readout's gain starts where a detector's mean power, (mean input power)/N, reads as 1.
  mean_power *= input_scale_ * input_scale_ / static_cast<double>(n);
  if (inputs_ < options_.modes && options_.reference) reference_ = std::sqrt(mean_power);
  mean_power += reference_ * reference_;
  if (mean_power > 0.0) gains_.assign(gains_.size(), options_.modes / mean_power);
  peak_amplitude_ = input_scale_ * static_cast<double>(features.cwiseAbs().maxCoeff());
  detected_ = MeasureDetected(features, threads);  // the link budget while training

  std::vector<double> flat;
  Pack(flat);
  std::vector<float> params(flat.begin(), flat.end()), grads(flat.size());
  auto optimizer = nn::MakeOptimizer(options_.optimizer, static_cast<std::int64_t>(flat.size()));
  std::vector<std::int64_t> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  const Rng shuffle_base(options_.seed, "optical.mesh_network", "shuffle");
  const Rng c2c_base(options_.seed, "optical.mesh_network", "c2c");
  const std::uint64_t noise_base = StreamKey(options_.seed, "optical.mesh_network", "train_noise");
  std::vector<EpochStats> stats;
  std::uint64_t step = 0;
  double mzis = 0.0;
  for (const PhotonicMesh& m : meshes_) mzis += static_cast<double>(m.programmed().mzis.size());
  for (int epoch = 0; epoch < options_.epochs; ++epoch) {
    Rng shuffle = shuffle_base.Substream(static_cast<std::uint64_t>(epoch));
    Shuffle(order, shuffle);
    EpochStats e;
    std::int64_t correct = 0;
    for (std::int64_t first = 0; first < n; first += options_.batch, ++step) {
      const std::int64_t size = std::min<std::int64_t>(options_.batch, n - first);
      const std::vector<std::int64_t> rows(order.begin() + first, order.begin() + first + size);
      std::vector<RealisedMesh> realised;
      for (std::size_t l = 0; l < meshes_.size(); ++l) {
        Rng c2c = c2c_base.Substream(step * meshes_.size() + l);
        realised.push_back(meshes_[l].Realise(&c2c));
      }
      std::vector<double> gradient;
      std::vector<std::int32_t> predicted(rows.size());
      e.loss += Pass(
          features, &labels, rows, realised, noise_base + step, threads, &gradient, &predicted);
      for (std::size_t b = 0; b < rows.size(); ++b) {
        correct += predicted[b] == labels[static_cast<std::size_t>(rows[b])];
      }
      for (std::size_t i = 0; i < gradient.size(); ++i) {
        grads[i] = static_cast<float>(gradient[i] / static_cast<double>(size));
      }
      optimizer->Step(params, grads, 1);
      SetParameters(std::vector<double>(params.begin(), params.end()));
    }
    e.loss /= static_cast<double>(n);
    e.accuracy = static_cast<double>(correct) / static_cast<double>(n);
    stats.push_back(e);
    // The host's arithmetic (fp64 multiply-adds): per sample and MZI 16 forward and 48 backward
    // (undo, correlate, adjoint); per activation ~8 forward and ~24 backward per mode; the
    // readout and the optimizer's per-parameter work.
    const double acts = static_cast<double>(options_.layers - 1) * options_.modes;
    work.host_training_macs +=
        static_cast<double>(n) * (64.0 * mzis + 32.0 * acts + 4.0 * classes_) +
        std::ceil(static_cast<double>(n) / options_.batch) * optimizer->MacsPerParameter() *
            static_cast<double>(flat.size());
  }
  detected_ = MeasureDetected(features, threads);  // and for the trained network
  return stats;
}

std::vector<std::int32_t> MeshNetwork::Predict(const MatrixF& features,
                                               int threads,
                                               MeshWork& work,
                                               std::uint64_t noise_seed) const {
  CheckData(features, nullptr);
  std::vector<std::int64_t> rows(static_cast<std::size_t>(features.rows()));
  std::iota(rows.begin(), rows.end(), 0);
  std::vector<RealisedMesh> realised;
  Rng c2c(options_.seed, "optical.mesh_network", fmt::format("inference_c2c_{}", noise_seed));
  for (const PhotonicMesh& m : meshes_) realised.push_back(m.Realise(&c2c));
  std::vector<std::int32_t> predicted(rows.size());
  Pass(features,
       nullptr,
       rows,
       realised,
       StreamKey(options_.seed, "optical.mesh_network", fmt::format("noise_{}", noise_seed)),
       threads,
       nullptr,
       &predicted);
  const double v = static_cast<double>(features.rows());
  work.vectors += v;
  work.encoded += v * inputs_;
  work.activations += v * static_cast<double>(options_.layers - 1) * options_.modes;
  work.detections += v * classes_;
  work.readout_macs += v * classes_;
  return predicted;
}

}  // namespace landauer::optical

#include "landauer/sparse/sparse_mlp.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "landauer/core/rng.h"

namespace landauer::sparse {

Distribution DistributionFromString(std::string_view text) {
  if (text == "uniform") return Distribution::kUniform;
  if (text == "erk") return Distribution::kErk;
  throw std::invalid_argument(
      fmt::format("unknown density distribution '{}' (accepted: uniform, erk)", text));
}

std::string_view ToString(Distribution distribution) {
  return distribution == Distribution::kErk ? "erk" : "uniform";
}

std::vector<double> LayerDensities(const nn::MlpSpec& spec,
                                   double density,
                                   Distribution distribution) {
  if (!(density > 0.0 && density <= 1.0)) {
    throw std::invalid_argument(
        fmt::format("density {} is outside (0, 1]: give the fraction of connections kept, e.g. "
                    "0.05",
                    density));
  }
  const int layers = spec.num_layers();
  std::vector<double> out(static_cast<std::size_t>(layers), density);
  if (distribution == Distribution::kUniform) return out;
  std::vector<double> size(out.size()), raw(out.size());
  double total = 0.0;
  for (int l = 0; l < layers; ++l) {
    const double in = spec.widths[l], o = spec.widths[l + 1];
    size[l] = in * o;
    raw[l] = (in + o) / (in * o);
    total += size[l];
  }
  std::vector<bool> dense(out.size(), false);
  // ε over the layers not yet dense: Σ_sparse ε·raw·size = density·total − Σ_dense size.
  for (int round = 0; round <= layers; ++round) {
    double budget = density * total, weighted = 0.0;
    for (int l = 0; l < layers; ++l) {
      if (dense[l]) {
        budget -= size[l];
      } else {
        weighted += raw[l] * size[l];
      }
    }
    const double epsilon = weighted > 0.0 ? budget / weighted : 0.0;
    bool changed = false;
    for (int l = 0; l < layers; ++l) {
      if (!dense[l] && epsilon * raw[l] > 1.0) dense[l] = changed = true;
    }
    if (!changed) {
      for (int l = 0; l < layers; ++l) out[l] = dense[l] ? 1.0 : epsilon * raw[l];
      return out;
    }
  }
  std::fill(out.begin(), out.end(), 1.0);  // every layer dense: density 1
  return out;
}

SparseMlp::SparseMlp(nn::MlpSpec spec) : spec_(std::move(spec)) {
  if (spec_.num_layers() < 1) {
    throw std::invalid_argument("sparse MLP: give at least an input and an output width");
  }
  for (int l = 0; l < spec_.num_layers(); ++l) {
    layers_.emplace_back(spec_.widths[l], spec_.widths[l + 1]);
  }
}

void SparseMlp::Initialize(std::uint64_t seed, std::span<const double> densities) {
  if (densities.size() != layers_.size()) {
    throw std::invalid_argument(
        fmt::format("sparse MLP: {} densities for {} layers", densities.size(), layers_.size()));
  }
  const Rng topology(seed, "sparse.mlp", "topology");
  const Rng init(seed, "sparse.mlp", "init");
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const double d = densities[l];
    if (!(d > 0.0 && d <= 1.0)) {
      throw std::invalid_argument(
          fmt::format("sparse MLP: layer {} density {} is outside (0, 1]", l, d));
    }
    SparseLinear& layer = layers_[l];
    const std::int64_t size = std::int64_t{layer.in()} * layer.out();
    const std::int64_t n =
        std::clamp<std::int64_t>(std::llround(d * static_cast<double>(size)), 1, size);
    // Algorithm S: position t is chosen with probability (n − chosen)/(size − t).
    Rng rng = topology.Substream(l);
    std::vector<std::int64_t> flat;
    flat.reserve(static_cast<std::size_t>(n));
    for (std::int64_t t = 0; t < size && static_cast<std::int64_t>(flat.size()) < n; ++t) {
      const auto left = static_cast<std::uint64_t>(size - t);
      if (rng.UniformInt(left) < static_cast<std::uint64_t>(n - std::ssize(flat))) {
        flat.push_back(t);
      }
    }
    layer.SetTopology(flat);
    Rng weights = init.Substream(l);
    const double bound = 1.0 / std::sqrt(static_cast<double>(layer.in()));
    for (float& w : layer.values()) w = static_cast<float>((2.0 * weights.Uniform() - 1.0) * bound);
    for (float& b : layer.bias()) b = static_cast<float>((2.0 * weights.Uniform() - 1.0) * bound);
  }
}

std::int64_t SparseMlp::nonzeros() const {
  std::int64_t n = 0;
  for (const SparseLinear& layer : layers_) n += layer.nonzeros();
  return n;
}

std::int64_t SparseMlp::biases() const {
  std::int64_t n = 0;
  for (const SparseLinear& layer : layers_) n += layer.out();
  return n;
}

double SparseMlp::density() const {
  double dense = 0.0;
  for (const SparseLinear& layer : layers_) dense += double(layer.in()) * layer.out();
  return static_cast<double>(nonzeros()) / dense;
}

nn::Mlp SparseMlp::ToDense() const {
  nn::Mlp dense(spec_, nn::Activation::kRelu);
  for (int l = 0; l < num_layers(); ++l) {
    const SparseLinear& layer = layers_[static_cast<std::size_t>(l)];
    dense.Weight(l) = layer.Dense();
    dense.Bias(l) = Eigen::Map<const VectorF>(layer.bias().data(), layer.out());
  }
  return dense;
}

void SparseMlp::Forward(const nn::ConstMatrixRef& x, Workspace& ws, int threads) const {
  if (x.cols() != spec_.widths.front()) {
    throw std::invalid_argument(
        fmt::format("sparse MLP: the batch has {} features, the model takes {}",
                    x.cols(),
                    spec_.widths.front()));
  }
  const std::size_t layers = layers_.size();
  ws.a.resize(layers + 1);
  ws.a[0] = x.transpose();
  for (std::size_t l = 0; l < layers; ++l) {
    layers_[l].Forward(ws.a[l], ws.a[l + 1], threads);
    if (l + 1 < layers) ws.a[l + 1] = ws.a[l + 1].cwiseMax(0.0f);
  }
  ws.logits = ws.a.back().transpose();
}

nn::LossResult SparseMlp::Backward(const nn::ConstMatrixRef& x,
                                   std::span<const std::int32_t> labels,
                                   Workspace& ws,
                                   SparseGradient& gradient,
                                   int threads) const {
  Forward(x, ws, threads);
  const nn::LossResult result = nn::SoftmaxCrossEntropy(ws.logits, labels, ws.logit_gradient);
  const std::size_t layers = layers_.size();
  ws.delta.resize(layers);
  gradient.weights.resize(layers);
  gradient.biases.resize(layers);
  ws.delta.back() = ws.logit_gradient.transpose();
  for (std::size_t l = layers; l-- > 0;) {
    const SparseLinear& layer = layers_[l];
    gradient.weights[l].resize(static_cast<std::size_t>(layer.nonzeros()));
    gradient.biases[l].resize(static_cast<std::size_t>(layer.out()));
    layer.WeightGradient(ws.delta[l], ws.a[l], gradient.weights[l], gradient.biases[l], threads);
    if (l == 0) break;
    layer.BackwardInput(ws.delta[l], ws.delta[l - 1], threads);
    // ReLU' at the layer below: a_{l−1} > 0 exactly where z_{l−1} > 0.
    ws.delta[l - 1] = (ws.a[l].array() > 0.0f).select(ws.delta[l - 1], 0.0f);
  }
  return result;
}

MatrixF SparseMlp::DenseWeightGradient(int l, const Workspace& ws) const {
  const auto i = static_cast<std::size_t>(l);
  if (i >= ws.delta.size() || i + 1 > ws.a.size()) {
    throw std::logic_error("sparse MLP: DenseWeightGradient before Backward");
  }
  MatrixF g(layers_[i].out(), layers_[i].in());
  g.noalias() = ws.delta[i] * ws.a[i].transpose();
  return g;
}

}  // namespace landauer::sparse

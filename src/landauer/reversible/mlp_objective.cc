#include "landauer/reversible/mlp_objective.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace landauer::reversible {
namespace {

using Eigen::MatrixXd;
using ConstMap = Eigen::Map<const MatrixXd>;
using Map = Eigen::Map<MatrixXd>;

// Column-wise softmax.
MatrixXd Softmax(const MatrixXd& z) {
  MatrixXd p = (z.rowwise() - z.colwise().maxCoeff()).array().exp().matrix();
  return p.array().rowwise() / p.colwise().sum().array();
}

}  // namespace

MlpObjective::MlpObjective(std::vector<int> widths) : widths_(std::move(widths)) {
  if (widths_.size() < 2)
    throw std::invalid_argument("MlpObjective: need at least an input and an output width");
  for (int w : widths_) {
    if (w < 1) throw std::invalid_argument(fmt::format("MlpObjective: width {} must be >= 1", w));
  }
  for (int l = 0; l < num_layers(); ++l) {
    offsets_.push_back(num_parameters_);
    num_parameters_ += static_cast<std::int64_t>(widths_[static_cast<std::size_t>(l + 1)]) *
                       (widths_[static_cast<std::size_t>(l)] + 1);
  }
}

std::vector<int> MlpObjective::GroupOfParameter() const {
  std::vector<int> group(static_cast<std::size_t>(num_parameters_));
  for (int l = 0; l < num_layers(); ++l) {
    const std::int64_t out = widths_[static_cast<std::size_t>(l + 1)],
                       in = widths_[static_cast<std::size_t>(l)];
    for (std::int64_t i = 0; i < out * in; ++i)
      group[static_cast<std::size_t>(offsets_[static_cast<std::size_t>(l)] + i)] = 2 * l;
    for (std::int64_t i = 0; i < out; ++i)
      group[static_cast<std::size_t>(offsets_[static_cast<std::size_t>(l)] + out * in + i)] =
          2 * l + 1;
  }
  return group;
}

std::vector<double> MlpObjective::Initialize(std::uint64_t seed, double scale) const {
  std::vector<double> w(static_cast<std::size_t>(num_parameters_), 0.0);
  Rng rng(seed, "reversible", "mlp-init");
  for (int l = 0; l < num_layers(); ++l) {
    const std::int64_t out = widths_[static_cast<std::size_t>(l + 1)],
                       in = widths_[static_cast<std::size_t>(l)];
    const double sd = scale / std::sqrt(static_cast<double>(in));
    for (std::int64_t i = 0; i < out * in; ++i)
      w[static_cast<std::size_t>(offsets_[static_cast<std::size_t>(l)] + i)] = sd * rng.Normal();
  }
  return w;
}

double MlpObjective::Evaluate(std::span<const double> w,
                              const MatrixXd& x,
                              std::span<const std::int32_t> labels,
                              std::span<double> gradient,
                              std::span<const double> direction,
                              std::span<double> hvp) const {
  const int layers = num_layers();
  const auto batch = x.cols();
  if (static_cast<std::int64_t>(w.size()) != num_parameters_ || x.rows() != widths_[0] ||
      static_cast<Eigen::Index>(labels.size()) != batch) {
    throw std::invalid_argument(
        "MlpObjective::Evaluate: parameter, feature or label count mismatch");
  }
  const bool want_hvp = !direction.empty();
  // Work on copies with Eigen's 64-byte alignment: vectorised kernels peel by address, so maps
  // over caller memory could round differently from call to call, and reversible SGD needs the
  // same gradient bits forwards and backwards.
  const Eigen::VectorXd w_copy =
      Eigen::Map<const Eigen::VectorXd>(w.data(), static_cast<Eigen::Index>(w.size()));
  const Eigen::VectorXd direction_copy =
      want_hvp ? Eigen::VectorXd(Eigen::Map<const Eigen::VectorXd>(
                     direction.data(), static_cast<Eigen::Index>(direction.size())))
               : Eigen::VectorXd();
  w = std::span<const double>(w_copy.data(), static_cast<std::size_t>(w_copy.size()));
  if (want_hvp)
    direction = std::span<const double>(direction_copy.data(),
                                        static_cast<std::size_t>(direction_copy.size()));
  auto weight = [&](std::span<const double> p, int l) {
    return ConstMap(p.data() + offsets_[static_cast<std::size_t>(l)],
                    widths_[static_cast<std::size_t>(l + 1)],
                    widths_[static_cast<std::size_t>(l)]);
  };
  auto bias = [&](std::span<const double> p, int l) {
    const std::int64_t o = offsets_[static_cast<std::size_t>(l)] +
                           static_cast<std::int64_t>(widths_[static_cast<std::size_t>(l + 1)]) *
                               widths_[static_cast<std::size_t>(l)];
    return Eigen::Map<const Eigen::VectorXd>(p.data() + o,
                                             widths_[static_cast<std::size_t>(l + 1)]);
  };
  // Forward (and R-forward): a[0] = x; a[l] = tanh(z[l]) for hidden layers, logits at the top.
  std::vector<MatrixXd> a(static_cast<std::size_t>(layers + 1)),
      ra(static_cast<std::size_t>(layers + 1));
  a[0] = x;
  if (want_hvp) ra[0] = MatrixXd::Zero(x.rows(), batch);
  for (int l = 0; l < layers; ++l) {
    const auto L = static_cast<std::size_t>(l);
    MatrixXd z = weight(w, l) * a[L];
    z.colwise() += bias(w, l);
    MatrixXd rz;
    if (want_hvp) {
      rz = weight(direction, l) * a[L] + weight(w, l) * ra[L];
      rz.colwise() += bias(direction, l);
    }
    if (l + 1 < layers) {
      a[L + 1] = z.array().tanh().matrix();
      if (want_hvp) ra[L + 1] = ((1.0 - a[L + 1].array().square()) * rz.array()).matrix();
    } else {
      a[L + 1] = std::move(z);
      if (want_hvp) ra[L + 1] = std::move(rz);
    }
  }
  const MatrixXd p = Softmax(a[static_cast<std::size_t>(layers)]);
  double loss = 0.0;
  for (Eigen::Index j = 0; j < batch; ++j)
    loss -= std::log(std::max(p(labels[static_cast<std::size_t>(j)], j), 1e-300));
  loss /= static_cast<double>(batch);
  if (gradient.empty()) return loss;
  if (static_cast<std::int64_t>(gradient.size()) != num_parameters_ ||
      (want_hvp && static_cast<std::int64_t>(hvp.size()) != num_parameters_)) {
    throw std::invalid_argument("MlpObjective::Evaluate: output size mismatch");
  }
  MatrixXd delta = p;
  for (Eigen::Index j = 0; j < batch; ++j) delta(labels[static_cast<std::size_t>(j)], j) -= 1.0;
  delta /= static_cast<double>(batch);
  MatrixXd rdelta;
  if (want_hvp) {
    const MatrixXd& rz = ra[static_cast<std::size_t>(layers)];
    const Eigen::RowVectorXd mean = (p.array() * rz.array()).colwise().sum();
    rdelta = (p.array() * (rz.rowwise() - mean).array()).matrix() / static_cast<double>(batch);
  }
  for (int l = layers - 1; l >= 0; --l) {
    const auto L = static_cast<std::size_t>(l);
    const std::int64_t out = widths_[L + 1], in = widths_[L];
    // Products go into aligned temporaries first: Eigen's GEMM rounds differently into
    // destinations of different alignment, and the caller's buffers vary.
    MatrixXd block = delta * a[L].transpose();
    Map(gradient.data() + offsets_[L], out, in) = block;
    Eigen::VectorXd column = delta.rowwise().sum();
    Eigen::Map<Eigen::VectorXd>(gradient.data() + offsets_[L] + out * in, out) = column;
    if (want_hvp) {
      block = rdelta * a[L].transpose();
      block.noalias() += delta * ra[L].transpose();
      Map(hvp.data() + offsets_[L], out, in) = block;
      column = rdelta.rowwise().sum();
      Eigen::Map<Eigen::VectorXd>(hvp.data() + offsets_[L] + out * in, out) = column;
    }
    if (l == 0) break;
    const MatrixXd back = weight(w, l).transpose() * delta;
    const Eigen::ArrayXXd d1 = 1.0 - a[L].array().square();  // tanh′(z_{l−1}) from a = tanh z
    if (want_hvp) {
      // tanh″(z) R(z) = −2 a tanh′(z) R(z) = −2 a R(a).
      rdelta =
          ((weight(direction, l).transpose() * delta + weight(w, l).transpose() * rdelta).array() *
               d1 +
           back.array() * (-2.0 * a[L].array() * ra[L].array()))
              .matrix();
    }
    delta = (back.array() * d1).matrix();
  }
  return loss;
}

double MlpObjective::Accuracy(std::span<const double> w,
                              const MatrixXd& x,
                              std::span<const std::int32_t> labels) const {
  MatrixXd a = x;
  const Eigen::VectorXd w_copy =
      Eigen::Map<const Eigen::VectorXd>(w.data(), static_cast<Eigen::Index>(w.size()));
  w = std::span<const double>(w_copy.data(), static_cast<std::size_t>(w_copy.size()));
  for (int l = 0; l < num_layers(); ++l) {
    const auto L = static_cast<std::size_t>(l);
    MatrixXd z = ConstMap(w.data() + offsets_[L], widths_[L + 1], widths_[L]) * a;
    z.colwise() += Eigen::Map<const Eigen::VectorXd>(
        w.data() + offsets_[L] + static_cast<std::int64_t>(widths_[L + 1]) * widths_[L],
        widths_[L + 1]);
    a = l + 1 < num_layers() ? MatrixXd(z.array().tanh().matrix()) : z;
  }
  std::int64_t correct = 0;
  for (Eigen::Index j = 0; j < a.cols(); ++j) {
    Eigen::Index best = 0;
    a.col(j).maxCoeff(&best);
    correct += best == labels[static_cast<std::size_t>(j)];
  }
  return static_cast<double>(correct) / static_cast<double>(a.cols());
}

}  // namespace landauer::reversible

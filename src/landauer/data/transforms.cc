#include "landauer/data/transforms.h"

#include <Eigen/Eigenvalues>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "landauer/core/argument_checks.h"
#include "landauer/core/rng.h"

namespace landauer {

Standardizer Standardizer::Fit(const MatrixF& features, Mode mode) {
  if (features.rows() < 2)
    throw std::invalid_argument("Standardizer::Fit: needs at least 2 samples");
  Standardizer s;
  const MatrixD x = features.cast<double>();
  if (mode == Mode::kGlobal) {
    const double mean = x.mean();
    const double variance = (x.array() - mean).square().mean();
    s.mean_ = VectorF::Constant(1, static_cast<float>(mean));
    s.stddev_ = VectorF::Constant(1, static_cast<float>(std::sqrt(variance)));
  } else {
    const VectorD mean = x.colwise().mean();
    const VectorD variance = (x.rowwise() - mean.transpose()).array().square().colwise().mean();
    s.mean_ = mean.cast<float>();
    s.stddev_ = variance.array().sqrt().cast<float>();
  }
  return s;
}

void Standardizer::Apply(MatrixF& features) const {
  if (mean_.size() == 1) {
    const float inv = stddev_[0] > 0 ? 1.0f / stddev_[0] : 1.0f;
    features.array() = (features.array() - mean_[0]) * inv;
    return;
  }
  if (features.cols() != mean_.size()) {
    throw std::invalid_argument("Standardizer::Apply: fitted on " + std::to_string(mean_.size()) +
                                " features, got " + std::to_string(features.cols()));
  }
  for (Eigen::Index col = 0; col < features.cols(); ++col) {
    const float inv = stddev_[col] > 0 ? 1.0f / stddev_[col] : 1.0f;
    features.col(col).array() = (features.col(col).array() - mean_[col]) * inv;
  }
}

Pca Pca::Fit(const MatrixF& features, int k) {
  const auto d = features.cols();
  if (features.rows() < 2) throw std::invalid_argument("Pca::Fit: needs at least 2 samples");
  if (k < 1 || k > d) {
    throw std::invalid_argument("Pca::Fit: k = " + std::to_string(k) + " must be in [1, " +
                                std::to_string(d) + "] (the feature count)");
  }
  Pca pca;
  const MatrixD x = features.cast<double>();
  pca.mean_ = x.colwise().mean().transpose();
  const MatrixD centred = x.rowwise() - pca.mean_.transpose();
  const Eigen::MatrixXd covariance =
      (centred.transpose() * centred) / static_cast<double>(features.rows() - 1);
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(covariance);
  // Eigen returns ascending eigenvalues: take the last k, largest first.
  pca.components_.resize(d, k);
  pca.variance_.resize(k);
  for (int j = 0; j < k; ++j) {
    const Eigen::Index source = d - 1 - j;
    Eigen::VectorXd v = solver.eigenvectors().col(source);
    Eigen::Index arg_max = 0;
    v.cwiseAbs().maxCoeff(&arg_max);
    if (v[arg_max] < 0) v = -v;
    pca.components_.col(j) = v;
    pca.variance_[j] = std::max(0.0, solver.eigenvalues()[source]);
  }
  pca.total_variance_ = std::max(covariance.trace(), std::numeric_limits<double>::min());
  return pca;
}

MatrixF Pca::Transform(const MatrixF& features) const {
  if (features.cols() != mean_.size()) {
    throw std::invalid_argument("Pca::Transform: fitted on " + std::to_string(mean_.size()) +
                                " features, got " + std::to_string(features.cols()));
  }
  const MatrixD centred = features.cast<double>().rowwise() - mean_.transpose();
  return (centred * components_).cast<float>();
}

void Binarize(MatrixF& features, float threshold) {
  features = (features.array() > threshold).cast<float>();
}

TrainTest SplitTrainTest(const Dataset& data, double held_out_fraction, std::uint64_t seed) {
  CheckInInterval("SplitTrainTest",
                  "held_out_fraction",
                  held_out_fraction,
                  "",
                  0.0,
                  Bound::kOpen,
                  1.0,
                  Bound::kOpen);
  const std::int64_t n = data.size();
  std::vector<std::int64_t> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  Rng rng(seed, "data", "split");
  for (std::int64_t i = n - 1; i > 0; --i) {  // Fisher–Yates
    std::swap(order[static_cast<std::size_t>(i)],
              order[rng.UniformInt(static_cast<std::uint64_t>(i + 1))]);
  }
  const auto held_out =
      static_cast<std::int64_t>(std::llround(held_out_fraction * static_cast<double>(n)));
  if (held_out < 1 || held_out >= n) {
    throw std::invalid_argument("SplitTrainTest: holding out " + std::to_string(held_out) + " of " +
                                std::to_string(n) + " samples leaves an empty part");
  }
  const std::vector<std::int64_t> first(order.begin(), order.end() - held_out);
  const std::vector<std::int64_t> second(order.end() - held_out, order.end());
  return {data.Subset(first), data.Subset(second)};
}

}  // namespace landauer

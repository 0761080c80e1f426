#include "landauer/nn/loss.h"

#include <cmath>

#include "landauer/core/check.h"

namespace landauer::nn {

void Softmax(const MatrixF& logits, MatrixF& probabilities) {
  probabilities.resize(logits.rows(), logits.cols());
  for (Eigen::Index i = 0; i < logits.rows(); ++i) {
    const float max = logits.row(i).maxCoeff();
    probabilities.row(i) = (logits.row(i).array() - max).exp();
    probabilities.row(i) /= probabilities.row(i).sum();
  }
}

LossResult SoftmaxCrossEntropy(const MatrixF& logits,
                               std::span<const std::int32_t> labels,
                               MatrixF& gradient) {
  LANDAUER_CHECK(static_cast<std::size_t>(logits.rows()) == labels.size())
      << "labels/logits mismatch";
  const Eigen::Index batch = logits.rows();
  gradient.resize(logits.rows(), logits.cols());
  LossResult result;
  const float inv_batch = 1.0f / static_cast<float>(batch);
  for (Eigen::Index i = 0; i < batch; ++i) {
    const auto label = static_cast<Eigen::Index>(labels[static_cast<std::size_t>(i)]);
    Eigen::Index arg_max = 0;
    const float max = logits.row(i).maxCoeff(&arg_max);
    if (arg_max == label) ++result.correct;
    gradient.row(i) = (logits.row(i).array() - max).exp();
    const double sum = gradient.row(i).cast<double>().sum();
    // −log p_y = log Σ exp(z − max) − (z_y − max)
    result.loss += std::log(sum) - static_cast<double>(logits(i, label) - max);
    gradient.row(i) *= static_cast<float>(1.0 / sum) * inv_batch;
    gradient(i, label) -= inv_batch;
  }
  result.loss /= static_cast<double>(batch);
  return result;
}

void CrossEntropyHessianProduct(const MatrixF& probabilities, const MatrixF& u, MatrixF& out) {
  const float inv_batch = 1.0f / static_cast<float>(probabilities.rows());
  const Eigen::VectorXf pu = (probabilities.array() * u.array()).rowwise().sum();
  out = ((probabilities.array() * u.array()) - probabilities.array().colwise() * pu.array()) *
        inv_batch;
}

std::int64_t CountCorrect(const MatrixF& logits, std::span<const std::int32_t> labels) {
  std::int64_t correct = 0;
  for (Eigen::Index i = 0; i < logits.rows(); ++i) {
    Eigen::Index arg_max = 0;
    logits.row(i).maxCoeff(&arg_max);
    if (arg_max == labels[static_cast<std::size_t>(i)]) ++correct;
  }
  return correct;
}

}  // namespace landauer::nn

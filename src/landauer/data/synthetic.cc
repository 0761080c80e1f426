#include "landauer/data/synthetic.h"

#include "landauer/core/argument_checks.h"
#include "landauer/core/rng.h"

namespace landauer {
namespace {

Dataset Draw(const MatrixD& means, std::int64_t n, const Rng& rng) {
  Dataset data;
  data.name = "synthetic";
  data.num_classes = static_cast<int>(means.rows());
  data.input_bits = 32.0 * static_cast<double>(means.cols());  // float32 features
  data.features.resize(n, means.cols());
  data.labels.resize(static_cast<std::size_t>(n));
  Rng noise = rng;
  for (std::int64_t i = 0; i < n; ++i) {
    const auto label = static_cast<std::int32_t>(i % means.rows());
    data.labels[static_cast<std::size_t>(i)] = label;
    for (Eigen::Index j = 0; j < means.cols(); ++j) {
      data.features(i, j) = static_cast<float>(means(label, j) + noise.Normal());
    }
  }
  return data;
}

}  // namespace

TrainTest MakeSynthetic(const SyntheticOptions& options, std::uint64_t seed) {
  CheckPositive("MakeSynthetic", "train_samples", static_cast<double>(options.train_samples), "");
  CheckPositive("MakeSynthetic", "test_samples", static_cast<double>(options.test_samples), "");
  CheckPositive("MakeSynthetic", "dimension", options.dimension, "");
  CheckInInterval(
      "MakeSynthetic", "classes", options.classes, "", 2, Bound::kClosed, 1e6, Bound::kClosed);
  CheckPositive("MakeSynthetic", "separation", options.separation, "");
  Rng mean_rng(seed, "data.synthetic", "class_means");
  MatrixD means(options.classes, options.dimension);
  for (Eigen::Index i = 0; i < means.size(); ++i)
    means.data()[i] = options.separation * mean_rng.Normal();
  return {Draw(means, options.train_samples, Rng(seed, "data.synthetic", "train")),
          Draw(means, options.test_samples, Rng(seed, "data.synthetic", "test"))};
}

}  // namespace landauer

// landauer/data/transforms.h — preprocessing fitted on training data, applied to any split.
//
//   Standardizer norm = Standardizer::Fit(train.features, Standardizer::Mode::kGlobal);
//   norm.Apply(train.features); norm.Apply(test.features);
//   Pca pca = Pca::Fit(train.features, 32);           // 784 -> 32 features
//   MatrixF z = pca.Transform(test.features);
//   auto [fit, validation] = SplitTrainTest(train, 0.1, seed);
//
// Every statistic is fitted on the training split only, so no information leaks from test data.
#ifndef LANDAUER_DATA_TRANSFORMS_H_
#define LANDAUER_DATA_TRANSFORMS_H_

#include <cstdint>

#include "landauer/core/matrix.h"
#include "landauer/data/dataset.h"

namespace landauer {

// x -> (x - mean) / std. kGlobal uses one mean and std over all features (the usual MNIST
// normalisation, e.g. 72.94 and 90.02 on Fashion-MNIST pixels); kPerFeature one per column
// (columns with zero variance are only centred).
class Standardizer {
 public:
  enum class Mode { kGlobal, kPerFeature };
  static Standardizer Fit(const MatrixF& features, Mode mode);
  void Apply(MatrixF& features) const;
  const VectorF& mean() const { return mean_; }
  const VectorF& stddev() const { return stddev_; }

 private:
  VectorF mean_;  // one entry (global) or one per feature
  VectorF stddev_;
};

// Principal component analysis: the top-k eigenvectors of the training covariance, computed in
// double precision with Eigen's SelfAdjointEigenSolver (d ≤ a few thousand). Each component's
// sign is fixed so that its largest-magnitude entry is positive, making the result deterministic.
class Pca {
 public:
  // Requires 1 ≤ k ≤ d and at least 2 samples (std::invalid_argument otherwise).
  static Pca Fit(const MatrixF& features, int k);
  // (x - mean) · components, n × k.
  MatrixF Transform(const MatrixF& features) const;
  const MatrixD& components() const { return components_; }        // d × k, orthonormal columns
  const VectorD& explained_variance() const { return variance_; }  // k eigenvalues, descending
  double explained_variance_ratio() const { return variance_.sum() / total_variance_; }

 private:
  VectorD mean_;
  MatrixD components_;
  VectorD variance_;
  double total_variance_ = 0.0;
};

// Elementwise x -> (x > threshold ? 1 : 0).
void Binarize(MatrixF& features, float threshold);

// A seeded, stratification-free shuffle split: the last `held_out_fraction` of a permutation
// drawn from Rng(seed, "data", "split") goes to the second part. Requires 0 < fraction < 1.
TrainTest SplitTrainTest(const Dataset& data, double held_out_fraction, std::uint64_t seed);

}  // namespace landauer

#endif  // LANDAUER_DATA_TRANSFORMS_H_

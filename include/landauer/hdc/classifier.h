// landauer/hdc/classifier.h — associative memory of class hypervectors, trained by bundling and
// refined by retraining.
//
// One-shot (centroid) training bundles each class's encoded samples: A_c = Σ_{x in c} b(x), with
// b the bipolar image (+1 for bit 0, −1 for bit 1), and the class hypervector is its sign, ties
// broken by a fixed random vector (the majority of the class's samples).
// Inference is associative search: the class whose hypervector is nearest in Hamming distance,
// the lowest class index on a tie.
// Retraining, per epoch over the training samples in a seeded order, on a sample x of class y
// that the binary class vectors misclassify as ŷ:
//   perceptron (AdaptHD; torchhd Centroid.add_adapt):   A_y += b(x),  A_ŷ −= b(x)
//   adaptive (OnlineHD; torchhd Centroid.add_online):   A_y += η(1 − δ_y) b(x),
//                                                        A_ŷ −= η(1 − δ_ŷ) b(x)
// with δ_c = cos(b(x), A_c); then the two class hypervectors are re-binarised. The accumulators
// are float, so a saturating integer bound is unnecessary: |A| ≤ samples × epochs × η.
#ifndef LANDAUER_HDC_CLASSIFIER_H_
#define LANDAUER_HDC_CLASSIFIER_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "landauer/hdc/hypervector.h"

namespace landauer::hdc {

enum class Retraining { kPerceptron, kAdaptive };
Retraining RetrainingFromString(const std::string& name);  // "perceptron" | "adaptive"

// Work done, for hdc_cost.h.
struct ClassifierWork {
  std::int64_t accumulator_adds = 0;  // integer-valued accumulator updates (one-shot, perceptron)
  double accumulator_macs = 0.0;      // float updates and cosines (adaptive)
  std::int64_t searches = 0;          // associative searches (each: C Hamming distances of D)
  std::int64_t rebinarised = 0;       // class vectors re-binarised (D sign bits each)
  std::int64_t updates = 0;           // misclassified samples that updated the memory
};

class CentroidClassifier {
 public:
  CentroidClassifier(int classes, int dimension, std::uint64_t seed);

  // Bundles every sample into its class and binarises. Throws std::invalid_argument naming the
  // class for a class without samples, or for a label out of range.
  void TrainOneShot(std::span<const BinaryHv> samples,
                    std::span<const std::int32_t> labels,
                    ClassifierWork& work);
  // One retraining epoch; returns the training accuracy it saw (before each update).
  double RetrainEpoch(std::span<const BinaryHv> samples,
                      std::span<const std::int32_t> labels,
                      Retraining mode,
                      double learning_rate,
                      std::uint64_t epoch,
                      ClassifierWork& work);

  int Predict(const BinaryHv& x) const;
  // Predicts every sample (in parallel on `threads`); counts one search each.
  std::vector<std::int32_t> PredictAll(std::span<const BinaryHv> samples,
                                       int threads,
                                       ClassifierWork& work) const;

  int classes() const { return static_cast<int>(class_vectors_.size()); }
  int dimension() const { return dimension_; }
  const BinaryHv& class_vector(int c) const { return class_vectors_[static_cast<std::size_t>(c)]; }
  std::span<const float> accumulator(int c) const;

 private:
  void Binarise(int c);
  int dimension_;
  std::uint64_t seed_;
  std::vector<float> accumulators_;  // classes × D
  std::vector<BinaryHv> class_vectors_;
  BinaryHv tie_breaker_;
};

}  // namespace landauer::hdc

#endif  // LANDAUER_HDC_CLASSIFIER_H_

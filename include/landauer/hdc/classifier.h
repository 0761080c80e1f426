// landauer/hdc/classifier.h — associative memory of class hypervectors, trained by bundling and
// refined by retraining.
//
// One-shot (centroid) training bundles each class's encoded samples: A_c = Σ_{x in c} b(x), with
// b the bipolar image (+1 for bit 0, −1 for bit 1), and the class hypervector is its sign, ties
// broken by a fixed random vector (the majority of the class's samples).
// Inference is associative search, the lowest class index on a tie, over one of two class
// memories:
//   binary    the class hypervectors sign(A_c): nearest in Hamming distance (XOR + popcount);
//   integer   the accumulators A_c themselves: largest cosine cos(b(x), A_c) =
//             (Σ_d A_c,d − 2 Σ_{d: x_d = 1} A_c,d) / (|A_c| √D) (the query stays binary; as
//             torchhd's Centroid, whose class vectors are never binarised). The simulator takes
//             the dense float dot product, the same sum up to rounding.
// Retraining, per epoch over the training samples in a seeded order, on a sample x of class y
// that the search (over the memory in use) misclassifies as ŷ:
//   perceptron (AdaptHD; torchhd Centroid.add_adapt):   A_y += b(x),  A_ŷ −= b(x)
//   adaptive (OnlineHD; torchhd Centroid.add_online):   A_y += η(1 − δ_y) b(x),
//                                                        A_ŷ −= η(1 − δ_ŷ) b(x)
// with δ_c = cos(b(x), A_c); then the two class hypervectors are re-binarised. The accumulators
// are float, so a saturating integer bound is unnecessary: |A| ≤ samples × epochs × η.
//
// DenseCentroid does the same for records that are not binary (MAP sums, FHRR phasors as
// [Re | Im]; encoders.h): A_c = Σ_{x in c} r(x), search by the largest cos(r(x), A_c) (for FHRR
// the real part of the complex cosine, which is the real cosine of the 2D-float rows), and the
// two retraining rules with r(x) in place of b(x). MAP accumulators hold exact integers in float
// while |A| < 2^24: one-shot at Fashion-MNIST scale gives |A| ≤ 6,000 × 784 < 2^23, and each
// perceptron update moves an entry by at most 784. The search's dot products (~10^10) are float
// sums, as a device would need fp32 or int64 accumulation for them.
#ifndef LANDAUER_HDC_CLASSIFIER_H_
#define LANDAUER_HDC_CLASSIFIER_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "landauer/core/matrix.h"
#include "landauer/hdc/hypervector.h"

namespace landauer::hdc {

enum class Retraining { kPerceptron, kAdaptive };
Retraining RetrainingFromString(const std::string& name);  // "perceptron" | "adaptive"
enum class ClassMemory { kBinary, kInteger };
ClassMemory ClassMemoryFromString(const std::string& name);  // "binary" | "integer"

// Work done, for hdc_cost.h.
struct ClassifierWork {
  std::int64_t accumulator_adds = 0;  // integer-valued accumulator updates (one-shot, perceptron)
  double accumulator_macs = 0.0;      // float updates and cosines (adaptive)
  std::int64_t searches = 0;          // binary searches (each: C Hamming distances of D)
  std::int64_t integer_searches = 0;  // integer searches (each: C sums over the query's 1-bits)
  double selected_adds = 0.0;         // accumulator entries summed by integer searches
  bool float_accumulators = false;    // adaptive updates made them fractional: sums are float
  double norm_macs = 0.0;             // |A_c| recomputed on re-binarising (integer memory)
  std::int64_t rebinarised = 0;       // class vectors re-binarised (D sign bits each)
  std::int64_t updates = 0;           // misclassified samples that updated the memory
  std::int64_t encodings_read = 0;    // stored encodings read by one-shot bundling
  double entries_updated = 0.0;       // accumulator entries read and written by updates
  std::int64_t dense_searches = 0;    // DenseCentroid searches (each: C dot products of a row)
};

// The seeded visiting order of retraining epoch `epoch` over n samples (both classifiers).
std::vector<std::size_t> RetrainOrder(std::uint64_t seed, std::size_t n, std::uint64_t epoch);

class CentroidClassifier {
 public:
  CentroidClassifier(int classes,
                     int dimension,
                     std::uint64_t seed,
                     ClassMemory memory = ClassMemory::kBinary);

  // Bundles every sample into its class (from zero accumulators) and binarises. Throws
  // std::invalid_argument, before changing anything, for a class without samples, a label out of
  // range or a hypervector of another dimension.
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
  // Predict, adding the search's work to `work`.
  int Predict(const BinaryHv& x, ClassifierWork& work) const;
  // Predicts every sample (in parallel on `threads`); counts one search each.
  std::vector<std::int32_t> PredictAll(std::span<const BinaryHv> samples,
                                       int threads,
                                       ClassifierWork& work) const;

  // Replaces the accumulators (classes × D, as saved by a model file) and re-binarises; see
  // DenseCentroid::Restore.
  void Restore(std::span<const float> accumulators, bool fractional);

  int classes() const { return static_cast<int>(class_vectors_.size()); }
  int dimension() const { return dimension_; }
  ClassMemory memory() const { return memory_; }
  bool fractional() const { return fractional_; }
  std::span<const float> accumulators() const { return accumulators_; }
  const BinaryHv& class_vector(int c) const { return class_vectors_[static_cast<std::size_t>(c)]; }
  const BinaryHv& tie_breaker() const { return tie_breaker_; }
  std::span<const float> accumulator(int c) const;

 private:
  void Binarise(int c);  // the class vector, and the integer memory's norm
  // Throw std::invalid_argument naming `what`: labels outside [0, classes), a dimension other
  // than D, no samples, or a label count that differs.
  void CheckSamples(std::span<const BinaryHv> samples,
                    std::span<const std::int32_t> labels,
                    const char* what) const;
  void CheckQuery(const BinaryHv& x, const char* what) const;
  int PredictInteger(const BinaryHv& x, std::int64_t* selected) const;
  // The search over the memory in use, unchecked; `selected` (optional) receives the integer
  // search's summed entries.
  int Search(const BinaryHv& x, std::int64_t* selected) const;
  // Adds `searches` searches (and the integer ones' summed entries) to `work`.
  void CountSearches(std::int64_t searches, double selected, ClassifierWork& work) const;
  int dimension_;
  ClassMemory memory_;
  std::vector<double> norms_;  // |A_c|
  bool fractional_ = false;    // an adaptive update has made the accumulators non-integer
  std::uint64_t seed_;
  std::vector<float> accumulators_;  // classes × D
  std::vector<BinaryHv> class_vectors_;
  BinaryHv tie_breaker_;
};

class DenseCentroid {
 public:
  // `width` floats per record (D for MAP, 2D for FHRR); seed for the retraining order.
  DenseCentroid(int classes, int width, std::uint64_t seed);

  // A_c = Σ of class c's records (rows of `records`), from zero. Throws std::invalid_argument,
  // before changing anything, for a class without samples, a label out of range, a record width
  // other than width() or a non-finite record.
  void TrainOneShot(const MatrixF& records,
                    std::span<const std::int32_t> labels,
                    ClassifierWork& work);
  // One retraining epoch (see the top of this file); returns the training accuracy it saw.
  double RetrainEpoch(const MatrixF& records,
                      std::span<const std::int32_t> labels,
                      Retraining mode,
                      double learning_rate,
                      std::uint64_t epoch,
                      ClassifierWork& work);
  int Predict(std::span<const float> record) const;
  std::vector<std::int32_t> PredictAll(const MatrixF& records,
                                       int threads,
                                       ClassifierWork& work) const;
  // Replaces the accumulators (classes × width, as saved by a model file); `fractional` says
  // adaptive updates made them non-integer. Throws std::invalid_argument for another size or a
  // non-finite value.
  void Restore(std::span<const float> accumulators, bool fractional);

  int classes() const { return static_cast<int>(norms_.size()); }
  int width() const { return width_; }
  bool fractional() const { return fractional_; }
  std::span<const float> accumulators() const { return accumulators_; }
  std::span<const float> accumulator(int c) const;

 private:
  void CheckRecords(const MatrixF& records,
                    std::span<const std::int32_t> labels,
                    const char* what) const;
  void Renorm(int c);
  int Search(const float* record) const;
  int width_;
  std::uint64_t seed_;
  bool fractional_ = false;
  std::vector<float> accumulators_;  // classes × width
  std::vector<double> norms_;        // |A_c|
};

}  // namespace landauer::hdc

#endif  // LANDAUER_HDC_CLASSIFIER_H_

#include "landauer/hdc/classifier.h"

#include <fmt/format.h>

#include <Eigen/Core>
#include <bit>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "landauer/core/parallel.h"
#include "landauer/core/rng.h"

namespace landauer::hdc {

Retraining RetrainingFromString(const std::string& name) {
  if (name == "perceptron") return Retraining::kPerceptron;
  if (name == "adaptive") return Retraining::kAdaptive;
  throw std::invalid_argument(
      fmt::format("retraining '{}': choose perceptron (AdaptHD) or adaptive (OnlineHD)", name));
}

ClassMemory ClassMemoryFromString(const std::string& name) {
  if (name == "binary") return ClassMemory::kBinary;
  if (name == "integer") return ClassMemory::kInteger;
  throw std::invalid_argument(fmt::format(
      "class memory '{}': choose binary (Hamming search) or integer (cosine against the "
      "accumulators)",
      name));
}

CentroidClassifier::CentroidClassifier(int classes,
                                       int dimension,
                                       std::uint64_t seed,
                                       ClassMemory memory)
    : dimension_(dimension), memory_(memory), seed_(seed) {
  CheckDimension(dimension, "dimension");
  if (classes < 2) {
    throw std::invalid_argument(
        fmt::format("CentroidClassifier: {} classes; need at least 2", classes));
  }
  accumulators_.assign(static_cast<std::size_t>(classes) * static_cast<std::size_t>(dimension),
                       0.0f);
  class_vectors_.assign(static_cast<std::size_t>(classes), BinaryHv(dimension));
  norms_.assign(static_cast<std::size_t>(classes), 0.0);
  Rng rng(seed, "hdc.classifier", "tie_breaker");
  tie_breaker_ = BinaryHv::Random(dimension, rng);
}

std::span<const float> CentroidClassifier::accumulator(int c) const {
  return std::span<const float>(accumulators_)
      .subspan(static_cast<std::size_t>(c) * static_cast<std::size_t>(dimension_),
               static_cast<std::size_t>(dimension_));
}

void CentroidClassifier::Binarise(int c) {
  const float* a = accumulator(c).data();
  const std::span<std::uint64_t> v = class_vectors_[static_cast<std::size_t>(c)].data();
  const std::span<const std::uint64_t> tie = tie_breaker_.data();
  for (std::size_t w = 0; w < v.size(); ++w) {
    std::uint64_t negative = 0, zero = 0;
    for (int j = 0; j < kWordBits; ++j) {
      const float s = a[w * kWordBits + static_cast<std::size_t>(j)];
      negative |= static_cast<std::uint64_t>(s < 0.0f) << j;
      zero |= static_cast<std::uint64_t>(s == 0.0f) << j;
    }
    v[w] = negative | (zero & tie[w]);
  }
  double norm = 0.0;
  for (int d = 0; d < dimension_; ++d) norm += static_cast<double>(a[d]) * a[d];
  norms_[static_cast<std::size_t>(c)] = std::sqrt(norm);
}

std::vector<std::size_t> RetrainOrder(std::uint64_t seed, std::size_t n, std::uint64_t epoch) {
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  Rng rng(seed, "hdc.classifier", "retrain_order");
  Rng shuffle = rng.Substream(epoch);
  for (std::size_t i = n; i > 1; --i) {
    std::swap(order[i - 1], order[static_cast<std::size_t>(shuffle.UniformInt(i))]);
  }
  return order;
}

namespace {

// Throws std::invalid_argument naming `what` for accumulators of another size or a non-finite
// value.
void CheckAccumulators(std::span<const float> values, std::size_t expected, const char* what) {
  if (values.size() != expected) {
    throw std::invalid_argument(
        fmt::format("{}: {} accumulator values, expected {}", what, values.size(), expected));
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      throw std::invalid_argument(
          fmt::format("{}: accumulator value {} is {}", what, i, values[i]));
    }
  }
}

void CheckLearningRate(double learning_rate) {
  if (!(learning_rate > 0.0) || !std::isfinite(learning_rate)) {
    throw std::invalid_argument(
        fmt::format("RetrainEpoch: learning rate {} must be finite and > 0", learning_rate));
  }
}

// Throws std::invalid_argument naming `what` for a label outside [0, classes).
void CheckLabels(std::span<const std::int32_t> labels, int classes, const char* what) {
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] < 0 || labels[i] >= classes) {
      throw std::invalid_argument(
          fmt::format("{}: label {} of sample {} is outside [0, {})", what, labels[i], i, classes));
    }
  }
}

// One-shot bundling needs a sample of every class (labels already checked).
void CheckEveryClassSeen(std::span<const std::int32_t> labels, int classes) {
  std::vector<std::int64_t> seen(static_cast<std::size_t>(classes), 0);
  for (const std::int32_t y : labels) ++seen[static_cast<std::size_t>(y)];
  for (int c = 0; c < classes; ++c) {
    if (seen[static_cast<std::size_t>(c)] == 0) {
      throw std::invalid_argument(fmt::format(
          "class {} has no training samples: a class vector bundles its samples; give every "
          "class at least one (or fewer classes)",
          c));
    }
  }
}

// acc += scale · b(x), with b the bipolar image.
void AddBipolar(float* acc, const BinaryHv& x, float scale) {
  const std::span<const std::uint64_t> words = x.data();
  for (std::size_t w = 0; w < words.size(); ++w) {
    const std::uint64_t word = words[w];
    float* a = acc + w * kWordBits;
    for (int j = 0; j < kWordBits; ++j) {
      a[j] += ((word >> j) & 1u) != 0 ? -scale : scale;
    }
  }
}

double Cosine(std::span<const float> acc, const BinaryHv& x) {
  double dot = 0.0, norm = 0.0;
  const std::span<const std::uint64_t> words = x.data();
  for (std::size_t w = 0; w < words.size(); ++w) {
    for (int j = 0; j < kWordBits; ++j) {
      const double a = acc[w * kWordBits + static_cast<std::size_t>(j)];
      dot += ((words[w] >> j) & 1u) != 0 ? -a : a;
      norm += a * a;
    }
  }
  return norm > 0.0 ? dot / std::sqrt(norm * x.dimension()) : 0.0;
}

}  // namespace

void CentroidClassifier::CheckSamples(std::span<const BinaryHv> samples,
                                      std::span<const std::int32_t> labels,
                                      const char* what) const {
  if (samples.size() != labels.size() || samples.empty()) {
    throw std::invalid_argument(
        fmt::format("{}: {} samples and {} labels; give one label per sample, at least one sample",
                    what,
                    samples.size(),
                    labels.size()));
  }
  CheckLabels(labels, classes(), what);
  for (const BinaryHv& x : samples) CheckQuery(x, what);
}

void CentroidClassifier::CheckQuery(const BinaryHv& x, const char* what) const {
  if (x.dimension() != dimension_) {
    throw std::invalid_argument(
        fmt::format("{}: a hypervector of dimension {}, not {}", what, x.dimension(), dimension_));
  }
}

void CentroidClassifier::TrainOneShot(std::span<const BinaryHv> samples,
                                      std::span<const std::int32_t> labels,
                                      ClassifierWork& work) {
  CheckSamples(samples, labels, "TrainOneShot");  // before anything changes
  CheckEveryClassSeen(labels, classes());
  std::fill(accumulators_.begin(), accumulators_.end(), 0.0f);  // one-shot starts afresh
  for (std::size_t i = 0; i < samples.size(); ++i) {
    AddBipolar(&accumulators_[static_cast<std::size_t>(labels[i]) * dimension_], samples[i], 1.0f);
  }
  for (int c = 0; c < classes(); ++c) Binarise(c);
  fractional_ = false;
  if (memory_ == ClassMemory::kInteger)
    work.norm_macs += static_cast<double>(classes()) * dimension_;
  work.accumulator_adds += static_cast<std::int64_t>(samples.size()) * dimension_;
  work.entries_updated += static_cast<double>(samples.size()) * dimension_;
  work.encodings_read += static_cast<std::int64_t>(samples.size());
  work.rebinarised += classes();
}

int CentroidClassifier::PredictInteger(const BinaryHv& x, std::int64_t* selected) const {
  int best = 0;
  double best_cosine = -std::numeric_limits<double>::infinity();
  std::int64_t ones = 0;
  for (const std::uint64_t w : x.data()) ones += std::popcount(w);
  // The simulator takes the dense dot product with the ±1 query (vectorised); the device it
  // models sums the accumulator entries at the query's 1-bits, which is the same number.
  Eigen::VectorXf q(dimension_);
  const std::span<const std::uint64_t> words = x.data();
  for (std::size_t w = 0; w < words.size(); ++w) {
    for (int j = 0; j < kWordBits; ++j) {
      q[static_cast<Eigen::Index>(w * kWordBits) + j] = ((words[w] >> j) & 1u) != 0 ? -1.0f : 1.0f;
    }
  }
  for (int c = 0; c < classes(); ++c) {
    const Eigen::Map<const Eigen::VectorXf> a(accumulator(c).data(), dimension_);
    const double norm = norms_[static_cast<std::size_t>(c)];
    const double cosine =
        norm > 0.0 ? static_cast<double>(a.dot(q)) / (norm * std::sqrt(dimension_)) : 0.0;
    if (cosine > best_cosine) best = c, best_cosine = cosine;
  }
  if (selected != nullptr) *selected = ones * classes();
  return best;
}

int CentroidClassifier::Search(const BinaryHv& x, std::int64_t* selected) const {
  if (memory_ == ClassMemory::kInteger) return PredictInteger(x, selected);
  int best = 0;
  std::int64_t best_distance = Hamming(x, class_vectors_[0]);
  for (int c = 1; c < classes(); ++c) {
    const std::int64_t h = Hamming(x, class_vectors_[static_cast<std::size_t>(c)]);
    if (h < best_distance) best = c, best_distance = h;
  }
  return best;
}

void CentroidClassifier::CountSearches(std::int64_t searches,
                                       double selected,
                                       ClassifierWork& work) const {
  if (memory_ == ClassMemory::kBinary) {
    work.searches += searches;
    return;
  }
  work.integer_searches += searches;
  work.selected_adds += selected;
  work.float_accumulators = work.float_accumulators || fractional_;
}

int CentroidClassifier::Predict(const BinaryHv& x, ClassifierWork& work) const {
  CheckQuery(x, "Predict");
  std::int64_t selected = 0;
  const int c = Search(x, &selected);
  CountSearches(1, static_cast<double>(selected), work);
  return c;
}

int CentroidClassifier::Predict(const BinaryHv& x) const {
  CheckQuery(x, "Predict");
  return Search(x, nullptr);
}

std::vector<std::int32_t> CentroidClassifier::PredictAll(std::span<const BinaryHv> samples,
                                                         int threads,
                                                         ClassifierWork& work) const {
  for (const BinaryHv& x : samples) CheckQuery(x, "PredictAll");
  std::vector<std::int32_t> out(samples.size());
  std::vector<std::int64_t> selected(samples.size(), 0);
  ParallelFor(0,
              static_cast<std::int64_t>(samples.size()),
              threads,
              static_cast<double>(samples.size()) * classes() * (dimension_ / kWordBits),
              [&](std::int64_t lo, std::int64_t hi) {
                for (std::int64_t i = lo; i < hi; ++i) {
                  const auto k = static_cast<std::size_t>(i);
                  out[k] = Search(samples[k], &selected[k]);
                }
              });
  double total = 0.0;
  for (const std::int64_t s : selected) total += static_cast<double>(s);  // in sample order
  CountSearches(static_cast<std::int64_t>(samples.size()), total, work);
  return out;
}

double CentroidClassifier::RetrainEpoch(std::span<const BinaryHv> samples,
                                        std::span<const std::int32_t> labels,
                                        Retraining mode,
                                        double learning_rate,
                                        std::uint64_t epoch,
                                        ClassifierWork& work) {
  CheckSamples(samples, labels, "RetrainEpoch");
  CheckLearningRate(learning_rate);
  std::int64_t correct = 0;
  for (const std::size_t i : RetrainOrder(seed_, samples.size(), epoch)) {
    const BinaryHv& x = samples[i];
    const int y = labels[i];
    std::int64_t selected = 0;
    const int predicted = Search(x, &selected);  // the samples were checked above
    CountSearches(1, static_cast<double>(selected), work);
    if (predicted == y) {
      ++correct;
      continue;
    }
    float* acc_y = &accumulators_[static_cast<std::size_t>(y) * dimension_];
    float* acc_p = &accumulators_[static_cast<std::size_t>(predicted) * dimension_];
    if (mode == Retraining::kPerceptron) {
      AddBipolar(acc_y, x, 1.0f);
      AddBipolar(acc_p, x, -1.0f);
      work.accumulator_adds += 2LL * dimension_;
      work.entries_updated += 2.0 * dimension_;
    } else {
      const double dy = Cosine(accumulator(y), x), dp = Cosine(accumulator(predicted), x);
      AddBipolar(acc_y, x, static_cast<float>(learning_rate * (1.0 - dy)));
      AddBipolar(acc_p, x, static_cast<float>(-learning_rate * (1.0 - dp)));
      work.accumulator_macs += 2.0 * 3.0 * dimension_;  // two cosines (dot, norm), two updates
      work.entries_updated += 2.0 * dimension_;
      fractional_ = true;
    }
    Binarise(y);
    Binarise(predicted);
    work.rebinarised += 2;
    if (memory_ == ClassMemory::kInteger) work.norm_macs += 2.0 * dimension_;
    ++work.updates;
  }
  return static_cast<double>(correct) / static_cast<double>(samples.size());
}

void CentroidClassifier::Restore(std::span<const float> accumulators, bool fractional) {
  CheckAccumulators(accumulators, accumulators_.size(), "CentroidClassifier::Restore");
  std::copy(accumulators.begin(), accumulators.end(), accumulators_.begin());
  for (int c = 0; c < classes(); ++c) Binarise(c);
  fractional_ = fractional;
}

DenseCentroid::DenseCentroid(int classes, int width, std::uint64_t seed)
    : width_(width), seed_(seed) {
  if (classes < 2 || width < 1) {
    throw std::invalid_argument(
        fmt::format("DenseCentroid: {} classes of width {}; need at least 2 classes and width 1",
                    classes,
                    width));
  }
  accumulators_.assign(static_cast<std::size_t>(classes) * static_cast<std::size_t>(width), 0.0f);
  norms_.assign(static_cast<std::size_t>(classes), 0.0);
}

std::span<const float> DenseCentroid::accumulator(int c) const {
  return std::span<const float>(accumulators_)
      .subspan(static_cast<std::size_t>(c) * static_cast<std::size_t>(width_),
               static_cast<std::size_t>(width_));
}

void DenseCentroid::Renorm(int c) {
  const Eigen::Map<const Eigen::VectorXf> a(accumulator(c).data(), width_);
  norms_[static_cast<std::size_t>(c)] = std::sqrt(a.cast<double>().squaredNorm());
}

void DenseCentroid::CheckRecords(const MatrixF& records,
                                 std::span<const std::int32_t> labels,
                                 const char* what) const {
  if (records.cols() != width_) {
    throw std::invalid_argument(
        fmt::format("{}: records of width {}, expected {}", what, records.cols(), width_));
  }
  if (static_cast<std::size_t>(records.rows()) != labels.size() || labels.empty()) {
    throw std::invalid_argument(
        fmt::format("{}: {} records and {} labels; give one label per record, at least one",
                    what,
                    records.rows(),
                    labels.size()));
  }
  CheckLabels(labels, classes(), what);
  if (!records.allFinite()) {
    throw std::invalid_argument(fmt::format("{}: a record has a non-finite value", what));
  }
}

void DenseCentroid::TrainOneShot(const MatrixF& records,
                                 std::span<const std::int32_t> labels,
                                 ClassifierWork& work) {
  CheckRecords(records, labels, "DenseCentroid::TrainOneShot");
  CheckEveryClassSeen(labels, classes());
  std::fill(accumulators_.begin(), accumulators_.end(), 0.0f);
  for (Eigen::Index i = 0; i < records.rows(); ++i) {
    Eigen::Map<Eigen::VectorXf> a(
        &accumulators_[static_cast<std::size_t>(labels[static_cast<std::size_t>(i)]) * width_],
        width_);
    a += records.row(i).transpose();
  }
  for (int c = 0; c < classes(); ++c) Renorm(c);
  fractional_ = false;
  const double n = static_cast<double>(records.rows());
  work.accumulator_adds += records.rows() * width_;
  work.entries_updated += n * width_;
  work.norm_macs += static_cast<double>(classes()) * width_;
  work.encodings_read += records.rows();
}

int DenseCentroid::Search(const float* record) const {
  const Eigen::Map<const Eigen::VectorXf> q(record, width_);
  int best = 0;
  double best_cosine = -std::numeric_limits<double>::infinity();
  for (int c = 0; c < classes(); ++c) {
    const Eigen::Map<const Eigen::VectorXf> a(accumulator(c).data(), width_);
    const double norm = norms_[static_cast<std::size_t>(c)];
    // |r(x)| is the same for every class, so the ranking needs only dot / |A_c|.
    const double cosine = norm > 0.0 ? static_cast<double>(a.dot(q)) / norm : 0.0;
    if (cosine > best_cosine) best = c, best_cosine = cosine;
  }
  return best;
}

int DenseCentroid::Predict(std::span<const float> record) const {
  if (static_cast<int>(record.size()) != width_) {
    throw std::invalid_argument(fmt::format(
        "DenseCentroid::Predict: a record of width {}, expected {}", record.size(), width_));
  }
  return Search(record.data());
}

std::vector<std::int32_t> DenseCentroid::PredictAll(const MatrixF& records,
                                                    int threads,
                                                    ClassifierWork& work) const {
  if (records.cols() != width_) {
    throw std::invalid_argument(fmt::format(
        "DenseCentroid::PredictAll: records of width {}, expected {}", records.cols(), width_));
  }
  std::vector<std::int32_t> out(static_cast<std::size_t>(records.rows()));
  ParallelFor(0,
              records.rows(),
              threads,
              static_cast<double>(records.rows()) * classes() * width_,
              [&](std::int64_t lo, std::int64_t hi) {
                for (std::int64_t i = lo; i < hi; ++i) {
                  out[static_cast<std::size_t>(i)] = Search(records.row(i).data());  // row-major
                }
              });
  work.dense_searches += records.rows();
  work.float_accumulators = work.float_accumulators || fractional_;
  return out;
}

double DenseCentroid::RetrainEpoch(const MatrixF& records,
                                   std::span<const std::int32_t> labels,
                                   Retraining mode,
                                   double learning_rate,
                                   std::uint64_t epoch,
                                   ClassifierWork& work) {
  CheckRecords(records, labels, "DenseCentroid::RetrainEpoch");
  CheckLearningRate(learning_rate);
  std::int64_t correct = 0;
  for (const std::size_t i : RetrainOrder(seed_, labels.size(), epoch)) {
    const Eigen::Map<const Eigen::VectorXf> q(records.row(static_cast<Eigen::Index>(i)).data(),
                                              width_);
    const int y = labels[i];
    const int predicted = Search(q.data());
    ++work.dense_searches;
    if (predicted == y) {
      ++correct;
      continue;
    }
    Eigen::Map<Eigen::VectorXf> acc_y(&accumulators_[static_cast<std::size_t>(y) * width_], width_);
    Eigen::Map<Eigen::VectorXf> acc_p(&accumulators_[static_cast<std::size_t>(predicted) * width_],
                                      width_);
    if (mode == Retraining::kPerceptron) {
      acc_y += q;
      acc_p -= q;
      work.accumulator_adds += 2LL * width_;
    } else {
      const double qn = std::sqrt(q.cast<double>().squaredNorm());
      const auto cosine = [&](const Eigen::Map<Eigen::VectorXf>& a, int c) {
        const double an = norms_[static_cast<std::size_t>(c)];
        return an > 0.0 && qn > 0.0 ? static_cast<double>(a.dot(q)) / (an * qn) : 0.0;
      };
      const double dy = cosine(acc_y, y), dp = cosine(acc_p, predicted);
      acc_y += static_cast<float>(learning_rate * (1.0 - dy)) * q;
      acc_p -= static_cast<float>(learning_rate * (1.0 - dp)) * q;
      work.accumulator_macs += 2.0 * 2.0 * width_ + width_;  // two dots, two updates, |r(x)|
      fractional_ = true;
    }
    work.entries_updated += 2.0 * width_;
    Renorm(y);
    Renorm(predicted);
    work.norm_macs += 2.0 * width_;
    ++work.updates;
  }
  work.float_accumulators = work.float_accumulators || fractional_;
  return static_cast<double>(correct) / static_cast<double>(labels.size());
}

void DenseCentroid::Restore(std::span<const float> accumulators, bool fractional) {
  CheckAccumulators(accumulators, accumulators_.size(), "DenseCentroid::Restore");
  std::copy(accumulators.begin(), accumulators.end(), accumulators_.begin());
  for (int c = 0; c < classes(); ++c) Renorm(c);
  fractional_ = fractional;
}

}  // namespace landauer::hdc

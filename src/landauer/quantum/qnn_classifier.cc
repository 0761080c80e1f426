#include "landauer/quantum/qnn_classifier.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <stdexcept>

#include "landauer/core/rng.h"

namespace landauer::quantum {

int OutputQubits(int classes) {
  int q = 1;
  while ((1 << q) < classes) ++q;
  return q;
}

CVector BasisState(int c, int qubits) {
  CVector v = CVector::Zero(Eigen::Index{1} << qubits);
  v(c) = 1.0;
  return v;
}

CVector AngleEncode(std::span<const double> theta) {
  CVector state = CVector::Ones(1);
  for (const double t : theta) {
    CVector qubit(2);
    qubit << std::cos(t / 2.0), std::sin(t / 2.0);
    CVector next(state.size() * 2);
    for (Eigen::Index i = 0; i < state.size(); ++i) next.segment(2 * i, 2) = state(i) * qubit;
    state = std::move(next);
  }
  return state;
}

std::vector<int> ClassifierWidths(int features, int classes, const std::vector<int>& hidden) {
  std::vector<int> widths{features};
  widths.insert(widths.end(), hidden.begin(), hidden.end());
  widths.push_back(OutputQubits(classes));
  return widths;
}

namespace {

Dqnn InitialNetwork(const std::vector<int>& widths, std::uint64_t seed) {
  Rng rng(seed, "qnn.classifier", "network");
  return Dqnn(widths, rng);
}

}  // namespace

QnnClassifier::QnnClassifier(int features, int classes, const QnnClassifierOptions& options)
    : features_(features), classes_(classes), options_(options), network_([&] {
        if (classes < 2 || features < 1) {
          throw std::invalid_argument(
              fmt::format("QnnClassifier: {} features and {} classes; need at least 1 and 2",
                          features,
                          classes));
        }
        if (options.rounds < 0 || options.batch < 1 || options.shots < 1) {
          throw std::invalid_argument(fmt::format(
              "QnnClassifier: rounds = {}, batch = {}, shots = {}; need rounds >= 0, batch >= 1 "
              "and shots >= 1",
              options.rounds,
              options.batch,
              options.shots));
        }
        return InitialNetwork(ClassifierWidths(features, classes, options.hidden), options.seed);
      }()) {}

std::vector<double> QnnClassifier::Angles(const MatrixF& z, Eigen::Index r) const {
  std::vector<double> theta(static_cast<std::size_t>(features_));
  for (int i = 0; i < features_; ++i) {
    const auto k = static_cast<std::size_t>(i);
    const double t = std::numbers::pi * (static_cast<double>(z(r, i)) - lo_[k]) * scale_[k];
    theta[k] = std::clamp(std::isnan(t) ? 0.0 : t, 0.0, std::numbers::pi);
  }
  return theta;
}

std::vector<QnnClassifier::RoundStats> QnnClassifier::Fit(const MatrixF& z,
                                                          std::span<const std::int32_t> labels,
                                                          int threads,
                                                          DqnnWork& work) {
  if (z.cols() != features_ || z.rows() < 1 ||
      static_cast<std::size_t>(z.rows()) != labels.size()) {
    throw std::invalid_argument(fmt::format(
        "QnnClassifier::Fit: {} × {} features and {} labels; expected n × {} and n labels",
        z.rows(),
        z.cols(),
        labels.size(),
        features_));
  }
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] < 0 || labels[i] >= classes_) {
      throw std::invalid_argument(fmt::format(
          "QnnClassifier::Fit: label {} of sample {} is outside [0, {})", labels[i], i, classes_));
    }
  }
  lo_.assign(static_cast<std::size_t>(features_), 0.0);
  scale_.assign(static_cast<std::size_t>(features_), 0.0);
  for (int i = 0; i < features_; ++i) {
    const double lo = z.col(i).minCoeff(), hi = z.col(i).maxCoeff();
    lo_[static_cast<std::size_t>(i)] = lo;
    scale_[static_cast<std::size_t>(i)] = hi > lo ? 1.0 / (hi - lo) : 0.0;
  }
  const int out = widths().back();
  Rng batches(options_.seed, "qnn.classifier", "batches");
  std::vector<RoundStats> stats;
  for (int round = 0; round < options_.rounds; ++round) {
    Rng draw = batches.Substream(static_cast<std::uint64_t>(round));
    std::vector<TrainingPair> pairs;
    std::vector<std::int32_t> batch_labels;
    for (int b = 0; b < options_.batch; ++b) {
      const auto r = static_cast<Eigen::Index>(draw.UniformInt(labels.size()));
      const std::vector<double> theta = Angles(z, r);
      batch_labels.push_back(labels[static_cast<std::size_t>(r)]);
      pairs.push_back({AngleEncode(theta), BasisState(batch_labels.back(), out)});
    }
    std::vector<CVector> inputs;
    for (const TrainingPair& p : pairs) inputs.push_back(p.in);
    const std::vector<CMatrix> outputs = network_.Outputs(inputs, threads, 0.0, &work);
    std::vector<double> fidelity(pairs.size());
    std::vector<int> correct(pairs.size());
    for (std::size_t k = 0; k < pairs.size(); ++k) {
      const CMatrix& rho = outputs[k];
      fidelity[k] = rho(batch_labels[k], batch_labels[k]).real();
      Eigen::Index best = 0;
      rho.diagonal().head(classes_).real().maxCoeff(&best);
      correct[k] = best == batch_labels[k];
    }
    const double n = static_cast<double>(pairs.size());
    stats.push_back({.cost = std::accumulate(fidelity.begin(), fidelity.end(), 0.0) / n,
                     .accuracy = std::accumulate(correct.begin(), correct.end(), 0) / n});
    network_.TrainRound(pairs, options_.lambda, options_.epsilon, threads, work);
  }
  return stats;
}

std::vector<std::int32_t> QnnClassifier::Predict(const MatrixF& z,
                                                 int threads,
                                                 DqnnWork& work,
                                                 int shots) const {
  if (z.cols() != features_) {
    throw std::invalid_argument(
        fmt::format("QnnClassifier::Predict: {} features, expected {}", z.cols(), features_));
  }
  if (lo_.empty()) throw std::logic_error("QnnClassifier::Predict before Fit");
  if (shots == 0) shots = options_.shots;
  if (shots < 1) {
    throw std::invalid_argument(
        fmt::format("QnnClassifier::Predict: shots = {}; need >= 1", shots));
  }
  const Rng measurements(options_.seed, "qnn.classifier", "shots");
  std::vector<std::int32_t> predicted(static_cast<std::size_t>(z.rows()));
  // Blocks of rows, so that the output states held at once stay few.
  constexpr Eigen::Index kRows = 256;
  for (Eigen::Index r0 = 0; r0 < z.rows(); r0 += kRows) {
    const Eigen::Index r1 = std::min(z.rows(), r0 + kRows);
    std::vector<CVector> inputs;
    for (Eigen::Index r = r0; r < r1; ++r) inputs.push_back(AngleEncode(Angles(z, r)));
    // The simulation evaluates each sample's output state once (hardware runs the circuit once
    // per shot: qnn_cost.h counts those).
    const std::vector<CMatrix> outputs = network_.Outputs(inputs, threads, 0.0, &work);
    for (Eigen::Index r = r0; r < r1; ++r) {
      const CMatrix& rho = outputs[static_cast<std::size_t>(r - r0)];
      // The outcome distribution, then `shots` categorical draws from the row's own stream.
      const Eigen::Index outcomes = rho.rows();
      std::vector<double> cumulative(static_cast<std::size_t>(outcomes));
      double total = 0.0;
      for (Eigen::Index b = 0; b < outcomes; ++b) {
        total += std::max(0.0, rho(b, b).real());
        cumulative[static_cast<std::size_t>(b)] = total;
      }
      std::vector<int> counts(static_cast<std::size_t>(outcomes), 0);
      Rng rng = measurements.Substream(static_cast<std::uint64_t>(r));
      for (int s = 0; s < shots; ++s) {
        const double u = rng.Uniform() * total;
        const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u);
        ++counts[static_cast<std::size_t>(
            std::min<std::ptrdiff_t>(it - cumulative.begin(), outcomes - 1))];
      }
      const auto best = std::max_element(counts.begin(), counts.begin() + classes_);
      predicted[static_cast<std::size_t>(r)] = static_cast<std::int32_t>(best - counts.begin());
    }
  }
  return predicted;
}

}  // namespace landauer::quantum

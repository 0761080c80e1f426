#include "landauer/optical/mesh_network.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "landauer/data/synthetic.h"

namespace landauer::optical {
namespace {

TrainTest Blobs(int dimension, int classes, std::int64_t train, std::uint64_t seed) {
  return MakeSynthetic({.train_samples = train,
                        .test_samples = 400,
                        .dimension = dimension,
                        .classes = classes,
                        .separation = 2.0},
                       seed);
}

// The gradient of every parameter (θ, φ, α of each mesh, reference, gain, offsets) matches central
// finite differences, through two imperfect meshes (loss, splitter imbalance, static phase errors,
// crosstalk) and a nonlinear activation.
TEST(MeshNetwork, GradientMatchesFiniteDifferences) {
  const TrainTest data = Blobs(4, 3, 24, 1);
  MeshNetworkOptions o;
  o.modes = 5;
  o.layers = 2;
  o.activation = {.alpha = 0.1, .gain = 3.0, .bias = std::numbers::pi};
  o.imperfections = {
      .loss_db = 0.2, .splitter_sigma = 0.02, .phase_sigma_d2d = 0.01, .crosstalk = 0.03};
  MeshNetwork net(4, 3, o);  // one mode for the reference beam
  std::vector<double> g;
  const double loss = net.LossAndGradient(data.train.features, data.train.labels, g);
  EXPECT_GT(loss, 0.0);
  const std::vector<double> p = net.Parameters();
  ASSERT_EQ(g.size(), p.size());
  const double h = 1e-6;
  double worst = 0.0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    std::vector<double> q = p, unused;
    q[i] = p[i] + h;
    net.SetParameters(q);
    const double up = net.LossAndGradient(data.train.features, data.train.labels, unused);
    q[i] = p[i] - h;
    net.SetParameters(q);
    const double down = net.LossAndGradient(data.train.features, data.train.labels, unused);
    const double fd = (up - down) / (2 * h);
    worst = std::max(worst, std::abs(fd - g[i]) / (1e-4 + std::abs(fd)));
  }
  net.SetParameters(p);
  EXPECT_LT(worst, 1e-5);
}

// Training through the optics separates Gaussian blobs, and the result does not depend on the
// thread count (fixed blocks, summed in order).
TEST(MeshNetwork, TrainsAndIsIndependentOfThreads) {
  const TrainTest data = Blobs(6, 4, 800, 2);
  MeshNetworkOptions o;
  o.modes = 7;
  o.layers = 2;
  o.epochs = 6;
  o.batch = 200;  // several blocks of 64 per step: the blocks' gradients are reduced in order
  o.optimizer.learning_rate = 0.1;
  o.activation = {.alpha = 0.1, .gain = 6.0, .bias = std::numbers::pi};
  o.imperfections = {.loss_db = 0.1, .phase_sigma_c2c = 0.005};
  o.detector = {.responsivity = 0.95, .noise_current = 2e-12, .bandwidth = 1.2e9};
  o.snr_db = 30.0;
  MeshNetwork one(6, 4, o), two(6, 4, o);
  MeshWork w1, w2;
  const auto s1 = one.Fit(data.train.features, data.train.labels, 1, w1);
  const auto s2 = two.Fit(data.train.features, data.train.labels, 2, w2);
  EXPECT_EQ(one.Parameters(), two.Parameters());
  EXPECT_LT(s1.back().loss, s1.front().loss);
  const std::vector<std::int32_t> y = one.Predict(data.test.features, 2, w1);
  // Against the nearest class mean (the Bayes rule for these equal, isotropic blobs, with
  // estimated means).
  Eigen::MatrixXd means = Eigen::MatrixXd::Zero(4, 6);
  Eigen::VectorXd counts = Eigen::VectorXd::Zero(4);
  for (std::int64_t r = 0; r < data.train.size(); ++r) {
    means.row(data.train.labels[r]) += data.train.features.row(r).cast<double>();
    counts[data.train.labels[r]] += 1.0;
  }
  for (int k = 0; k < 4; ++k) means.row(k) /= counts[k];
  std::vector<std::int32_t> nearest;
  for (std::int64_t r = 0; r < data.test.size(); ++r) {
    Eigen::Index best = 0;
    (means.rowwise() - data.test.features.row(r).cast<double>())
        .rowwise()
        .squaredNorm()
        .minCoeff(&best);
    nearest.push_back(static_cast<std::int32_t>(best));
  }
  const double bayes = data.test.AccuracyOf(nearest);
  EXPECT_GT(data.test.AccuracyOf(y), bayes - 0.06) << bayes;
  EXPECT_GT(data.test.AccuracyOf(y), 0.6);
  EXPECT_EQ(y, two.Predict(data.test.features, 1, w2));
  EXPECT_EQ(w1.vectors, 400.0);
  EXPECT_EQ(w1.detections, 400.0 * 4);
  EXPECT_EQ(w1.activations, 400.0 * 7);
  // The link budget through the light measured at the detectors, and the laser that feeds every
  // modulator at full scale.
  EXPECT_GT(one.DetectedFraction(), 0.0);
  EXPECT_LT(one.DetectedFraction(), 1.0);
  EXPECT_GT(one.InputPower(), 0.0);
  EXPECT_GT(one.LaserPower(), one.InputPower());
}

TEST(MeshNetwork, RefusesShapesItCannotTake) {
  MeshNetworkOptions o;
  o.modes = 8;
  EXPECT_THROW(MeshNetwork(9, 4, o), std::invalid_argument);   // more inputs than modes
  EXPECT_THROW(MeshNetwork(8, 10, o), std::invalid_argument);  // more classes than modes
  o.modes = 1;
  EXPECT_THROW(MeshNetwork(1, 2, o), std::invalid_argument);
}

}  // namespace
}  // namespace landauer::optical

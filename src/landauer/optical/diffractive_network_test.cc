#include "landauer/optical/diffractive_network.h"

#include <gtest/gtest.h>

#include <cmath>

#include "landauer/data/workload.h"
#include "tiny_optics_test_support.h"

namespace landauer::optical {
namespace {

// Random non-negative 4 × 4 images and three classes.
std::pair<MatrixF, std::vector<std::int32_t>> TinyImages(int count) {
  Rng rng(4, "test", "images");
  MatrixF images(count, 16);
  std::vector<std::int32_t> labels;
  for (int i = 0; i < count; ++i) {
    for (int p = 0; p < 16; ++p) images(i, p) = static_cast<float>(rng.Uniform());
    labels.push_back(i % 3);
  }
  return {images, labels};
}

// Every parameter's gradient (each mask's φ and, with complex masks, q; the gain) matches central
// finite differences, with plain and with differential detection.
TEST(DiffractiveNetwork, GradientMatchesFiniteDifferences) {
  const auto [images, labels] = TinyImages(5);
  for (const bool differential : {false, true}) {
    DiffractiveOptions o = TinyOptics();
    o.complex_masks = true;
    o.differential = differential;
    DiffractiveNetwork net(4, 3, o);
    // Move off the near-flat start so the gradient is not tiny.
    std::vector<double> p = net.Parameters();
    Rng rng(9, "test", "params");
    for (double& v : p) v += rng.Normal();
    net.SetParameters(p);
    std::vector<double> g, unused;
    net.LossAndGradient(images, labels, g);
    ASSERT_EQ(g.size(), p.size());
    const double h = 1e-6;
    double worst = 0.0;
    for (std::size_t i = 0; i < p.size(); i += 7) {
      std::vector<double> q = p;
      q[i] = p[i] + h;
      net.SetParameters(q);
      const double up = net.LossAndGradient(images, labels, unused);
      q[i] = p[i] - h;
      net.SetParameters(q);
      const double down = net.LossAndGradient(images, labels, unused);
      const double fd = (up - down) / (2 * h);
      worst = std::max(worst, std::abs(fd - g[i]) / (1e-6 + std::abs(fd)));
    }
    net.SetParameters(p);
    EXPECT_LT(worst, 1e-4) << differential;
  }
}

// Trained on sklearn's digits (8 × 8, rescaled to [0, 1] amplitudes), three phase-only layers
// learn well above chance, independently of the thread count.
TEST(DiffractiveNetwork, LearnsDigitsIndependentlyOfThreads) {
  TrainTest data = LoadWorkload({.data = "digits", .seed = 1});
  for (Dataset* set : {&data.train, &data.test}) {
    const float lo = data.train.features.minCoeff(), hi = data.train.features.maxCoeff();
    set->features = ((set->features.array() - lo) / (hi - lo)).max(0.0f).matrix();
  }
  DiffractiveOptions o;
  o.n = 32;
  o.layers = 3;
  o.epochs = 3;
  o.batch = 32;
  o.optimizer.learning_rate = 0.05;
  DiffractiveNetwork one(8, 10, o), two(8, 10, o);
  DiffractiveWork w1, w2;
  one.Fit(data.train.features, data.train.labels, 1, w1);
  two.Fit(data.train.features, data.train.labels, 2, w2);
  EXPECT_EQ(one.Parameters(), two.Parameters());
  const double accuracy = data.test.AccuracyOf(one.Predict(data.test.features, 2, w1));
  EXPECT_GT(accuracy, 0.6) << accuracy;
  EXPECT_GT(w1.detected_power, 0.0);
  EXPECT_LT(w1.detected_power / w1.vectors, 1.0);

  // Detection noise. The laser for 30 dB at the detectors' mean power: the light it sends to the
  // detectors, averaged over the training images (fewer than 4096: all of them), is P(SNR) per
  // detector.
  const Photodetector pd{.responsivity = 0.95, .noise_current = 2e-12, .bandwidth = 1e9};
  DiffractiveWork calibration;
  one.Predict(data.train.features, 1, calibration);
  const double laser = one.CalibrateLaser(data.train.features, pd, SnrFromDb(30.0), 2);
  const double per_detector = laser * calibration.detected_full_scale / calibration.vectors / 10;
  EXPECT_NEAR(per_detector, pd.PowerForSnr(SnrFromDb(30.0)), 1e-9 * per_detector);
  const std::vector<std::int32_t> noiseless = one.Predict(data.test.features, 1, w1);
  const auto noisy = [&](double snr_db, int threads) {
    DiffractiveWork w;
    const DetectionNoise noise{
        .detector = pd,
        .laser_w = one.CalibrateLaser(data.train.features, pd, SnrFromDb(snr_db), 1),
        .stream = 99};
    return one.Predict(data.test.features, threads, w, noise);
  };
  // At 200 dB the noise changes no decision; the draws do not depend on the thread count; at
  // SNR ≈ 1 (0.5 dB) at the mean power, the thermal noise that dominates there costs accuracy,
  // though the winning detector usually collects several times the mean light (measured here:
  // 91 % → 87 %).
  EXPECT_EQ(noisy(200.0, 1), noiseless);
  EXPECT_EQ(noisy(10.0, 1), noisy(10.0, 2));
  EXPECT_NE(noisy(10.0, 1), noiseless);
  EXPECT_LT(data.test.AccuracyOf(noisy(0.5, 2)), accuracy - 0.02);
  EXPECT_THROW(DiffractiveLaserPower(pd, 10.0, 10, 0.0), std::invalid_argument);
}

// lr_decay: epoch e steps at η·γᵉ. With γ = 1e-12 the second epoch leaves the masks where the
// first put them (its steps are ~1e-14 rad); with γ = 1 it moves them on.
TEST(DiffractiveNetwork, LearningRateDecaysPerEpoch) {
  const auto [images, labels] = TinyImages(40);
  DiffractiveOptions o = TinyOptics();
  o.batch = 8;
  o.epochs = 1;
  DiffractiveNetwork once(4, 3, o);
  o.epochs = 2;
  DiffractiveNetwork constant(4, 3, o);
  o.lr_decay = 1e-12;
  DiffractiveNetwork decayed(4, 3, o);
  DiffractiveWork work;
  once.Fit(images, labels, 1, work);
  constant.Fit(images, labels, 1, work);
  decayed.Fit(images, labels, 1, work);
  const std::vector<double> a = once.Parameters(), b = constant.Parameters(),
                            c = decayed.Parameters();
  double moved = 0.0, stayed = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    moved = std::max(moved, std::abs(b[i] - a[i]));
    stayed = std::max(stayed, std::abs(c[i] - a[i]));
  }
  EXPECT_GT(moved, 1e-3);
  EXPECT_LT(stayed, 1e-6);
  for (const double bad : {0.0, -0.5, 1.5, std::nan("")}) {
    o.lr_decay = bad;
    EXPECT_THROW(o.Validate(), std::invalid_argument) << bad;
  }
  // A decay that would take the last epoch's rate to 0 is refused before training.
  o.lr_decay = 0.5;
  o.epochs = 1100;
  EXPECT_THROW(o.Validate(), std::invalid_argument);
  o.epochs = 1000;  // 0.01 · 2^−999 ≈ 1.9e-303: still a normal double
  EXPECT_NO_THROW(o.Validate());
}

TEST(DiffractiveNetwork, RefusesWhatItCannotTake) {
  DiffractiveOptions o;
  o.n = 16;
  EXPECT_THROW(DiffractiveNetwork(28, 10, o), std::invalid_argument);  // image larger than grid
  o.pitch = 0.0;
  EXPECT_THROW(DiffractiveNetwork(4, 10, o), std::invalid_argument);
  o = {};
  o.n = 4;
  o.upsample = 1;
  o.spacing = 0.01;
  try {
    DiffractiveNetwork(2, 10, o);  // ten detectors in a 4 × 4 plane would overlap
    ADD_FAILURE() << "overlapping detectors accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("use n ≥"), std::string::npos) << e.what();
  }
  o = {};
  o.spacing = 100.0;  // undersampled on a 56 × 56 grid
  EXPECT_THROW(DiffractiveNetwork(28, 10, o), std::invalid_argument);
}

}  // namespace
}  // namespace landauer::optical

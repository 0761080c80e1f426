#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "landauer/core/rng.h"
#include "landauer/data/synthetic.h"
#include "landauer/energy/erasure.h"
#include "landauer/hdc/classifier.h"
#include "landauer/hdc/encoders.h"
#include "landauer/hdc/hdc_cost.h"
#include "landauer/hdc/hypervector.h"

namespace landauer::hdc {
namespace {

// Kanerva 2009: the normalised Hamming distance of independent random vectors is Binomial(D, ½)/D:
// mean ½, standard deviation 1/(2√D).
TEST(Hypervector, RandomVectorsAreQuasiOrthogonal) {
  constexpr int kD = 10048, kPairs = 400;
  Rng rng(1, "test", "hdc");
  double sum = 0.0, sum2 = 0.0;
  for (int i = 0; i < kPairs; ++i) {
    const BinaryHv a = BinaryHv::Random(kD, rng), b = BinaryHv::Random(kD, rng);
    const double s = HammingSimilarity(a, b);
    sum += s, sum2 += s * s;
  }
  const double mean = sum / kPairs, sd = std::sqrt(sum2 / kPairs - mean * mean);
  const double expected_sd = 1.0 / (2.0 * std::sqrt(kD));
  EXPECT_NEAR(mean, 0.5, 4.0 * expected_sd / std::sqrt(kPairs));
  EXPECT_NEAR(sd, expected_sd, 0.15 * expected_sd);  // sd of a 400-sample sd ≈ 3.5 %
}

TEST(Hypervector, BindIsItsOwnInverseAndPermuteRotates) {
  Rng rng(2, "test", "hdc");
  const BinaryHv a = BinaryHv::Random(256, rng), b = BinaryHv::Random(256, rng);
  EXPECT_EQ(Bind(Bind(a, b), b), a);
  EXPECT_NEAR(HammingSimilarity(Bind(a, b), a), 0.5, 0.15);
  const BinaryHv p = Permute(a, 3);
  for (int d = 0; d < 256; ++d) EXPECT_EQ(p.bit((d + 3) % 256), a.bit(d));
  EXPECT_EQ(Permute(p, -3), a);
  EXPECT_THROW(BinaryHv(100), std::invalid_argument);
  EXPECT_THROW(Bind(a, BinaryHv(128)), std::invalid_argument);
}

// Bundling k random vectors: each is recovered with similarity ½ + C(k−1, (k−1)/2)/2^k (k odd),
// the probability that a dimension's majority agrees with it, less ½.
TEST(Hypervector, BundledVectorsAreRecoveredWithThePredictedSimilarity) {
  constexpr int kD = 64 * 1024;
  Rng rng(3, "test", "hdc");
  for (const int k : {3, 5, 9}) {
    std::vector<BinaryHv> v;
    for (int i = 0; i < k; ++i) v.push_back(BinaryHv::Random(kD, rng));
    const BinaryHv tie = BinaryHv::Random(kD, rng);
    const BinaryHv m = Majority(v, tie);
    double binomial = 1.0;  // C(k−1, (k−1)/2)
    for (int i = 1; i <= (k - 1) / 2; ++i) binomial = binomial * ((k - 1) / 2 + i) / i;
    const double expected = 0.5 + binomial / std::pow(2.0, k);
    for (const BinaryHv& x : v) {
      EXPECT_NEAR(HammingSimilarity(m, x), expected, 5.0 / (2.0 * std::sqrt(kD))) << k;
    }
    // An unrelated vector stays at ½.
    EXPECT_NEAR(HammingSimilarity(m, BinaryHv::Random(kD, rng)), 0.5, 5.0 / (2.0 * std::sqrt(kD)));
  }
}

// The bit-sliced counter counts exactly, however many vectors (torchhd#171: sums never overflow).
TEST(Hypervector, BitSlicedCounterCountsExactly) {
  Rng rng(4, "test", "hdc");
  BitSlicedCounter counter(128);
  std::vector<int> expected(128, 0);
  for (int i = 0; i < 1000; ++i) {
    const BinaryHv v = BinaryHv::Random(128, rng);
    counter.Add(v.data());
    for (int d = 0; d < 128; ++d) expected[static_cast<std::size_t>(d)] += v.bit(d);
  }
  for (int d = 0; d < 128; ++d) EXPECT_EQ(counter.count(d), expected[static_cast<std::size_t>(d)]);
  // Eight at a time through the carry-save tree: the same counts.
  BitSlicedCounter tree(128);
  Rng again(4, "test", "hdc");
  for (int i = 0; i < 1000; i += 8) {
    std::vector<std::uint64_t> eight;
    for (int g = 0; g < 8; ++g) {
      const BinaryHv v = BinaryHv::Random(128, again);
      eight.insert(eight.end(), v.data().begin(), v.data().end());
    }
    EXPECT_GE(tree.Add8(eight), 35 * 2);
  }
  for (int d = 0; d < 128; ++d) EXPECT_EQ(tree.count(d), counter.count(d));
  for (const int t : {0, 1, 480, 500, 520, 1001}) {
    const BinaryHv at_least = counter.AtLeast(t);
    for (int d = 0; d < 128; ++d) {
      EXPECT_EQ(at_least.bit(d), expected[static_cast<std::size_t>(d)] >= t) << t << " " << d;
    }
  }
}

// BSC and MAP are one model: the packed XOR/majority path and the ±1 product/sign path give the
// same vector, and dot = D − 2·Hamming.
TEST(Hypervector, PackedBinaryAndBipolarPathsAgree) {
  constexpr int kD = 512;
  Rng rng(5, "test", "hdc");
  std::vector<BinaryHv> keys, values, bound;
  std::vector<std::int32_t> sums(kD, 0);
  for (int i = 0; i < 6; ++i) {
    keys.push_back(BinaryHv::Random(kD, rng));
    values.push_back(BinaryHv::Random(kD, rng));
    bound.push_back(Bind(keys.back(), values.back()));
    const std::vector<std::int8_t> b =
        BindBipolar(ToBipolar(keys.back()), ToBipolar(values.back()));
    EXPECT_EQ(b, ToBipolar(bound.back()));
    for (int d = 0; d < kD; ++d)
      sums[static_cast<std::size_t>(d)] += b[static_cast<std::size_t>(d)];
  }
  const BinaryHv tie = BinaryHv::Random(kD, rng);
  const std::vector<std::int8_t> t = ToBipolar(tie);
  for (int d = 0; d < kD; ++d) sums[static_cast<std::size_t>(d)] += t[static_cast<std::size_t>(d)];
  EXPECT_EQ(Majority(bound, tie), FromBipolarSign(sums));
  EXPECT_EQ(Dot(ToBipolar(keys[0]), ToBipolar(values[0])), kD - 2 * Hamming(keys[0], values[0]));
}

TEST(Encoders, LevelsAreCorrelatedByExactlyTheirDistance) {
  Rng rng(6, "test", "hdc");
  const LevelMemory levels(11, 1024, rng);
  EXPECT_EQ(levels.flips_per_level(), 1024 / 20);
  for (int i = 0; i < 11; ++i) {
    for (int j = 0; j < 11; ++j) {
      EXPECT_EQ(Hamming(levels[i], levels[j]), std::abs(i - j) * 51);
    }
  }
  Rng again(6, "test", "hdc");
  EXPECT_THROW(LevelMemory(1, 1024, again), std::invalid_argument);
  EXPECT_THROW(LevelMemory(1000, 1024, again), std::invalid_argument);
}

TEST(Encoders, IdLevelEncodingIsDeterministicAndSimilarForSimilarInputs) {
  MatrixF x(3, 20);
  Rng rng(7, "test", "hdc");
  for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = static_cast<float>(rng.Uniform());
  x.row(1) = x.row(0);
  x(1, 0) += 0.05f;  // one feature nudged
  IdLevelEncoder encoder(20, 2048, 16, 9);
  encoder.Fit(x);
  EncodeWork work1, work2;
  const std::vector<BinaryHv> a = encoder.EncodeAll(x, 1, work1),
                              b = encoder.EncodeAll(x, 2, work2);
  EXPECT_EQ(a, b);  // independent of the thread count
  EXPECT_EQ(work1.bundle_words, work2.bundle_words);
  EXPECT_GT(HammingSimilarity(a[0], a[1]), 0.9);
  EXPECT_LT(HammingSimilarity(a[0], a[2]), 0.8);
  EXPECT_EQ(work1.xor_words, 3 * 20 * 32);
  EXPECT_EQ(work1.id_bits_read, 20 * 2048);  // one block of 3 rows: each item vector read once
  EXPECT_EQ(work1.level_bits_read, 3 * 20 * 2048);
  // The blocked EncodeAll and the one-sample Encode give the same vector.
  BitSlicedCounter counter(2048);
  BinaryHv single;
  EncodeWork one;
  encoder.Encode(std::span<const float>(x.row(2).data(), 20), single, counter, one);
  EXPECT_EQ(single, a[2]);
  EXPECT_EQ(encoder.Level(0, x.col(0).minCoeff()), 0);
  EXPECT_EQ(encoder.Level(0, x.col(0).maxCoeff()), 15);
  EXPECT_EQ(encoder.Level(0, 1e9f), 15);  // clamped
}

// One-shot and retraining learn a separable synthetic problem, and retraining never forgets what
// the binary search already gets right on its training set.
TEST(Classifier, LearnsAndRetrainingHelps) {
  const TrainTest data =
      MakeSynthetic({.train_samples = 600, .test_samples = 300, .dimension = 16, .classes = 4}, 3);
  // D = 256 is small enough that one-shot bundling leaves errors for retraining to fix.
  IdLevelEncoder encoder(16, 256, 32, 1);
  encoder.Fit(data.train.features);
  EncodeWork work;
  const std::vector<BinaryHv> train = encoder.EncodeAll(data.train.features, 2, work);
  const std::vector<BinaryHv> test = encoder.EncodeAll(data.test.features, 2, work);
  const auto accuracy = [&](const CentroidClassifier& model) {
    ClassifierWork w;
    const std::vector<std::int32_t> p = model.PredictAll(test, 2, w);
    std::int64_t correct = 0;
    for (std::size_t i = 0; i < p.size(); ++i) correct += p[i] == data.test.labels[i];
    return static_cast<double>(correct) / static_cast<double>(p.size());
  };
  for (const Retraining mode : {Retraining::kPerceptron, Retraining::kAdaptive}) {
    CentroidClassifier model(4, 256, 5);
    ClassifierWork cw;
    model.TrainOneShot(train, data.train.labels, cw);
    const double one_shot = accuracy(model);
    EXPECT_GT(one_shot, 0.5);
    double first = 0.0, last = 0.0;
    for (int e = 0; e < 10; ++e) {
      last = model.RetrainEpoch(train, data.train.labels, mode, 1.0, e, cw);
      if (e == 0) first = last;
    }
    EXPECT_GT(cw.updates, 0);
    EXPECT_GT(last, first);  // training accuracy rises
    EXPECT_GE(accuracy(model), one_shot);
    std::printf("one-shot %.3f, retrained %.3f, train %.3f -> %.3f\n",
                one_shot,
                accuracy(model),
                first,
                last);
  }
  CentroidClassifier empty(5, 256, 5);  // class 4 has no samples
  ClassifierWork cw;
  EXPECT_THROW(empty.TrainOneShot(train, data.train.labels, cw), std::invalid_argument);
  // Bad input is refused before anything changes, never read out of bounds.
  CentroidClassifier model(4, 256, 5, ClassMemory::kInteger);
  model.TrainOneShot(train, data.train.labels, cw);
  const BinaryHv before = model.class_vector(0);
  std::vector<std::int32_t> bad_labels = data.train.labels;
  bad_labels.back() = 7;
  EXPECT_THROW(model.TrainOneShot(train, bad_labels, cw), std::invalid_argument);
  EXPECT_THROW(model.RetrainEpoch(train, bad_labels, Retraining::kPerceptron, 1.0, 0, cw),
               std::invalid_argument);
  EXPECT_THROW(model.RetrainEpoch(train, data.train.labels, Retraining::kAdaptive, -1.0, 0, cw),
               std::invalid_argument);
  EXPECT_EQ(model.class_vector(0), before);
  EXPECT_THROW(model.Predict(BinaryHv(512)), std::invalid_argument);
  EXPECT_THROW(CentroidClassifier(1, 256, 5), std::invalid_argument);
}

// Every counted action is covered by the erasure convention, and the counts follow the work.
TEST(HdcCost, CountsTheWorkDoneByTheConvention) {
  const HdcShape shape{.features = 20, .dimension = 2048, .levels = 16, .classes = 4};
  EncodeWork encode{
      .xor_words = 100, .bundle_words = 600, .compare_words = 10, .id_bits_read = 4096};
  ClassifierWork classify{.accumulator_adds = 2048, .searches = 5, .rebinarised = 4};
  Ledger ledger;
  CountEncoding(ledger, "train", shape, 3, encode, 3, {});
  CountClassifier(ledger, "train", shape, classify, 3, {});
  EXPECT_DOUBLE_EQ(ledger.count("train", "alu", "logic_64b"), 100 + 600 + 10 + 5 * 4 * 32);
  EXPECT_DOUBLE_EQ(ledger.count("train", "alu", "popcount_64b"), 5 * 4 * 32);
  EXPECT_DOUBLE_EQ(ledger.count("train", "alu", "int32_add"), 2048);
  EXPECT_DOUBLE_EQ(ledger.erased_bits("train"), ConventionErasedBits(ledger, "train"));
  // Integer searches sum int32 accumulators, or fp32 ones after adaptive retraining.
  ClassifierWork integer{.integer_searches = 2, .selected_adds = 100};
  Ledger sums;
  CountClassifier(sums, "inference", shape, integer, 1, {});
  EXPECT_DOUBLE_EQ(sums.count("inference", "alu", "int32_add"), 100);
  integer.float_accumulators = true;
  Ledger floats;
  CountClassifier(floats, "inference", shape, integer, 1, {});
  EXPECT_DOUBLE_EQ(floats.count("inference", "alu", "int32_add"), 0);
  EXPECT_DOUBLE_EQ(floats.count("inference", "alu", "fp32_mac"), 100);
}

// FHRR: random phasor vectors are quasi-orthogonal (similarity 0 ± 1/√(2D)), unbinding is exact,
// and a bundle stays similar to what it holds.
TEST(Phasor, ClosedFormsOfFhrr) {
  constexpr int kD = 4096, kPairs = 300;
  Rng rng(8, "test", "hdc");
  double sum = 0.0, sum2 = 0.0;
  for (int i = 0; i < kPairs; ++i) {
    const double s = Similarity(PhasorHv::Random(kD, rng), PhasorHv::Random(kD, rng));
    sum += s, sum2 += s * s;
  }
  const double mean = sum / kPairs, sd = std::sqrt(sum2 / kPairs - mean * mean);
  const double expected_sd = 1.0 / std::sqrt(2.0 * kD);
  EXPECT_NEAR(mean, 0.0, 4.0 * expected_sd / std::sqrt(kPairs));
  EXPECT_NEAR(sd, expected_sd, 0.15 * expected_sd);
  const PhasorHv a = PhasorHv::Random(kD, rng), b = PhasorHv::Random(kD, rng);
  EXPECT_NEAR(Similarity(Unbind(Bind(a, b), b), a), 1.0, 1e-12);
  EXPECT_NEAR(Similarity(Bind(a, b), a), 0.0, 5.0 * expected_sd);
  const std::vector<PhasorHv> three = {a, b, PhasorHv::Random(kD, rng)};
  const PhasorHv bundle = Bundle(three);
  for (const PhasorHv& v : three) EXPECT_GT(Similarity(bundle, v), 0.4);
  EXPECT_NEAR(Similarity(bundle, PhasorHv::Random(kD, rng)), 0.0, 5.0 * expected_sd);
  EXPECT_THROW(Bind(a, PhasorHv::Random(8, rng)), std::invalid_argument);
}

TEST(Encoders, NgramsSeeOrderAndSharedWindows) {
  const NgramEncoder encoder(26, 4096, 3, 11);
  EncodeWork work;
  const std::vector<std::int32_t> text = {7, 4, 11, 11, 14, 22, 14, 17, 11, 3, 0, 1, 2};
  std::vector<std::int32_t> edited = text;
  edited[12] = 25;  // one symbol changed: one window of eleven differs
  std::vector<std::int32_t> reversed(text.rbegin(), text.rend());
  const BinaryHv h = encoder.Encode(text, work);
  EXPECT_EQ(h, encoder.Encode(text, work));
  EXPECT_GT(HammingSimilarity(h, encoder.Encode(edited, work)), 0.8);
  EXPECT_LT(HammingSimilarity(h, encoder.Encode(reversed, work)), 0.6);
  EXPECT_EQ(work.xor_words, 4 * 11 * 3 * 64);  // four encodings of 11 windows of 3 symbols
  const std::vector<std::int32_t> bad = {1, 30, 2};
  EXPECT_THROW(encoder.Encode(bad, work), std::invalid_argument);
  const std::vector<std::int32_t> short_one = {1, 2};
  EXPECT_THROW(encoder.Encode(short_one, work), std::invalid_argument);
}

// The packed pipeline and its MAP image, written out with ±1 arithmetic, agree prediction for
// prediction: ID–level records, one-shot class vectors, and nearest-class search.
TEST(Classifier, PackedAndBipolarPipelinesPredictAlike) {
  const TrainTest data =
      MakeSynthetic({.train_samples = 300, .test_samples = 200, .dimension = 10, .classes = 3}, 5);
  constexpr int kD = 512;
  IdLevelEncoder encoder(10, kD, 8, 3);
  encoder.Fit(data.train.features);
  EncodeWork work;
  const std::vector<BinaryHv> train = encoder.EncodeAll(data.train.features, 2, work);
  const std::vector<BinaryHv> test = encoder.EncodeAll(data.test.features, 2, work);
  CentroidClassifier model(3, kD, 4, ClassMemory::kBinary);
  ClassifierWork cw;
  model.TrainOneShot(train, data.train.labels, cw);
  const std::vector<std::int32_t> packed = model.PredictAll(test, 1, cw);

  // The MAP path: records as sign(Σ id ⊙ level + tie), class vectors as sign(Σ records) with the
  // classifier's tie-breaker, prediction by the largest dot product.
  const auto record = [&](const Dataset& set, Eigen::Index r) {
    std::vector<std::int32_t> sum(kD, 0);
    for (int i = 0; i < 10; ++i) {
      const std::vector<std::int8_t> b =
          BindBipolar(ToBipolar(encoder.id(i)),
                      ToBipolar(encoder.levels()[encoder.Level(i, set.features(r, i))]));
      for (int d = 0; d < kD; ++d)
        sum[static_cast<std::size_t>(d)] += b[static_cast<std::size_t>(d)];
    }
    const std::vector<std::int8_t> tie = ToBipolar(encoder.tie_breaker());
    for (int d = 0; d < kD; ++d)
      sum[static_cast<std::size_t>(d)] += tie[static_cast<std::size_t>(d)];
    return ToBipolar(FromBipolarSign(sum));
  };
  std::vector<std::vector<std::int32_t>> classes(3, std::vector<std::int32_t>(kD, 0));
  for (Eigen::Index r = 0; r < data.train.features.rows(); ++r) {
    const std::vector<std::int8_t> x = record(data.train, r);
    EXPECT_EQ(FromBipolarSign(std::vector<std::int32_t>(x.begin(), x.end())),
              train[static_cast<std::size_t>(r)]);
    auto& acc = classes[static_cast<std::size_t>(data.train.labels[static_cast<std::size_t>(r)])];
    for (int d = 0; d < kD; ++d) acc[static_cast<std::size_t>(d)] += x[static_cast<std::size_t>(d)];
  }
  std::vector<std::vector<std::int8_t>> class_vectors;
  for (int c = 0; c < 3; ++c) {
    std::vector<std::int8_t> v(kD);
    for (int d = 0; d < kD; ++d) {
      const std::int32_t s = classes[static_cast<std::size_t>(c)][static_cast<std::size_t>(d)];
      // The classifier breaks a zero sum with its own tie vector (bit 1 = −1).
      v[static_cast<std::size_t>(d)] =
          s > 0 ? 1 : (s < 0 ? -1 : (model.tie_breaker().bit(d) ? -1 : 1));
    }
    EXPECT_EQ(FromBipolarSign(std::vector<std::int32_t>(v.begin(), v.end())),
              model.class_vector(c));
    class_vectors.push_back(v);
  }
  for (Eigen::Index r = 0; r < data.test.features.rows(); ++r) {
    const std::vector<std::int8_t> x = record(data.test, r);
    int best = 0;
    std::int64_t best_dot = Dot(x, class_vectors[0]);
    for (int c = 1; c < 3; ++c) {
      const std::int64_t dot = Dot(x, class_vectors[static_cast<std::size_t>(c)]);
      if (dot > best_dot) best = c, best_dot = dot;
    }
    EXPECT_EQ(best, packed[static_cast<std::size_t>(r)]) << r;
  }
}

}  // namespace
}  // namespace landauer::hdc

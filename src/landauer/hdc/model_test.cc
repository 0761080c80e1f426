// MAP and FHRR records, the dense class memory, HdcModel and its model file.
#include "landauer/hdc/model.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cmath>
#include <complex>

#include "landauer/core/checksum.h"
#include "landauer/core/errors.h"
#include "landauer/data/synthetic.h"
#include "landauer/energy/erasure.h"
#include "landauer/hdc/model_file.h"

namespace landauer::hdc {
namespace {

double Accuracy(std::span<const std::int32_t> p, std::span<const std::int32_t> labels) {
  std::int64_t correct = 0;
  for (std::size_t i = 0; i < p.size(); ++i) correct += p[i] == labels[i];
  return static_cast<double>(correct) / static_cast<double>(p.size());
}

// A MAP record is the integer sum of the bound ±1 vectors, written out here the long way; its
// sign is the BSC record (odd feature count: no ties).
TEST(MapRecords, AreTheSumsWhoseSignIsTheBinaryRecord) {
  const TrainTest data =
      MakeSynthetic({.train_samples = 40, .test_samples = 1, .dimension = 7, .classes = 2}, 1);
  IdLevelEncoder encoder(7, 512, 8, 3);
  encoder.Fit(data.train.features);
  EncodeWork bsc, map;
  const std::vector<BinaryHv> packed = encoder.EncodeAll(data.train.features, 2, bsc);
  const MatrixF sums = encoder.EncodeSums(data.train.features, 2, map);
  ASSERT_EQ(sums.rows(), 40);
  for (int r = 0; r < 40; ++r) {
    for (int d = 0; d < 512; ++d) {
      int sum = 0;
      for (int i = 0; i < 7; ++i) {
        const bool bit = encoder.id(i).bit(d) !=
                         encoder.levels()[encoder.Level(i, data.train.features(r, i))].bit(d);
        sum += bit ? -1 : 1;
      }
      ASSERT_EQ(sums(r, d), static_cast<float>(sum)) << r << " " << d;
      ASSERT_EQ(packed[static_cast<std::size_t>(r)].bit(d), sum < 0);
    }
  }
  EXPECT_EQ(map.readout_values, 40 * 512);
  EXPECT_EQ(map.compare_words, 0);
  EXPECT_EQ(map.bundle_words, bsc.bundle_words);  // same binding and counters, no tie-breaker
}

// FHRR levels: level i and j have similarity 1 − |i − j|/(L − 1) in expectation (each replaced
// phase contributes cos of a uniform angle, mean 0); records are the complex sums.
TEST(FhrrRecords, LevelsAreGradedAndRecordsAreComplexSums) {
  constexpr int kD = 4096, kL = 5;
  PhasorIdLevelEncoder encoder(3, kD, kL, 7);
  const auto similarity = [&](int i, int j) {
    double s = 0.0;
    for (int k = 0; k < kD; ++k) {
      const auto ks = static_cast<std::size_t>(k);
      s += encoder.level_re(i)[ks] * encoder.level_re(j)[ks] +
           encoder.level_im(i)[ks] * encoder.level_im(j)[ks];
    }
    return s / kD;
  };
  for (int j = 0; j < kL; ++j) {
    const double expected = 1.0 - static_cast<double>(j) / (kL - 1);
    // The replaced phases add 0 ± 1/√(2D) per component share: 4 sd at D = 4096 is 0.044.
    EXPECT_NEAR(similarity(0, j), expected, 0.045) << j;
  }
  EXPECT_NEAR(similarity(1, 3), 0.5, 0.045);
  MatrixF x(2, 3);
  x << 0.0f, 0.5f, 1.0f, 1.0f, 0.25f, 0.0f;
  encoder.Fit(x);
  EncodeWork work;
  const MatrixF records = encoder.EncodeAll(x, 2, work);
  ASSERT_EQ(records.cols(), 2 * kD);
  for (int r = 0; r < 2; ++r) {
    for (int k = 0; k < kD; k += 97) {
      const auto ks = static_cast<std::size_t>(k);
      std::complex<double> sum = 0.0;
      for (int i = 0; i < 3; ++i) {
        const int q = encoder.quantizer().Level(i, x(r, i));
        sum += std::complex<double>(encoder.id_re(i)[ks], encoder.id_im(i)[ks]) *
               std::complex<double>(encoder.level_re(q)[ks], encoder.level_im(q)[ks]);
      }
      EXPECT_NEAR(records(r, k), sum.real(), 1e-5);
      EXPECT_NEAR(records(r, kD + k), sum.imag(), 1e-5);
    }
  }
  EXPECT_DOUBLE_EQ(work.phasor_macs, 4.0 * 2 * 3 * kD);
}

// The dense class memory learns, retraining helps, the search is the cosine argmax written out,
// and predictions do not depend on the thread count.
TEST(DenseCentroid, LearnsRetrainsAndSearchesByCosine) {
  const TrainTest data =
      MakeSynthetic({.train_samples = 600, .test_samples = 300, .dimension = 16, .classes = 4}, 3);
  for (const Vsa vsa : {Vsa::kMap, Vsa::kFhrr}) {
    for (const Retraining mode : {Retraining::kPerceptron, Retraining::kAdaptive}) {
      HdcModel model(
          {.vsa = vsa, .features = 16, .dimension = 256, .levels = 32, .classes = 4, .seed = 5});
      model.Fit(data.train.features);
      EncodeWork ew;
      const Encoded train = model.Encode(data.train.features, 2, ew);
      const Encoded test = model.Encode(data.test.features, 2, ew);
      ClassifierWork cw;
      model.TrainOneShot(train, data.train.labels, cw);
      const double one_shot = Accuracy(model.PredictAll(test, 1, cw), data.test.labels);
      EXPECT_GT(one_shot, 0.5) << ToString(vsa);
      double first = 0.0, last = 0.0;
      for (int e = 0; e < 8; ++e) {
        last = model.RetrainEpoch(train, data.train.labels, mode, 1.0, e, cw);
        if (e == 0) first = last;
      }
      EXPECT_GE(last, first) << ToString(vsa);
      if (first < 0.99) EXPECT_GT(last, first) << ToString(vsa);
      EXPECT_GT(cw.updates, 0);
      const std::vector<std::int32_t> one = model.PredictAll(test, 1, cw);
      EXPECT_EQ(model.PredictAll(test, 2, cw), one);
      EXPECT_GE(Accuracy(one, data.test.labels), one_shot - 0.02) << ToString(vsa);
      // The search, the long way.
      const std::span<const float> acc = model.accumulators();
      const auto width = static_cast<std::size_t>(test.dense.cols());
      for (Eigen::Index i = 0; i < test.dense.rows(); i += 13) {
        int best = 0;
        double best_cos = -2.0;
        for (int c = 0; c < 4; ++c) {
          double dot = 0.0, aa = 0.0, qq = 0.0;
          for (std::size_t k = 0; k < width; ++k) {
            const double a = acc[static_cast<std::size_t>(c) * width + k], q = test.dense(i, k);
            dot += a * q, aa += a * a, qq += q * q;
          }
          const double cosine = dot / std::sqrt(aa * qq);
          if (cosine > best_cos) best = c, best_cos = cosine;
        }
        EXPECT_EQ(one[static_cast<std::size_t>(i)], best) << i;
      }
    }
  }
}

TEST(ModelConfig, RefusesWhatNoModelCanBe) {
  const ModelConfig ok{.features = 10, .dimension = 1024, .levels = 16, .classes = 3};
  EXPECT_NO_THROW(ok.Check());
  const auto refused = [](ModelConfig c, const std::string& message) {
    try {
      c.Check();
      ADD_FAILURE() << "accepted: " << message;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
    }
  };
  ModelConfig c = ok;
  c.dimension = 1000;
  refused(c, "dimension = 1000");
  c = ok, c.levels = 1;
  refused(c, "levels = 1");
  c = ok, c.levels = 514;
  refused(c, "at most 513 levels");
  c = ok, c.vsa = Vsa::kFhrr, c.levels = 1025;
  EXPECT_NO_THROW(c.Check());  // FHRR replaces D/(L − 1) phases per level
  c = ok, c.classes = 1;
  refused(c, "classes = 1");
  c = ok, c.vsa = Vsa::kMap, c.memory = ClassMemory::kBinary;
  refused(c, "vsa = map with class_memory = binary");
  c = ok, c.vsa = Vsa::kFhrr, c.projection = true;
  refused(c, "vsa = fhrr with the projection encoder");
  c = ok, c.vsa = Vsa::kMap, c.features = 40000;
  refused(c, "at most 32767");
  EXPECT_THROW(VsaFromString("hrr"), std::invalid_argument);
}

// MAP reads its records out of the counters with integer operations; both models search by fp32
// multiply-adds (MAP's dot products pass int32); FHRR binds and bundles in fp32; every action
// follows the erasure convention.
TEST(HdcCost, DenseModelsArePricedByTheirArithmetic) {
  ClassifierWork w{.accumulator_adds = 100, .entries_updated = 100, .dense_searches = 3};
  for (const Vsa vsa : {Vsa::kMap, Vsa::kFhrr}) {
    const HdcShape shape{.features = 20, .dimension = 64, .levels = 4, .classes = 2, .vsa = vsa};
    EncodeWork e{.readout_values = vsa == Vsa::kMap ? 64 : 0,
                 .phasor_macs = vsa == Vsa::kFhrr ? 800.0 : 0.0};
    Ledger ledger;
    CountEncoding(ledger, "train", shape, 1, e, 1, {});
    CountClassifier(ledger, "train", shape, w, 1, {});
    const double width = vsa == Vsa::kFhrr ? 128 : 64;
    EXPECT_DOUBLE_EQ(ledger.count("train", "alu", "int32_mult"), 0);
    if (vsa == Vsa::kMap) {
      // read-out: bit_width(20) = 5 planes + 1 per value; integer-valued accumulator adds
      EXPECT_DOUBLE_EQ(ledger.count("train", "alu", "int32_add"), 64 * 6 + 100);
      EXPECT_DOUBLE_EQ(ledger.count("train", "alu", "fp32_mac"), 3 * 2 * width);
    } else {
      EXPECT_DOUBLE_EQ(ledger.count("train", "alu", "int32_add"), 0);
      EXPECT_DOUBLE_EQ(ledger.count("train", "alu", "fp32_mac"), 800 + 3 * 2 * width + 100);
    }
    EXPECT_DOUBLE_EQ(ledger.erased_bits("train"), ConventionErasedBits(ledger, "train"));
  }
}

HdcModel Trained(Vsa vsa, bool projection, Retraining mode, const TrainTest& data) {
  HdcModel model({.vsa = vsa,
                  .projection = projection,
                  .features = 16,
                  .dimension = 256,
                  .levels = projection ? 0 : 16,
                  .classes = 4,
                  .seed = 11});
  model.Fit(data.train.features);
  EncodeWork ew;
  ClassifierWork cw;
  const Encoded train = model.Encode(data.train.features, 2, ew);
  model.TrainOneShot(train, data.train.labels, cw);
  model.RetrainEpoch(train, data.train.labels, mode, 0.5, 0, cw);
  return model;
}

// Saved and loaded, a model holds the same numbers and predicts the same, for every VSA model,
// both encoders and both retraining rules.
TEST(ModelFile, RoundTripsExactly) {
  const TrainTest data =
      MakeSynthetic({.train_samples = 300, .test_samples = 100, .dimension = 16, .classes = 4}, 4);
  const ModelWorkload workload{.data = "synthetic data", .pca = 0, .max_train = 300};
  for (const auto& [vsa, projection] : {std::pair{Vsa::kBsc, false},
                                        std::pair{Vsa::kBsc, true},
                                        std::pair{Vsa::kMap, false},
                                        std::pair{Vsa::kFhrr, false}}) {
    for (const Retraining mode : {Retraining::kPerceptron, Retraining::kAdaptive}) {
      const HdcModel model = Trained(vsa, projection, mode, data);
      const std::string text = EncodeModel(model, workload);
      const SavedModel loaded = DecodeModel(text, "m.hdc");
      EXPECT_EQ(loaded.workload.data, "synthetic data");
      EXPECT_EQ(loaded.workload.max_train, 300);
      EXPECT_EQ(loaded.model.config().vsa, vsa);
      EXPECT_EQ(loaded.model.fractional(), model.fractional());
      const std::span<const float> a = model.accumulators(), b = loaded.model.accumulators();
      ASSERT_EQ(a.size(), b.size());
      for (std::size_t i = 0; i < a.size(); ++i) ASSERT_EQ(a[i], b[i]) << i;
      EncodeWork ew1, ew2;
      ClassifierWork cw1, cw2;
      EXPECT_EQ(model.PredictAll(model.Encode(data.test.features, 1, ew1), 1, cw1),
                loaded.model.PredictAll(loaded.model.Encode(data.test.features, 1, ew2), 1, cw2));
      EXPECT_EQ(EncodeModel(loaded.model, loaded.workload), text);  // and again, byte for byte
    }
  }
}

// Damaged or hand-made files are refused with the file, the line and what is wrong.
TEST(ModelFile, RefusesBadFilesNamingTheLine) {
  const TrainTest data =
      MakeSynthetic({.train_samples = 300, .test_samples = 10, .dimension = 16, .classes = 4}, 4);
  const std::string good =
      EncodeModel(Trained(Vsa::kBsc, false, Retraining::kPerceptron, data), {.data = "synthetic"});
  // Re-checksums a changed text, so that the parser behind the checksum is reached.
  const auto resum = [](std::string text) {
    const std::size_t at = text.rfind("checksum ");
    text.resize(at);
    return text + fmt::format("checksum {:016x}\n", Fnv1a64(text));
  };
  const auto refused = [&](const std::string& text, const std::string& message) {
    try {
      DecodeModel(text, "m.hdc");
      ADD_FAILURE() << "accepted: " << message;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("m.hdc"), std::string::npos) << e.what();
    }
  };
  // The first range line replaced by `line`.
  const auto range_line = [&](const std::string& line) {
    std::string text = good;
    const std::size_t at = text.find("\nrange ") + 1;
    return resum(text.replace(at, text.find('\n', at) - at, line));
  };
  const auto replace = [&](const std::string& from, const std::string& to) {
    std::string text = good;
    const std::size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return resum(text.replace(at, from.size(), to));
  };
  refused("", "m.hdc:1: the file ends");
  refused("hello\n", "not a landauer HDC model");
  refused(replace("landauer-hdc-model 1", "landauer-hdc-model 2"), "version 2 is not supported");
  refused(good.substr(0, good.size() / 2), "truncated");
  refused(replace("seed 11", "seed 12").replace(good.find("seed"), 7, "seed 11"), "checksum");
  std::string flipped = good;
  flipped[flipped.find("accumulator 1 ") + 15] ^= 1;
  refused(flipped, "");  // a changed digit fails the checksum (or the number's form)
  refused(replace("vsa bsc", "vsa hrr"), "m.hdc:6: VSA model 'hrr'");
  refused(replace("dimension 256", "dimension 250"), "dimension = 250");
  refused(replace("features 16", "features 0"), "m.hdc:8: features = 0 is outside");
  refused(replace("levels 16", "levels 0"), "levels = 0 with the idlevel encoder");
  refused(replace("classes 4", "classes 5"), "m.hdc:35: expected the 'accumulator' line");
  refused(replace("classes 4", "classes 400"), "more than the");  // promises more than is there
  refused(replace("fractional 0", "fractional 2"), "fractional = 2 is outside [0, 1]");
  refused(range_line("range nan 1"), "m.hdc:15: range offset: 'nan' is not a finite number");
  refused(range_line("range 0 1e39"), "too large for a float32");
  refused(range_line("range 0 -1"), "range scale -1 is negative");
  refused(range_line("range 0"), "'range' takes 2 value(s), found 1");
  refused(replace("accumulator 1 ", "accumulator 2 "), "expected the accumulator of class 1");
  refused(replace("accumulator 0 ", "accumulator 0  "), "an empty field");
  refused(replace("class_memory integer", "class_memory float"), "class_memory 'float'");
  refused(good + "more\n", "");  // text after the checksum (or a checksum mismatch)
  refused(resum(good) + "x", "text after the checksum line");
  // Before any allocation, the memory the header asks for is priced.
  setenv("LANDAUER_MEMORY_LIMIT", "1K", 1);
  refused(good, "needs");
  unsetenv("LANDAUER_MEMORY_LIMIT");
  EXPECT_NO_THROW(DecodeModel(good, "m.hdc"));
}

}  // namespace
}  // namespace landauer::hdc

#include <gtest/gtest.h>
#include <zlib.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "landauer/core/errors.h"
#include "landauer/core/rng.h"
#include "landauer/data/digits.h"
#include "landauer/data/idx_reader.h"
#include "landauer/data/mnist.h"
#include "landauer/data/synthetic.h"
#include "landauer/data/transforms.h"
#include "landauer/data/workload.h"

namespace landauer {
namespace {

namespace fs = std::filesystem;

std::vector<std::uint8_t> IdxBytes(std::vector<std::uint32_t> dims,
                                   std::size_t data_bytes,
                                   std::uint8_t fill = 1) {
  std::vector<std::uint8_t> bytes = {0, 0, 0x08, static_cast<std::uint8_t>(dims.size())};
  for (std::uint32_t d : dims) {
    for (int shift = 24; shift >= 0; shift -= 8)
      bytes.push_back(static_cast<std::uint8_t>(d >> shift));
  }
  bytes.insert(bytes.end(), data_bytes, fill);
  return bytes;
}

std::string ErrorOf(const std::vector<std::uint8_t>& bytes) {
  try {
    ParseIdx(bytes, "x.idx");
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

TEST(Idx, ParsesDimsAndData) {
  const IdxArray a = ParseIdx(IdxBytes({2, 3, 4}, 24, 7), "x.idx");
  EXPECT_EQ(a.dims, (std::vector<std::int64_t>{2, 3, 4}));
  EXPECT_EQ(a.data.size(), 24u);
  EXPECT_EQ(a.data[5], 7);
}

TEST(Idx, RejectsCorruptFilesNamingTheProblem) {
  EXPECT_NE(ErrorOf({1, 2, 3, 4}).find("not an IDX file"), std::string::npos);
  std::vector<std::uint8_t> float_type = IdxBytes({2}, 2);
  float_type[2] = 0x0D;
  EXPECT_NE(ErrorOf(float_type).find("unsupported IDX element type"), std::string::npos);
  EXPECT_NE(ErrorOf(IdxBytes({2, 3, 4}, 23))
                .find("truncated IDX data: the header promises 24 bytes, the file has 23"),
            std::string::npos);
  EXPECT_NE(ErrorOf(IdxBytes({2}, 3)).find("1 trailing bytes"), std::string::npos);
  EXPECT_NE(ErrorOf({0, 0, 8, 3, 0, 0}).find("truncated IDX header"), std::string::npos);
  EXPECT_NE(ErrorOf(IdxBytes({0xFFFFFFFF, 0xFFFFFFFF}, 0)).find("overflow"), std::string::npos);
}

class IdxFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("landauer_idx_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void WritePlain(const std::string& name, const std::vector<std::uint8_t>& bytes) {
    std::ofstream(dir_ / name, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
  }
  void WriteGzip(const std::string& name, const std::vector<std::uint8_t>& bytes) {
    gzFile f = gzopen((dir_ / name).c_str(), "wb");
    gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
    gzclose(f);
  }
  fs::path dir_;
};

TEST_F(IdxFiles, ReadsGzipAndPlainMnistDirectories) {
  WriteGzip("train-images-idx3-ubyte.gz", IdxBytes({3, 2, 2}, 12, 200));
  WritePlain("train-labels-idx1-ubyte", {0, 0, 8, 1, 0, 0, 0, 3, 0, 1, 9});
  WritePlain("t10k-images-idx3-ubyte", IdxBytes({1, 2, 2}, 4, 10));
  WriteGzip("t10k-labels-idx1-ubyte.gz", {0, 0, 8, 1, 0, 0, 0, 1, 4});
  const TrainTest split = LoadMnistFormat(dir_.string(), "tiny");
  EXPECT_EQ(split.train.size(), 3);
  EXPECT_EQ(split.train.dimension(), 4);
  EXPECT_EQ(split.train.labels, (std::vector<std::int32_t>{0, 1, 9}));
  EXPECT_EQ(split.test.features(0, 3), 10.0f);
}

TEST_F(IdxFiles, MismatchedCountsAndBadLabelsNameTheFiles) {
  WritePlain("train-images-idx3-ubyte", IdxBytes({3, 2, 2}, 12));
  WritePlain("train-labels-idx1-ubyte", {0, 0, 8, 1, 0, 0, 0, 2, 0, 1});
  WritePlain("t10k-images-idx3-ubyte", IdxBytes({1, 2, 2}, 4));
  WritePlain("t10k-labels-idx1-ubyte", {0, 0, 8, 1, 0, 0, 0, 1, 4});
  try {
    LoadMnistFormat(dir_.string(), "tiny");
    FAIL();
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("3 images but"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("train-labels-idx1-ubyte has 2 labels"),
              std::string::npos);
  }
  WritePlain("train-labels-idx1-ubyte", {0, 0, 8, 1, 0, 0, 0, 3, 0, 1, 12});
  EXPECT_THROW(LoadMnistFormat(dir_.string(), "tiny"), InputError);
  WritePlain("train-labels-idx1-ubyte", {0, 0, 8, 1, 0, 0, 0, 3, 0, 1, 2});
  fs::remove(dir_ / "t10k-images-idx3-ubyte");
  try {
    LoadMnistFormat(dir_.string(), "tiny");
    FAIL();
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("missing t10k-images-idx3-ubyte"), std::string::npos);
  }
  EXPECT_THROW(LoadMnistFormat((dir_ / "nope").string(), "x"), InputError);
}

TEST_F(IdxFiles, TruncatedGzipIsRejected) {
  WriteGzip("full.gz", IdxBytes({1000}, 1000, 3));
  std::ifstream in(dir_ / "full.gz", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  std::ofstream(dir_ / "cut.gz", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  try {
    ReadIdx((dir_ / "cut.gz").string());
    FAIL();
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("cut.gz"), std::string::npos);
  }
}

TEST(FashionMnist, ShippedFilesHaveTheDocumentedShape) {
  if (!fs::exists(kFashionMnistDirectory)) GTEST_SKIP() << "dataset-fashion-mnist not installed";
  const TrainTest split = LoadMnistFormat(kFashionMnistDirectory, "fashion-mnist");
  EXPECT_EQ(split.train.size(), 60000);
  EXPECT_EQ(split.test.size(), 10000);
  EXPECT_EQ(split.train.dimension(), 784);
  // Pixel mean 72.94 (0.2860 x 255), the figure used for the usual normalisation.
  EXPECT_NEAR(split.train.features.cast<double>().mean(), 72.94, 0.01);
}

TEST(Digits, LoadsTheSklearnFileAndSplitsBySeed) {
  if (!fs::exists(kDigitsPath)) GTEST_SKIP() << "python3-sklearn not installed";
  const TrainTest a = LoadDigits(kDigitsPath, 1), b = LoadDigits(kDigitsPath, 1),
                  c = LoadDigits(kDigitsPath, 2);
  EXPECT_EQ(a.train.size() + a.test.size(), 1797);
  EXPECT_EQ(a.test.size(), 359);
  EXPECT_EQ(a.train.dimension(), 64);
  EXPECT_EQ(a.train.labels, b.train.labels);
  EXPECT_NE(a.train.labels, c.train.labels);
  EXPECT_LE(a.train.features.maxCoeff(), 16.0f);
}

TEST(Synthetic, IsSeededAndBalanced) {
  const TrainTest a = MakeSynthetic({}, 3), b = MakeSynthetic({}, 3);
  EXPECT_EQ(a.train.features, b.train.features);
  EXPECT_EQ(a.train.size(), 4000);
  EXPECT_EQ(std::count(a.train.labels.begin(), a.train.labels.end(), 2), 1000);
  EXPECT_THROW(MakeSynthetic({.classes = 1}, 0), std::domain_error);
}

TEST(Transforms, StandardizeGlobalAndPerFeature) {
  MatrixF x(4, 2);
  x << 1, 10, 2, 20, 3, 30, 4, 40;
  MatrixF g = x;
  Standardizer::Fit(g, Standardizer::Mode::kGlobal).Apply(g);
  EXPECT_NEAR(g.cast<double>().mean(), 0.0, 1e-6);
  MatrixF f = x;
  Standardizer::Fit(f, Standardizer::Mode::kPerFeature).Apply(f);
  EXPECT_NEAR(f.col(1).cast<double>().mean(), 0.0, 1e-6);
  EXPECT_NEAR(f.col(1).cast<double>().squaredNorm() / 4, 1.0, 1e-6);
  EXPECT_NEAR(f(0, 0), f(0, 1), 1e-6);
}

TEST(Transforms, PcaRecoversAKnownCovariance) {
  // Points spread along (1, 1)/√2 with variance 9 and along (1, −1)/√2 with variance 1.
  Rng rng(5, "test", "pca");
  MatrixF x(20000, 2);
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    const double u = 3.0 * rng.Normal(), v = rng.Normal();
    x(i, 0) = static_cast<float>((u + v) / std::sqrt(2.0) + 5.0);
    x(i, 1) = static_cast<float>((u - v) / std::sqrt(2.0) - 2.0);
  }
  const Pca pca = Pca::Fit(x, 2);
  EXPECT_NEAR(pca.explained_variance()[0], 9.0, 0.25);  // sampling error ~ 9 sqrt(2/n) = 0.09
  EXPECT_NEAR(pca.explained_variance()[1], 1.0, 0.05);
  EXPECT_NEAR(std::abs(pca.components()(0, 0)), 1 / std::sqrt(2.0), 0.01);
  EXPECT_NEAR(pca.explained_variance_ratio(), 1.0, 1e-9);
  const MatrixD gram = pca.components().transpose() * pca.components();
  EXPECT_TRUE(gram.isApprox(MatrixD::Identity(2, 2), 1e-12));
  const MatrixF z = pca.Transform(x);
  EXPECT_NEAR(z.col(0).cast<double>().mean(), 0.0, 1e-3);
  EXPECT_THROW(Pca::Fit(x, 3), std::invalid_argument);
}

TEST(Transforms, BinarizeAndSplit) {
  MatrixF x(1, 3);
  x << 0.2f, 0.5f, 0.9f;
  Binarize(x, 0.5f);
  EXPECT_EQ(x, (MatrixF(1, 3) << 0, 0, 1).finished());
  Dataset d;
  d.name = "d";
  d.num_classes = 2;
  d.features = MatrixF::Zero(10, 1);
  for (int i = 0; i < 10; ++i) {
    d.features(i, 0) = static_cast<float>(i);
    d.labels.push_back(i % 2);
  }
  const TrainTest s = SplitTrainTest(d, 0.3, 9);
  EXPECT_EQ(s.train.size(), 7);
  EXPECT_EQ(s.test.size(), 3);
  EXPECT_DOUBLE_EQ(s.train.features.sum() + s.test.features.sum(), 45.0);
  EXPECT_THROW(SplitTrainTest(d, 1.0, 9), std::domain_error);
}

TEST(Workload, DigitsWithPca) {
  if (!fs::exists(kDigitsPath)) GTEST_SKIP() << "python3-sklearn not installed";
  const TrainTest w = LoadWorkload({.data = "digits", .seed = 0, .pca = 16});
  EXPECT_EQ(w.train.dimension(), 16);
  EXPECT_EQ(w.test.dimension(), 16);
  EXPECT_THROW(LoadWorkload({.data = "/nonexistent"}), InputError);
}

}  // namespace
}  // namespace landauer

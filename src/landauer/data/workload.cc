#include "landauer/data/workload.h"

#include <fmt/format.h>

#include <numeric>

#include "landauer/core/errors.h"
#include "landauer/data/digits.h"
#include "landauer/data/mnist.h"
#include "landauer/data/synthetic.h"
#include "landauer/data/transforms.h"

namespace landauer {
namespace {

Dataset Head(const Dataset& data, std::int64_t count) {
  if (count <= 0 || count >= data.size()) return data;
  std::vector<std::int64_t> indices(static_cast<std::size_t>(count));
  std::iota(indices.begin(), indices.end(), 0);
  return data.Subset(indices);
}

}  // namespace

TrainTest LoadWorkload(const WorkloadOptions& options) {
  if (options.max_train < 0 || options.max_test < 0 || options.pca < 0) {
    throw std::invalid_argument(fmt::format(
        "--max-train {}, --max-test {}, --pca {}: each must be >= 0 (0 = all samples, no PCA)",
        options.max_train,
        options.max_test,
        options.pca));
  }
  TrainTest split;
  float scale = 1.0f;
  bool pixels = true;
  if (options.data == "fashion-mnist") {
    split = LoadMnistFormat(kFashionMnistDirectory, "fashion-mnist");
    scale = 255.0f;
  } else if (options.data == "digits") {
    split = LoadDigits(kDigitsPath, options.seed);
    scale = 16.0f;
  } else if (options.data == "synthetic") {
    split = MakeSynthetic({}, options.seed);
    pixels = false;
  } else {
    split = LoadMnistFormat(options.data, options.data);
    scale = 255.0f;
  }
  split.train = Head(split.train, options.max_train);
  split.test = Head(split.test, options.max_test);
  // Standardisation and PCA are fitted on the training split: they need two samples.
  if (split.train.size() < 2) {
    throw std::invalid_argument(fmt::format(
        "--data {}: {} training sample(s){}; the preprocessing is fitted on at least 2",
        options.data,
        split.train.size(),
        options.max_train > 0 ? fmt::format(" (--max-train {})", options.max_train) : ""));
  }
  if (split.test.size() < 1 || split.train.dimension() < 1) {
    throw std::invalid_argument(
        fmt::format("--data {}: {} test samples of {} features; a "
                    "workload needs at least one of each",
                    options.data,
                    split.test.size(),
                    split.train.dimension()));
  }
  if (options.pca > split.train.dimension()) {
    throw std::invalid_argument(
        fmt::format("--pca {}: --data {} has only {} features; use --pca "
                    "{} or fewer (0 = off)",
                    options.pca,
                    options.data,
                    split.train.dimension(),
                    split.train.dimension()));
  }
  if (pixels) {
    split.train.features /= scale;
    split.test.features /= scale;
  }
  if (options.binarize) {
    Binarize(split.train.features, 0.5f);
    Binarize(split.test.features, 0.5f);
  } else {
    const Standardizer standardizer =
        Standardizer::Fit(split.train.features,
                          pixels ? Standardizer::Mode::kGlobal : Standardizer::Mode::kPerFeature);
    standardizer.Apply(split.train.features);
    standardizer.Apply(split.test.features);
  }
  if (options.pca > 0) {
    const Pca pca = Pca::Fit(split.train.features, options.pca);
    split.train.features = pca.Transform(split.train.features);
    split.test.features = pca.Transform(split.test.features);
  }
  split.train.Validate();
  split.test.Validate();
  return split;
}

}  // namespace landauer

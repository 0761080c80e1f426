#include "landauer/data/mnist.h"

#include <filesystem>

#include "landauer/core/errors.h"
#include "landauer/core/memory_budget.h"
#include "landauer/data/idx_reader.h"

namespace landauer {
namespace {

std::string FindFile(const std::string& directory, const std::string& stem) {
  namespace fs = std::filesystem;
  for (const std::string& candidate : {stem + ".gz", stem}) {
    const fs::path path = fs::path(directory) / candidate;
    if (fs::is_regular_file(path)) return path.string();
  }
  throw InputError(directory,
                   0,
                   "missing " + stem + "(.gz)",
                   "--data DIR needs train-images-idx3-ubyte, train-labels-idx1-ubyte, "
                   "t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (gzip or plain)");
}

Dataset LoadPair(const std::string& directory, const std::string& prefix, const std::string& name) {
  const std::string images_path = FindFile(directory, prefix + "-images-idx3-ubyte");
  const std::string labels_path = FindFile(directory, prefix + "-labels-idx1-ubyte");
  const IdxArray images = ReadIdx(images_path);
  const IdxArray labels = ReadIdx(labels_path);
  if (images.dims.size() != 3) {
    throw InputError(images_path,
                     0,
                     "image file has " + std::to_string(images.dims.size()) +
                         " dimensions, expected 3 (count, rows, cols)",
                     "check that images and labels are not swapped");
  }
  if (labels.dims.size() != 1) {
    throw InputError(
        labels_path,
        0,
        "label file has " + std::to_string(labels.dims.size()) + " dimensions, expected 1",
        "check that images and labels are not swapped");
  }
  if (images.dims[0] != labels.dims[0]) {
    throw InputError(images_path,
                     0,
                     std::to_string(images.dims[0]) + " images but " + labels_path + " has " +
                         std::to_string(labels.dims[0]) + " labels",
                     "use matching image and label files");
  }
  if (images.dims[0] == 0 || images.dims[1] == 0 || images.dims[2] == 0) {
    throw InputError(images_path,
                     0,
                     "the file holds no data: its sizes are " + std::to_string(images.dims[0]) +
                         " images of " + std::to_string(images.dims[1]) + "x" +
                         std::to_string(images.dims[2]) + " pixels",
                     "use a file with at least one image of at least one pixel");
  }
  Dataset data;
  data.name = name;
  data.num_classes = 10;
  const std::int64_t n = images.dims[0], d = images.dims[1] * images.dims[2];
  data.input_bits = 8.0 * static_cast<double>(d);  // unsigned bytes
  // float32 features, and the copies preprocessing makes of them (scaling, standardising, PCA).
  CheckMemory(images_path,
              4.0 * 3.0 * static_cast<double>(n) * static_cast<double>(d),
              "use a smaller data set");
  data.features.resize(n, d);
  for (std::int64_t i = 0; i < n * d; ++i)
    data.features.data()[i] = images.data[static_cast<std::size_t>(i)];
  data.labels.resize(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) {
    const int label = labels.data[static_cast<std::size_t>(i)];
    if (label > 9) {
      throw InputError(
          labels_path,
          0,
          "label " + std::to_string(label) + " of sample " + std::to_string(i) + " is outside 0..9",
          "MNIST-format labels are digits 0-9");
    }
    data.labels[static_cast<std::size_t>(i)] = label;
  }
  return data;
}

}  // namespace

TrainTest LoadMnistFormat(const std::string& directory, const std::string& name) {
  if (!std::filesystem::is_directory(directory)) {
    throw InputError(directory,
                     0,
                     "not a directory",
                     "pass --data fashion-mnist (Debian package dataset-fashion-mnist), digits, "
                     "synthetic, or an MNIST-format directory");
  }
  TrainTest split{LoadPair(directory, "train", name), LoadPair(directory, "t10k", name)};
  if (split.train.dimension() != split.test.dimension()) {
    throw InputError(directory,
                     0,
                     "training images have " + std::to_string(split.train.dimension()) +
                         " pixels, test images " + std::to_string(split.test.dimension()),
                     "use train and t10k files of the same data set");
  }
  return split;
}

}  // namespace landauer

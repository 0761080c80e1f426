#include "landauer/data/dataset.h"

#include <stdexcept>
#include <string>

namespace landauer {

double Dataset::AccuracyOf(std::span<const std::int32_t> predicted) const {
  if (predicted.size() != labels.size() || labels.empty()) {
    throw std::invalid_argument("data set '" + name + "': " + std::to_string(predicted.size()) +
                                " predictions for " + std::to_string(labels.size()) + " samples");
  }
  std::int64_t correct = 0;
  for (std::size_t i = 0; i < labels.size(); ++i) correct += predicted[i] == labels[i];
  return static_cast<double>(correct) / static_cast<double>(labels.size());
}

void Dataset::Validate() const {
  if (labels.empty() || features.cols() == 0) {
    throw std::invalid_argument("data set '" + name +
                                "' is empty: " + std::to_string(labels.size()) + " samples of " +
                                std::to_string(features.cols()) + " features");
  }
  if (features.rows() != static_cast<Eigen::Index>(labels.size())) {
    throw std::invalid_argument("data set '" + name + "': " + std::to_string(features.rows()) +
                                " feature rows but " + std::to_string(labels.size()) + " labels");
  }
  if (num_classes < 2) {
    throw std::invalid_argument("data set '" + name + "': needs at least 2 classes, has " +
                                std::to_string(num_classes));
  }
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] < 0 || labels[i] >= num_classes) {
      throw std::invalid_argument("data set '" + name + "': label " + std::to_string(labels[i]) +
                                  " of sample " + std::to_string(i) + " is outside [0, " +
                                  std::to_string(num_classes) + ")");
    }
  }
}

Dataset Dataset::Subset(const std::vector<std::int64_t>& indices) const {
  Dataset out;
  out.name = name;
  out.num_classes = num_classes;
  out.input_bits = input_bits;
  out.features.resize(static_cast<Eigen::Index>(indices.size()), features.cols());
  out.labels.resize(indices.size());
  for (std::size_t i = 0; i < indices.size(); ++i) {
    out.features.row(static_cast<Eigen::Index>(i)) = features.row(indices[i]);
    out.labels[i] = labels[static_cast<std::size_t>(indices[i])];
  }
  return out;
}

}  // namespace landauer

// landauer/data/dataset.h — a labelled classification data set held in memory.
//
//   Dataset data = LoadWorkload("fashion-mnist", ...);   // see workload.h
//   data.features.row(i)   // sample i, float32
//   data.labels[i]         // its class in [0, num_classes)
#ifndef LANDAUER_DATA_DATASET_H_
#define LANDAUER_DATA_DATASET_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "landauer/core/matrix.h"

namespace landauer {

struct Dataset {
  std::string name;
  MatrixF features;                  // n × d, one sample per row
  std::vector<std::int32_t> labels;  // n labels in [0, num_classes)
  int num_classes = 0;
  // The bits one input takes as the data set stores it, before any transform (8 per pixel of an
  // IDX image; log2(17) per feature of sklearn's digits, which take 17 values; 32 per float32
  // feature): what the workload floor of a comparison starts from (methods/workload_floor.h).
  // 0 when unknown.
  double input_bits = 0.0;

  std::int64_t size() const { return static_cast<std::int64_t>(labels.size()); }
  std::int64_t dimension() const { return features.cols(); }
  // Checks that it is not empty (at least one sample of at least one feature), the shapes and
  // the label range; throws std::invalid_argument naming the data set.
  void Validate() const;
  // The rows listed in `indices`, in that order.
  Dataset Subset(const std::vector<std::int64_t>& indices) const;
  // The fraction of `predicted` equal to `labels` (one per sample); throws
  // std::invalid_argument for another count.
  double AccuracyOf(std::span<const std::int32_t> predicted) const;
};

struct TrainTest {
  Dataset train;
  Dataset test;
};

}  // namespace landauer

#endif  // LANDAUER_DATA_DATASET_H_

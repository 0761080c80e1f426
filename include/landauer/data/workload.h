// landauer/data/workload.h — a named workload: data set plus its standard preprocessing.
//
//   WorkloadOptions o;  o.data = "fashion-mnist";  o.pca = 32;
//   TrainTest w = LoadWorkload(o);
//
// `data` is one of:
//   fashion-mnist   /usr/share/datasets/fashion-mnist (Debian dataset-fashion-mnist), the default
//   digits          scikit-learn's 8×8 digits (Debian python3-sklearn); seeded 80/20 split
//   synthetic       seeded Gaussian blobs (synthetic.h)
//   DIR             any MNIST-format directory
// Preprocessing, fitted on the training split only: pixels are scaled to [0, 1] (÷255, ÷16 for
// digits), then standardised with one global mean and std. `binarize` instead thresholds the
// [0, 1] pixels at 0.5. `pca` > 0 projects onto that many principal components. `max_train` and
// `max_test` (> 0) keep only the first samples, for quick runs. Errors name these options by
// their command-line flags (--data, --pca, --max-train, --max-test), as every front end spells
// them.
#ifndef LANDAUER_DATA_WORKLOAD_H_
#define LANDAUER_DATA_WORKLOAD_H_

#include <cstdint>
#include <string>

#include "landauer/data/dataset.h"

namespace landauer {

struct WorkloadOptions {
  std::string data = "fashion-mnist";
  std::uint64_t seed = 0;
  int pca = 0;
  bool binarize = false;
  std::int64_t max_train = 0;
  std::int64_t max_test = 0;
};

TrainTest LoadWorkload(const WorkloadOptions& options);

}  // namespace landauer

#endif  // LANDAUER_DATA_WORKLOAD_H_

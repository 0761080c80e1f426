// landauer/data/synthetic.h — seeded Gaussian blobs, a workload of any size with no files.
//
// Class c has a mean μ_c ~ N(0, separation² I) in d dimensions; its samples are μ_c + N(0, I).
// Labels cycle through the classes, so classes are balanced. Everything comes from
// Rng(seed, "data.synthetic", ...), so the same seed gives the same data on every machine.
#ifndef LANDAUER_DATA_SYNTHETIC_H_
#define LANDAUER_DATA_SYNTHETIC_H_

#include <cstdint>

#include "landauer/data/dataset.h"

namespace landauer {

struct SyntheticOptions {
  std::int64_t train_samples = 4000;
  std::int64_t test_samples = 1000;
  int dimension = 32;
  int classes = 4;
  double separation = 1.5;  // class-mean spread in units of the within-class stddev
};

TrainTest MakeSynthetic(const SyntheticOptions& options, std::uint64_t seed);

}  // namespace landauer

#endif  // LANDAUER_DATA_SYNTHETIC_H_

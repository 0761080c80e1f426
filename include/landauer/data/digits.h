// landauer/data/digits.h — scikit-learn's bundled 8×8 digits, the tiny workload for fast tests.
//
// 1,797 samples of 64 features (pixel counts 0–16) and 10 classes, from the UCI optical
// recognition of handwritten digits set, shipped by Debian's python3-sklearn as digits.csv.gz
// (one sample per line: 64 values then the label). There is no official split: LoadDigits shuffles
// with the seed and holds out `test_fraction` of the samples.
#ifndef LANDAUER_DATA_DIGITS_H_
#define LANDAUER_DATA_DIGITS_H_

#include <cstdint>
#include <string>

#include "landauer/data/dataset.h"

namespace landauer {

inline constexpr const char* kDigitsPath =
    "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz";

TrainTest LoadDigits(const std::string& path, std::uint64_t seed, double test_fraction = 0.2);

}  // namespace landauer

#endif  // LANDAUER_DATA_DIGITS_H_

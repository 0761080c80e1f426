// landauer/methods/workload_floor.h — one Landauer floor per workload, the same for every method.
//
// Each method's own floor counts the bits *it* erases (energy/erasure.h), so it says where a
// method erases, not how close a method is to the physics of the task. The workload floor is
// what any irreversible classifier must erase to turn one input into one answer:
//
//   bits = I − log₂ C,   joules = bits · kT ln 2
//
// with I the bits one input takes as the data set stores it (Dataset::input_bits: 8 per pixel of
// a Fashion-MNIST image, 784 · 8 = 6,272) and C the number of classes. Why: a machine that
// classifies input after input must return to its starting state apart from the answer. At most
// log₂ C bits of the input leave in the answer; the rest is overwritten by the next input, and
// erasing information costs at least kT ln 2 per bit (Landauer 1961; Bennett 1982). I is the
// input's entropy only when every stored input is equally likely, so this is the floor for the
// worst-case input distribution of that size. The entropy-based bound, H(input) − H(answer),
// is lower for natural images, which compress, and no method reports it because H(input) is not
// known.
//
// energy ÷ workload floor is the column that compares methods on one workload.
#ifndef LANDAUER_METHODS_WORKLOAD_FLOOR_H_
#define LANDAUER_METHODS_WORKLOAD_FLOOR_H_

#include <nlohmann/json.hpp>

#include "landauer/core/quantity.h"

namespace landauer {

struct WorkloadFloor {
  double input_bits = 0.0;   // I, per inference
  double answer_bits = 0.0;  // log₂ C
  double bits = 0.0;         // I − log₂ C
  double joules = 0.0;       // bits · kT ln 2
  bool known() const { return bits > 0.0; }
  // energy_j ÷ joules, or null when the floor is not known.
  nlohmann::json RatioJson(double energy_j) const;
  nlohmann::json ToJson() const;
};

// Throws std::invalid_argument for classes < 2 or input_bits < 0 or not finite. input_bits = 0
// (unknown) gives a floor that is not known().
WorkloadFloor ComputeWorkloadFloor(double input_bits, int classes, Kelvin temperature);

}  // namespace landauer

#endif  // LANDAUER_METHODS_WORKLOAD_FLOOR_H_

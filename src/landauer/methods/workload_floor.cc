#include "landauer/methods/workload_floor.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "landauer/physics/bounds.h"

namespace landauer {

nlohmann::json WorkloadFloor::RatioJson(double energy_j) const {
  return known() ? nlohmann::json(energy_j / joules) : nlohmann::json(nullptr);
}

nlohmann::json WorkloadFloor::ToJson() const {
  return {{"input_bits", input_bits},
          {"answer_bits", answer_bits},
          {"bits", bits},
          {"j_per_inference", known() ? nlohmann::json(joules) : nlohmann::json(nullptr)},
          {"definition", "input bits as stored - log2(classes), times kT ln 2 (docs/ledger.md)"}};
}

WorkloadFloor ComputeWorkloadFloor(double input_bits, int classes, Kelvin temperature) {
  if (classes < 2 || !std::isfinite(input_bits) || input_bits < 0.0) {
    throw std::invalid_argument(
        fmt::format("ComputeWorkloadFloor: needs input_bits >= 0 and at least 2 classes, got {} "
                    "bits and {} classes",
                    input_bits,
                    classes));
  }
  WorkloadFloor floor;
  floor.input_bits = input_bits;
  floor.answer_bits = std::log2(static_cast<double>(classes));
  if (input_bits > floor.answer_bits) {
    floor.bits = input_bits - floor.answer_bits;
    floor.joules = floor.bits * physics::LandauerBound(temperature).value();
  }
  return floor;
}

}  // namespace landauer

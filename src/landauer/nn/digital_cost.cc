#include "landauer/nn/digital_cost.h"

#include <algorithm>
#include <stdexcept>

#include "landauer/energy/erasure.h"

namespace landauer::nn {

std::string_view MemoryLevels::LevelFor(double bits) const {
  if (bits <= sram_small_bits) return "sram_small";
  if (bits <= sram_large_bits) return "sram_large";
  return "dram";
}

DigitalCostModel::DigitalCostModel(MlpSpec spec, Precision precision, MemoryLevels levels)
    : spec_(std::move(spec)), precision_(precision), levels_(levels) {
  for (int l = 0; l < spec_.num_layers(); ++l) {
    parameters_ += std::int64_t{spec_.widths[l + 1]} * (spec_.widths[l] + 1);
  }
  max_width_ = *std::max_element(spec_.widths.begin(), spec_.widths.end());
}

void DigitalCostModel::CountForward(Ledger& ledger,
                                    std::string_view phase,
                                    std::int64_t rows) const {
  const double p = BitsOf(precision_);
  const double b = static_cast<double>(rows);
  const std::string_view weight_level = levels_.LevelFor(static_cast<double>(parameters_) * p);
  const std::string_view activation_level = levels_.LevelFor(2.0 * b * max_width_ * p);
  for (int l = 0; l < spec_.num_layers(); ++l) {
    const double in = spec_.widths[l], out = spec_.widths[l + 1];
    CountForwardMacs(ledger, phase, b * out * (in + 1));
    ledger.Count(phase, weight_level, "read_bit", out * (in + 1) * p);
    ledger.Count(phase, activation_level, "read_bit", b * in * p);
    CountWithErasure(ledger, phase, activation_level, "write_bit", b * out * p);
    if (precision_ == Precision::kInt8) {
      CountWithErasure(ledger, phase, "alu", "fp32_mac", b * (in + out));
    }
  }
}

void DigitalCostModel::CountForwardMacs(Ledger& ledger, std::string_view phase, double macs) const {
  CountWithErasure(ledger, phase, "alu", std::string(ToString(precision_)) + "_mac", macs);
}

void DigitalCostModel::CountBackward(Ledger& ledger,
                                     std::string_view phase,
                                     std::int64_t rows) const {
  constexpr double p = 32.0;
  const double b = static_cast<double>(rows);
  const std::string_view weight_level = levels_.LevelFor(static_cast<double>(parameters_) * p);
  const std::string_view activation_level = levels_.LevelFor(2.0 * b * max_width_ * p);
  for (int l = 0; l < spec_.num_layers(); ++l) {
    const double in = spec_.widths[l], out = spec_.widths[l + 1];
    const bool input_gradient = l > 0;
    CountWithErasure(ledger,
                     phase,
                     "alu",
                     "fp32_mac",
                     b * out * (in + 1) + (input_gradient ? b * out * in : 0.0));
    ledger.Count(phase, weight_level, "read_bit", input_gradient ? out * in * p : 0.0);
    ledger.Count(phase, activation_level, "read_bit", b * out * p + b * in * p);
    CountWithErasure(ledger, phase, weight_level, "write_bit", out * (in + 1) * p);
    if (input_gradient) CountWithErasure(ledger, phase, activation_level, "write_bit", b * in * p);
  }
}

void CountOptimizerUpdate(Ledger& ledger,
                          std::string_view phase,
                          double parameters,
                          int macs_per_parameter,
                          int state_buffers,
                          const MemoryLevels& levels,
                          double steps) {
  const double n = parameters;
  const std::string_view level = levels.LevelFor(n * 32.0 * (2 + state_buffers));
  CountWithErasure(ledger, phase, "alu", "fp32_mac", steps * n * macs_per_parameter);
  ledger.Count(phase, level, "read_bit", steps * n * 32.0 * (2 + state_buffers));
  CountWithErasure(ledger, phase, level, "write_bit", steps * n * 32.0 * (1 + state_buffers));
}

void DigitalCostModel::CountOptimizerStep(Ledger& ledger,
                                          std::string_view phase,
                                          int macs_per_parameter,
                                          int state_buffers) const {
  CountOptimizerUpdate(
      ledger, phase, static_cast<double>(parameters_), macs_per_parameter, state_buffers, levels_);
}

}  // namespace landauer::nn

#include "landauer/analog/analog_cost.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "landauer/energy/erasure.h"

namespace landauer::analog {
namespace {

std::string Converter(int bits, const char* which, double conversions) {
  if (bits == 0 && conversions > 0.0) {
    throw std::invalid_argument(fmt::format(
        "an ideal {} (0 bits) has no price; give the tiles {} bits to count their energy",
        which,
        which));
  }
  return fmt::format("convert_{}b", bits);
}

}  // namespace

void CountAnalogWork(Ledger& ledger,
                     std::string_view phase,
                     const AnalogWork& work,
                     const TileParams& tile,
                     int write_verify_iterations) {
  if (work.dac_conversions > 0.0) {
    CountWithErasure(ledger,
                     phase,
                     "dac",
                     Converter(tile.dac_bits, "dac", work.dac_conversions),
                     work.dac_conversions);
  }
  if (work.adc_conversions > 0.0) {
    CountWithErasure(ledger,
                     phase,
                     "adc",
                     Converter(tile.adc_bits, "adc", work.adc_conversions),
                     work.adc_conversions);
  }
  if (work.conductance_pulses_us > 0.0) {
    CountWithErasure(ledger, phase, "crossbar", "read_us_pulse", work.conductance_pulses_us);
  }
  if (work.devices_programmed > 0.0) {
    CountWithErasure(ledger,
                     phase,
                     "crossbar",
                     "program_pulse",
                     work.devices_programmed * write_verify_iterations);
    CountWithErasure(ledger, phase, "dac", "convert_8b", work.devices_programmed);
  }
  if (work.digital_macs > 0.0) {
    CountWithErasure(ledger, phase, "alu", "fp32_mac", work.digital_macs);
  }
}

AnalogCostModel::AnalogCostModel(nn::MlpSpec spec, nn::MemoryLevels levels)
    : spec_(spec), levels_(levels), host_(std::move(spec), nn::Precision::kFp32, levels) {}

void AnalogCostModel::CountForward(Ledger& ledger,
                                   std::string_view phase,
                                   std::int64_t rows) const {
  constexpr double p = 32.0;
  const double b = static_cast<double>(rows);
  const int widest = *std::max_element(spec_.widths.begin(), spec_.widths.end());
  const std::string_view level = levels_.LevelFor(2.0 * b * widest * p);
  for (int l = 0; l < spec_.num_layers(); ++l) {
    const double in = spec_.widths[l], out = spec_.widths[l + 1];
    CountWithErasure(ledger, phase, "alu", "fp32_mac", b * out);  // the bias
    ledger.Count(phase, level, "read_bit", b * in * p);
    CountWithErasure(ledger, phase, level, "write_bit", b * out * p);
  }
}

void AnalogCostModel::CountBackward(Ledger& ledger,
                                    std::string_view phase,
                                    std::int64_t rows) const {
  host_.CountBackward(ledger, phase, rows);
}

void AnalogCostModel::CountOptimizerStep(Ledger& ledger,
                                         std::string_view phase,
                                         int macs_per_parameter,
                                         int state_buffers) const {
  host_.CountOptimizerStep(ledger, phase, macs_per_parameter, state_buffers);
}

}  // namespace landauer::analog

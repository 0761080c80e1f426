// landauer/analog/analog_cost.h — what crossbar tiles do, counted into the ledger.
//
// The tiles count their work (AnalogWork, crossbar.h); this file turns it into actions, which a
// table prices (data/hardware/pcm-analog.toml, reram-analog.toml):
//   (dac, convert_<b>b)         one per row per tile read (b = the DAC's bits; a row whose input
//                               is 0 still converts), bound-management re-reads included
//   (adc, convert_<b>b)         one per column per tile read
//   (crossbar, read_us_pulse)   Σ |q_i| Σ_j (G⁺ + G⁻) in µS·pulse: the array's own dissipation,
//                               V_read² · G · t_pulse per µS driven for one full-scale pulse
//   (crossbar, program_pulse)   devices programmed × write-verify iterations: one program pulse
//                               and its verify read
//   (alu, fp32_mac)             the digital periphery: input ranges, per-column scales and partial
//                               sums (priced on the run's digital table)
// Bits erased (energy/erasure.h): the converters' bits; the crossbar's analog actions store no
// bit (a programmed conductance holds the value the DAC-driven write-verify loop set; each
// device programmed counts one (dac, convert_8b) for its target, as a heater's setting does on the
// optical chip).
//
// AnalogCostModel counts an MLP's inference on tiles for nn::Evaluate: the bias adds and the
// activations' memory traffic around the tiles; the tile reads are counted as they happen
// (analog_engine.h), because bound management makes them depend on the data.
#ifndef LANDAUER_ANALOG_ANALOG_COST_H_
#define LANDAUER_ANALOG_ANALOG_COST_H_

#include <string_view>

#include "landauer/analog/crossbar.h"
#include "landauer/energy/ledger.h"
#include "landauer/nn/digital_cost.h"

namespace landauer::analog {

// Counts `work` done by tiles with `tile`'s converters; throws std::invalid_argument for an ideal
// (0-bit) converter that did work, which has no price.
void CountAnalogWork(Ledger& ledger,
                     std::string_view phase,
                     const AnalogWork& work,
                     const TileParams& tile,
                     int write_verify_iterations);

class AnalogCostModel final : public nn::CostModel {
 public:
  explicit AnalogCostModel(nn::MlpSpec spec, nn::MemoryLevels levels = {});
  void CountForward(Ledger& ledger, std::string_view phase, std::int64_t rows) const override;
  // The host's: ideal backward pass and update in fp32 (nn::DigitalCostModel).
  void CountBackward(Ledger& ledger, std::string_view phase, std::int64_t rows) const override;
  void CountOptimizerStep(Ledger& ledger,
                          std::string_view phase,
                          int macs_per_parameter,
                          int state_buffers) const override;

 private:
  nn::MlpSpec spec_;
  nn::MemoryLevels levels_;
  nn::DigitalCostModel host_;
};

}  // namespace landauer::analog

#endif  // LANDAUER_ANALOG_ANALOG_COST_H_

// landauer/thermo/spu_cost.h — what an SPU does, counted: its actions, their counting, its time.
//
// The SPU's vocabulary, priced by data/hardware/spu.toml (its digital host's work is priced by the
// run's digital table):
//   link.bit             one bit over the host ↔ device link (TNGD App. C: 50 Gb/s)
//   dac.convert_<n>b     one n-bit digital-to-analog conversion (programming b or a gradient)
//   adc.convert_<n>b     one n-bit analog-to-digital conversion (reading a cell)
//   spu.cell_tau         one unit cell running for one time constant τ
//   spu.resistor_tau     one coupling resistor carrying signal for one τ (V² τ / R)
//   spu.resistor_write   one programmable resistor written (program-and-verify)
// Bits erased: every bit that crosses the link lands in a register (a programmed resistor value
// or DAC latch on the device, an ADC output register read back by the host) and overwrites what
// was there, so each transferred bit is one bit erased. Ideal converters and couplings (0 bits in
// SpuParams) are priced as 16-bit ones (PricedBits), as TNGD App. C assumes.
//
// Callers: `landauer thermo` (CountTlaRun, TlaDeviceSeconds) and thermo::Tngd, which counts each
// iteration with the same functions (tngd.h). Nothing outside thermo/ names these actions.
//
//   Ledger ledger = CountTlaRun(spu.params(), result, /*programs_rhs=*/true);
//   double seconds = TlaDeviceSeconds(spu, result);
#ifndef LANDAUER_THERMO_SPU_COST_H_
#define LANDAUER_THERMO_SPU_COST_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "landauer/energy/energy_report.h"
#include "landauer/energy/ledger.h"
#include "landauer/energy/roofline.h"
#include "landauer/thermo/linear_algebra.h"
#include "landauer/thermo/spu.h"

namespace landauer::thermo {

inline constexpr Action kLinkBit{"link", "bit"};
inline constexpr Action kCellTau{"spu", "cell_tau"};
inline constexpr Action kResistorTau{"spu", "resistor_tau"};
inline constexpr Action kResistorWrite{"spu", "resistor_write"};
inline constexpr std::string_view kDac = "dac";
inline constexpr std::string_view kAdc = "adc";

// The converter action for `bits`: "convert_16b".
std::string ConvertAction(int bits);
// The width an SPU setting is priced at: `bits`, or 16 for an ideal (0) setting.
int PricedBits(int bits);
// Every action an SPU with these converter widths can count (for the shipped-table test).
std::vector<std::pair<std::string, std::string>> SpuActions(int dac_bits = 16, int adc_bits = 16);

// `bits` bits over the link in `phase`; each overwrites the register it lands in (one bit erased).
void CountLinkTransfer(Ledger& ledger, std::string_view phase, double bits);
// `conversions` DAC or ADC conversions of `bits` bits.
void CountDacConversions(Ledger& ledger, std::string_view phase, double conversions, int bits);
void CountAdcConversions(Ledger& ledger, std::string_view phase, double conversions, int bits);
// `cells` unit cells running for `duration_tau` τ each.
void CountCellTime(Ledger& ledger, std::string_view phase, double cells, double duration_tau);
// `resistors` coupling resistors written, and carrying signal for `duration_tau` τ each.
void CountResistorWrites(Ledger& ledger, std::string_view phase, double resistors);
void CountResistorTime(Ledger& ledger,
                       std::string_view phase,
                       double resistors,
                       double duration_tau);

// Thermodynamic linear algebra on the device, in three phases:
//   program  d² coupling values (and, with `programs_rhs`, d DAC conversions of b) over the link,
//            written into d² resistors per chain;
//   run      d cells and d² resistors per chain for the analog time;
//   read     d × chains × samples ADC conversions, each sent back over the link.
Ledger CountTlaRun(const SpuParams& params, const TlaResult& result, bool programs_rhs);

// Modelled device time of a TLA run: programming over the link (Spu::ProgrammingSeconds), then the
// longer of the analog time × τ and the read-outs at the sample rate (the device is sampled while
// it runs), and the delay t_d.
double TlaDeviceSeconds(const Spu& spu, const TlaResult& result);

// TNGD App. C's training time, the one model `train --optimizer tngd` and `compare`'s tngd-mlp
// share: each step runs, in sequence, the digital work (the roofline of the digital units at
// their peak rates, energy/roofline.h), the link transfers, converter conversions and resistor
// writes at the table's rates (a component the table gives no time is listed untimed), and the
// device's analog time (t + t_d) τ. `phase` is the priced training phase of `steps` steps; busy_s
// holds "digital", "link", "dac", "adc", "resistor_write" and "spu", and seconds is their sum.
ModelledTime TngdTrainingTime(const PhaseReport& phase,
                              std::int64_t steps,
                              double analog_s_per_step);

}  // namespace landauer::thermo

#endif  // LANDAUER_THERMO_SPU_COST_H_

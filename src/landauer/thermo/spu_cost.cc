#include "landauer/thermo/spu_cost.h"

#include <fmt/format.h>

#include <algorithm>

#include "landauer/energy/erasure.h"

namespace landauer::thermo {

std::string ConvertAction(int bits) { return fmt::format("convert_{}b", bits); }

int PricedBits(int bits) { return bits == 0 ? 16 : bits; }

std::vector<std::pair<std::string, std::string>> SpuActions(int dac_bits, int adc_bits) {
  return {{std::string(kLinkBit.component), std::string(kLinkBit.action)},
          {std::string(kCellTau.component), std::string(kCellTau.action)},
          {std::string(kResistorTau.component), std::string(kResistorTau.action)},
          {std::string(kResistorWrite.component), std::string(kResistorWrite.action)},
          {std::string(kDac), ConvertAction(PricedBits(dac_bits))},
          {std::string(kAdc), ConvertAction(PricedBits(adc_bits))}};
}

void CountLinkTransfer(Ledger& ledger, std::string_view phase, double bits) {
  CountWithErasure(ledger, phase, kLinkBit, bits);
}

void CountDacConversions(Ledger& ledger, std::string_view phase, double conversions, int bits) {
  CountWithErasure(ledger, phase, kDac, ConvertAction(bits), conversions);
}

void CountAdcConversions(Ledger& ledger, std::string_view phase, double conversions, int bits) {
  CountWithErasure(ledger, phase, kAdc, ConvertAction(bits), conversions);
}

void CountCellTime(Ledger& ledger, std::string_view phase, double cells, double duration_tau) {
  ledger.Count(phase, kCellTau, cells * duration_tau);
}

void CountResistorWrites(Ledger& ledger, std::string_view phase, double resistors) {
  CountWithErasure(ledger, phase, kResistorWrite, resistors);
}

void CountResistorTime(Ledger& ledger,
                       std::string_view phase,
                       double resistors,
                       double duration_tau) {
  CountWithErasure(ledger, phase, kResistorTau, resistors * duration_tau);
}

Ledger CountTlaRun(const SpuParams& params, const TlaResult& result, bool programs_rhs) {
  Ledger ledger;
  const double d = params.dimension, chains = result.chains;
  const int dac_bits = PricedBits(params.dac_bits), adc_bits = PricedBits(params.adc_bits);
  const int coupling_bits = PricedBits(params.coupling_bits);
  CountLinkTransfer(ledger, "program", d * d * coupling_bits + (programs_rhs ? d * dac_bits : 0.0));
  if (programs_rhs) CountDacConversions(ledger, "program", d, dac_bits);
  CountResistorWrites(ledger, "program", d * d * chains);
  CountCellTime(ledger, "run", d * chains, result.analog_time_tau);
  CountResistorTime(ledger, "run", d * d * chains, result.analog_time_tau);
  const double reads = d * chains * static_cast<double>(result.samples);
  CountAdcConversions(ledger, "read", reads, adc_bits);
  CountLinkTransfer(ledger, "read", reads * adc_bits);
  return ledger;
}

double TlaDeviceSeconds(const Spu& spu, const TlaResult& result) {
  const SpuParams& p = spu.params();
  return spu.ProgrammingSeconds() +
         std::max(result.analog_time_tau * p.tau_s,
                  static_cast<double>(result.samples) / p.sample_rate_hz) +
         p.delay_s;
}

ModelledTime TngdTrainingTime(const PhaseReport& phase,
                              std::int64_t steps,
                              double analog_s_per_step) {
  const std::vector<std::string> device = {"link", "spu", "dac", "adc"};
  const ModelledTime digital = Roofline(phase, device);
  ModelledTime time;
  time.busy_s["digital"] = digital.seconds;
  time.untimed = digital.untimed;
  for (const PricedAction& action : phase.actions) {
    const bool write =
        action.component == kResistorWrite.component && action.action == kResistorWrite.action;
    if (action.component != "link" && action.component != "dac" && action.component != "adc" &&
        !write) {
      continue;
    }
    const std::string unit = write ? std::string(kResistorWrite.action) : action.component;
    if (action.has_time) {
      time.busy_s[unit] += action.time_at_peak_s;
    } else if (std::find(time.untimed.begin(), time.untimed.end(), unit) == time.untimed.end()) {
      time.untimed.push_back(unit);
    }
  }
  time.busy_s["spu"] = static_cast<double>(std::max<std::int64_t>(0, steps)) * analog_s_per_step;
  time.TakeBusiest();  // bound_by: the largest share
  time.seconds = 0.0;
  for (const auto& [unit, busy] : time.busy_s) time.seconds += busy;
  time.model =
      "TNGD App. C: digital roofline + link + converters + resistor writes + analog time, in "
      "sequence";
  return time;
}

}  // namespace landauer::thermo

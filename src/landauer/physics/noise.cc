#include "landauer/physics/noise.h"

#include "landauer/core/argument_checks.h"
#include "landauer/physics/constants.h"

namespace landauer::physics {

SquareVolts KtcNoiseVariance(Kelvin temperature, Farads capacitance) {
  CheckPositive("KtcNoiseVariance", "temperature", temperature.value(), "K");
  CheckPositive("KtcNoiseVariance", "capacitance", capacitance.value(), "F");
  return SquareVolts(kBoltzmannJPerK * temperature.value() / capacitance.value());
}

Volts KtcNoiseVoltage(Kelvin temperature, Farads capacitance) {
  return Sqrt(KtcNoiseVariance(temperature, capacitance));
}

Coulombs KtcNoiseCharge(Kelvin temperature, Farads capacitance) {
  CheckPositive("KtcNoiseCharge", "temperature", temperature.value(), "K");
  CheckPositive("KtcNoiseCharge", "capacitance", capacitance.value(), "F");
  return Coulombs(std::sqrt(kBoltzmannJPerK * temperature.value() * capacitance.value()));
}

Volts JohnsonNoiseVoltage(Kelvin temperature, Ohms resistance, Hertz bandwidth) {
  CheckPositive("JohnsonNoiseVoltage", "temperature", temperature.value(), "K");
  CheckPositive("JohnsonNoiseVoltage", "resistance", resistance.value(), "ohm");
  CheckPositive("JohnsonNoiseVoltage", "bandwidth", bandwidth.value(), "Hz");
  return Volts(std::sqrt(4.0 * kBoltzmannJPerK * temperature.value() * resistance.value() *
                         bandwidth.value()));
}

SquareAmperes ShotNoiseVariance(Amperes current, Hertz bandwidth) {
  CheckNonNegative("ShotNoiseVariance", "current", current.value(), "A");
  CheckPositive("ShotNoiseVariance", "bandwidth", bandwidth.value(), "Hz");
  return SquareAmperes(2.0 * kElementaryChargeC * current.value() * bandwidth.value());
}

Amperes ShotNoiseCurrent(Amperes current, Hertz bandwidth) {
  return Sqrt(ShotNoiseVariance(current, bandwidth));
}

}  // namespace landauer::physics

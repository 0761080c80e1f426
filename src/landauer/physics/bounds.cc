#include "landauer/physics/bounds.h"

#include <cmath>
#include <numbers>

#include "landauer/core/argument_checks.h"
#include "landauer/physics/constants.h"

namespace landauer::physics {

Joules ThermalEnergy(Kelvin temperature) {
  CheckPositive("ThermalEnergy", "temperature", temperature.value(), "K");
  return Joules(kBoltzmannJPerK * temperature.value());
}

Joules LandauerBound(Kelvin temperature) {
  CheckPositive("LandauerBound", "temperature", temperature.value(), "K");
  return Joules(kBoltzmannJPerK * temperature.value() * kLn2);
}

Joules PartialErasureBound(Kelvin temperature, double error_probability) {
  CheckPositive("PartialErasureBound", "temperature", temperature.value(), "K");
  CheckInInterval("PartialErasureBound",
                  "error_probability",
                  error_probability,
                  "",
                  0.0,
                  Bound::kClosed,
                  0.5,
                  Bound::kClosed);
  const double p = error_probability;
  const double p_log_p = p > 0.0 ? p * std::log(p) : 0.0;
  const double q_log_q = (1.0 - p) * std::log1p(-p);
  // ln 2 - H(p) ≥ 0; clamp the rounding residue at p = 1/2 to exactly zero.
  const double nats = std::max(0.0, kLn2 + p_log_p + q_log_q);
  return Joules(kBoltzmannJPerK * temperature.value() * nats);
}

Joules FiniteTimeErasureBound(Kelvin temperature, Seconds duration, JouleSeconds coefficient) {
  CheckPositive("FiniteTimeErasureBound", "temperature", temperature.value(), "K");
  CheckPositive("FiniteTimeErasureBound", "duration", duration.value(), "s");
  CheckNonNegative("FiniteTimeErasureBound", "coefficient", coefficient.value(), "J s");
  return LandauerBound(temperature) + Joules(coefficient.value() / duration.value());
}

JouleSeconds OptimalTransportErasureCoefficient(Kelvin temperature,
                                                Meters well_separation,
                                                SquareMetersPerSecond diffusion) {
  CheckPositive("OptimalTransportErasureCoefficient", "temperature", temperature.value(), "K");
  CheckPositive(
      "OptimalTransportErasureCoefficient", "well_separation", well_separation.value(), "m");
  CheckPositive("OptimalTransportErasureCoefficient", "diffusion", diffusion.value(), "m^2/s");
  const double l = well_separation.value();
  return JouleSeconds(kBoltzmannJPerK * temperature.value() * l * l / (2.0 * diffusion.value()));
}

SquareMetersPerSecond StokesEinsteinDiffusion(Kelvin temperature,
                                              double viscosity_pa_s,
                                              Meters radius) {
  CheckPositive("StokesEinsteinDiffusion", "temperature", temperature.value(), "K");
  CheckPositive("StokesEinsteinDiffusion", "viscosity", viscosity_pa_s, "Pa s");
  CheckPositive("StokesEinsteinDiffusion", "radius", radius.value(), "m");
  return SquareMetersPerSecond(kBoltzmannJPerK * temperature.value() /
                               (6.0 * std::numbers::pi * viscosity_pa_s * radius.value()));
}

Joules RetentionBarrier(Kelvin temperature, double error_probability) {
  CheckPositive("RetentionBarrier", "temperature", temperature.value(), "K");
  CheckInInterval("RetentionBarrier",
                  "error_probability",
                  error_probability,
                  "",
                  0.0,
                  Bound::kOpen,
                  0.5,
                  Bound::kClosed);
  return Joules(kBoltzmannJPerK * temperature.value() * -std::log(error_probability));
}

}  // namespace landauer::physics

// landauer/physics/noise.h — thermal and shot noise, the floors for analog signals.
//
//   Volts v = KtcNoiseVoltage(Kelvin(300), Farads(1e-15));  // 2.03 mV rms on 1 fF
//   Amperes i = ShotNoiseCurrent(Amperes(1e-6), Hertz(1e9)); // 17.9 nA rms
#ifndef LANDAUER_PHYSICS_NOISE_H_
#define LANDAUER_PHYSICS_NOISE_H_

#include "landauer/core/quantity.h"

namespace landauer::physics {

// kT/C noise: the variance of the voltage on a capacitor C in equilibrium with a resistor at T,
// independent of R (equipartition, ½ C⟨v²⟩ = ½ kT):
//   \f[ \langle v^2 \rangle = k T / C \f]
// J. B. Johnson, Phys. Rev. 32, 97 (1928); H. Nyquist, Phys. Rev. 32, 110 (1928).
SquareVolts KtcNoiseVariance(Kelvin temperature, Farads capacitance);
Volts KtcNoiseVoltage(Kelvin temperature, Farads capacitance);
// The matching charge noise, sqrt(kT C).
Coulombs KtcNoiseCharge(Kelvin temperature, Farads capacitance);

// Johnson–Nyquist voltage noise of a resistor R over a bandwidth Δf: ⟨v²⟩ = 4 k T R Δf.
Volts JohnsonNoiseVoltage(Kelvin temperature, Ohms resistance, Hertz bandwidth);

// Shot noise of a DC current I over a bandwidth Δf (Schottky 1918):
//   \f[ \langle i^2 \rangle = 2 q I \Delta f \f]
SquareAmperes ShotNoiseVariance(Amperes current, Hertz bandwidth);
Amperes ShotNoiseCurrent(Amperes current, Hertz bandwidth);

}  // namespace landauer::physics

#endif  // LANDAUER_PHYSICS_NOISE_H_

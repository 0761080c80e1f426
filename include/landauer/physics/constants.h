// landauer/physics/constants.h — exact SI-2019 defining constants and their consequences.
//
// Since 20 May 2019 the SI fixes these constants exactly (BIPM, "The International System of
// Units", 9th edition, 2019, Table 1). They are written here as the defined decimal values.
#ifndef LANDAUER_PHYSICS_CONSTANTS_H_
#define LANDAUER_PHYSICS_CONSTANTS_H_

#include <numbers>

#include "landauer/core/quantity.h"

namespace landauer::physics {

// Boltzmann constant k, exactly 1.380649e-23 J/K.
inline constexpr double kBoltzmannJPerK = 1.380649e-23;
// Elementary charge e, exactly 1.602176634e-19 C.
inline constexpr double kElementaryChargeC = 1.602176634e-19;
// Planck constant h, exactly 6.62607015e-34 J s.
inline constexpr double kPlanckJS = 6.62607015e-34;
// Speed of light in vacuum c, exactly 299792458 m/s.
inline constexpr double kSpeedOfLightMPerS = 299792458.0;
// Avogadro constant N_A, exactly 6.02214076e23 1/mol.
inline constexpr double kAvogadroPerMol = 6.02214076e23;
// Caesium hyperfine frequency, exactly 9192631770 Hz.
inline constexpr double kCaesiumHyperfineHz = 9192631770.0;
// Luminous efficacy of 540 THz radiation, exactly 683 lm/W.
inline constexpr double kLuminousEfficacyLmPerW = 683.0;

// Derived, exact by definition: 1 eV = e × 1 V.
inline constexpr double kElectronVoltJ = kElementaryChargeC;
// ln 2, the entropy of one bit in nats.
inline constexpr double kLn2 = std::numbers::ln2;

inline constexpr JoulesPerKelvin kBoltzmann{kBoltzmannJPerK};

// Room temperature used as the default throughout landauer, 300 K.
inline constexpr Kelvin kRoomTemperature{300.0};

}  // namespace landauer::physics

#endif  // LANDAUER_PHYSICS_CONSTANTS_H_

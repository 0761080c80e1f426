// landauer/physics/bounds.h — physical lower bounds on the energy of computing.
//
//   Joules floor = LandauerBound(Kelvin(300));              // 2.8710e-21 J
//   Joules partial = PartialErasureBound(Kelvin(300), 1e-3); // erase to error 0.1 %
//   Joules fast = FiniteTimeErasureBound(Kelvin(300), Seconds(1e-6), JouleSeconds(1e-27));
//   Joules barrier = RetentionBarrier(Kelvin(300), 1e-20);   // ≈ 46 kT
//
// Every function validates its arguments (std::domain_error naming the function, parameter,
// value and unit) and states its formula and source below.
#ifndef LANDAUER_PHYSICS_BOUNDS_H_
#define LANDAUER_PHYSICS_BOUNDS_H_

#include "landauer/core/quantity.h"

namespace landauer::physics {

// Thermal energy kT.
Joules ThermalEnergy(Kelvin temperature);

// Landauer bound: the least heat released when one bit is erased at temperature T,
//   \f[ E_L = k T \ln 2 \f]
// R. Landauer, "Irreversibility and heat generation in the computing process",
// IBM J. Res. Dev. 5, 183 (1961). 2.8710e-21 J at 300 K. Requires T > 0.
Joules LandauerBound(Kelvin temperature);

// Bound for erasing a bit to a residual error probability p (the bit ends in the wrong state with
// probability p), from a uniform initial bit:
//   \f[ E \ge k T \,[\ln 2 + p \ln p + (1-p)\ln(1-p)] = k T\,[\ln 2 - H(p)] \f]
// with H the binary entropy in nats: the entropy removed is ln 2 − H(p). p = 0 gives kT ln 2
// (using p ln p → 0); p = 1/2 gives 0 (nothing erased). Requires 0 ≤ p ≤ 1/2.
// Sources: the entropy-change form of Landauer's principle, e.g. Gammaitoni, "Beating the
// Landauer's limit by trading energy with uncertainty", arXiv:1111.2937; Bérut et al., Nature
// 483, 187 (2012), which reports erasure with finite success probability. log1p keeps
// (1−p) ln(1−p) accurate for small p.
Joules PartialErasureBound(Kelvin temperature, double error_probability);

// Finite-time erasure: erasing within a time τ costs at least
//   \f[ W_{min}(\tau) = k T \ln 2 + C / \tau \f]
// K. Proesmans, J. Ehrich & J. Bechhoefer, "Finite-time Landauer principle",
// Phys. Rev. Lett. 125, 100602 (2020), arXiv:2006.03242. The coefficient C (J·s) depends on the
// physical system: it grows with the square of the system size and with the variance of the
// microstate distribution, and falls with the mobility. OptimalTransportErasureCoefficient gives
// C for an overdamped particle. Requires T > 0, τ > 0, C ≥ 0.
Joules FiniteTimeErasureBound(Kelvin temperature, Seconds duration, JouleSeconds coefficient);

// C for an overdamped Brownian bit: the particle sits in one of two wells a distance ℓ apart and
// diffuses with coefficient D. Erasure must move half of the probability mass a distance ℓ, so
// the squared L2-Wasserstein distance between start and end is W₂² = ℓ²/2, and the least
// dissipation in time τ is kT·W₂²/(D τ) (Aurell, Mejía-Monasterio & Muratore-Ginanneschi,
// PRL 106, 250601 (2011); the transport bound that Proesmans et al. 2020 evaluate):
//   \f[ C = k T\, \ell^2 / (2 D) \f]
// Requires ℓ > 0 and D > 0.
JouleSeconds OptimalTransportErasureCoefficient(Kelvin temperature,
                                                Meters well_separation,
                                                SquareMetersPerSecond diffusion);

// Stokes–Einstein diffusion coefficient of a sphere of radius r in a fluid of viscosity η:
//   \f[ D = k T / (6 \pi \eta r) \f]   (η in Pa·s).
SquareMetersPerSecond StokesEinsteinDiffusion(Kelvin temperature,
                                              double viscosity_pa_s,
                                              Meters radius);

// The barrier that keeps a stored bit with error probability p per retention interval: with
// Arrhenius escape, p ≈ exp(−E_b / kT), so
//   \f[ E_b = k T \ln(1/p) \f]
// (≈ 46 kT for p = 1e-20). The signal energy, not the dissipation: adiabatic logic can recover
// most of it (Frank; see docs/cli.md, `landauer limits`). Zhirnov & Cavin give ≥ 2 kT ln(1/p) for a
// time-modulated switch (PubMed 24220310); use RetentionBarrier(T, p) * 2 for that variant.
// Requires 0 < p ≤ 1/2.
Joules RetentionBarrier(Kelvin temperature, double error_probability);

}  // namespace landauer::physics

#endif  // LANDAUER_PHYSICS_BOUNDS_H_

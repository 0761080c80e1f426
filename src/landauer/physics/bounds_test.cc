#include "landauer/physics/bounds.h"

#include <gtest/gtest.h>

#include <cmath>

#include "expect_near_rel.h"
#include "landauer/physics/constants.h"
#include "tolerances.h"

namespace landauer::physics {
namespace {

using testing::kClosedFormRel;
using testing::kFiveDigitRel;

TEST(Constants, AreTheExactSi2019Values) {
  EXPECT_EQ(kBoltzmannJPerK, 1.380649e-23);
  EXPECT_EQ(kElementaryChargeC, 1.602176634e-19);
  EXPECT_EQ(kPlanckJS, 6.62607015e-34);
  EXPECT_EQ(kSpeedOfLightMPerS, 299792458.0);
  EXPECT_EQ(kAvogadroPerMol, 6.02214076e23);
}

// The pinned value: kT ln 2 at 300 K = 2.8710e-21 J (five significant digits).
TEST(LandauerBound, Is2_8710e_21JoulesAt300K) {
  EXPECT_NEAR_REL(LandauerBound(Kelvin(300)).value(), 2.8710e-21, kFiveDigitRel);
  EXPECT_NEAR_REL(
      LandauerBound(Kelvin(300)).value(), 1.380649e-23 * 300 * std::log(2.0), kClosedFormRel);
  // 0.0179 eV at 300 K; linear in T.
  EXPECT_NEAR_REL(LandauerBound(Kelvin(300)).value() / kElectronVoltJ, 0.017918, 1e-4);
  EXPECT_NEAR_REL(
      LandauerBound(Kelvin(600)).value(), 2 * LandauerBound(Kelvin(300)).value(), kClosedFormRel);
}

TEST(LandauerBound, RejectsNonPositiveTemperature) {
  EXPECT_THROW(LandauerBound(Kelvin(0)), std::domain_error);
  EXPECT_THROW(LandauerBound(Kelvin(-1)), std::domain_error);
  EXPECT_THROW(LandauerBound(Kelvin(std::nan(""))), std::domain_error);
}

TEST(PartialErasureBound, EndpointsAreKTln2AndZero) {
  const Kelvin t(300);
  // p = 0: a perfect erasure costs the full Landauer bound (p ln p -> 0).
  EXPECT_NEAR_REL(PartialErasureBound(t, 0.0).value(), LandauerBound(t).value(), kClosedFormRel);
  // p = 1/2: the bit is left random, nothing is erased, nothing is owed.
  EXPECT_EQ(PartialErasureBound(t, 0.5).value(), 0.0);
}

TEST(PartialErasureBound, MatchesBinaryEntropyInTheInterior) {
  const Kelvin t(300);
  for (double p : {1e-12, 1e-6, 0.01, 0.11, 0.3, 0.49}) {
    const long double pl = p;
    const long double entropy_nats = -pl * std::log(pl) - (1 - pl) * std::log(1 - pl);
    const double expected =
        static_cast<double>(1.380649e-23L * 300 * (std::log(2.0L) - entropy_nats));
    EXPECT_NEAR_REL(PartialErasureBound(t, p).value(), expected, 1e-10) << "p = " << p;
  }
  // Decreasing in p.
  EXPECT_GT(PartialErasureBound(t, 0.1).value(), PartialErasureBound(t, 0.2).value());
}

TEST(PartialErasureBound, RejectsProbabilityOutsideZeroToHalf) {
  EXPECT_THROW(PartialErasureBound(Kelvin(300), -0.1), std::domain_error);
  EXPECT_THROW(PartialErasureBound(Kelvin(300), 0.6), std::domain_error);
  EXPECT_THROW(PartialErasureBound(Kelvin(0), 0.1), std::domain_error);
}

TEST(FiniteTimeErasureBound, IsLandauerPlusCOverTau) {
  const Kelvin t(300);
  const JouleSeconds c(3e-21);
  EXPECT_NEAR_REL(FiniteTimeErasureBound(t, Seconds(2.0), c).value(),
                  LandauerBound(t).value() + 1.5e-21,
                  kClosedFormRel);
  // tau -> infinity recovers Landauer; C = 0 is the quasi-static limit.
  EXPECT_NEAR_REL(
      FiniteTimeErasureBound(t, Seconds(1e30), c).value(), LandauerBound(t).value(), 1e-12);
  EXPECT_EQ(FiniteTimeErasureBound(t, Seconds(1), JouleSeconds(0)).value(),
            LandauerBound(t).value());
  EXPECT_THROW(FiniteTimeErasureBound(t, Seconds(0), c), std::domain_error);
  EXPECT_THROW(FiniteTimeErasureBound(t, Seconds(1), JouleSeconds(-1)), std::domain_error);
}

TEST(OptimalTransportErasureCoefficient, ClosedFormForABeadInWater) {
  const Kelvin t(300);
  // D = kT / (6 pi eta r); for r = 1 um, eta = 1 mPa s: D = 2.197e-13 m^2/s.
  const SquareMetersPerSecond d = StokesEinsteinDiffusion(t, 1e-3, Meters(1e-6));
  EXPECT_NEAR_REL(d.value(), 1.380649e-23 * 300 / (6 * M_PI * 1e-3 * 1e-6), kClosedFormRel);
  EXPECT_NEAR_REL(d.value(), 2.197e-13, 1e-3);
  // C = kT l^2 / (2 D) = 3 pi eta r l^2, independent of T for a Stokes bead.
  const JouleSeconds c = OptimalTransportErasureCoefficient(t, Meters(1e-6), d);
  EXPECT_NEAR_REL(c.value(), 3 * M_PI * 1e-3 * 1e-6 * 1e-12, 1e-12);
  // At tau = 1 s the excess is ~3.3 kT ln 2: seconds-long cycles are needed to approach Landauer.
  EXPECT_NEAR(c.value() / 1.0 / LandauerBound(t).value(), 3.28, 0.01);
}

TEST(RetentionBarrier, IsKTLnOneOverP) {
  const Kelvin t(300);
  EXPECT_NEAR_REL(RetentionBarrier(t, 1e-20).value() / ThermalEnergy(t).value(),
                  20 * std::log(10.0),
                  kClosedFormRel);  // 46.05 kT
  EXPECT_NEAR_REL(RetentionBarrier(t, 0.5).value(), LandauerBound(t).value(), kClosedFormRel);
  EXPECT_THROW(RetentionBarrier(t, 0.0), std::domain_error);
  EXPECT_THROW(RetentionBarrier(t, 0.51), std::domain_error);
}

}  // namespace
}  // namespace landauer::physics

#include "landauer/physics/noise.h"

#include <gtest/gtest.h>

#include <cmath>

#include "expect_near_rel.h"
#include "tolerances.h"

namespace landauer::physics {
namespace {

using testing::kClosedFormRel;

TEST(KtcNoise, OneFemtofaradAtRoomTemperature) {
  // sqrt(1.380649e-23 * 300 / 1e-15) = 2.0352 mV.
  EXPECT_NEAR_REL(KtcNoiseVoltage(Kelvin(300), Farads(1e-15)).value(), 2.0352e-3, 1e-4);
  EXPECT_NEAR_REL(KtcNoiseVariance(Kelvin(300), Farads(1e-12)).value(),
                  1.380649e-23 * 300 / 1e-12,
                  kClosedFormRel);
  // Charge noise sqrt(kTC) = C x voltage noise.
  EXPECT_NEAR_REL(KtcNoiseCharge(Kelvin(300), Farads(1e-15)).value(),
                  1e-15 * KtcNoiseVoltage(Kelvin(300), Farads(1e-15)).value(),
                  kClosedFormRel);
  EXPECT_THROW(KtcNoiseVoltage(Kelvin(300), Farads(0)), std::domain_error);
  EXPECT_THROW(KtcNoiseVoltage(Kelvin(-1), Farads(1e-15)), std::domain_error);
}

TEST(JohnsonNoise, OneKilohmOneHertz) {
  // 4 kT R df at 300 K, 1 kOhm, 1 Hz: sqrt(1.6568e-17) = 4.070 nV/sqrt(Hz).
  EXPECT_NEAR_REL(JohnsonNoiseVoltage(Kelvin(300), Ohms(1e3), Hertz(1)).value(), 4.0704e-9, 1e-4);
}

TEST(ShotNoise, OneMicroampOneGigahertz) {
  // sqrt(2 x 1.602e-19 C x 1e-6 A x 1e9 Hz) = 17.90 nA.
  EXPECT_NEAR_REL(ShotNoiseCurrent(Amperes(1e-6), Hertz(1e9)).value(), 1.7901e-8, 1e-4);
  EXPECT_EQ(ShotNoiseCurrent(Amperes(0), Hertz(1e9)).value(), 0.0);
  EXPECT_THROW(ShotNoiseCurrent(Amperes(-1e-6), Hertz(1e9)), std::domain_error);
  EXPECT_THROW(ShotNoiseCurrent(Amperes(1e-6), Hertz(0)), std::domain_error);
}

}  // namespace
}  // namespace landauer::physics

// Test support: diffractive optics small enough to train in milliseconds.
#ifndef LANDAUER_OPTICAL_TINY_OPTICS_TEST_SUPPORT_H_
#define LANDAUER_OPTICAL_TINY_OPTICS_TEST_SUPPORT_H_

#include "landauer/optical/diffractive_network.h"

namespace landauer::optical {

// A 12 × 12 grid of two masks at λ = pitch = 1 µm, 20 µm apart.
inline DiffractiveOptions TinyOptics() {
  DiffractiveOptions o;
  o.n = 12;
  o.layers = 2;
  o.wavelength = 1e-6;
  o.pitch = 1e-6;
  o.spacing = 20e-6;
  o.detector_fraction = 0.8;
  return o;
}

}  // namespace landauer::optical

#endif  // LANDAUER_OPTICAL_TINY_OPTICS_TEST_SUPPORT_H_

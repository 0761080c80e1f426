// landauer/optical/angular_spectrum.h — free-space propagation of a scalar field between the
// layers of a diffractive network: the band-limited angular-spectrum method, zero-padded.
//
//   AngularSpectrum free({.wavelength = 0.75e-3, .pitch = 0.4e-3, .distance = 0.03, .n = 200});
//   free.Forward(u);        // u: n × n complex field (row-major), sampled at `pitch`
//
// The field u(x, y, 0) on an n × n grid of pitch Δ is zero-padded to m × m (m = 2n), Fourier
// transformed, multiplied by the transfer function of free space (Goodman, Introduction to
// Fourier Optics, 3rd ed., Eq. 3-74; exact for the scalar Helmholtz equation)
//   H(f_x, f_y) = exp(i 2π z √(1/λ² − f_x² − f_y²))        (f_x² + f_y² < 1/λ²)
//               = exp(−2π z √(f_x² + f_y² − 1/λ²))         (evanescent waves decay)
// transformed back and cropped to n × n. Padding makes the FFT's circular convolution linear: a
// field that spreads past the n × n window would otherwise wrap around and come back in on the
// opposite side (the "artifact rings" of diffractsim#12; tested both ways). The band limit
// (Matsushima and Shimobaba, Opt. Express 17:19662, 2009, Eq. 13) sets H = 0 where the
// transfer function's phase is undersampled on the padded grid,
//   |f_x|, |f_y| > f_limit = 1 / (λ √((2 Δf z)² + 1)),   Δf = 1 / (m Δ),
// which removes the aliased copies a long distance would otherwise bring in.
//
// Sampling: an n × n grid represents frequencies up to the Nyquist 1/(2Δ), and propagating waves
// go up to 1/λ, so the band that carries light is f_max = min(1/λ, 1/(2Δ)). The band limit drops
// the light whose angle takes it out of the padded window over z; when it would keep less than
// 1/16 of the band (f_limit < f_max / 16: every period shorter than 32 samples lost) the grid is
// undersampled for the distance, and the constructor refuses, naming the largest distance this
// grid takes (a larger n, a finer Δ or a shorter z fixes it).
//
// Adjoint applies the conjugate transfer function: it is the adjoint of Forward as a linear map
// (the padding's adjoint is the crop), which is what backpropagation through a diffractive layer
// needs. Forward and Adjoint may run concurrently on different fields (FFTW's new-array execute
// is thread-safe; plans are made once, under a lock).
#ifndef LANDAUER_OPTICAL_ANGULAR_SPECTRUM_H_
#define LANDAUER_OPTICAL_ANGULAR_SPECTRUM_H_

#include <memory>

#include "landauer/optical/mesh_propagation.h"

namespace landauer::optical {

using Plane = Field;  // n × n complex field, row-major: Plane(y, x)

struct Propagation {
  double wavelength = 0.0;  // λ, m, > 0
  double pitch = 0.0;       // Δ, m, > 0 (the grid's sample spacing)
  double distance = 0.0;    // z, m, ≥ 0
  int n = 0;                // grid side, samples, 1 … 4096
  bool pad = true;          // zero-pad to 2n (false: circular convolution, for the test)
  bool band_limit = true;

  // Throws std::invalid_argument naming the field, its value and unit; and for an undersampled
  // distance, the largest distance the grid takes.
  void Validate() const;
  // The largest z for which the band limit keeps at least f_max / 16.
  double MaxDistance() const;
};

class AngularSpectrum {
 public:
  explicit AngularSpectrum(const Propagation& propagation);
  ~AngularSpectrum();
  AngularSpectrum(const AngularSpectrum&) = delete;
  AngularSpectrum& operator=(const AngularSpectrum&) = delete;

  void Forward(Plane& u) const;
  void Adjoint(Plane& u) const;
  const Propagation& propagation() const { return propagation_; }
  int padded() const { return m_; }

 private:
  void Apply(Plane& u, bool adjoint) const;

  Propagation propagation_;
  int m_ = 0;
  std::vector<Complex> transfer_;  // H on the m × m FFT grid, divided by m² (FFTW is unscaled)
  struct Plans;
  std::unique_ptr<Plans> plans_;
};

}  // namespace landauer::optical

#endif  // LANDAUER_OPTICAL_ANGULAR_SPECTRUM_H_

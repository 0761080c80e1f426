#include "landauer/optical/angular_spectrum.h"

#include <fftw3.h>
#include <fmt/format.h>

#include <cmath>
#include <mutex>
#include <numbers>
#include <stdexcept>

namespace landauer::optical {
namespace {

// FFTW's planner is not thread-safe; execution with new arrays is.
std::mutex& PlannerMutex() {
  static std::mutex mutex;
  return mutex;
}

void CheckPositive(double value, const char* field, const char* unit) {
  if (!(value > 0.0) || !std::isfinite(value)) {
    throw std::invalid_argument(
        fmt::format("propagation: {} = {} {} must be finite and > 0", field, value, unit));
  }
}

// The FFT grid's frequency of index k of m samples at spacing Δ.
double Frequency(int k, int m, double pitch) { return (k < (m + 1) / 2 ? k : k - m) / (m * pitch); }

struct FftwBuffer {
  explicit FftwBuffer(std::size_t n)
      : data(static_cast<fftw_complex*>(fftw_malloc(sizeof(fftw_complex) * n))) {
    if (data == nullptr) throw std::bad_alloc();
  }
  ~FftwBuffer() { fftw_free(data); }
  FftwBuffer(const FftwBuffer&) = delete;
  FftwBuffer& operator=(const FftwBuffer&) = delete;
  fftw_complex* data;
};

}  // namespace

struct AngularSpectrum::Plans {
  fftw_plan forward = nullptr, backward = nullptr;
  ~Plans() {
    const std::lock_guard lock(PlannerMutex());
    if (forward) fftw_destroy_plan(forward);
    if (backward) fftw_destroy_plan(backward);
  }
};

double Propagation::MaxDistance() const {
  const int m = pad ? 2 * n : n;
  const double df = 1.0 / (m * pitch);
  const double f_max = std::min(1.0 / wavelength, 0.5 / pitch);
  // f_limit = 1/(λ √((2 Δf z)² + 1)) ≥ f_max/16  ⇔  (2 Δf z)² ≤ (16/(λ f_max))² − 1.
  const double r = 16.0 / (wavelength * f_max);
  return std::sqrt(std::max(0.0, r * r - 1.0)) / (2.0 * df);
}

void Propagation::Validate() const {
  CheckPositive(wavelength, "wavelength", "m");
  CheckPositive(pitch, "pitch", "m");
  if (!(distance >= 0.0) || !std::isfinite(distance)) {
    throw std::invalid_argument(
        fmt::format("propagation: distance = {} m must be finite and ≥ 0", distance));
  }
  if (n < 1 || n > 4096) {
    throw std::invalid_argument(
        fmt::format("propagation: n = {} samples per side must be in [1, 4096]", n));
  }
  if (band_limit && distance > MaxDistance()) {
    throw std::invalid_argument(fmt::format(
        "propagation: distance = {} m is undersampled on a {} × {} grid of pitch {} m at "
        "wavelength {} m: the band limit would keep less than 1/16 of the propagating band; "
        "this grid takes at most {:.4g} m (use a larger grid, or a shorter distance)",
        distance,
        n,
        n,
        pitch,
        wavelength,
        MaxDistance()));
  }
}

AngularSpectrum::AngularSpectrum(const Propagation& propagation)
    : propagation_(propagation), plans_(std::make_unique<Plans>()) {
  propagation_.Validate();
  const Propagation& p = propagation_;
  m_ = p.pad ? 2 * p.n : p.n;
  const std::size_t size = static_cast<std::size_t>(m_) * m_;
  transfer_.resize(size);
  const double inv_lambda2 = 1.0 / (p.wavelength * p.wavelength);
  const double df = 1.0 / (m_ * p.pitch);
  const double f_limit = 1.0 / (p.wavelength * std::hypot(2.0 * df * p.distance, 1.0));
  const double scale = 1.0 / static_cast<double>(size);
  const double two_pi_z = 2.0 * std::numbers::pi * p.distance;
  for (int ky = 0; ky < m_; ++ky) {
    const double fy = Frequency(ky, m_, p.pitch);
    for (int kx = 0; kx < m_; ++kx) {
      const double fx = Frequency(kx, m_, p.pitch);
      Complex h = 0.0;
      if (!p.band_limit || (std::abs(fx) <= f_limit && std::abs(fy) <= f_limit)) {
        const double w = inv_lambda2 - fx * fx - fy * fy;
        h = w >= 0.0 ? std::polar(1.0, two_pi_z * std::sqrt(w))
                     : Complex(std::exp(-two_pi_z * std::sqrt(-w)), 0.0);
      }
      transfer_[static_cast<std::size_t>(ky) * m_ + kx] = h * scale;
    }
  }
  FftwBuffer scratch(size);
  const std::lock_guard lock(PlannerMutex());
  plans_->forward =
      fftw_plan_dft_2d(m_, m_, scratch.data, scratch.data, FFTW_FORWARD, FFTW_ESTIMATE);
  plans_->backward =
      fftw_plan_dft_2d(m_, m_, scratch.data, scratch.data, FFTW_BACKWARD, FFTW_ESTIMATE);
  if (plans_->forward == nullptr || plans_->backward == nullptr) {
    throw std::runtime_error("propagation: FFTW could not plan the transform");
  }
}

AngularSpectrum::~AngularSpectrum() = default;

void AngularSpectrum::Forward(Plane& u) const { Apply(u, false); }
void AngularSpectrum::Adjoint(Plane& u) const { Apply(u, true); }

void AngularSpectrum::Apply(Plane& u, bool adjoint) const {
  const int n = propagation_.n;
  if (u.rows() != n || u.cols() != n) {
    throw std::invalid_argument(
        fmt::format("propagation: a {} × {} field for a {} × {} grid", u.rows(), u.cols(), n, n));
  }
  const std::size_t size = static_cast<std::size_t>(m_) * m_;
  // One scratch buffer per thread, kept between calls: a fresh multi-megabyte allocation per step
  // is an mmap and its page faults, which serialise threads on the kernel's memory-map lock.
  thread_local std::unique_ptr<FftwBuffer> scratch;
  thread_local std::size_t capacity = 0;
  if (capacity < size) {
    scratch = std::make_unique<FftwBuffer>(size);
    capacity = size;
  }
  FftwBuffer& buffer = *scratch;
  Complex* b = reinterpret_cast<Complex*>(buffer.data);
  std::fill(b, b + size, Complex(0.0, 0.0));
  for (int y = 0; y < n; ++y) {
    for (int x = 0; x < n; ++x) b[static_cast<std::size_t>(y) * m_ + x] = u(y, x);
  }
  fftw_execute_dft(plans_->forward, buffer.data, buffer.data);
  if (adjoint) {
    for (std::size_t k = 0; k < size; ++k) b[k] *= std::conj(transfer_[k]);
  } else {
    for (std::size_t k = 0; k < size; ++k) b[k] *= transfer_[k];
  }
  fftw_execute_dft(plans_->backward, buffer.data, buffer.data);
  for (int y = 0; y < n; ++y) {
    for (int x = 0; x < n; ++x) u(y, x) = b[static_cast<std::size_t>(y) * m_ + x];
  }
}

}  // namespace landauer::optical

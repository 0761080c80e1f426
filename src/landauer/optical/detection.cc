#include "landauer/optical/detection.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace landauer::optical {

void Photodetector::Validate() const {
  if (!(responsivity > 0.0) || !std::isfinite(responsivity)) {
    throw std::invalid_argument(
        fmt::format("photodetector: responsivity = {} A/W must be finite and > 0", responsivity));
  }
  if (!(noise_current >= 0.0) || !std::isfinite(noise_current)) {
    throw std::invalid_argument(fmt::format(
        "photodetector: noise_current = {} A/√Hz must be finite and ≥ 0", noise_current));
  }
  if (!(bandwidth > 0.0) || !std::isfinite(bandwidth)) {
    throw std::invalid_argument(
        fmt::format("photodetector: bandwidth = {} Hz must be finite and > 0", bandwidth));
  }
}

double Photodetector::NoiseVariance(double power_w) const {
  return 2.0 * kElectronCharge * power_w * bandwidth / responsivity +
         noise_current * noise_current * bandwidth / (responsivity * responsivity);
}

double Photodetector::PowerForSnr(double snr) const {
  if (!(snr > 0.0) || !std::isfinite(snr)) {
    throw std::invalid_argument(fmt::format("photodetector: SNR = {} must be finite and > 0", snr));
  }
  // P² − s²·a·P − s²·c = 0 with a = 2qB/R, c = i_n²B/R²: the positive root.
  const double a = 2.0 * kElectronCharge * bandwidth / responsivity;
  const double c = noise_current * noise_current * bandwidth / (responsivity * responsivity);
  const double s2 = snr * snr;
  return 0.5 * (s2 * a + std::sqrt(s2 * s2 * a * a + 4.0 * s2 * c));
}

double SnrFromDb(double snr_db) { return std::pow(10.0, snr_db / 20.0); }

double LinkBudgetInputPower(const Photodetector& detector,
                            double snr,
                            int detectors,
                            double transmission) {
  if (detectors < 1) {
    throw std::invalid_argument(fmt::format("link budget: {} detectors; need ≥ 1", detectors));
  }
  if (!(transmission > 0.0 && transmission <= 1.0)) {
    throw std::invalid_argument(
        fmt::format("link budget: transmission = {} must be in (0, 1]", transmission));
  }
  return detectors * detector.PowerForSnr(snr) / transmission;
}

}  // namespace landauer::optical

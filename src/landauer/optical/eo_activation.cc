#include "landauer/optical/eo_activation.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace landauer::optical {

void EoActivation::Validate() const {
  if (!(alpha >= 0.0 && alpha < 1.0)) {
    throw std::invalid_argument(fmt::format(
        "electro-optic activation: alpha = {} (tapped power fraction) must be in [0, 1)", alpha));
  }
  if (!(gain >= 0.0) || !std::isfinite(gain)) {
    throw std::invalid_argument(fmt::format(
        "electro-optic activation: gain = {} rad per unit power must be finite and ≥ 0", gain));
  }
  if (!std::isfinite(bias)) {
    throw std::invalid_argument(
        fmt::format("electro-optic activation: bias = {} rad must be finite", bias));
  }
}

Complex EoActivation::Apply(Complex z) const {
  const double psi = 0.5 * (gain * std::norm(z) + bias);
  const Complex c(0.0, std::sqrt(1.0 - alpha));
  // e^{−iψ} cos ψ = (1 + e^{−2iψ}) / 2 (std::polar needs a non-negative modulus).
  return c * (0.5 * (1.0 + std::polar(1.0, -2.0 * psi))) * z;
}

Complex EoActivation::Gradient(Complex z, Complex grad_out) const {
  const double psi = 0.5 * (gain * std::norm(z) + bias);
  const Complex c(0.0, std::sqrt(1.0 - alpha));
  const Complex h = 0.5 * (1.0 + std::polar(1.0, -2.0 * psi));
  const Complex h_prime = Complex(0.0, -0.5 * gain) * std::polar(1.0, -2.0 * psi);
  const double s = (std::conj(grad_out) * c * z * h_prime).real();
  return std::conj(c * h) * grad_out + 2.0 * s * z;
}

void EoActivation::Forward(Field& z) const {
  for (Eigen::Index i = 0; i < z.size(); ++i) z.data()[i] = Apply(z.data()[i]);
}

void EoActivation::Backward(const Field& z, Field& grad) const {
  if (z.rows() != grad.rows() || z.cols() != grad.cols()) {
    throw std::invalid_argument("electro-optic activation: field and gradient shapes differ");
  }
  for (Eigen::Index i = 0; i < z.size(); ++i) {
    grad.data()[i] = Gradient(z.data()[i], grad.data()[i]);
  }
}

}  // namespace landauer::optical

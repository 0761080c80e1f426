#include "landauer/optical/svd_device.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

namespace landauer::optical {

PhotonicSvd::PhotonicSvd(SvdMesh programmed,
                         const MeshImperfections& imperfections,
                         std::uint64_t seed,
                         std::string_view name)
    : programmed_(std::move(programmed)),
      imperfections_(imperfections),
      v_dagger_(programmed_.v_dagger, imperfections, seed, fmt::format("{}.v_dagger", name)),
      u_(programmed_.u, imperfections, seed, fmt::format("{}.u", name)) {
  const std::size_t n = programmed_.attenuator.size();
  if (n != static_cast<std::size_t>(programmed_.u.modes) ||
      n != static_cast<std::size_t>(programmed_.v_dagger.modes)) {
    throw std::invalid_argument(
        fmt::format("SVD layer: {} attenuators between meshes of {} and {} modes; one per mode",
                    n,
                    programmed_.v_dagger.modes,
                    programmed_.u.modes));
  }
  for (const double t : programmed_.attenuator) {
    if (!(t >= 0.0 && t <= 1.0)) {
      throw std::invalid_argument(
          fmt::format("SVD layer: an attenuator's amplitude transmission {} is outside [0, 1]", t));
    }
  }
  Rng d2d(seed, fmt::format("optical.svd.{}", name), "d2d");
  eps1_.resize(n);
  eps2_.resize(n);
  phase_d2d_.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    eps1_[k] = imperfections_.splitter_sigma * d2d.Normal();
    eps2_[k] = imperfections_.splitter_sigma * d2d.Normal();
    phase_d2d_[k] = imperfections_.phase_sigma_d2d * d2d.Normal();
  }
}

std::vector<Complex> PhotonicSvd::Attenuators(Rng* c2c) const {
  const double sigma_c2c = imperfections_.phase_sigma_c2c, kappa = imperfections_.crosstalk;
  if (sigma_c2c > 0.0 && c2c == nullptr) {
    throw std::logic_error("PhotonicSvd: phase_sigma_c2c > 0 needs a c2c stream");
  }
  const std::size_t n = programmed_.attenuator.size();
  std::vector<double> q(n), held(n);
  for (std::size_t k = 0; k < n; ++k) {
    q[k] = HeaterDac(2.0 * std::acos(programmed_.attenuator[k]), imperfections_.phase_bits);
    held[k] = optical::HeldPhase(q[k]);
  }
  const double a = std::pow(10.0, -imperfections_.loss_db / 20.0);
  std::vector<Complex> t(n);
  for (std::size_t k = 0; k < n; ++k) {
    double internal = q[k] + phase_d2d_[k];
    if (k > 0) internal += kappa * held[k - 1];
    if (k + 1 < n) internal += kappa * held[k + 1];
    if (sigma_c2c > 0.0) internal += sigma_c2c * c2c->Normal();
    t[k] = RealiseMzi(internal, 0.0, eps1_[k], eps2_[k], a).m(0, 0);
  }
  return t;
}

MatrixC PhotonicSvd::Matrix(Rng* c2c) const {
  const MatrixC v = v_dagger_.Matrix(c2c);
  const std::vector<Complex> t = Attenuators(c2c);
  const MatrixC u = u_.Matrix(c2c);
  Eigen::VectorXcd diagonal(static_cast<Eigen::Index>(t.size()));
  for (std::size_t k = 0; k < t.size(); ++k) diagonal[static_cast<Eigen::Index>(k)] = t[k];
  const MatrixC full = programmed_.gain * (u * diagonal.asDiagonal() * v);
  return full.topLeftCorner(programmed_.rows, programmed_.cols);
}

int PhotonicSvd::heaters() const {
  return v_dagger_.heaters() + u_.heaters() + static_cast<int>(programmed_.attenuator.size());
}

double PhotonicSvd::HeldPhase() const {
  double sum = v_dagger_.HeldPhase() + u_.HeldPhase();
  for (const double t : programmed_.attenuator) {
    sum += optical::HeldPhase(HeaterDac(2.0 * std::acos(t), imperfections_.phase_bits));
  }
  return sum;
}

}  // namespace landauer::optical

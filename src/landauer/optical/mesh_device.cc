#include "landauer/optical/mesh_device.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

namespace landauer::optical {
namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;

void CheckNonNegative(double value, const char* field, const char* unit) {
  if (!(value >= 0.0) || !std::isfinite(value)) {
    throw std::invalid_argument(
        fmt::format("mesh imperfections: {} = {} {} must be finite and ≥ 0", field, value, unit));
  }
}

double Wrap(double phase) {
  const double w = std::fmod(phase, kTwoPi);
  return w < 0.0 ? w + kTwoPi : w;
}

Eigen::Matrix2cd Coupler(double eps) {
  const double c = std::cos(0.25 * std::numbers::pi + eps);
  const double s = std::sin(0.25 * std::numbers::pi + eps);
  Eigen::Matrix2cd b;
  b << c, Complex(0.0, s), Complex(0.0, s), c;
  return b;
}

}  // namespace

PhysicalMzi RealiseMzi(double internal, double phi, double eps1, double eps2, double amplitude) {
  Eigen::Matrix2cd x;
  x << 0.0, 1.0, 1.0, 0.0;
  const double theta = 0.5 * internal;
  const Complex common = amplitude * Complex(0.0, -1.0) * std::polar(1.0, -theta);
  const Eigen::Matrix2cd xb2 = x * Coupler(eps2);
  const Eigen::Matrix2cd b1p =
      Coupler(eps1) * Eigen::DiagonalMatrix<Complex, 2>(std::polar(1.0, phi), 1.0);
  Eigen::Matrix2cd inner = xb2;
  inner.col(0) *= std::polar(1.0, internal);
  PhysicalMzi out;
  out.m = common * inner * b1p;
  // ∂/∂θ′: the common phase gives −i M; the internal heater (2θ′) gives 2i on its column.
  Eigen::Matrix2cd d_inner = Eigen::Matrix2cd::Zero();
  d_inner.col(0) = xb2.col(0) * (Complex(0.0, 2.0) * std::polar(1.0, internal));
  out.dm_dtheta = Complex(0.0, -1.0) * out.m + common * d_inner * b1p;
  out.dm_dphi = out.m;
  out.dm_dphi.col(0) *= Complex(0.0, 1.0);  // ∂ diag(e^{iφ}, 1) = diag(e^{iφ}, 1)·diag(i, 0)
  out.dm_dphi.col(1).setZero();
  return out;
}

double HeaterDac(double phase, int bits) {
  if (bits == 0) return phase;
  const double step = kTwoPi / std::ldexp(1.0, bits);
  return step * std::nearbyint(phase / step);
}

double HeldPhase(double phase) { return Wrap(phase); }

void MeshImperfections::Validate() const {
  CheckNonNegative(loss_db, "loss_db", "dB");
  if (loss_db > 100.0) {
    throw std::invalid_argument(fmt::format(
        "mesh imperfections: loss_db = {} dB per MZI; at most 100 dB (no light would pass)",
        loss_db));
  }
  CheckNonNegative(splitter_sigma, "splitter_sigma", "rad");
  CheckNonNegative(phase_sigma_d2d, "phase_sigma_d2d", "rad");
  CheckNonNegative(phase_sigma_c2c, "phase_sigma_c2c", "rad");
  if (phase_bits < 0 || phase_bits > 24) {
    throw std::invalid_argument(fmt::format(
        "mesh imperfections: phase_bits = {} bits must be in [0, 24] (0: continuous)", phase_bits));
  }
  if (!(crosstalk >= 0.0 && crosstalk < 1.0)) {
    throw std::invalid_argument(fmt::format(
        "mesh imperfections: crosstalk = {} (a fraction) must be in [0, 1)", crosstalk));
  }
}

bool MeshImperfections::ideal() const {
  return loss_db == 0.0 && splitter_sigma == 0.0 && phase_bits == 0 && phase_sigma_d2d == 0.0 &&
         phase_sigma_c2c == 0.0 && crosstalk == 0.0;
}

MatrixC RealisedMesh::Matrix() const {
  MatrixC u = MatrixC::Identity(modes, modes);
  for (std::size_t j = 0; j < m.size(); ++j) {
    u.middleRows(mode[j], 2) = (m[j] * u.middleRows(mode[j], 2)).eval();
  }
  for (int k = 0; k < modes; ++k) u.row(k) *= output[static_cast<std::size_t>(k)];
  return u;
}

PhotonicMesh::PhotonicMesh(MziMesh programmed,
                           const MeshImperfections& imperfections,
                           std::uint64_t seed,
                           std::string_view name)
    : programmed_(std::move(programmed)), imperfections_(imperfections) {
  imperfections_.Validate();
  if (programmed_.modes < 1) {
    throw std::invalid_argument(
        fmt::format("MZI mesh: N = {} modes; a mesh needs N ≥ 1", programmed_.modes));
  }
  if (programmed_.output_phases.size() != static_cast<std::size_t>(programmed_.modes)) {
    throw std::invalid_argument("MZI mesh: one output phase per mode is required");
  }
  const std::size_t k = programmed_.mzis.size();
  below_.assign(k, -1);
  above_.assign(k, -1);
  // Adjacent MZIs of one column: index them by (column, mode).
  const int n = programmed_.modes;
  int columns = 0;
  for (std::size_t j = 0; j < k; ++j) {
    const Mzi& z = programmed_.mzis[j];
    if (z.mode < 0 || z.mode + 1 >= n || z.column < 1) {
      throw std::invalid_argument(fmt::format(
          "MZI mesh: MZI {} acts on modes ({}, {}) of {} in column {}; columns count from 1",
          j,
          z.mode,
          z.mode + 1,
          n,
          z.column));
    }
    columns = std::max(columns, z.column);
  }
  std::vector<int> at(static_cast<std::size_t>(columns) * n, -1);
  for (std::size_t j = 0; j < k; ++j) {
    const Mzi& z = programmed_.mzis[j];
    at[static_cast<std::size_t>(z.column - 1) * n + z.mode] = static_cast<int>(j);
  }
  for (std::size_t j = 0; j < k; ++j) {
    const Mzi& z = programmed_.mzis[j];
    const std::size_t row = static_cast<std::size_t>(z.column - 1) * n;
    if (z.mode >= 2) below_[j] = at[row + z.mode - 2];
    if (z.mode + 2 < n) above_[j] = at[row + z.mode + 2];
  }
  Rng d2d(seed, fmt::format("optical.mesh.{}", name), "d2d");
  const double bs = imperfections_.splitter_sigma, ph = imperfections_.phase_sigma_d2d;
  eps1_.resize(k);
  eps2_.resize(k);
  theta_d2d_.resize(k);
  phi_d2d_.resize(k);
  for (std::size_t j = 0; j < k; ++j) {
    eps1_[j] = bs * d2d.Normal();
    eps2_[j] = bs * d2d.Normal();
    theta_d2d_[j] = ph * d2d.Normal();
    phi_d2d_[j] = ph * d2d.Normal();
  }
  output_d2d_.resize(static_cast<std::size_t>(programmed_.modes));
  for (double& d : output_d2d_) d = ph * d2d.Normal();
}

int PhotonicMesh::heaters() const {
  return 2 * static_cast<int>(programmed_.mzis.size()) + programmed_.modes;
}

double PhotonicMesh::Quantize(double phase) const {
  return HeaterDac(phase, imperfections_.phase_bits);
}

RealisedMesh PhotonicMesh::Realise(Rng* c2c) const {
  const std::size_t k = programmed_.mzis.size();
  const double kappa = imperfections_.crosstalk, sigma_c2c = imperfections_.phase_sigma_c2c;
  if (sigma_c2c > 0.0 && c2c == nullptr) {
    throw std::logic_error("PhotonicMesh::Realise: phase_sigma_c2c > 0 needs a c2c stream");
  }
  const auto noise = [&] { return sigma_c2c > 0.0 ? sigma_c2c * c2c->Normal() : 0.0; };
  // The heaters' DAC settings, and their held phases for the crosstalk.
  std::vector<double> q_int(k), q_ext(k), held_int(k), held_ext(k);
  for (std::size_t j = 0; j < k; ++j) {
    q_int[j] = Quantize(2.0 * programmed_.mzis[j].theta);
    q_ext[j] = Quantize(programmed_.mzis[j].phi);
    held_int[j] = Wrap(q_int[j]);
    held_ext[j] = Wrap(q_ext[j]);
  }
  const auto leak = [&](const std::vector<double>& held, std::size_t j) {
    double sum = 0.0;
    if (below_[j] >= 0) sum += held[static_cast<std::size_t>(below_[j])];
    if (above_[j] >= 0) sum += held[static_cast<std::size_t>(above_[j])];
    return kappa * sum;
  };
  const double a = std::pow(10.0, -imperfections_.loss_db / 20.0);
  RealisedMesh out;
  out.modes = programmed_.modes;
  out.mode.resize(k);
  out.m.resize(k);
  out.dm_dtheta.resize(k);
  out.dm_dphi.resize(k);
  for (std::size_t j = 0; j < k; ++j) {
    out.mode[j] = programmed_.mzis[j].mode;
    const double internal = q_int[j] + leak(held_int, j) + theta_d2d_[j] + noise();
    const double phi = q_ext[j] + leak(held_ext, j) + phi_d2d_[j] + noise();
    const PhysicalMzi mzi = RealiseMzi(internal, phi, eps1_[j], eps2_[j], a);
    out.m[j] = mzi.m;
    out.dm_dtheta[j] = mzi.dm_dtheta;
    out.dm_dphi[j] = mzi.dm_dphi;
  }
  const int n = programmed_.modes;
  out.output.resize(static_cast<std::size_t>(n));
  std::vector<double> q_out(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) q_out[i] = Quantize(programmed_.output_phases[i]);
  for (int i = 0; i < n; ++i) {
    double alpha = q_out[i] + output_d2d_[i] + noise();
    if (i > 0) alpha += kappa * Wrap(q_out[i - 1]);
    if (i + 1 < n) alpha += kappa * Wrap(q_out[i + 1]);
    out.output[i] = std::polar(1.0, alpha);
  }
  return out;
}

void PhotonicMesh::ProgrammedGradient(std::vector<double>& d_theta,
                                      std::vector<double>& d_phi,
                                      std::vector<double>& d_output) const {
  const double kappa = imperfections_.crosstalk;
  if (kappa == 0.0) return;
  // θ′ = (Q(2θ) + κ Σ Q(2θ_n) + …)/2: ∂θ′_j/∂θ_i = 1 (i = j) or κ (i a neighbour of j).
  // The held phase's wrap is piecewise the identity, so its derivative is 1 too.
  const std::size_t k = programmed_.mzis.size();
  const std::vector<double> t = d_theta, p = d_phi, o = d_output;
  for (std::size_t i = 0; i < k; ++i) {
    for (const int nb : {below_[i], above_[i]}) {
      if (nb < 0) continue;
      d_theta[i] += kappa * t[static_cast<std::size_t>(nb)];
      d_phi[i] += kappa * p[static_cast<std::size_t>(nb)];
    }
  }
  const std::size_t n = d_output.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) d_output[i] += kappa * o[i - 1];
    if (i + 1 < n) d_output[i] += kappa * o[i + 1];
  }
}

double PhotonicMesh::HeldPhase() const {
  double sum = 0.0;
  for (const Mzi& z : programmed_.mzis) {
    sum += Wrap(Quantize(2.0 * z.theta)) + Wrap(Quantize(z.phi));
  }
  for (const double alpha : programmed_.output_phases) sum += Wrap(Quantize(alpha));
  return sum;
}

}  // namespace landauer::optical

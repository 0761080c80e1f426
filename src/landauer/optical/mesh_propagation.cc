#include "landauer/optical/mesh_propagation.h"

#include <Eigen/LU>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace landauer::optical {
namespace {

// y₀ = a x₀ + b x₁, y₁ = c x₀ + d x₁ over n samples, complex as (re, im) pairs. Written on
// doubles with restrict pointers so that GCC vectorises it (std::complex's operator* calls
// __muldc3 for its inf/NaN rules and does not).
void Rotate(double* __restrict x0,
            double* __restrict x1,
            const Eigen::Matrix2cd& m,
            std::int64_t n) {
  const double ar = m(0, 0).real(), ai = m(0, 0).imag(), br = m(0, 1).real(), bi = m(0, 1).imag();
  const double cr = m(1, 0).real(), ci = m(1, 0).imag(), dr = m(1, 1).real(), di = m(1, 1).imag();
  for (std::int64_t b = 0; b < n; ++b) {
    const double pr = x0[2 * b], pi = x0[2 * b + 1], qr = x1[2 * b], qi = x1[2 * b + 1];
    x0[2 * b] = ar * pr - ai * pi + br * qr - bi * qi;
    x0[2 * b + 1] = ar * pi + ai * pr + br * qi + bi * qr;
    x1[2 * b] = cr * pr - ci * pi + dr * qr - di * qi;
    x1[2 * b + 1] = cr * pi + ci * pr + dr * qi + di * qr;
  }
}

// S_ij = Σ_b conj(g_i,b) x_j,b for the 2 × 2 block.
Eigen::Matrix2cd Correlate(const double* __restrict g0,
                           const double* __restrict g1,
                           const double* __restrict x0,
                           const double* __restrict x1,
                           std::int64_t n) {
  double s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  for (std::int64_t b = 0; b < n; ++b) {
    const double g0r = g0[2 * b], g0i = g0[2 * b + 1], g1r = g1[2 * b], g1i = g1[2 * b + 1];
    const double x0r = x0[2 * b], x0i = x0[2 * b + 1], x1r = x1[2 * b], x1i = x1[2 * b + 1];
    s[0] += g0r * x0r + g0i * x0i;
    s[1] += g0r * x0i - g0i * x0r;
    s[2] += g0r * x1r + g0i * x1i;
    s[3] += g0r * x1i - g0i * x1r;
    s[4] += g1r * x0r + g1i * x0i;
    s[5] += g1r * x0i - g1i * x0r;
    s[6] += g1r * x1r + g1i * x1i;
    s[7] += g1r * x1i - g1i * x1r;
  }
  Eigen::Matrix2cd out;
  out << Complex(s[0], s[1]), Complex(s[2], s[3]), Complex(s[4], s[5]), Complex(s[6], s[7]);
  return out;
}

double* Row(Field& f, int mode) { return reinterpret_cast<double*>(f.row(mode).data()); }

double ReTrace(const Eigen::Matrix2cd& d, const Eigen::Matrix2cd& s) {
  return (d.cwiseProduct(s)).sum().real();
}

void CheckShape(const RealisedMesh& mesh, const Field& f, const char* what) {
  if (f.rows() != mesh.modes) {
    throw std::invalid_argument(std::string("mesh propagation: ") + what + " has " +
                                std::to_string(f.rows()) + " rows for a mesh of " +
                                std::to_string(mesh.modes) + " modes");
  }
}

}  // namespace

MeshGradient::MeshGradient(const RealisedMesh& mesh)
    : theta(mesh.m.size(), 0.0),
      phi(mesh.m.size(), 0.0),
      output(static_cast<std::size_t>(mesh.modes), 0.0) {}

void MeshGradient::Add(const MeshGradient& other) {
  for (std::size_t j = 0; j < theta.size(); ++j) theta[j] += other.theta[j];
  for (std::size_t j = 0; j < phi.size(); ++j) phi[j] += other.phi[j];
  for (std::size_t j = 0; j < output.size(); ++j) output[j] += other.output[j];
}

void Propagate(const RealisedMesh& mesh, Field& x) {
  CheckShape(mesh, x, "the field");
  const std::int64_t n = x.cols();
  for (std::size_t j = 0; j < mesh.m.size(); ++j) {
    Rotate(Row(x, mesh.mode[j]), Row(x, mesh.mode[j] + 1), mesh.m[j], n);
  }
  for (int k = 0; k < mesh.modes; ++k) x.row(k) *= mesh.output[static_cast<std::size_t>(k)];
}

void Backpropagate(const RealisedMesh& mesh, Field& y, Field& grad, MeshGradient& gradient) {
  CheckShape(mesh, y, "the output");
  CheckShape(mesh, grad, "the gradient");
  if (grad.cols() != y.cols()) throw std::invalid_argument("mesh propagation: batch mismatch");
  const std::int64_t n = y.cols();
  // The output screen: y_k = e^{iα} x_k, so ∂L/∂α = Re Σ_b conj(G_k,b)·i y_k,b.
  for (int k = 0; k < mesh.modes; ++k) {
    const Complex e = mesh.output[static_cast<std::size_t>(k)];
    double d = 0.0;
    for (std::int64_t b = 0; b < n; ++b) {
      const Complex g = grad(k, b), v = y(k, b);
      d += (std::conj(g) * Complex(0.0, 1.0) * v).real();
    }
    gradient.output[static_cast<std::size_t>(k)] += d;
    y.row(k) *= std::conj(e);
    grad.row(k) *= std::conj(e);
  }
  for (std::size_t j = mesh.m.size(); j-- > 0;) {
    const Eigen::Matrix2cd& m = mesh.m[j];
    const int r = mesh.mode[j];
    double *y0 = Row(y, r), *y1 = Row(y, r + 1), *g0 = Row(grad, r), *g1 = Row(grad, r + 1);
    Rotate(y0, y1, m.inverse(), n);
    const Eigen::Matrix2cd s = Correlate(g0, g1, y0, y1, n);
    gradient.theta[j] += ReTrace(mesh.dm_dtheta[j], s);
    gradient.phi[j] += ReTrace(mesh.dm_dphi[j], s);
    Rotate(g0, g1, m.adjoint(), n);
  }
}

}  // namespace landauer::optical

#include "landauer/quantum/density_matrix.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "landauer/core/rng.h"

namespace landauer::quantum {
namespace {

// The basis-index bits of the listed qubits: bits[k] = 1 << (q − 1 − qubit_k).
std::vector<std::size_t> Bits(std::span<const int> qubits, int q) {
  std::vector<std::size_t> bits;
  for (const int k : qubits) bits.push_back(std::size_t{1} << (q - 1 - k));
  return bits;
}

// Scatters the bits of `value` (its bit n − 1 − k goes to bits[k]) into a basis index.
std::size_t Scatter(std::size_t value, const std::vector<std::size_t>& bits) {
  std::size_t out = 0;
  const std::size_t n = bits.size();
  for (std::size_t k = 0; k < n; ++k) {
    if ((value >> (n - 1 - k)) & 1u) out |= bits[k];
  }
  return out;
}

void CheckTargets(std::span<const int> targets, int q, const char* what) {
  std::vector<bool> seen(static_cast<std::size_t>(q), false);
  for (const int k : targets) {
    if (k < 0 || k >= q || seen[static_cast<std::size_t>(k)]) {
      throw std::invalid_argument(fmt::format(
          "{}: qubit {} is out of range [0, {}) or repeated; list distinct qubits", what, k, q));
    }
    seen[static_cast<std::size_t>(k)] = true;
  }
}

// The qubits of [0, q) not in `targets`, ascending.
std::vector<int> Complement(std::span<const int> targets, int q) {
  std::vector<int> rest;
  for (int k = 0; k < q; ++k) {
    if (std::find(targets.begin(), targets.end(), k) == targets.end()) rest.push_back(k);
  }
  return rest;
}

}  // namespace

void CheckQubits(int q, const std::string& what) {
  if (q < 1 || q > kMaxQubits) {
    throw std::invalid_argument(fmt::format(
        "{}: {} qubits; the engine holds 1 to {} (a {}-qubit density matrix takes {:.3g} GB)",
        what,
        q,
        kMaxQubits,
        q,
        std::ldexp(16.0, 2 * std::clamp(q, 0, 40)) / 1e9));
  }
}

int QubitsOf(const CMatrix& m, const std::string& what) {
  const Eigen::Index d = m.rows();
  if (m.cols() != d || d < 2 || (d & (d - 1)) != 0) {
    throw std::invalid_argument(fmt::format(
        "{}: a {} × {} matrix; expected 2^q × 2^q for q qubits", what, m.rows(), m.cols()));
  }
  return static_cast<int>(std::log2(static_cast<double>(d)) + 0.5);
}

CMatrix Kron(const CMatrix& a, const CMatrix& b) {
  CMatrix out(a.rows() * b.rows(), a.cols() * b.cols());
  for (Eigen::Index i = 0; i < a.rows(); ++i) {
    for (Eigen::Index j = 0; j < a.cols(); ++j) {
      out.block(i * b.rows(), j * b.cols(), b.rows(), b.cols()) = a(i, j) * b;
    }
  }
  return out;
}

CMatrix OnQubits(const CMatrix& u, std::span<const int> targets, int qubits) {
  CheckQubits(qubits, "OnQubits");
  CheckTargets(targets, qubits, "OnQubits");
  const std::size_t k = targets.size();
  if (u.rows() != (Eigen::Index{1} << k) || u.cols() != u.rows()) {
    throw std::invalid_argument(
        fmt::format("OnQubits: a {} × {} operator on {} qubits; expected {} × {}",
                    u.rows(),
                    u.cols(),
                    k,
                    Eigen::Index{1} << k,
                    Eigen::Index{1} << k));
  }
  const std::vector<std::size_t> target_bits = Bits(targets, qubits);
  const std::vector<int> rest = Complement(targets, qubits);
  const std::vector<std::size_t> rest_bits = Bits(rest, qubits);
  const std::size_t dk = std::size_t{1} << k, dr = std::size_t{1} << rest.size();
  std::vector<std::size_t> t(dk);
  for (std::size_t a = 0; a < dk; ++a) t[a] = Scatter(a, target_bits);
  const auto d = Eigen::Index{1} << qubits;
  CMatrix out = CMatrix::Zero(d, d);
  for (std::size_t r = 0; r < dr; ++r) {
    const std::size_t base = Scatter(r, rest_bits);
    for (std::size_t a = 0; a < dk; ++a) {
      for (std::size_t b = 0; b < dk; ++b) {
        out(static_cast<Eigen::Index>(base | t[a]), static_cast<Eigen::Index>(base | t[b])) =
            u(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b));
      }
    }
  }
  return out;
}

CMatrix PartialTrace(const CMatrix& rho, int qubits, std::span<const int> keep) {
  CheckQubits(qubits, "PartialTrace");
  if (rho.rows() != (Eigen::Index{1} << qubits) || rho.cols() != rho.rows()) {
    throw std::invalid_argument(fmt::format(
        "PartialTrace: a {} × {} matrix is not on {} qubits", rho.rows(), rho.cols(), qubits));
  }
  CheckTargets(keep, qubits, "PartialTrace");
  std::vector<int> kept(keep.begin(), keep.end());
  std::sort(kept.begin(), kept.end());
  const std::vector<std::size_t> keep_bits = Bits(kept, qubits);
  const std::vector<std::size_t> trace_bits = Bits(Complement(kept, qubits), qubits);
  const std::size_t dk = std::size_t{1} << kept.size(),
                    dt = std::size_t{1} << (static_cast<std::size_t>(qubits) - kept.size());
  std::vector<std::size_t> a_index(dk), t_index(dt);
  for (std::size_t a = 0; a < dk; ++a) a_index[a] = Scatter(a, keep_bits);
  for (std::size_t t = 0; t < dt; ++t) t_index[t] = Scatter(t, trace_bits);
  CMatrix out = CMatrix::Zero(static_cast<Eigen::Index>(dk), static_cast<Eigen::Index>(dk));
  for (std::size_t a = 0; a < dk; ++a) {
    for (std::size_t b = 0; b < dk; ++b) {
      Complex sum = 0.0;
      for (std::size_t t = 0; t < dt; ++t) {
        sum += rho(static_cast<Eigen::Index>(a_index[a] | t_index[t]),
                   static_cast<Eigen::Index>(a_index[b] | t_index[t]));
      }
      out(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)) = sum;
    }
  }
  return out;
}

CMatrix ExpI(const CMatrix& hermitian) {
  // Symmetrise first: rounding makes a computed Hermitian matrix slightly non-Hermitian.
  const CMatrix h = 0.5 * (hermitian + hermitian.adjoint());
  const Eigen::SelfAdjointEigenSolver<CMatrix> eigen(h);
  const Eigen::VectorXcd phases =
      eigen.eigenvalues().unaryExpr([](double x) { return std::polar(1.0, x); });
  return eigen.eigenvectors() * phases.asDiagonal() * eigen.eigenvectors().adjoint();
}

CMatrix Depolarise(const CMatrix& rho, double p) {
  if (!(p >= 0.0 && p <= 1.0)) {
    throw std::invalid_argument(fmt::format("Depolarise: p = {} must be in [0, 1]", p));
  }
  const double d = static_cast<double>(rho.rows());
  return (1.0 - p) * rho + (p * rho.trace() / d) * CMatrix::Identity(rho.rows(), rho.cols());
}

CMatrix AmplitudeDamp(const CMatrix& rho, int qubit, int qubits, double gamma) {
  if (!(gamma >= 0.0 && gamma <= 1.0)) {
    throw std::invalid_argument(fmt::format("AmplitudeDamp: γ = {} must be in [0, 1]", gamma));
  }
  CMatrix k0 = CMatrix::Zero(2, 2), k1 = CMatrix::Zero(2, 2);
  k0(0, 0) = 1.0;
  k0(1, 1) = std::sqrt(1.0 - gamma);
  k1(0, 1) = std::sqrt(gamma);
  const int target[] = {qubit};
  const CMatrix a = OnQubits(k0, target, qubits), b = OnQubits(k1, target, qubits);
  return a * rho * a.adjoint() + b * rho * b.adjoint();
}

double Fidelity(const CVector& psi, const CMatrix& rho) {
  return (psi.adjoint() * rho * psi)(0, 0).real();
}

CMatrix GroundState(int qubits) {
  CheckQubits(qubits, "GroundState");
  const auto d = Eigen::Index{1} << qubits;
  CMatrix g = CMatrix::Zero(d, d);
  g(0, 0) = 1.0;
  return g;
}

CMatrix Projector(const CVector& psi) { return psi * psi.adjoint(); }

CMatrix RandomUnitary(int dimension, Rng& rng) {
  CMatrix z(dimension, dimension);
  const double s = std::sqrt(0.5);
  for (Eigen::Index j = 0; j < z.cols(); ++j) {
    for (Eigen::Index i = 0; i < z.rows(); ++i)
      z(i, j) = Complex(s * rng.Normal(), s * rng.Normal());
  }
  const Eigen::HouseholderQR<CMatrix> qr(z);
  CMatrix q = qr.householderQ();
  const CMatrix r = qr.matrixQR().triangularView<Eigen::Upper>();
  for (Eigen::Index j = 0; j < q.cols(); ++j) {
    const double magnitude = std::abs(r(j, j));
    q.col(j) *= magnitude > 0.0 ? r(j, j) / magnitude : Complex(1.0);
  }
  return q;
}

CVector RandomState(int dimension, Rng& rng) {
  CVector v(dimension);
  for (Eigen::Index i = 0; i < v.size(); ++i) v(i) = Complex(rng.Normal(), rng.Normal());
  return v / v.norm();
}

double UnitarityError(const CMatrix& u) {
  return (u.adjoint() * u - CMatrix::Identity(u.rows(), u.cols())).cwiseAbs().maxCoeff();
}

double HermiticityError(const CMatrix& a) { return (a - a.adjoint()).cwiseAbs().maxCoeff(); }

}  // namespace landauer::quantum

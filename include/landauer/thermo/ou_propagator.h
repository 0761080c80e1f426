// landauer/thermo/ou_propagator.h — exact and Euler–Maruyama stepping of linear SDEs.
//
// The physics of a thermodynamic processor is a linear (Ornstein–Uhlenbeck) SDE, in time s
// measured in units of the device time constant τ:
//   dz = −(M z − c) ds + B dW,      D = B Bᵀ (the diffusion matrix)
// With M stable (eigenvalues with positive real part) it relaxes to N(μ, Σ∞), μ = M⁻¹c and
// M Σ∞ + Σ∞ Mᵀ = D (the Lyapunov equation).
//
// Exact transition over a step h (no discretisation error, for ANY stable M, normal or not):
//   z(s+h) = μ + Φ (z(s) − μ) + ξ,   Φ = e^{−M h},   ξ ~ N(0, Q),   Q = ∫₀ʰ e^{−M u} D e^{−Mᵀ u} du
// Φ and Q come from one matrix exponential (C. F. Van Loan, "Computing integrals involving the
// matrix exponential", IEEE TAC 23(3), 395 (1978)):
//   expm([[M, D], [0, −Mᵀ]] h) = [[F₁₁, F₁₂], [0, F₂₂]],   Φ = F₂₂ᵀ = e^{−Mh},   Q = Φ F₁₂
// taken at h/2^k with h‖M‖∞/2^k ≤ 1 and doubled k times, Φ(2s) = Φ(s)², Q(2s) = Φ(s)Q(s)Φ(s)ᵀ +
// Q(s): the block exponential at h itself overflows (its F₁₁ = e^{Mh}) and loses Q's
// definiteness for h‖M‖ of tens to hundreds. Tested to h = 1000 on a non-normal drift.
// This is where thermox goes wrong: it takes the noise from the eigen-decomposition of the
// symmetric part of M, which is exact only for normal M (for M = [[1,3],[0,2]] its variance
// grows without bound). ou_propagator_test.cc pins that case.
//
// Euler–Maruyama (TNGD's own simulation, App. D):  z ← z − h (M z − c) + √h B ξ.
// For symmetric M its mean is unbiased at stationarity, but each eigenmode λ has stationary
// variance (D/2λ) · 2/(2 − λh): biased upward by 2/(2 − λh), and the scheme is stable only for
// h < 2/λ_max. For any M it is stable iff |1 − hλ| < 1 for every eigenvalue, h < min 2 Re λ/|λ|²,
// far below 2/|λ| for a complex pair (a second-order cell). All three facts are tested.
//
// Many independent chains run as one batched product: Z is d × chains, and a dense step is two
// GEMMs (Φ Z and L Ξ, L = chol(Q)) plus vectorised normal draws.
//
// Spectral path. When M is symmetric and D = s·I (every first-order SPU problem: solve, inverse,
// log-determinant), the SDE splits into d independent scalar modes in M's eigenbasis M = V Λ Vᵀ:
//   y = Vᵀ(z − μ),   y_i ← e^{−λ_i h} y_i + √(s (1 − e^{−2λ_i h}) / (2λ_i)) ξ_i     (exact)
//   y_i ← (1 − λ_i h) y_i + √(s h) ξ_i                                             (EM)
// so an OuEnsemble steps in O(d · chains) and pays one GEMM (z = μ + V y) only when positions are
// read — half the flops of the dense step and a third of thermox's per-step method. It is exact,
// and equal to the dense path up to rounding (tested).
//
// One mode over a longer time. OuModeLaw gives the law of one scalar mode dy = −k y ds + √s dW
// after a duration T, exactly or as n = T/h Euler–Maruyama steps, each closed form:
//   exact   y(T) = e^{−kT} y(0) + N(0, s (1 − e^{−2kT}) / 2k)
//   EM      y_n = ρⁿ y_0 + N(0, s h (1 − ρ²ⁿ)/(1 − ρ²)),   ρ = 1 − h k   (one step: s h)
// The spectral path above uses it with T = h; TNGD (thermo/tngd.h) with T = the analog time.
#ifndef LANDAUER_THERMO_OU_PROPAGATOR_H_
#define LANDAUER_THERMO_OU_PROPAGATOR_H_

#include "landauer/core/matrix.h"
#include "landauer/core/rng.h"

namespace landauer::thermo {

using ColMatrixD = Eigen::MatrixXd;  // column-major, for dense linear algebra
using ColMatrixF = Eigen::MatrixXf;

enum class Integrator { kExact, kEulerMaruyama };
std::string_view ToString(Integrator integrator);
Integrator IntegratorFromString(std::string_view name);

// Decay and noise standard deviation of one OU mode (see the header comment).
struct OuModeTransition {
  double decay = 1.0;     // e^{−kT} or ρⁿ
  double noise_sd = 0.0;  // √variance
};
// `rate` k > 0 (in 1/τ), `duration_tau` T ≥ 0, `diffusion` s ≥ 0 (state² per τ). Euler–Maruyama
// takes n = round(T / step_tau) steps of `step_tau`; kExact ignores `step_tau`.
OuModeTransition OuModeLaw(
    double rate, double duration_tau, double diffusion, Integrator integrator, double step_tau);

class OuPropagator {
 public:
  // drift M (d × d), offset c (d), diffusion D (d × d, symmetric PSD), step h > 0 in units of τ.
  // Throws std::invalid_argument for mismatched shapes or an unstable M (naming its eigenvalue),
  // and for an EM step beyond the stability limit 2/|λ|max.
  OuPropagator(const ColMatrixD& drift,
               const Eigen::VectorXd& offset,
               const ColMatrixD& diffusion,
               double step,
               Integrator integrator = Integrator::kExact);

  int dimension() const { return static_cast<int>(mean_.size()); }
  double step() const { return step_; }
  Integrator integrator() const { return integrator_; }
  const Eigen::VectorXd& stationary_mean() const { return mean_; }
  // Exact: Φ = e^{−Mh} and Q; EM: Φ = I − hM and Q = h D.
  const ColMatrixD& transition() const { return transition_; }
  const ColMatrixD& noise_covariance() const { return noise_covariance_; }
  // True when M is symmetric and D = s·I: the spectral path applies.
  bool spectral() const { return spectral_; }
  const ColMatrixD& eigenvectors() const { return eigenvectors_; }
  const Eigen::VectorXd& mode_decay() const { return mode_decay_; }
  const Eigen::VectorXd& mode_noise() const { return mode_noise_; }

  // Advances every column of z (d × chains) by one step; noise from `rng` (consumed in a fixed
  // order, so results do not depend on `threads`).
  void Step(ColMatrixD& z, Rng& rng, int threads = 1);
  void Step(ColMatrixF& z, Rng& rng, int threads = 1);

 private:
  template <typename Scalar>
  void StepImpl(Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>& z, Rng& rng, int threads);

  Integrator integrator_;
  double step_;
  bool spectral_ = false;
  ColMatrixD eigenvectors_;
  Eigen::VectorXd mode_decay_, mode_noise_;
  Eigen::VectorXd mean_;
  ColMatrixD transition_, noise_covariance_, noise_factor_;
  // Float copies for the fast path.
  ColMatrixF transition_f_, noise_factor_f_;
  Eigen::VectorXf mean_f_;
  ColMatrixF scratch_f_, noise_f_;
  ColMatrixD scratch_d_, noise_d_;
};

// Independent chains of one propagator, stepped together, in float or double. Uses the spectral
// path when the propagator allows it, the dense path otherwise; positions are materialised on
// request.
template <typename Scalar>
class OuEnsemble {
 public:
  using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
  using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;

  // `chains` copies starting at `start` (d), or at the stationary mean if `start` is empty.
  OuEnsemble(OuPropagator& propagator, int chains, const Eigen::VectorXd& start = {});
  void Step(Rng& rng, int threads = 1);
  // z (d × chains) of every chain (the spectral path computes it here, in fixed column blocks).
  const Matrix& Positions(int threads = 1);
  int chains() const { return chains_; }
  bool spectral() const { return spectral_; }

 private:
  OuPropagator& propagator_;
  int chains_;
  bool spectral_;
  Matrix eigenvectors_;
  Vector decay_, noise_, mean_;
  Matrix state_;  // y (spectral) or z (dense)
  Matrix positions_;
  bool positions_valid_ = false;
};

extern template class OuEnsemble<float>;
extern template class OuEnsemble<double>;

// Σ∞ with M Σ + Σ Mᵀ = D, by the Kronecker form (I⊗M + M⊗I) vec Σ = vec D: a digital reference
// for d ≤ 64. Throws std::invalid_argument beyond that or for a singular system.
ColMatrixD SolveLyapunovDirect(const ColMatrixD& drift, const ColMatrixD& diffusion);

// Fills `out` with standard normals, vectorised Box–Muller over Philox uniforms. Deterministic
// for a given rng state; consumes rng in a fixed order.
void FillStandardNormal(Rng& rng, float* out, Eigen::Index count);
void FillStandardNormal(Rng& rng, double* out, Eigen::Index count);

}  // namespace landauer::thermo

#endif  // LANDAUER_THERMO_OU_PROPAGATOR_H_

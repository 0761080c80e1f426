// landauer/thermo/ou_inference.h — the law of an OU process at any time, the exact likelihood of
// a sampled trajectory, and calibrating an SPU's (A, b, κ₀) from a recorded trace.
//
// The process is ou_propagator.h's dz = −(M z − c) ds + B dW, D = B Bᵀ, in time s in units of τ,
// with M stable and μ = M⁻¹c. From any z₀ its law at time t ≥ 0 is Gaussian (the Fokker–Planck
// solution; thermox's `conditional.mean_and_covariance`, its PR #39):
//   z(t) | z₀ ~ N(μ + Φ(z₀ − μ), Q),   Φ = e^{−Mt},   Q = ∫₀ᵗ e^{−Mu} D e^{−Mᵀu} du
// computed exactly for any stable M and any t by Van Loan's method with doubling (no
// normality assumed; D may be singular, and D = 0 gives the noiseless linear ODE with Q = 0).
//
// Log-likelihood of a trajectory z₀, z₁, …, z_n sampled every h (thermox's `log_prob`; exact, as
// the transitions are), conditional on z₀:
//   log p = Σₖ log N(z_{k+1}; μ + Φ(z_k − μ), Q),   Φ, Q at t = h
// It needs Q positive definite (a noiseless process has no density).
//
// Calibration. A first-order SPU (spu.h) is this process with M = A symmetric positive definite,
// c = b and D = 2κ₀I, so a trace sampled every h is the linear-Gaussian autoregression
//   z_{k+1} = Φ z_k + c_h + ξ,   Φ = e^{−Ah},  c_h = (I − Φ) A⁻¹ b,  ξ ~ N(0, κ₀ A⁻¹(I − Φ²))
// CalibrateSpu fits it from the maximum-likelihood estimate of the unconstrained model, projected
// onto the SPU's structure: least squares of z_{k+1} on (z_k, 1) is the exact conditional MLE of
// a Gaussian autoregression; its Φ̂ is symmetrised (A is symmetric), A = −log(Φ̂)/h through the
// eigendecomposition, ĉ_h is refitted for that Φ̂, b = A(I − Φ̂)⁻¹ĉ_h, and κ₀ = (1/nd) Σ rᵀ
// [A⁻¹(I − Φ̂²)]⁻¹ r over the residuals r is the MLE of the noise scale given A. The projection
// makes it consistent but not the constrained maximum: its likelihood is a few nats (about the
// parameter count) from the maximum, which is well inside the error bars (tested).
// Error bars are a block jackknife over `blocks` contiguous stretches of the trace (transitions
// within a stretch are correlated; between stretches of many correlation times, nearly not).
// This is device calibration: measuring what was actually programmed, as thermox's `log_prob` is
// used (its README), and the input to error mitigation (arXiv 2401.16231).
//
//   GaussianLaw law = OuTransitionLaw(m, c, d, 2.5, z0);
//   double ll = OuLogLikelihood(m, c, d, 0.1, trajectory);          // trajectory: d × (n + 1)
//   SpuCalibration fit = CalibrateSpu({trajectory}, 0.1);            // fit.a, fit.a_stderr, …
#ifndef LANDAUER_THERMO_OU_INFERENCE_H_
#define LANDAUER_THERMO_OU_INFERENCE_H_

#include <cstdint>
#include <vector>

#include "landauer/thermo/ou_propagator.h"

namespace landauer::thermo {

struct GaussianLaw {
  Eigen::VectorXd mean;
  ColMatrixD covariance;
};

// True when D can be a diffusion matrix B Bᵀ: square, symmetric (to 1e-10 relative) and without
// a negative eigenvalue (beyond −1e-12 of its norm).
bool IsDiffusionMatrix(const ColMatrixD& diffusion);

// The law of z(t) given z(0) = `start`. Throws std::invalid_argument for mismatched shapes, an
// unstable drift (naming its eigenvalue), a diffusion that is not symmetric positive semidefinite,
// or t < 0 (t = 0 gives N(start, 0)).
GaussianLaw OuTransitionLaw(const ColMatrixD& drift,
                            const Eigen::VectorXd& offset,
                            const ColMatrixD& diffusion,
                            double t,
                            const Eigen::VectorXd& start);

// log p(z₁, …, z_n | z₀) of `trajectory` (d × (n + 1), one column per sample, `step` τ apart).
// Throws std::invalid_argument for a trajectory of one sample, mismatched shapes, or a
// transition covariance that is not positive definite (a noiseless or degenerate process).
double OuLogLikelihood(const ColMatrixD& drift,
                       const Eigen::VectorXd& offset,
                       const ColMatrixD& diffusion,
                       double step,
                       const ColMatrixD& trajectory);

struct SpuCalibration {
  ColMatrixD a, a_stderr;       // d × d
  Eigen::VectorXd b, b_stderr;  // d
  double kappa0 = 0.0, kappa0_stderr = 0.0;
  double log_likelihood = 0.0;   // of the traces under the fitted (A, b, κ₀)
  std::int64_t transitions = 0;  // pairs (z_k, z_{k+1}) used
  int blocks = 0;                // jackknife blocks
};

// Fits (A, b, κ₀) of a first-order SPU to traces sampled every `step` τ (each d × (n + 1); all the
// same d). Throws std::invalid_argument for fewer than 2 blocks, fewer transitions than
// 10 (d + 1) per block, mismatched dimensions, or a trace that does not look like a stable device
// (a fitted Φ with an eigenvalue outside (0, 1): say which, and that the step or the trace is
// wrong).
SpuCalibration CalibrateSpu(const std::vector<ColMatrixD>& traces, double step, int blocks = 10);

}  // namespace landauer::thermo

#endif  // LANDAUER_THERMO_OU_INFERENCE_H_

// landauer/thermo/linear_algebra.h — thermodynamic linear algebra on a simulated SPU.
//
// Aifer et al., "Thermodynamic linear algebra", arXiv:2308.05660 (npj Unconv. Comput. 2024):
// let the device relax, then read the answer off time averages of its noisy state.
//   solve     A x = b       x̂ = ⟨x⟩ over the sampling window            (b programmed; any
//                           stable A, symmetric or not, on first-order cells; κ₀ = 0 is the
//                           noiseless device, an exact linear ODE)
//   inverse   A⁻¹           Σ̂ / κ₀, Σ̂ = ⟨x xᵀ⟩ with b = 0
//   logdet    log det A     d log κ₀ − log det Σ̂   (digital post-processing of the measured
//                           covariance; the paper's free-energy protocol is not modelled)
//   expm      e^{−A ℓ}      Ĉ(ℓ) A / κ₀, Ĉ(ℓ) = ⟨x(t+ℓ) x(t)ᵀ⟩ (autocovariance; Duffield et al.,
//                           arXiv:2311.12759). The SPU's noise is isotropic, so Σ = κ₀A⁻¹ is
//                           known: unbiased, and no digital inverse of Σ̂ (first order only: the
//                           positions of second-order cells do not decay as e^{−Aℓ}). For a
//                           non-symmetric stable A, Σ is not κ₀A⁻¹, and expm is Ĉ(ℓ)Σ̂⁻¹ (biased
//                           at O(1/samples), and a digital inverse), with a warning
// Inverse and logdet need a symmetric A, and all three need noise (κ₀ > 0): the noise's
// covariance is what they measure.
//   lyapunov  Σ with M Σ + Σ Mᵀ = D    Σ̂ of dz = −M z ds + B dW, B Bᵀ = D
// Each runs a burn-in, then a sampling window, both in units of τ. Error bars are batch means:
// the window is cut into `batches` segments; per-segment estimates (of every chain) scatter with
// standard error stderr; the reported error bar is their standard deviation / √(count). For
// logdet the segments pool all chains before the (nonlinear) log det. The bars are calibrated
// (tested over 200 seeds: z-scores of sd ≈ 1, 68 % within 1σ) when a segment spans many
// correlation times; below 10 the result carries a warning, as the bars then understate the error.
//
// Euler–Maruyama (first order) samples N(0, κ₀[A(I − hA/2)]⁻¹), not κ₀A⁻¹: a bias of 2/(2 − λh)
// per mode. Inverse, logdet and expm undo it digitally with K = I − hA/2 from the programmed A:
// Σ̂K/κ₀, d log κ₀ − log det Σ̂ − log det K, and Ĉ(ℓ)AK/κ₀. What is left in expm, (I − hA)^n in
// place of e^{−Aℓ}, is the integrator's own error and is reported as a warning; second-order EM
// bias is not corrected and is warned of too.
//
// Convergence: correlation times scale as 1/λ_min(A); the defaults take a burn-in of 10/λ_min and
// a window of 1000/λ_min (λ_min computed digitally from A, standing in for a calibration run).
#ifndef LANDAUER_THERMO_LINEAR_ALGEBRA_H_
#define LANDAUER_THERMO_LINEAR_ALGEBRA_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "landauer/thermo/spu.h"

namespace landauer {
class ProgressSink;  // core/progress.h
}  // namespace landauer

namespace landauer::thermo {

struct TlaOptions {
  int chains = 16;
  double burn_in_tau = -1.0;  // < 0: 10 / the device's slowest rate (spu.h SlowestRate)
  double sample_tau = -1.0;   // < 0: 1000 / that rate
  int batches = 20;           // segments for batch-means error bars (≥ 2)
  int trace_points = 10;      // error-vs-time checkpoints (needs a reference)
  double lag_tau = 1.0;       // expm: ℓ, a multiple of the step
  std::uint64_t seed = 0;
  int threads = 1;
  double lambda_min = 0.0;           // > 0: λ_min(A) as the caller computed it; else computed
  ProgressSink* progress = nullptr;  // one task over every integration step; null: quiet
};

// The integration steps of a run: burn-in, then `batches` segments of `steps_per_segment`.
struct TlaSchedule {
  double burn_in_tau = 0.0, sample_tau = 0.0;
  std::int64_t burn_in_steps = 0, sample_steps = 0, steps_per_segment = 0;
};
// Throws std::domain_error for chains < 1, batches < 2, a negative or non-finite time, or a run of
// more than 2^53 steps (which no caller can mean; landauer thermo refuses far less, with the
// estimate: tla_run.h EstimateTla).
// `rate` is the device's slowest relaxation rate (spu.h SlowestRate), in 1/τ.
TlaSchedule PlanSchedule(const TlaOptions& options, double rate, double step_tau);

struct TracePoint {
  double analog_time_tau = 0.0;  // burn-in + sampling so far
  double relative_error = 0.0;   // ‖estimate − reference‖_F / ‖reference‖_F
};

struct TlaResult {
  ColMatrixD estimate;           // d × 1 for solve, 1 × 1 for logdet, d × d otherwise
  ColMatrixD stderr_estimate;    // same shape: batch-means standard error
  double analog_time_tau = 0.0;  // burn-in + sampling
  double burn_in_tau = 0.0, sample_tau = 0.0;
  std::int64_t samples = 0;  // read-outs used (per chain)
  int chains = 0;
  std::vector<TracePoint> trace;
  // A batch segment's length in the device's slowest correlation time 1/rate (SlowestRate).
  double segment_correlation_times = 0.0;
  // What the caller should know about the estimate: short segments, uncorrected bias.
  std::vector<std::string> warnings;
};

// `reference`, when given, is the exact answer (e.g. from Eigen) for the error trace.
TlaResult ThermoSolve(Spu& spu,
                      const ColMatrixD& a,
                      const Eigen::VectorXd& b,
                      const TlaOptions& options,
                      const std::optional<ColMatrixD>& reference = std::nullopt);
TlaResult ThermoInverse(Spu& spu,
                        const ColMatrixD& a,
                        const TlaOptions& options,
                        const std::optional<ColMatrixD>& reference = std::nullopt);
TlaResult ThermoLogDet(Spu& spu,
                       const ColMatrixD& a,
                       const TlaOptions& options,
                       const std::optional<ColMatrixD>& reference = std::nullopt);
TlaResult ThermoExpm(Spu& spu,
                     const ColMatrixD& a,
                     const TlaOptions& options,
                     const std::optional<ColMatrixD>& reference = std::nullopt);
// Uses an ideal device with diffusion D (SPU noise is isotropic, so this drives an OuPropagator).
TlaResult ThermoLyapunov(const ColMatrixD& drift,
                         const ColMatrixD& diffusion,
                         double step_tau,
                         const TlaOptions& options,
                         const std::optional<ColMatrixD>& reference = std::nullopt);

// Smallest eigenvalue of the symmetric part of A.
double SmallestEigenvalue(const ColMatrixD& a);
// The slowest decay rate of dx = −A x ds: the smallest eigenvalue of a symmetric A, else the
// smallest real part of A's eigenvalues.
double SlowestDriftRate(const ColMatrixD& a);

}  // namespace landauer::thermo

#endif  // LANDAUER_THERMO_LINEAR_ALGEBRA_H_

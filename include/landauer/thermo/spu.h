// landauer/thermo/spu.h — an analog stochastic processing unit (SPU).
//
// The device integrates, in time s = t/τ (τ = RC):
//   first order (overdamped; TNGD App. C op-amp integrators, arXiv 2405.13817):
//     dx = −(A x − b) ds + √(2κ₀) dW              stationary law N(A⁻¹b, κ₀ A⁻¹)
//   second order (underdamped RLC cells, the SPU prototype of arXiv 2312.04836), unit mass:
//     dx = v ds,  dv = −(A x − b) ds − γ v ds + √(2γκ₀) dW
//                                   stationary law x ~ N(A⁻¹b, κ₀ A⁻¹), v ~ N(0, κ₀ I)
// Time averages of x solve A x = b; covariances give κ₀ A⁻¹ (thermo/linear_algebra.h).
//
// Non-idealities, each a parameter:
//   coupling_bits  the programmed A is rounded to a uniform grid of 2^(bits−1)−1 levels per sign
//                  over ±max|A| (resistor / DAC precision; 0 = ideal)
//   dac_bits       the same for b over ±max|b|
//   adc_bits       read-out of x on a grid over ±adc_full_scale (0 = ideal)
//   kappa0         noise variance; the thermal noise of a cell is k_B T / C = 4.1e-12 V² at 300 K
//                  for TNGD App. C's C = 1 nF (states in volts), so larger values model injected
//                  noise
// The time model (seconds, for the ledger and reports): programming d² + d values at
// coupling/DAC bits over host_bandwidth_bps, analog time × τ, read-out at sample_rate_hz, delay.
#ifndef LANDAUER_THERMO_SPU_H_
#define LANDAUER_THERMO_SPU_H_

#include <functional>
#include <memory>
#include <string_view>

#include "landauer/thermo/ou_propagator.h"

namespace landauer {
class ProgressTask;  // core/progress.h
}  // namespace landauer

namespace landauer::thermo {

enum class SpuOrder { kFirst, kSecond };
std::string_view ToString(SpuOrder order);
SpuOrder SpuOrderFromString(std::string_view name);

struct SpuParams {
  int dimension = 0;                 // d, number of unit cells
  double tau_s = 1e-6;               // RC time constant, s (TNGD: R = 1 kΩ, C = 1 nF)
  double kappa0 = 1.0;               // noise variance (state² per unit of s)
  int coupling_bits = 0;             // 0 = ideal; else 2..32
  int dac_bits = 0;                  // 0 = ideal; else 2..32
  int adc_bits = 0;                  // 0 = ideal; else 2..32
  double adc_full_scale = 0.0;       // ADC range ±full scale in state units; 0 = automatic
  double host_bandwidth_bps = 50e9;  // host↔device link, bit/s (TNGD App. C: 50 Gb/s)
  double sample_rate_hz = 12e6;      // read-out sampling rate, Hz (SPU prototype base clock)
  double delay_s = 0.0;              // t_d: lag between reading θ and uploading, s
  SpuOrder order = SpuOrder::kFirst;
  double damping = 1.0;  // γ of the second-order cells, in 1/τ
  Integrator integrator = Integrator::kExact;
  double step_tau = 0.1;  // integration step and sampling interval, in τ

  // Throws std::domain_error / std::invalid_argument naming the field, value and range.
  void Validate() const;
};

// The slowest relaxation rate, in 1/τ, of the device programmed with an A whose smallest
// eigenvalue is `lambda_min`; the default burn-in and window of a TLA run scale with its inverse
// (linear_algebra.h). First order: λ_min. Second order: the slowest real part of the drift's
// eigenvalues, the roots of μ² − γμ + λ = 0 at λ = λ_min: (γ − √(γ² − 4λ_min))/2 when
// γ² ≥ 4λ_min (≈ λ_min/γ for strong damping), else γ/2.
double SlowestRate(const SpuParams& params, double lambda_min);

class Spu {
 public:
  explicit Spu(SpuParams params);

  // Programs A (d × d, stable) and b (d), applying coupling and DAC quantisation, and places
  // `chains` independent copies of the state at x0 (zero if empty), v = 0.
  void Program(const ColMatrixD& a,
               const Eigen::VectorXd& b,
               int chains,
               const Eigen::VectorXd& x0 = {});
  // Runs for `duration_tau` (rounded up to whole steps). After each step `observe` receives the
  // read-out positions (d × chains, ADC-quantised) and `progress` (may be null) advances by one.
  // Noise comes from `rng`.
  void Run(double duration_tau,
           Rng& rng,
           const std::function<void(const ColMatrixD&)>& observe,
           int threads = 1,
           ProgressTask* progress = nullptr);

  const SpuParams& params() const { return params_; }
  const ColMatrixD& programmed_a() const { return derived_.a; }
  const Eigen::VectorXd& programmed_b() const { return derived_.b; }
  double analog_time_tau() const { return state_.analog_time_tau; }
  std::int64_t steps() const { return state_.steps; }
  // Seconds to upload d² + d values at their bit widths over the host link.
  double ProgrammingSeconds() const;
  // Full positions of all chains (d × chains), unquantised.
  ColMatrixD Positions();

  // Uniform symmetric quantiser: round v to the grid {k · s}, s = range / (2^(bits−1) − 1),
  // |k| ≤ 2^(bits−1) − 1; bits = 0 returns v.
  static double Quantize(double v, double range, int bits);

 private:
  // The device in NEST's anatomy (models/iaf_psc_alpha.h): Params are `params_`, validated once
  // and immutable; Derived is recomputed by Prepare() from them and the programmed problem; State
  // is what evolves while the device runs; Buffers hold nothing between calls.
  struct Derived {
    ColMatrixD a;                              // A as programmed (coupling-quantised)
    Eigen::VectorXd b;                         // b as programmed (DAC-quantised)
    std::unique_ptr<OuPropagator> propagator;  // the transition over one step of params_.step_tau
    double adc_range = 0.0;                    // the ADC's ±full scale, state units
  };
  struct State {
    std::unique_ptr<OuEnsemble<double>> ensemble;  // positions (and velocities) of every chain
    double analog_time_tau = 0.0;                  // run since programming, in τ
    std::int64_t steps = 0;
  };
  struct Buffers {
    ColMatrixD readout;  // the last ADC read-out, d × chains
  };
  // Derived from params_ and the problem (A, b).
  void Prepare(const ColMatrixD& a, const Eigen::VectorXd& b);

  SpuParams params_;
  Derived derived_;
  State state_;
  Buffers buffers_;
};

}  // namespace landauer::thermo

#endif  // LANDAUER_THERMO_SPU_H_

// landauer/reversible/reversible_sgd.h — SGD with momentum that runs backwards exactly.
//
// Maclaurin, Duvenaud & Adams, "Gradient-based hyperparameter optimization through reversible
// learning" (ICML 2015, arXiv 1502.03492), Alg. 1–3. Forward, for t = 0 … T−1:
//   g_t = ∇L_t(w_t);   v_{t+1} = γ v_t − (1 − γ) g_t;   w_{t+1} = w_t + α_t ⊙ v_{t+1}
// with w and v in fixed point (ExactVector) and γ a rational n/d, so that the reverse pass
//   w_t = w_{t+1} − α_t ⊙ v_{t+1};   g_t = ∇L_t(w_t);   v_t = (v_{t+1} + (1 − γ) g_t) / γ
// recovers every state bit for bit; the bits γ destroys go to per-parameter information buffers
// (log2(d/n) ≈ log2(1/γ) bits per parameter per step: 0.152 at γ = 0.9, where storing the
// trajectory would cost 64). Along the way it accumulates, in float64 (their Alg. 2),
//   dα_t = Σ_group dw ⊙ v_{t+1};   dv += α_t ⊙ dw;   dγ_t = dv · (v_t + g_t);
//   dw −= (1 − γ) ∇²L_t(w_t) dv;    dv ← γ dv
// starting from dw = ∂f/∂w_T for a validation loss f, and ending with ∂f/∂w_0 and ∂f/∂v_0.
// α_t is per iteration and per parameter group (e.g. each layer's weights and biases).
// The reverse pass costs one gradient and one Hessian-vector product per step (Pearlmutter's
// R-operator shares the forward pass with the gradient).
#ifndef LANDAUER_REVERSIBLE_REVERSIBLE_SGD_H_
#define LANDAUER_REVERSIBLE_REVERSIBLE_SGD_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "landauer/reversible/exact_vector.h"

namespace landauer::reversible {

struct SgdSchedule {
  int iterations = 0;
  int groups = 1;
  std::vector<double> learning_rate;  // iterations × groups, row t = iteration t
  double gamma = 0.9;
  double at(int t, int g) const {
    return learning_rate[static_cast<std::size_t>(t) * static_cast<std::size_t>(groups) +
                         static_cast<std::size_t>(g)];
  }
  void Validate() const;
};

// ∇L_t(w) into `gradient`.
using GradientFunction =
    std::function<void(int iteration, std::span<const double> w, std::span<double> gradient)>;
// ∇L_t(w) into `gradient` and ∇²L_t(w)·v into `hvp`.
using GradientHvpFunction = std::function<void(int iteration,
                                               std::span<const double> w,
                                               std::span<const double> v,
                                               std::span<double> gradient,
                                               std::span<double> hvp)>;

struct Hypergradient {
  std::vector<double> d_learning_rate;  // iterations × groups
  std::vector<double> d_gamma;          // per iteration (γ_t treated as free)
  std::vector<double> d_initial_weights;
  std::vector<double> d_initial_velocity;
  bool exact_reversal = false;  // w_0 and v_0 recovered bit for bit
  double seconds = 0.0;
};

class ReversibleSgd {
 public:
  // group_of_parameter[i] in [0, schedule.groups).
  ReversibleSgd(std::vector<int> group_of_parameter, SgdSchedule schedule, int radix_bits = 52);

  // Runs the T steps from (w0, v0). Returns w_T.
  std::vector<double> Forward(std::span<const double> w0,
                              std::span<const double> v0,
                              const GradientFunction& gradient);
  // Runs back to step 0 from the state Forward left, with dw = ∂f/∂w_T.
  Hypergradient Reverse(std::span<const double> d_final_weights,
                        const GradientHvpFunction& gradient_hvp);

  // Information held in the buffers, bits per parameter per step, after Forward. log2 of a buffer
  // trails its information content by a constant (~1.4 bits), so this sits a little below
  // log2(d/n) for short runs; the growth rate over the second half of the run does not.
  double BufferBitsPerParameterStep() const;
  double BufferGrowthPerParameterStep() const;
  double buffer_bits() const;
  std::int64_t buffer_bits_allocated() const;
  double forward_seconds() const { return forward_seconds_; }
  const Rational& gamma() const { return gamma_; }

 private:
  std::vector<int> group_;
  SgdSchedule schedule_;
  Rational gamma_;
  int radix_bits_;
  std::unique_ptr<ExactVector> w_, v_;
  std::vector<std::int64_t> w0_raw_, v0_raw_;  // kept only to check the reversal
  double forward_seconds_ = 0.0;
  double half_buffer_bits_ = 0.0;
  bool forward_done_ = false;
};

}  // namespace landauer::reversible

#endif  // LANDAUER_REVERSIBLE_REVERSIBLE_SGD_H_

// landauer/nn/natural_gradient.h — natural-gradient directions: exact, CG, and TNGD on an SPU.
//
// Each turns the mini-batch gradient g into a direction g̃ ≈ F⁻¹ g, F = G + λI with G the batch
// GGN (ggn_subspace.h); a first-order optimizer (SGD or Adam: the "TNGD-Adam" hybrid) then steps
// along g̃.
//   ngd      exact: g̃ = F⁻¹ g in the GGN's row space (equal to NGD-Woodbury, never N × N)
//   ngd-cg   c conjugate-gradient iterations on F x = g with GGN-vector products, x₀ = 0
//   tngd     Thermodynamic NGD (Donatella et al., arXiv:2405.13817, Alg. 1): the SPU state g̃
//            follows dg̃ = −(F g̃ − g) dt + N(0, 2κ₀ dt) for analog time t, starting from the
//            previous iteration's state (warm start: never reset; g̃₀ = g at the first step).
//            With a delay t_d the device first runs t_d longer on the previous F and g.
// The SPU dynamics are integrated exactly per GGN eigenmode μ (decay e^{−(μ+λ)t}), or, with
// `step_tau` > 0, as the Euler–Maruyama chain of TNGD's App. D, whose n-step law is also closed
// form per mode: decay ρⁿ, ρ = 1 − h(μ+λ), noise variance 2κ₀h(1 − ρ²ⁿ)/(1 − ρ²). The complement
// of the row space evolves with μ = 0. t → ∞ gives NGD; t = 0 gives the gradient (SGD).
//
// Counting (TNGD, per iteration, into the ledger): the digital Jacobian J_f (B·C × N MACs) and
// H_L (B·C² MACs); programming B·C(B·C + 2N) resistor values at 16 bits (or coupling_bits) over the
// link; a 16-bit DAC per gradient entry; (N + B·C) cells for t + t_d analog τ; a 16-bit ADC per
// read-out entry. With coupling_bits > 0 the programmed J_f and H_L are quantised (ggn_subspace.h:
// J is then formed explicitly, so only for small nets) and the link carries that many bits per
// value. Counting (ngd, ngd-cg: digital, estimates in fp32 MACs): exact NGD pays the Jacobian rows,
// the Gram matrix, an r × r symmetric eigendecomposition (~9 r³ flops) and a JVP + VJP solve;
// NGD-CG pays one GGN-vector product (JVP, H_L, VJP ≈ 3 B·N MACs) and the vector updates per
// iteration.
#ifndef LANDAUER_NN_NATURAL_GRADIENT_H_
#define LANDAUER_NN_NATURAL_GRADIENT_H_

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "landauer/core/rng.h"
#include "landauer/energy/ledger.h"
#include "landauer/nn/ggn_subspace.h"
#include "landauer/nn/mlp.h"

namespace landauer::nn {

struct NaturalGradientOptions {
  std::string method = "tngd";  // tngd, ngd, ngd-cg
  double damping = 0.01;        // λ
  double analog_time_tau = 50;  // TNGD t, in τ
  double delay_tau = 0;         // TNGD t_d, in τ
  double step_tau = 0;          // TNGD δt in τ; 0 = exact transitions
  double kappa0 = 0;            // TNGD noise variance
  int cg_iterations = 10;       // NGD-CG c
  int coupling_bits = 0;  // TNGD: bits of the programmed J_f and H_L values; 0 = ideal (16 counted)
  std::uint64_t seed = 0;

  void Validate() const;
};

class NaturalGradient {
 public:
  explicit NaturalGradient(NaturalGradientOptions options);
  // Writes the direction for this batch into `direction` (size storage_size()).
  void Apply(const Mlp& model,
             const MatrixF& x,
             const AlignedFloats& gradient,
             AlignedFloats& direction,
             Ledger* ledger,
             std::string_view phase);
  const NaturalGradientOptions& options() const { return options_; }
  nlohmann::json OptionsJson() const;

  // Checkpointing. The state a resumed run needs to continue bit for bit: the iteration and noise
  // counters (JSON) and, for TNGD, the SPU state g̃ and, with a delay, the previous iteration's
  // parameters, batch and gradient (from which its GGN subspace is rebuilt), as floats.
  nlohmann::json StateHeader() const;
  std::vector<float> StatePayload() const;
  // Restores what StateHeader/StatePayload saved; `model` supplies the architecture. Throws
  // std::invalid_argument if the payload does not match the header.
  void RestoreState(const nlohmann::json& header, std::span<const float> payload, const Mlp& model);
  std::int64_t iterations() const { return iterations_; }

 private:
  void Evolve(const GgnSubspace& subspace, const AlignedFloats& gradient, double duration_tau);

  NaturalGradientOptions options_;
  Rng rng_;              // never advanced: noise comes from its substreams
  AlignedFloats state_;  // g̃, the SPU state (warm start)
  // F and g of the previous iteration, for the delay (the subspace built then, reused).
  std::optional<GgnSubspace> previous_subspace_;
  AlignedFloats previous_gradient_;
  std::int64_t iterations_ = 0;
  std::uint64_t evolutions_ =
      0;  // Evolve calls so far; each draws noise from its own two substreams
};

}  // namespace landauer::nn

#endif  // LANDAUER_NN_NATURAL_GRADIENT_H_

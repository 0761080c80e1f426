// landauer/thermo/tngd.h — thermodynamic natural gradient descent: an SPU relaxes to F⁻¹ g.
//
// Donatella et al., "Thermodynamic natural gradient descent", arXiv:2405.13817, Alg. 1. Each
// training step the host programs the SPU with the batch GGN F = G + λI (as J_f and H_L, App. C)
// and the gradient g; the device state g̃ follows
//   dg̃ = −(F g̃ − g) dt + N(0, 2κ₀ dt)
// for analog time t and the host reads g̃ out as the direction its optimizer (SGD, or Adam: the
// "TNGD-Adam" hybrid) steps along. Where each step starts (`init`) is the paper's open choice:
//   warm      x₀ = g̃ₖ₋₁, the previous step's state, never reset (Alg. 1 as written; g̃₀ = g at
//             the first step). With a delay t_d the device first runs t_d longer on the previous
//             step's F and g (§4, Fig. 4b).
//   gradient  x₀ = ∇ℓₖ, the current gradient (the text after Eq. 19, §5.1 and App. B: "reset at
//             each iteration"). A delay has nothing to act on, so it is refused.
// t → ∞ gives NGD in both. t = 0 gives the gradient at every step (SGD) only under `gradient`;
// under `warm` it freezes the direction at the *first* step's gradient for good.
//
// The dynamics are integrated exactly per GGN eigenmode μ (decay e^{−(μ+λ)t}), or, with
// `step_tau` > 0, as the Euler–Maruyama chain of TNGD's App. D, whose n-step law is also closed
// form per mode (OuModeLaw, ou_propagator.h: the same law the SPU's spectral path uses). The
// complement of the GGN's row space evolves with μ = 0. Coupling quantisation (`coupling_bits`)
// rounds the programmed J_f and H_L as the SPU's resistor values would (QuantizeSymmetric over
// ±each array's largest entry), from the explicit factors of nn/ggn_subspace.h (small nets only).
//
// Counting, per step (spu_cost.h): the host's Jacobian J_f (B·C × N fp32 MACs) and H_L (B·C²);
// B·C(B·C + 2N) programmed values at coupling_bits (16 when ideal) plus 2N 16-bit gradient and
// read-out values over the link (each erasing its register); N 16-bit DAC conversions of g;
// B·C(B·C + 2N) resistor writes (the arrays J_f, H_L, J_fᵀ); (N + B·C) cells and the
// B·C(B·C + 2N) resistors for (t + t_d) τ; N 16-bit ADC read-outs.
//
//   auto tngd = std::make_shared<Tngd>(TngdOptions{.damping = 0.01, .analog_time_tau = 50});
//   train_options.direction = tngd;   // nn::DirectionTransform
#ifndef LANDAUER_THERMO_TNGD_H_
#define LANDAUER_THERMO_TNGD_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "landauer/core/rng.h"
#include "landauer/energy/ledger.h"
#include "landauer/nn/direction_transform.h"
#include "landauer/nn/ggn_subspace.h"
#include "landauer/nn/mlp.h"

namespace landauer::thermo {

// Where the device state starts each step (see above).
enum class TngdInit { kWarm, kGradient };
std::string_view ToString(TngdInit init);  // "warm", "gradient"
// "warm" or "gradient"; anything else throws std::invalid_argument naming the value.
TngdInit TngdInitFromString(std::string_view text);

struct TngdOptions {
  double damping = 0.01;        // λ > 0
  double analog_time_tau = 50;  // t ≥ 0, in τ
  double delay_tau = 0;         // t_d ≥ 0, in τ
  double step_tau = 0;          // Euler–Maruyama δt in τ; 0 = exact transitions
  double kappa0 = 0;            // noise variance κ₀ ≥ 0
  int coupling_bits = 0;        // bits of the programmed J_f and H_L: 0 = ideal (priced 16), 2..24
  std::uint64_t seed = 0;       // the device noise stream
  TngdInit init = TngdInit::kWarm;

  // Throws std::domain_error / std::invalid_argument naming the field, value and range.
  void Validate() const;
  nlohmann::json ToJson() const;
};

class Tngd final : public nn::DirectionTransform {
 public:
  explicit Tngd(TngdOptions options);
  void Apply(const nn::Mlp& model,
             const MatrixF& x,
             const AlignedFloats& gradient,
             AlignedFloats& direction,
             Ledger* ledger,
             std::string_view phase) override;
  const TngdOptions& options() const { return options_; }
  // ToJson() with "method": "tngd".
  nlohmann::json OptionsJson() const override;
  // The iteration and noise counters (JSON) and the SPU state g̃ and, with a delay, the previous
  // step's parameters, batch and gradient (from which its GGN subspace is rebuilt), as floats.
  nlohmann::json StateHeader() const override;
  std::vector<float> StatePayload() const override;
  void RestoreState(const nlohmann::json& header,
                    std::span<const float> payload,
                    const nn::Mlp& model) override;
  std::int64_t iterations() const { return iterations_; }

 private:
  // The subspace of F as the device is programmed with it (quantised couplings when asked).
  nn::GgnSubspace Programmed(const nn::Mlp& model, const MatrixF& x) const;
  void Evolve(const nn::GgnSubspace& subspace, const AlignedFloats& gradient, double duration_tau);
  void Count(const nn::Mlp& model, double batch, Ledger& ledger, std::string_view phase) const;

  TngdOptions options_;
  Rng rng_;              // never advanced: noise comes from its substreams
  AlignedFloats state_;  // g̃, the SPU state (warm start)
  // F and g of the previous iteration, for the delay (the subspace built then, reused).
  std::optional<nn::GgnSubspace> previous_subspace_;
  AlignedFloats previous_gradient_;
  std::int64_t iterations_ = 0;
  std::uint64_t evolutions_ = 0;  // Evolve calls so far; each draws noise from two substreams
};

}  // namespace landauer::thermo

#endif  // LANDAUER_THERMO_TNGD_H_

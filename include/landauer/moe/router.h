// landauer/moe/router.h — routing tokens to experts: Switch top-1 and Shazeer's noisy top-k, expert
// capacity with token dropping, and the auxiliary load-balancing losses exactly as published.
//
//   RouterOptions o{.gating = Gating::kSwitch, .experts = 8, .k = 1, .capacity_factor = 1.25};
//   Routing r = Route(logits, /*noise_logits=*/nullptr, /*normal=*/nullptr, o);   // T × E logits
//   ... experts run on the kept slots, giving ∂L/∂gate per slot ...
//   RouterGradient g = RouteBackward(r, gate_gradient, /*noise_logits=*/nullptr, o);
//
// Switch Transformers (Fedus, Zoph & Shazeer, JMLR 23(120), 2022, §2.1–2.2):
//   p = softmax(logits) over all E experts (in fp32 here, as the paper insists for the router);
//   each token goes to e* = argmax p with gate p_e*;
//   aux = α · E · Σᵢ fᵢ Pᵢ,  fᵢ = the fraction of the T tokens whose argmax is i,
//                            Pᵢ = (1/T) Σₜ p_t,i over the full softmax.
//   fᵢ counts every token routed, before the capacity drops any (Megatron-LM#1513: a capacity
//   mask in fᵢ makes the loss ~30 % low); Pᵢ is over the full softmax, not the kept top-k
//   (aprender PR#2162). With fᵢ = Pᵢ = 1/E the loss is exactly α, and it grows with skew. fᵢ is
//   piecewise constant, so the gradient flows through Pᵢ (the paper's design).
//
// Noisy top-k gating (Shazeer et al., ICLR 2017, §2.1 and App. A):
//   H = logits + ε · (softplus(noise_logits) + 0.01), ε ~ N(0, 1) (training; H = logits at
//   evaluation). The floor 0.01 is the authors' code's (tensor2tensor noisy_top_k_gating,
//   noise_epsilon): without it a scale that underflows to 0 makes the load loss 0/0;
//   G = softmax over the k largest H (0 elsewhere); each token goes to those k with gates G.
//   L_importance = w_imp · CV(Importance)²,  Importanceᵢ = Σₜ G_t,i
//   L_load       = w_load · CV(Load)²,        Loadᵢ = Σₜ Φ((logits_t,i − θ_t,i) / softplus(n_t,i))
//   with θ_t,i the k-th largest H_t excluding component i (the smooth estimator of App. A), and
//   CV² = population variance / mean² (+10⁻¹⁰ in the denominator, as the authors' code).
//
// Capacity (GShard, Lepikhin et al. 2021; Switch §2.2): C = ⌈k · T · capacity_factor / E⌉ slots
// per expert. Slots are filled in order of preference (every token's first choice, in token
// order, then every second choice, ...); a choice that finds its expert full is dropped: the
// token's output is then the residual alone for that expert. A capacity_factor of 0 means no
// limit (C = T).
#ifndef LANDAUER_MOE_ROUTER_H_
#define LANDAUER_MOE_ROUTER_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "landauer/core/matrix.h"

namespace landauer::moe {

enum class Gating { kSwitch, kNoisyTopK };
Gating GatingFromString(std::string_view text);  // "switch", "noisy-top-k"; throws
std::string_view ToString(Gating gating);

struct RouterOptions {
  Gating gating = Gating::kSwitch;
  int experts = 8;
  int k = 1;                       // experts per token (Switch: 1)
  double capacity_factor = 1.25;   // > 0; 0: unlimited
  double aux_weight = 0.01;        // Switch α
  double importance_weight = 0.1;  // Shazeer w_importance
  double load_weight = 0.1;        // Shazeer w_load

  // Throws std::invalid_argument naming the field: experts < 1, k outside [1, experts] (Switch:
  // k = 1), capacity_factor < 0, negative weights.
  void Validate() const;
  // Slots per expert for `tokens` tokens.
  std::int64_t Capacity(std::int64_t tokens) const;
};

struct Routing {
  int tokens = 0, experts = 0, k = 0;
  std::int64_t capacity = 0;
  // Per slot s = t·k + j (token t's j-th choice, best first): the expert, its gate, and whether
  // it fitted within capacity.
  std::vector<std::int32_t> expert;
  std::vector<float> gate;
  std::vector<std::uint8_t> kept;
  // The kept slots of each expert, in dispatch order.
  std::vector<std::vector<std::int32_t>> slots;
  // Switch: softmax of the logits (T × E). Noisy top-k: H (T × E), and the noise scale
  // softplus(noise) + 0.01 and the normal draws when noise was applied.
  MatrixF logits, probabilities, noisy, noise_scale, normal;  // logits: as given
  bool noise_applied = false;
  // Statistics (per expert): fraction of first choices (Switch fᵢ), mean probability (Pᵢ),
  // importance and smooth load (noisy top-k), slots kept.
  std::vector<double> fraction, mean_probability, importance, load;
  std::vector<std::int64_t> kept_per_expert;
  std::int64_t dropped = 0;  // slots over capacity
  double aux_loss = 0.0;     // Switch: α·E·Σ fP; noisy top-k: L_importance + L_load (training)
};

// Routes T tokens given their router logits (T × E). For noisy top-k in training, `noise_logits`
// (T × E, the pre-softplus noise scale) and `normal` (T × E standard normal draws) apply the
// noise; null for evaluation. Throws std::invalid_argument for shapes that do not match.
Routing Route(const MatrixF& logits,
              const MatrixF* noise_logits,
              const MatrixF* normal,
              const RouterOptions& options);

struct RouterGradient {
  MatrixF logits;        // ∂(L + aux)/∂logits, T × E
  MatrixF noise_logits;  // ∂(L + aux)/∂noise_logits (noisy top-k with noise; else empty)
};

// Back-propagates ∂L/∂gate (one per slot; 0 for dropped slots) and the auxiliary loss.
RouterGradient RouteBackward(const Routing& routing,
                             std::span<const float> gate_gradient,
                             const MatrixF* noise_logits,
                             const RouterOptions& options);

// The auxiliary losses alone, from their statistics (used by Route, exposed for tests):
// α·E·Σ fᵢPᵢ, and w·CV(x)².
double SwitchAuxLoss(std::span<const double> fraction,
                     std::span<const double> mean_probability,
                     double alpha);
double CvSquared(std::span<const double> x);

}  // namespace landauer::moe

#endif  // LANDAUER_MOE_ROUTER_H_

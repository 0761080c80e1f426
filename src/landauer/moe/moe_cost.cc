#include "landauer/moe/moe_cost.h"

#include <algorithm>

#include "landauer/energy/erasure.h"

namespace landauer::moe {
namespace {

constexpr Action kMac{"alu", "fp32_mac"};
constexpr Action kCompare{"alu", "int32_add"};
constexpr Action kMultiply{"alu", "int32_mult"};
constexpr double kWord = 32.0;
constexpr double kDrawMults = 10.0;  // moe_cost.h: the assumption for one normal draw
constexpr int kAdamMacs = 5, kAdamBuffers = 2;

}  // namespace

void CountMoe(Ledger& ledger,
              std::string_view phase,
              const MoeSpec& spec,
              const MoeWork& work,
              std::int64_t batch,
              std::int64_t optimizer_steps,
              const nn::MemoryLevels& levels) {
  const double d = spec.width, f = spec.expert_hidden, e = spec.router.experts, k = spec.router.k,
               n = spec.input, c = spec.classes;
  const double params = static_cast<double>(spec.parameters());
  const std::string_view w = levels.LevelFor(kWord * params);
  const double widest = std::max({n, d, f, c});
  const std::string_view a = levels.LevelFor(2.0 * kWord * double(batch) * widest);
  const double expert = spec.ExpertMacs();
  const double dense_per_token = d * (n + 1) + c * (d + 1);  // input layer and head
  const bool noisy = spec.router.gating == Gating::kNoisyTopK;
  const double router_weights = e * d * (noisy ? 2.0 : 1.0);  // a training step uses both
  // Per batch the dense layers and the router are read; the noise weights only when noise ran.
  const double dense_weights = d * (n + 1) + c * (d + 1) + e * d;

  // Forward.
  CountWithErasure(ledger,
                   phase,
                   kMac,
                   work.tokens * (dense_per_token + e * d) + work.noisy_tokens * e * d +
                       work.kept_slots * (expert + d));
  CountWithErasure(ledger, phase, kCompare, work.tokens * k * (e - 1));
  CountWithErasure(ledger, phase, kMultiply, kDrawMults * work.noisy_tokens * e);
  ledger.Count(phase,
               w,
               "read_bit",
               kWord * (work.batches * dense_weights + work.noisy_batches * e * d +
                        work.expert_batches * expert));
  // Activations: the input read, h and y written, the logits written; dispatch copies, the
  // experts' hidden and output rows written and read again by the next product or the combine.
  ledger.Count(
      phase, a, "read_bit", kWord * (work.tokens * (n + d) + work.kept_slots * (d + f + d)));
  CountWithErasure(ledger,
                   phase,
                   a,
                   "write_bit",
                   kWord * (work.tokens * (2 * d + c) + work.kept_slots * (d + f + d)));
  if (work.remote_slots > 0) {
    CountWithErasure(ledger, phase, kInterconnectBit, 2.0 * kWord * d * work.remote_slots);
  }

  // Backward: weight and input gradients (the input layer has no input gradient), the gate
  // gradients, and every gradient written.
  if (work.backward_tokens > 0) {
    const double backward_fraction = work.backward_tokens / std::max(1.0, work.tokens);
    CountWithErasure(ledger,
                     phase,
                     kMac,
                     work.backward_tokens * (d * (n + 1) + 2 * c * (d + 1) + 2 * router_weights) +
                         work.backward_slots * (2 * expert + d));
    ledger.Count(phase,
                 w,
                 "read_bit",
                 kWord * backward_fraction *
                     (work.batches * dense_weights + work.noisy_batches * e * d +
                      work.expert_batches * expert));
    ledger.Count(
        phase,
        a,
        "read_bit",
        kWord * (work.backward_tokens * (n + 2 * d + c) + work.backward_slots * (2 * d + f)));
    CountWithErasure(ledger,
                     phase,
                     a,
                     "write_bit",
                     kWord * (work.backward_tokens * 2 * d + work.backward_slots * (d + f)));
    CountWithErasure(
        ledger, phase, w, "write_bit", kWord * params * backward_fraction * work.batches);
    if (work.remote_slots > 0) {
      CountWithErasure(
          ledger, phase, kInterconnectBit, 2.0 * kWord * d * work.remote_slots * backward_fraction);
    }
  }

  // Adam.
  if (optimizer_steps > 0) {
    nn::CountOptimizerUpdate(
        ledger, phase, params, kAdamMacs, kAdamBuffers, levels, double(optimizer_steps));
  }
}

}  // namespace landauer::moe

// landauer/moe/moe_cost.h — what a mixture-of-experts network does, counted into the ledger.
//
// Counted from the work the passes did (MoeWork: tokens, the slots each expert kept, the batches
// in which an expert ran, the slots that crossed devices), not from a formula over the routing one
// hoped for. Per forward pass, with d the token width, f an expert's hidden width, E experts, C
// classes and n the input width (every multiply-add fp32; a bias is one more MAC, as in
// nn/digital_cost.h):
//
//   input layer   alu.fp32_mac      tokens · d(n+1)
//   router        alu.fp32_mac      tokens · E·d (+ the same for the noise projection, noisy top-k
//                                   in training); in fp32 as Switch §2.4 requires
//                 alu.int32_add     tokens · k(E−1): comparisons choosing the top k (an upper
//                                   estimate of the selection's work; a float compare priced as
//                                   an integer one, which it is for the sign-magnitude order)
//                 alu.int32_mult    10 per normal draw of the gating noise (an assumption: a Philox
//                                   block and a Box–Muller transform, amortised)
//   dispatch      <A>.read_bit,     32·d per kept slot: the token copied into its expert's batch
//                 <A>.write_bit
//   experts       alu.fp32_mac      kept slots · (f(d+1) + d(f+1)): only routed tokens compute
//                 <W>.read_bit      32·(f(d+1) + d(f+1)) per (expert, batch) that ran: each
//                 expert's
//                                   weights are fetched once per batch in which it has tokens
//                 <A>.write_bit,    32·f per kept slot (the hidden activations), and 32·d (output)
//                 <A>.read_bit
//   combine       alu.fp32_mac      d per kept slot (gate × output, added to the residual)
//   head          alu.fp32_mac      tokens · C(d+1)
//   weights       <W>.read_bit      the dense layers' and the router's weights once per batch (the
//                                   noise weights only in batches routed with noise)
//   all-to-all    interconnect.bit  32·d per slot whose expert sits on another device, each way
//                                   (dispatch and combine): 64·d per remote slot
//
// The backward pass doubles the multiply-adds of every layer it crosses (weight gradient and input
// gradient; the input layer has no input gradient), adds the gate gradients (d per kept slot),
// sends the gradients back across devices (64·d per remote slot again) and writes every
// gradient (32 bits per parameter). An Adam step costs 5 MACs and reads θ, g, m, v and writes θ,
// m, v (as nn/digital_cost.h's optimizer step).
//
// <W> is the level that holds every parameter — all E experts, whether or not a token uses them:
// the memory a mixture of experts pays for its capacity. <A> holds the batch's activations.
// Softmax, exponentials and the loss are not counted (as in nn/digital_cost.h). Bits erased
// follow energy/erasure.h.
#ifndef LANDAUER_MOE_MOE_COST_H_
#define LANDAUER_MOE_MOE_COST_H_

#include <cstdint>
#include <string_view>

#include "landauer/energy/ledger.h"
#include "landauer/moe/moe_mlp.h"
#include "landauer/nn/digital_cost.h"

namespace landauer::moe {

inline constexpr Action kInterconnectBit{"interconnect", "bit"};

// Everything in `work` (forward and backward passes) in batches of at most `batch` tokens, plus
// `optimizer_steps` Adam steps.
void CountMoe(Ledger& ledger,
              std::string_view phase,
              const MoeSpec& spec,
              const MoeWork& work,
              std::int64_t batch,
              std::int64_t optimizer_steps,
              const nn::MemoryLevels& levels = {});

}  // namespace landauer::moe

#endif  // LANDAUER_MOE_MOE_COST_H_

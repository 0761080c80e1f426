// landauer/reversible/hypergrad_cost.h — what one meta-iteration of `rev hypergrad` does, counted
// into the ledger, and what it would do with the trajectory stored instead of reversed.
//
// A meta-iteration (hyperparameter_search.h) trains T steps of reversible SGD with momentum
// (reversible_sgd.h), evaluates the validation loss and its gradient, runs the T steps backwards
// for the hypergradient, and takes an Adam step on the T × G log learning rates. With the MLP's
// N parameters, widths n_0 … n_L, batch B and V validation samples, F = Σ_l n_l (n_{l−1} + 1)
// MACs per sample forward and K = F + Σ_{l≥2} n_l n_{l−1} backward, all in float64 (fp64_mac):
//
//   forward, per step     B (F + K) for the gradient; per parameter one fp64_mac scaling
//                         (1 − γ) g and one scaling α v into fixed point, two 64-bit adds
//                         (v −= …, w += …), and the momentum rescale v ← v·n/d (below)
//   validation            V (F + K)
//   reverse, per step     3 B (F + K): the gradient and the Hessian-vector product by
//                         Pearlmutter's R-operator (its forward and backward passes each cost
//                         about twice the plain ones); per parameter the same fixed-point work as
//                         forward, undone (w −= α v, v += (1 − γ) g, v ← v·d/n), and 5 fp64_mac
//                         of hypergradient bookkeeping (dα, dv += α dw, dγ, dw −= (1 − γ) Hv,
//                         dv ← γ dv), dw and dv read and written (64 bits each)
//   Adam on log α         5 fp64_mac per learning rate, T G of them
//
// The rescale i ← i·u/w (ExactVector::Rescale) divides a 64-bit value by a 32-bit one and
// multiplies it back (4 int32_mult: a 64/32 division taken as a reciprocal multiply, 2 partial
// products each) and pushes and pops a digit on the parameter's information buffer, an
// arbitrary-precision integer of L 32-bit limbs (L + 1 int32_mult and L + 1 int32_add each way,
// the limbs read and written). L grows linearly over the run, so its mean is half the final
// size: L̄ = (buffer bits allocated at the end of forward) / (64 N). Each 64-bit add is two
// int32_add. The weights, velocities (64-bit) and buffers live at the level that holds them,
// read and written once per step; the MLP's weights are read once per pass and its activations
// (B Σ n_l values, 64-bit) written forward and read backward.
//
// Stored instead (the conventional way to differentiate through training): forward writes w and
// v (128 N bits) per step to a trajectory memory of 128 N T bits, and reverse reads them back;
// the update is 3 fp64_mac per parameter in float64, with no rescale, no buffer and no
// fixed-point undo; the gradient, Hessian-vector product and bookkeeping stay. The trajectory
// spills to DRAM long before the buffers do.
//
// Bits erased follow energy/erasure.h (CountWithErasure). Not counted: tanh and softmax, the
// float-to-fixed rounding, control.
#ifndef LANDAUER_REVERSIBLE_HYPERGRAD_COST_H_
#define LANDAUER_REVERSIBLE_HYPERGRAD_COST_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "landauer/energy/ledger.h"
#include "landauer/nn/digital_cost.h"

namespace landauer::reversible {

struct HypergradShape {
  std::vector<int> widths;  // input, hidden…, classes
  int iterations = 0;       // T
  int batch = 0;            // B
  std::int64_t validation_samples = 0;
  std::int64_t Parameters() const;
  int Groups() const { return 2 * (static_cast<int>(widths.size()) - 1); }
};

enum class Trajectory { kReversed, kStored };

// One meta-iteration; `buffer_bits_allocated` is the information buffers' size at the end of the
// forward pass (MetaIteration::buffer_bits_allocated), unused when the trajectory is stored.
void CountMetaIteration(Ledger& ledger,
                        std::string_view phase,
                        const HypergradShape& shape,
                        double buffer_bits_allocated,
                        Trajectory trajectory,
                        const nn::MemoryLevels& levels = {});

}  // namespace landauer::reversible

#endif  // LANDAUER_REVERSIBLE_HYPERGRAD_COST_H_

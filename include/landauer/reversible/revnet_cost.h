// landauer/reversible/revnet_cost.h — what one RevNet training step does, counted into the ledger.
//
// The network of revnet.h: embedding h = Q(W_in x + b_in) into the fixed-point halves (x1, x2) of
// width m, K coupling blocks y1 = x1 + Q(F(x2)), y2 = x2 + Q(G(y1)) with F, G : m → m dense tanh
// layers, and a dense head of C classes on [y1; y2]. Per step of B samples, with d inputs:
//
//   forward    alu.fp32_mac   B·2m(d+1) embedding + B·2m quantising it
//                             per block and branch: B·m(m+1) + B·m dequantising + B·m quantising
//                             head: B·2m dequantising + B·C(2m+1)
//              alu.int32_add  2 per 64-bit state addition: per block and branch 2·B·m
//   backward   alu.fp32_mac   head: B·C(2m+1) for dW_out, db_out + B·2m·C for dy
//                             per block and branch: B·m recomputing the branch's input, B·m(m+1)
//                             recomputing F or G (both modes: the tanh derivative needs it),
//                             B·m(m+1) for dW, db, B·m·m for the input gradient
//                             embedding: B·2m(d+1) for dW_in, db_in
//              reconstruct:   per block and branch B·m quantising and 2·B·m alu.int32_add
//                             (x1 = y1 − Q(F(x2))), and the reconstructed half written
//              store:         per block the stored state (2·B·m·64 bits) read back
//   SGD        alu.fp32_mac N, and N·32 bits of θ and of g read, N·32 of θ written
//
// Memory. Weights (N·32 bits; the simulation keeps them in float64, a device would in fp32) are
// read once per pass; weight gradients written once. The state (64-bit fixed point) and branch
// values (32-bit) are read and written at the level that holds the step's peak activation
// memory, the figure `rev revnet` reports (MemoryMeter): B·2m·8 bytes of state and as much of
// branch values, ×(1 + 2) when reconstructing, ×(K + 1 + 2) when storing every block's input
// (×(1 + 1) without blocks).
// Storing mode also writes each block's input (2·B·m·64 bits) in the forward pass. So a deep
// stored-activation RevNet spills to DRAM, where a reconstructing one stays on chip.
//
// Bits erased follow the convention of energy/erasure.h (CountWithErasure): every bit written
// and every arithmetic result register. The additive couplings are bijections, so an adiabatic
// or reversible-logic RevNet need not erase the state they update; this digital count does, as
// the digital MLP's does. Not counted: tanh, softmax and loss (O(B·m) per layer), control.
#ifndef LANDAUER_REVERSIBLE_REVNET_COST_H_
#define LANDAUER_REVERSIBLE_REVNET_COST_H_

#include <cstdint>
#include <string_view>

#include "landauer/energy/ledger.h"
#include "landauer/nn/digital_cost.h"
#include "landauer/reversible/revnet.h"

namespace landauer::reversible {

struct RevNetShape {
  int inputs = 0, half_width = 0, blocks = 0, classes = 0;
  std::int64_t Parameters() const;
  // The peak activation bytes of one training step of `batch` samples (= MemoryMeter's peak).
  std::int64_t PeakActivationBytes(std::int64_t batch, Backward mode) const;
};

// One training step (forward, backward, SGD update) of `batch` samples.
void CountRevNetStep(Ledger& ledger,
                     std::string_view phase,
                     const RevNetShape& shape,
                     std::int64_t batch,
                     Backward mode,
                     const nn::MemoryLevels& levels = {});

}  // namespace landauer::reversible

#endif  // LANDAUER_REVERSIBLE_REVNET_COST_H_

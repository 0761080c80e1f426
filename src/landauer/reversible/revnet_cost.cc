#include "landauer/reversible/revnet_cost.h"

#include "landauer/energy/erasure.h"

namespace landauer::reversible {

std::int64_t RevNetShape::Parameters() const {
  const std::int64_t m = half_width, d = inputs, c = classes;
  return 2 * m * (d + 1) + std::int64_t{blocks} * 2 * m * (m + 1) + c * (2 * m + 1);
}

std::int64_t RevNetShape::PeakActivationBytes(std::int64_t batch, Backward mode) const {
  const std::int64_t state = 2 * std::int64_t{half_width} * batch * 8;  // int64 halves
  const std::int64_t branch = state;                                    // float64 values
  if (blocks == 0) return state + branch;  // the state and its gradient halves
  const std::int64_t states = mode == Backward::kStore ? std::int64_t{blocks} + 1 : 1;
  return states * state + 2 * branch;
}

void CountRevNetStep(Ledger& ledger,
                     std::string_view phase,
                     const RevNetShape& shape,
                     std::int64_t batch,
                     Backward mode,
                     const nn::MemoryLevels& levels) {
  const double b = static_cast<double>(batch), m = shape.half_width, d = shape.inputs,
               c = shape.classes;
  const double n = static_cast<double>(shape.Parameters());
  const std::string_view weights = levels.LevelFor(n * 32.0);
  const std::string_view activations =
      levels.LevelFor(8.0 * static_cast<double>(shape.PeakActivationBytes(batch, mode)));
  const auto mac = [&](double count) { CountWithErasure(ledger, phase, "alu", "fp32_mac", count); };
  const auto add64 = [&](double count) {
    CountWithErasure(ledger, phase, "alu", "int32_add", 2.0 * count);
  };
  const auto read = [&](std::string_view level, double bits) {
    CountWithErasure(ledger, phase, level, "read_bit", bits);
  };
  const auto write = [&](std::string_view level, double bits) {
    CountWithErasure(ledger, phase, level, "write_bit", bits);
  };
  const double branch_weights = m * (m + 1), half = b * m;

  // Forward: embedding, blocks, head.
  read(weights, n * 32.0);
  read(activations, b * d * 32.0);
  mac(b * 2.0 * m * (d + 1) + 2.0 * half);
  write(activations, 2.0 * half * 64.0);
  for (int block = 0; block < shape.blocks; ++block) {
    if (mode == Backward::kStore) write(activations, 2.0 * half * 64.0);
    for (int branch = 0; branch < 2; ++branch) {
      read(activations, half * 64.0);         // the input half
      mac(half + b * branch_weights + half);  // dequantise, F or G, quantise
      read(activations, half * 64.0);         // the half it updates
      add64(half);
      write(activations, half * 64.0);
    }
  }
  read(activations, 2.0 * half * 64.0);
  mac(2.0 * half + b * c * (2.0 * m + 1));

  // Backward: head, blocks in reverse, embedding.
  mac(b * c * (2.0 * m + 1) + b * 2.0 * m * c);
  write(activations, 2.0 * half * 32.0);  // dy
  read(weights, n * 32.0);
  for (int block = 0; block < shape.blocks; ++block) {
    if (mode == Backward::kStore) read(activations, 2.0 * half * 64.0);
    for (int branch = 0; branch < 2; ++branch) {
      read(activations, half * 64.0 + half * 32.0);  // the branch input and its output gradient
      mac(half + b * branch_weights);                // dequantise and recompute F or G
      if (mode == Backward::kReconstruct) {
        mac(half);  // quantise
        add64(half);
        write(activations, half * 64.0);
      }
      mac(b * branch_weights + b * m * m);  // dW, db; the input gradient
      write(activations, half * 32.0);
    }
  }
  mac(b * 2.0 * m * (d + 1));
  write(weights, n * 32.0);  // the gradient

  // SGD: θ ← θ − η g.
  mac(n);
  read(weights, 2.0 * n * 32.0);
  write(weights, n * 32.0);
}

}  // namespace landauer::reversible

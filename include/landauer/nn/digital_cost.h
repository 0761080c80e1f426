// landauer/nn/digital_cost.h — what a digital MLP does, counted into the ledger.
//
// The model never prices anything: it counts actions, and a table prices them. Per dense layer
// with batch B, fan-in `in`, fan-out `out` and operand precision p bits:
//
//   forward    alu.<p>_mac             B·out·(in+1)          (the bias is one more MAC)
//              <W level>.read_bit      out·(in+1)·p          (weights fetched once per batch)
//              <A level>.read_bit      B·in·p                (input activations)
//              <A level>.write_bit     B·out·p               (output activations)
//   backward   alu.fp32_mac            B·out·(in+1) for dW, db, plus B·out·in for dX (l > 0)
//              reads of W, dY and X; writes of dW (32-bit) and dX
//   optimizer  alu.fp32_mac            N · MacsPerParameter()   (Adam 5, SGD 2)
//              <S level>.read_bit      N·32·(2 + buffers)     (θ, g and each state buffer)
//              <S level>.write_bit     N·32·(1 + buffers)
//   int8       quantising inputs and dequantising outputs: B·(in+out) alu.fp32_mac per layer
//
// A memory level is chosen by the size of what it must hold: the whole model's weights (W), the
// batch's two widest activations (A), or parameters + gradient + optimizer state (S). Sizes up to
// `sram_small_bits` use sram_small, up to `sram_large_bits` sram_large, larger ones dram. The
// defaults are the 32 KB and 1 MB SRAMs of Horowitz's 45 nm table.
//
// Bits erased (the Landauer floor), by the convention of energy/erasure.h: every bit written
// overwrites an old value that is not kept (activations, gradients, parameters and optimizer
// state), and every MAC overwrites its 32-bit accumulator. CountWithErasure counts both with
// their actions.
// Not counted: activation functions, softmax and loss (O(B·width), negligible next to the MACs),
// instruction fetch, control and leakage — the priced energy is a lower estimate for that reason.
//
// A substrate that runs the forward MACs itself while the digital processor keeps the memory
// traffic and the quantisation arithmetic derives from this model and overrides
// CountForwardMacs (reversible/adiabatic_cost.h).
#ifndef LANDAUER_NN_DIGITAL_COST_H_
#define LANDAUER_NN_DIGITAL_COST_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "landauer/energy/ledger.h"
#include "landauer/nn/cost_model.h"
#include "landauer/nn/mlp.h"
#include "landauer/nn/precision.h"

namespace landauer::nn {

struct MemoryLevels {
  double sram_small_bits = 32.0 * 1024 * 8;    // 32 KiB
  double sram_large_bits = 1024.0 * 1024 * 8;  // 1 MiB
  std::string_view LevelFor(double bits) const;
};

// `steps` optimizer steps over `parameters` values, elementwise: `macs_per_parameter` fp32 MACs
// each, θ, g and each of `state_buffers` buffers read and θ and the buffers written, 32 bits each,
// at the level that holds them all. DigitalCostModel::CountOptimizerStep and the sparse and MoE
// cost files count their steps with it.
void CountOptimizerUpdate(Ledger& ledger,
                          std::string_view phase,
                          double parameters,
                          int macs_per_parameter,
                          int state_buffers,
                          const MemoryLevels& levels = {},
                          double steps = 1.0);

class DigitalCostModel : public CostModel {
 public:
  DigitalCostModel(MlpSpec spec, Precision precision, MemoryLevels levels = {});

  // One forward pass over `rows` samples (a batch).
  void CountForward(Ledger& ledger, std::string_view phase, std::int64_t rows) const override;
  // One backward pass over `rows` samples (fp32).
  void CountBackward(Ledger& ledger, std::string_view phase, std::int64_t rows) const override;
  // One optimizer step over all parameters.
  void CountOptimizerStep(Ledger& ledger,
                          std::string_view phase,
                          int macs_per_parameter,
                          int state_buffers) const override;

  Precision precision() const { return precision_; }
  std::int64_t num_parameters() const { return parameters_; }

 protected:
  // The forward pass's `macs` multiply-accumulates of one layer at precision(): one
  // ("alu", "<precision>_mac") each on the digital ALU.
  virtual void CountForwardMacs(Ledger& ledger, std::string_view phase, double macs) const;

 private:
  MlpSpec spec_;
  Precision precision_;
  MemoryLevels levels_;
  std::int64_t parameters_ = 0;
  int max_width_ = 0;
};

}  // namespace landauer::nn

#endif  // LANDAUER_NN_DIGITAL_COST_H_

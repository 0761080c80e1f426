// landauer/sparse/sparse_cost.h — what truly sparse training and inference do, counted into the
// ledger; and what the same network costs run as a dense masked layer, as the peers run it.
//
// Per layer with batch B in t = ⌈B/128⌉ tiles of T = min(B, 128) samples (sparse_linear.h),
// fan-in `in`, fan-out `out` and n non-zeros (CSR: a 32-bit value and a 32-bit column per
// non-zero, a 64-bit row offset per row; the transposed index adds a 32-bit row and a 64-bit
// entry per non-zero):
//
//   forward          alu.fp32_mac        B·(n + out)          (the bias is one more MAC, as in
//                                                              nn/digital_cost.h)
//                    <W>.read_bit        t·(64·n + 64·(out+1))  values, columns, row offsets,
//                                                              once per tile
//                    <A>.read_bit        32·B·in              the inputs, once (as dense)
//                    <G>.read_bit        32·B·n               the gather: every non-zero streams
//                                                              its input's values, from the level
//                                                              <G> that holds one tile (32·in·T)
//                    <A>.write_bit       32·B·out
//   input gradient   alu.fp32_mac        B·n                  (layers above the first)
//                    <W>.read_bit        t·(128·n + 64·(in+1))  values and the transposed index
//                    <A>.read_bit        32·B·out             ∂L/∂z, once
//                    <G>.read_bit        32·B·n               its gather (<G> holds 32·out·T)
//                    <A>.write_bit       32·B·in
//   weight gradient  alu.fp32_mac        B·(n + out)          (one pass over the whole batch)
//                    <W>.read_bit        32·n + 64·(out+1)    columns and row offsets
//                    <A>.read_bit        32·B·(in + out)      inputs and ∂L/∂z, once
//                    <G>.read_bit        32·B·n               the gather (<G> holds 32·in·B)
//                    <W>.write_bit       32·(n + out)
//   SGD step         alu.fp32_mac        4 per parameter      g + λθ, μm + g, g + μm, θ − η·
//   (Nesterov)       <S>.read_bit        96 per parameter     θ, g, m
//                    <S>.write_bit       64 per parameter     θ, m
//
// The gather is what separates a sparse kernel from a dense one. A dense GEMM reuses each operand
// it loads across a register tile of outputs, and nn/digital_cost.h charges its activations once
// per layer (B·in reads), an optimistic lower bound; an unstructured sparse kernel reuses an
// input only across the rows that share its column, which at low density is about none, so it
// pays one cache read per multiply-add on top. That read, dearer than the MAC on the tables we
// ship, is why sparsity stops saving energy well before density 1 (docs/sparse.md).
//
// Dynamic sparse training adds (SparseWork, dynamic_sparse.h):
//   dense gradients     alu.fp32_mac        B·in·out per layer per dense product (RigL's update
//                                            batch; each step of sparse momentum's window), with
//                                            reads of δ and a (32·B·(in+out) at <A>) and the
//                                            product written (32·in·out at <D>)
//   window momentum     alu.fp32_mac        in·out per layer per window step after the first
//                                            (μM + G), with M read and written (32 bits each at
//                                            <D>); the first step stores G (the product's write)
//   comparisons         alu.int32_add       each magnitude comparison of pruning and regrowth
//                                            (|w| and |m| are non-negative floats, which order
//                                            as their bit patterns do: an integer compare)
//   candidate scores    <D>.read_bit        32 per position scanned for regrowth
//   rewiring            <W>.read_bit        96 per surviving connection copied (value, column,
//                                            momentum)
//                       <W>.write_bit       96 per connection of the new layout (survivors and
//                                            grown)
//   random positions    alu.int32_mult      10 per position SET draws (an assumption: a Philox
//                                            4x32-10 block is 10 rounds of two 32×32 multiplies
//                                            and yields four draws; taken as 10 for one draw
//                                            with its rejection arithmetic — a small term)
// where <D> is the level that holds a dense out × in float matrix per layer.
//
// The dense masked layer (CountDenseMasked*) is nn::DigitalCostModel's fp32 count for the full
// in·out weights, plus the mask: in·out fp32 multiplies to re-apply it after each SGD step, the
// weights and the mask read and the weights written again (32·in·out bits each;
// sparse_learning's `apply_mask`, masks held as float tensors).
//
// Memory levels follow nn::MemoryLevels: <W> holds the CSR arrays of the whole model, <A> the
// batch's two widest activations, <S> parameters, gradient and momentum, <D> the largest dense
// matrix. Bits erased follow energy/erasure.h (CountWithErasure).
#ifndef LANDAUER_SPARSE_SPARSE_COST_H_
#define LANDAUER_SPARSE_SPARSE_COST_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "landauer/energy/ledger.h"
#include "landauer/nn/digital_cost.h"
#include "landauer/sparse/dynamic_sparse.h"
#include "landauer/sparse/sparse_mlp.h"

namespace landauer::sparse {

struct SparseShape {
  std::vector<int> widths;             // input, hidden..., output
  std::vector<std::int64_t> nonzeros;  // per layer
  std::int64_t total_nonzeros() const;
  std::int64_t biases() const;
  static SparseShape Of(const SparseMlp& model);
};

class SparseCostModel {
 public:
  explicit SparseCostModel(SparseShape shape, nn::MemoryLevels levels = {});

  // One forward pass over `rows` samples.
  void CountForward(Ledger& ledger, std::string_view phase, std::int64_t rows) const;
  // The input and weight gradients of one batch of `rows` samples.
  void CountBackward(Ledger& ledger, std::string_view phase, std::int64_t rows) const;
  // One Nesterov SGD step with weight decay over every non-zero and bias.
  void CountSgdStep(Ledger& ledger, std::string_view phase) const;

  const SparseShape& shape() const { return shape_; }

 private:
  SparseShape shape_;
  nn::MemoryLevels levels_;
  std::string_view weight_level_;
  int max_width_ = 0;
};

// The topology work of dynamic sparse training (above), for a network of `widths` trained with
// batches of `batch` samples.
void CountTopologyWork(Ledger& ledger,
                       std::string_view phase,
                       const std::vector<int>& widths,
                       std::int64_t batch,
                       const SparseWork& work,
                       const nn::MemoryLevels& levels = {});

// The same network run as a dense masked layer: forward of `rows` samples; backward and SGD step
// with the mask re-applied.
void CountDenseMaskedForward(Ledger& ledger,
                             std::string_view phase,
                             const std::vector<int>& widths,
                             std::int64_t rows,
                             const nn::MemoryLevels& levels = {});
void CountDenseMaskedTrainingStep(Ledger& ledger,
                                  std::string_view phase,
                                  const std::vector<int>& widths,
                                  std::int64_t rows,
                                  const nn::MemoryLevels& levels = {});

}  // namespace landauer::sparse

#endif  // LANDAUER_SPARSE_SPARSE_COST_H_

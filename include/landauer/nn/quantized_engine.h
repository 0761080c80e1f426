// landauer/nn/quantized_engine.h — post-training quantised inference behind LinearEngine.
//
// bf16: inputs and weights are rounded to bfloat16 (round to nearest, ties to even) and the
//   products accumulate in float32, as on tensor cores.
// int8: symmetric post-training quantisation. Weights per output channel: s_w = max|w_row| / 127,
//   w_q = round(w / s_w). Inputs per sample (per row, "dynamic"): s_x = max|x_row| / 127, so the
//   result does not depend on how samples are batched. Products accumulate exactly in integers
//   (float32 holds every partial sum exactly while in·127² < 2^24, i.e. in ≤ 1040; larger fan-ins
//   round the accumulator like a 24-bit one), then y = s_x s_w acc.
//
// Weights are rounded (bf16) or quantised with their per-channel scales (int8) once, when
// programmed; inputs are rounded or quantised per call. These engines are for inference: they run
// Forward only (their capabilities say so), and cost what a digital processor does at their
// precision (DigitalCostModel). Conformance tolerances against DigitalEngine (normalised MSE of
// Y) are declared below and registered with the engines (engine_registry.h).
#ifndef LANDAUER_NN_QUANTIZED_ENGINE_H_
#define LANDAUER_NN_QUANTIZED_ENGINE_H_

#include "landauer/nn/engine_conformance.h"
#include "landauer/nn/linear_engine.h"
#include "landauer/nn/precision.h"

namespace landauer::nn {

// Rounds a float to the nearest bfloat16 (ties to even), returned as float. NaN stays NaN.
float RoundToBfloat16(float value);

class QuantizedEngine final : public LinearEngine {
 public:
  // Normalised MSE of Forward against the exact product: bf16 keeps 8 bits of mantissa (relative
  // rounding 2^-9 per operand), int8 7 bits and a sign per channel and per sample.
  static constexpr ConformanceTolerances kBf16Tolerances{.forward = 1e-4};
  static constexpr ConformanceTolerances kInt8Tolerances{.forward = 1e-3};

  // precision must be kBf16 or kInt8 (std::invalid_argument otherwise).
  explicit QuantizedEngine(Precision precision, int threads = 1);
  std::string Name() const override;
  EngineCapabilities Capabilities() const override { return {}; }
  std::unique_ptr<ProgrammedWeights> Program(const WeightsView& w,
                                             const ProgramContext& context) override;
  std::unique_ptr<CostModel> MakeCostModel(const MlpSpec& spec) const override;
  Precision precision() const { return precision_; }

 private:
  Precision precision_;
  DigitalEngine exact_;
};

}  // namespace landauer::nn

#endif  // LANDAUER_NN_QUANTIZED_ENGINE_H_

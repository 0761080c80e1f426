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
// Only Forward is quantised; BackwardInput and WeightGradient are exact (these engines are for
// inference). Conformance tolerances against DigitalEngine (normalised MSE of Y): bf16 1e-4,
// int8 1e-3 — see engine_conformance.h.
#ifndef LANDAUER_NN_QUANTIZED_ENGINE_H_
#define LANDAUER_NN_QUANTIZED_ENGINE_H_

#include "landauer/nn/digital_cost.h"
#include "landauer/nn/linear_engine.h"

namespace landauer::nn {

// Rounds a float to the nearest bfloat16 (ties to even), returned as float. NaN stays NaN.
float RoundToBfloat16(float value);

class QuantizedEngine final : public LinearEngine {
 public:
  // precision must be kBf16 or kInt8 (std::invalid_argument otherwise).
  QuantizedEngine(Precision precision, int threads = 1);
  std::string Name() const override;
  void Forward(const ConstMatrixRef& x, const ConstMatrixRef& w, MatrixF& y) override;
  void BackwardInput(const ConstMatrixRef& dy, const ConstMatrixRef& w, MatrixF& dx) override;
  void WeightGradient(const ConstMatrixRef& dy, const ConstMatrixRef& x, MatrixRef dw) override;

 private:
  Precision precision_;
  DigitalEngine exact_;
  MatrixF xq_, wq_;
  VectorF x_scale_, w_scale_;
};

}  // namespace landauer::nn

#endif  // LANDAUER_NN_QUANTIZED_ENGINE_H_

#include "landauer/nn/quantized_engine.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <stdexcept>

namespace landauer::nn {
namespace {

// Symmetric per-row int8 quantisation: q = round(v / s), s = max|v| / 127 (s = 1 for a zero row).
void QuantizeRows(const ConstMatrixRef& values, MatrixF& quantized, VectorF& scales) {
  quantized.resize(values.rows(), values.cols());
  scales.resize(values.rows());
  for (Eigen::Index r = 0; r < values.rows(); ++r) {
    const float max_abs = values.row(r).cwiseAbs().maxCoeff();
    const float scale = max_abs > 0 ? max_abs / 127.0f : 1.0f;
    scales[r] = scale;
    const float inv = 1.0f / scale;
    quantized.row(r) = (values.row(r).array() * inv).round().cwiseMax(-127.0f).cwiseMin(127.0f);
  }
}

}  // namespace

float RoundToBfloat16(float value) {
  if (std::isnan(value)) return value;
  std::uint32_t bits = std::bit_cast<std::uint32_t>(value);
  const std::uint32_t rounding = 0x7FFFu + ((bits >> 16) & 1u);  // ties to even
  bits = (bits + rounding) & 0xFFFF0000u;
  return std::bit_cast<float>(bits);
}

QuantizedEngine::QuantizedEngine(Precision precision, int threads)
    : precision_(precision), exact_(threads) {
  if (precision != Precision::kBf16 && precision != Precision::kInt8) {
    throw std::invalid_argument("QuantizedEngine: precision must be bf16 or int8, got " +
                                std::string(ToString(precision)));
  }
}

std::string QuantizedEngine::Name() const { return std::string(ToString(precision_)); }

void QuantizedEngine::Forward(const ConstMatrixRef& x, const ConstMatrixRef& w, MatrixF& y) {
  if (precision_ == Precision::kBf16) {
    xq_ = x.unaryExpr(&RoundToBfloat16);
    wq_ = w.unaryExpr(&RoundToBfloat16);
    exact_.Forward(xq_, wq_, y);
    return;
  }
  QuantizeRows(x, xq_, x_scale_);
  QuantizeRows(w, wq_, w_scale_);
  exact_.Forward(xq_, wq_, y);  // integer-valued products, exact in float32 (see header)
  y.array().colwise() *= x_scale_.array();
  y.array().rowwise() *= w_scale_.transpose().array();
}

void QuantizedEngine::BackwardInput(const ConstMatrixRef& dy,
                                    const ConstMatrixRef& w,
                                    MatrixF& dx) {
  exact_.BackwardInput(dy, w, dx);
}

void QuantizedEngine::WeightGradient(const ConstMatrixRef& dy,
                                     const ConstMatrixRef& x,
                                     MatrixRef dw) {
  exact_.WeightGradient(dy, x, dw);
}

}  // namespace landauer::nn

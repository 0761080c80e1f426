#include "landauer/nn/quantized_engine.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <stdexcept>

#include "landauer/nn/digital_cost.h"

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

namespace {

// Weights rounded or quantised once; inputs per call; the product exact on the integers or bf16
// values (float32 holds every int8 partial sum exactly, see the header).
class QuantizedWeights final : public ProgrammedWeights {
 public:
  QuantizedWeights(Precision precision, const DigitalEngine& exact, const ConstMatrixRef& w)
      : precision_(precision), exact_(exact) {
    if (precision_ == Precision::kBf16) {
      wq_ = w.unaryExpr(&RoundToBfloat16);
    } else {
      QuantizeRows(w, wq_, w_scale_);
    }
  }
  Eigen::Index rows() const override { return wq_.rows(); }
  Eigen::Index cols() const override { return wq_.cols(); }
  void Forward(const ConstMatrixRef& x, MatrixF& y) override {
    if (precision_ == Precision::kBf16) {
      xq_ = x.unaryExpr(&RoundToBfloat16);
      exact_.Forward(xq_, wq_, y);
      return;
    }
    QuantizeRows(x, xq_, x_scale_);
    exact_.Forward(xq_, wq_, y);
    y.array().colwise() *= x_scale_.array();
    y.array().rowwise() *= w_scale_.transpose().array();
  }

 private:
  Precision precision_;
  const DigitalEngine& exact_;
  MatrixF wq_, xq_;
  VectorF w_scale_, x_scale_;
};

}  // namespace

QuantizedEngine::QuantizedEngine(Precision precision, int threads)
    : precision_(precision), exact_(threads) {
  if (precision != Precision::kBf16 && precision != Precision::kInt8) {
    throw std::invalid_argument("QuantizedEngine: precision must be bf16 or int8, got " +
                                std::string(ToString(precision)));
  }
}

std::string QuantizedEngine::Name() const { return std::string(ToString(precision_)); }

std::unique_ptr<ProgrammedWeights> QuantizedEngine::Program(const WeightsView& w,
                                                            const ProgramContext& /*context*/) {
  return std::make_unique<QuantizedWeights>(precision_, exact_, w.ref());
}

std::unique_ptr<CostModel> QuantizedEngine::MakeCostModel(const MlpSpec& spec) const {
  return std::make_unique<DigitalCostModel>(spec, precision_);
}

}  // namespace landauer::nn

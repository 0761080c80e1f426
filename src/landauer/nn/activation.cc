#include "landauer/nn/activation.h"

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

namespace landauer::nn {
namespace {

constexpr float kInvSqrt2 = static_cast<float>(1.0 / std::numbers::sqrt2);
constexpr float kInvSqrt2Pi =
    static_cast<float>(std::numbers::inv_sqrtpi / std::numbers::sqrt2);  // 1/sqrt(2 pi)

}  // namespace

std::string_view ToString(Activation activation) {
  switch (activation) {
    case Activation::kIdentity:
      return "identity";
    case Activation::kRelu:
      return "relu";
    case Activation::kTanh:
      return "tanh";
    case Activation::kGelu:
      return "gelu";
  }
  return "unknown";
}

Activation ActivationFromString(std::string_view name) {
  for (Activation a :
       {Activation::kIdentity, Activation::kRelu, Activation::kTanh, Activation::kGelu}) {
    if (ToString(a) == name) return a;
  }
  throw std::invalid_argument("unknown activation '" + std::string(name) +
                              "'; choose relu, tanh, gelu or identity");
}

void ApplyActivation(Activation activation, const MatrixF& z, MatrixF& out) {
  out.resize(z.rows(), z.cols());
  switch (activation) {
    case Activation::kIdentity:
      out = z;
      break;
    case Activation::kRelu:
      out = z.cwiseMax(0.0f);
      break;
    case Activation::kTanh:
      out = z.array().tanh();
      break;
    case Activation::kGelu:
      out = z.unaryExpr([](float x) { return 0.5f * x * (1.0f + std::erf(x * kInvSqrt2)); });
      break;
  }
}

void MultiplyByDerivative(Activation activation, const MatrixF& z, MatrixF& grad) {
  switch (activation) {
    case Activation::kIdentity:
      break;
    case Activation::kRelu:
      grad.array() *= (z.array() > 0.0f).cast<float>();
      break;
    case Activation::kTanh:
      grad.array() *= 1.0f - z.array().tanh().square();
      break;
    case Activation::kGelu:
      grad.array() *= z.unaryExpr([](float x) {
                         return 0.5f * (1.0f + std::erf(x * kInvSqrt2)) +
                                x * kInvSqrt2Pi * std::exp(-0.5f * x * x);
                       }).array();
      break;
  }
}

}  // namespace landauer::nn

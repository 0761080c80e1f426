// landauer/nn/activation.h — elementwise nonlinearities and their derivatives.
//
//   relu(x) = max(0, x)                         relu'(x) = [x > 0]
//   tanh(x)                                     tanh'(x) = 1 − tanh²(x)
//   gelu(x) = x Φ(x) = ½ x (1 + erf(x/√2))      gelu'(x) = Φ(x) + x φ(x)
// GELU is the exact erf form (Hendrycks & Gimpel 2016, arXiv:1606.08415), as PyTorch's default.
#ifndef LANDAUER_NN_ACTIVATION_H_
#define LANDAUER_NN_ACTIVATION_H_

#include <string_view>

#include "landauer/core/matrix.h"

namespace landauer::nn {

enum class Activation { kIdentity, kRelu, kTanh, kGelu };

std::string_view ToString(Activation activation);
// Throws std::invalid_argument listing relu, tanh, gelu, identity.
Activation ActivationFromString(std::string_view name);

// out = f(z), elementwise; `out` may alias `z`.
void ApplyActivation(Activation activation, const MatrixF& z, MatrixF& out);
// grad ⊙= f'(z), elementwise.
void MultiplyByDerivative(Activation activation, const MatrixF& z, MatrixF& grad);

}  // namespace landauer::nn

#endif  // LANDAUER_NN_ACTIVATION_H_

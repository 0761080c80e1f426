// landauer/optical/eo_activation.h — the electro-optic activation of Williamson et al.,
// "Reprogrammable electro-optic nonlinear activation functions for optical neural networks",
// IEEE J. Sel. Top. Quantum Electron. 26(1):7700412, 2020, Eq. (3):
//
//   f(z) = i √(1 − α) · exp(−i ψ) · cos ψ · z,    ψ = (g_φ |z|² + φ_b) / 2
//
// A directional coupler taps the fraction α of the light's power onto a photodetector; the
// photocurrent, amplified, drives a phase shifter inside an MZI that the remaining light passes.
// g_φ (rad per unit of the model's power) is the gain, φ_b (rad) the bias. |f(z)|² =
// (1 − α) cos²ψ |z|²: with φ_b = π it transmits more as the power grows (a ReLU-like response);
// with φ_b = 0 it saturates. Each activation is one photodetector, one amplifier and one
// modulator per mode, counted by optical_cost.h.
//
// Gradient (mesh_propagation.h's convention G = 2 ∂L/∂z̄): writing f = c h(p) z with c = i√(1−α),
// p = |z|², h = e^{−iψ} cos ψ = (1 + e^{−2iψ})/2, h′ = −(i g_φ / 2) e^{−2iψ}:
//   G_z = conj(c h) G_f + 2 Re(conj(G_f) c z h′) z.
#ifndef LANDAUER_OPTICAL_EO_ACTIVATION_H_
#define LANDAUER_OPTICAL_EO_ACTIVATION_H_

#include "landauer/optical/mesh_propagation.h"

namespace landauer::optical {

struct EoActivation {
  double alpha = 0.1;  // tapped power fraction, in [0, 1)
  double gain = 1.0;   // g_φ, rad per unit power, ≥ 0 (finite)
  double bias = 0.0;   // φ_b, rad (finite)

  // Throws std::invalid_argument naming the field, its value and unit.
  void Validate() const;

  Complex Apply(Complex z) const;
  // G_z from G_f at input z.
  Complex Gradient(Complex z, Complex grad_out) const;

  // In place over a field; Backward turns `grad` (G_f) into G_z, given the inputs `z`.
  void Forward(Field& z) const;
  void Backward(const Field& z, Field& grad) const;
};

}  // namespace landauer::optical

#endif  // LANDAUER_OPTICAL_EO_ACTIVATION_H_

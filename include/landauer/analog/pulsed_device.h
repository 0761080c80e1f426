// landauer/analog/pulsed_device.h — in-situ training on a crossbar: each weight is a device that
// the update moves by voltage pulses, each pulse a small, bounded, asymmetric and noisy step
// (aihwkit's SoftBoundsDevice; Gokmen & Vlasov, Front. Neurosci. 10:333, 2016, for the pulsed
// update; Fusi & Abbott, Nat. Neurosci. 10:485, 2007, for soft bounds).
//
//   PulsedArray array(params, /*rows=*/256, /*cols=*/784, d2d);
//   array.Set(w / scale);                  // devices start at the initial weights (device units)
//   array.Update(-lr * gradient / scale, c2c);   // pulses towards the desired change
//
// Soft bounds, in device units u ∈ [w_min, w_max] (the layer's weights are scale · u). One up
// pulse and one down pulse move a device by
//   Δu⁺ = s⁺ (1 − u / w_max),        s⁺ = dw_min (1 + δ_d) (1 + a_d)
//   Δu⁻ = −s⁻ (1 − u / w_min),       s⁻ = dw_min (1 + δ_d) (1 − a_d)
// with δ_d ~ N(0, dw_min_dtod²) and a_d ~ N(up_down, up_down_dtod²) fixed per device
// (device-to-device), and each step multiplied by 1 + dw_min_std ξ per pulse (cycle-to-cycle).
// The step shrinks to 0 at the bound it approaches, so a device saturates smoothly; with a ≠ 0 up
// and down steps balance only at the symmetry point u* = a·w_max (for w_min = −w_max), towards
// which random ± pulses drift every device — the asymmetry that biases SGD on such devices
// (Gokmen & Haensch, Front. Neurosci. 14:103, 2020, who propose Tiki-Taka against it).
//
// An update asks for Δu per device; the periphery sends n pulses, n the stochastic rounding of
// |Δu| / dw_min (unbiased: E n = |Δu| / dw_min), at most max_pulses (aihwkit's desired_BL, 31):
// the controller knows only the nominal step, not the device's. n pulses of one sign have the
// closed form 1 − u_n/w_max = (1 − u_0/w_max)(1 − s⁺/w_max)^n (and likewise down); the
// cycle-to-cycle noise of n pulses is added as one Gaussian of variance n (dw_min_std · s)² (a
// sum of n independent per-pulse errors, each taken at the mean step).
//
// Randomness: δ_d and a_d from the d2d stream (device i of block β from substream β), the rounding
// and the per-pulse noise from the c2c stream the update passes (element i, block β, substream β);
// results do not depend on the thread count.
#ifndef LANDAUER_ANALOG_PULSED_DEVICE_H_
#define LANDAUER_ANALOG_PULSED_DEVICE_H_

#include <cstdint>

#include "landauer/core/matrix.h"
#include "landauer/core/rng.h"

namespace landauer::analog {

struct PulsedDeviceParams {
  double dw_min = 0.001;       // nominal step per pulse, device units
  double w_max = 1.0;          // upper soft bound, device units (> 0)
  double w_min = -1.0;         // lower soft bound, device units (< 0)
  double up_down = 0.0;        // asymmetry a: up steps (1 + a) dw_min, down steps (1 − a) dw_min
  double dw_min_dtod = 0.3;    // d2d spread of the step, relative
  double up_down_dtod = 0.01;  // d2d spread of the asymmetry
  double dw_min_std = 0.3;     // c2c spread of each pulse's step, relative
  int max_pulses = 31;         // pulses per update at most

  // Throws std::invalid_argument naming the field, its value and unit.
  void Validate() const;
};

class PulsedArray {
 public:
  // rows × cols devices; their step scales and asymmetries drawn from `d2d`.
  PulsedArray(const PulsedDeviceParams& params, int rows, int cols, const Rng& d2d);

  // Sets every device to `u` (rows × cols, device units), clipped to the bounds.
  void Set(const MatrixF& u);
  // Moves every device towards u + delta by pulses (see above); returns the pulses sent.
  double Update(const MatrixF& delta, const Rng& c2c, int threads = 1);
  const MatrixF& weights() const { return u_; }  // device units
  const PulsedDeviceParams& params() const { return params_; }

 private:
  PulsedDeviceParams params_;
  MatrixF u_, up_, down_;  // state and the per-device steps s⁺, s⁻
};

}  // namespace landauer::analog

#endif  // LANDAUER_ANALOG_PULSED_DEVICE_H_

// landauer/core/quantize.h — the uniform symmetric quantiser of converters and programmed values.
//
//   QuantizeSymmetric(v, range, bits): round v to the grid {k · s}, s = range / (2^(bits−1) − 1),
//   |k| ≤ 2^(bits−1) − 1 (values beyond ±range clip); bits = 0 (ideal) or range ≤ 0 returns v.
// Used for the SPU's coupling resistors, DAC and ADC (thermo/spu.h) and for TNGD's programmed
// Jacobian and loss-Hessian arrays (nn/ggn_subspace.h).
#ifndef LANDAUER_CORE_QUANTIZE_H_
#define LANDAUER_CORE_QUANTIZE_H_

#include <algorithm>
#include <cmath>

namespace landauer {

inline double QuantizeSymmetric(double v, double range, int bits) {
  if (bits == 0 || !(range > 0.0)) return v;
  const double levels = std::ldexp(1.0, bits - 1) - 1.0;
  const double lsb = range / levels;
  return std::clamp(std::round(v / lsb), -levels, levels) * lsb;
}

}  // namespace landauer

#endif  // LANDAUER_CORE_QUANTIZE_H_

#include "landauer/reversible/hypergrad_cost.h"

#include <stdexcept>

#include "landauer/energy/erasure.h"

namespace landauer::reversible {

std::int64_t HypergradShape::Parameters() const {
  std::int64_t n = 0;
  for (std::size_t l = 1; l < widths.size(); ++l) {
    n += std::int64_t{widths[l]} * (widths[l - 1] + 1);
  }
  return n;
}

void CountMetaIteration(Ledger& ledger,
                        std::string_view phase,
                        const HypergradShape& shape,
                        double buffer_bits_allocated,
                        Trajectory trajectory,
                        const nn::MemoryLevels& levels) {
  if (shape.widths.size() < 2 || shape.iterations < 1 || shape.batch < 1) {
    throw std::invalid_argument("CountMetaIteration: needs two widths, iterations and a batch");
  }
  double forward = 0.0, backward = 0.0, values = 0.0;
  for (std::size_t l = 1; l < shape.widths.size(); ++l) {
    forward += static_cast<double>(shape.widths[l]) * (shape.widths[l - 1] + 1);
    backward += static_cast<double>(shape.widths[l]) * (shape.widths[l - 1] + 1);
    if (l >= 2) backward += static_cast<double>(shape.widths[l]) * shape.widths[l - 1];
  }
  for (const int width : shape.widths) values += width;
  const double n = static_cast<double>(shape.Parameters()), t = shape.iterations, b = shape.batch,
               v = static_cast<double>(shape.validation_samples);
  const bool reversed = trajectory == Trajectory::kReversed;

  const auto count = [&](std::string_view component, std::string_view action, double c) {
    CountWithErasure(ledger, phase, component, action, c);
  };
  const auto mac = [&](double c) { count("alu", "fp64_mac", c); };
  const auto add64 = [&](double c) { count("alu", "int32_add", 2.0 * c); };
  const std::string_view weights = levels.LevelFor(n * 64.0);
  const std::string_view activations = levels.LevelFor(b * values * 64.0);
  const std::string_view state = levels.LevelFor(2.0 * n * 64.0 + buffer_bits_allocated);
  const std::string_view stored = levels.LevelFor(128.0 * n * t);
  // `passes` gradient evaluations' worth of `rows` samples: 1 for a gradient, 3 for a gradient
  // with its Hessian-vector product (R-forward and R-backward each cost about two plain passes).
  const auto gradient = [&](double rows, double passes) {
    mac(passes * rows * (forward + backward));
    count(weights, "read_bit", 2.0 * passes * n * 64.0);
    count(activations, "write_bit", passes * rows * values * 64.0);
    count(activations, "read_bit", passes * rows * values * 64.0);
  };
  const double limbs = buffer_bits_allocated / (64.0 * n);  // mean limbs per buffer
  // Per parameter: the fixed-point update (two shears and a rescale), state read and written.
  const auto fixed_point_update = [&] {
    mac(2.0 * n);
    add64(2.0 * n);
    count("alu", "int32_mult", n * (4.0 + 2.0 * (limbs + 1.0)));
    count("alu", "int32_add", n * 2.0 * (limbs + 1.0));
    count(state, "read_bit", n * (128.0 + 2.0 * 32.0 * limbs));
    count(state, "write_bit", n * (128.0 + 2.0 * 32.0 * limbs));
  };

  for (int step = 0; step < shape.iterations; ++step) {  // forward
    gradient(b, 1.0);
    if (reversed) {
      fixed_point_update();
    } else {
      mac(3.0 * n);  // v ← γ v − (1 − γ) g and w ← w + α v, in float64
      count(weights, "read_bit", 2.0 * n * 64.0);
      count(weights, "write_bit", 2.0 * n * 64.0);
      count(stored, "write_bit", 2.0 * n * 64.0);
    }
  }
  gradient(v, 1.0);                                      // the validation loss and ∂f/∂w_T
  for (int step = 0; step < shape.iterations; ++step) {  // reverse
    gradient(b, 3.0);
    if (reversed) {
      fixed_point_update();
    } else {
      count(stored, "read_bit", 2.0 * n * 64.0);
    }
    mac(5.0 * n);
    count(weights, "read_bit", 2.0 * n * 64.0);  // dw, dv
    count(weights, "write_bit", 2.0 * n * 64.0);
  }
  mac(5.0 * t * shape.Groups());  // Adam on log α
}

}  // namespace landauer::reversible

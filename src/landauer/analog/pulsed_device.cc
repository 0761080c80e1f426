#include "landauer/analog/pulsed_device.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "device_blocks.h"

namespace landauer::analog {

void PulsedDeviceParams::Validate() const {
  Require(dw_min > 0.0 && std::isfinite(dw_min),
          fmt::format("pulsed device: dw_min = {} (device units) must be finite and > 0", dw_min));
  Require(w_max > 0.0 && std::isfinite(w_max),
          fmt::format("pulsed device: w_max = {} (device units) must be finite and > 0", w_max));
  Require(w_min < 0.0 && std::isfinite(w_min),
          fmt::format("pulsed device: w_min = {} (device units) must be finite and < 0", w_min));
  Require(
      std::abs(up_down) < 1.0,
      fmt::format("pulsed device: up_down = {} must be in (-1, 1): a step's asymmetry", up_down));
  for (const auto& [value, name] : {std::pair{dw_min_dtod, "dw_min_dtod"},
                                    std::pair{up_down_dtod, "up_down_dtod"},
                                    std::pair{dw_min_std, "dw_min_std"}}) {
    Require(value >= 0.0 && std::isfinite(value),
            fmt::format("pulsed device: {} = {} must be finite and >= 0", name, value));
  }
  Require(max_pulses >= 1 && max_pulses <= 1000000,
          fmt::format("pulsed device: max_pulses = {} pulses must be in [1, 1000000]", max_pulses));
}

PulsedArray::PulsedArray(const PulsedDeviceParams& params, int rows, int cols, const Rng& d2d)
    : params_(params), u_(MatrixF::Zero(rows, cols)), up_(rows, cols), down_(rows, cols) {
  params_.Validate();
  const PulsedDeviceParams& p = params_;
  ForDeviceBlocks(
      static_cast<std::size_t>(u_.size()),
      1,
      d2d,
      30.0,
      [&](std::size_t begin, std::size_t count, Rng& rng) {
        for (std::size_t i = begin; i < begin + count; ++i) {
          const double scale = p.dw_min * std::max(0.0, 1.0 + p.dw_min_dtod * rng.Normal());
          const double a = std::clamp(p.up_down + p.up_down_dtod * rng.Normal(), -0.99, 0.99);
          up_.data()[i] = static_cast<float>(scale * (1.0 + a));
          down_.data()[i] = static_cast<float>(scale * (1.0 - a));
        }
      });
}

void PulsedArray::Set(const MatrixF& u) {
  if (u.rows() != u_.rows() || u.cols() != u_.cols()) {
    throw std::invalid_argument(fmt::format("pulsed array: a {} × {} state for {} × {} devices",
                                            u.rows(),
                                            u.cols(),
                                            u_.rows(),
                                            u_.cols()));
  }
  u_ = u.cwiseMax(static_cast<float>(params_.w_min)).cwiseMin(static_cast<float>(params_.w_max));
}

double PulsedArray::Update(const MatrixF& delta, const Rng& c2c, int threads) {
  if (delta.rows() != u_.rows() || delta.cols() != u_.cols()) {
    throw std::invalid_argument(fmt::format("pulsed array: a {} × {} update for {} × {} devices",
                                            delta.rows(),
                                            delta.cols(),
                                            u_.rows(),
                                            u_.cols()));
  }
  const PulsedDeviceParams& p = params_;
  const auto blocks =
      static_cast<std::size_t>((u_.size() + static_cast<std::int64_t>(kRngFillBlock) - 1) /
                               static_cast<std::int64_t>(kRngFillBlock));
  std::vector<double> pulses(blocks, 0.0);
  ForDeviceBlocks(static_cast<std::size_t>(u_.size()),
                  threads,
                  c2c,
                  30.0,
                  [&](std::size_t begin, std::size_t n, Rng& rng) {
                    for (std::size_t i = begin; i < begin + n; ++i) {
                      const double want = delta.data()[i] / p.dw_min;
                      // Two draws per device whatever happens, so devices do not shift each other's
                      // noise.
                      const double uniform = rng.Uniform(), z = rng.Normal();
                      const double count = std::min<double>(
                          std::floor(std::abs(want)) +
                              (uniform < std::abs(want) - std::floor(std::abs(want)) ? 1.0 : 0.0),
                          p.max_pulses);
                      if (count == 0.0) continue;
                      pulses[static_cast<std::size_t>(i) / kRngFillBlock] += count;
                      double u = u_.data()[i];
                      const double before = u;
                      if (want > 0.0) {
                        const double step = up_.data()[i];
                        u = p.w_max - (p.w_max - u) * std::pow(1.0 - step / p.w_max, count);
                      } else {
                        const double step = down_.data()[i];
                        u = p.w_min + (u - p.w_min) * std::pow(1.0 + step / p.w_min, count);
                      }
                      const double mean_step = std::abs(u - before) / count;
                      u += p.dw_min_std * mean_step * std::sqrt(count) * z;
                      u_.data()[i] = static_cast<float>(std::clamp(u, p.w_min, p.w_max));
                    }
                  });
  double total = 0.0;
  for (const double b : pulses) total += b;
  return total;
}

}  // namespace landauer::analog

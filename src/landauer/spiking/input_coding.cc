#include "landauer/spiking/input_coding.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "landauer/core/rng.h"

namespace landauer::spiking {

InputCoding InputCodingFromString(std::string_view text) {
  if (text == "direct") return InputCoding::kDirect;
  if (text == "poisson") return InputCoding::kPoisson;
  if (text == "rate") return InputCoding::kRate;
  if (text == "latency") return InputCoding::kLatency;
  throw std::invalid_argument(
      fmt::format("unknown input coding '{}' (accepted: direct, poisson, rate, latency)", text));
}

std::string_view ToString(InputCoding coding) {
  switch (coding) {
    case InputCoding::kDirect:
      return "direct";
    case InputCoding::kPoisson:
      return "poisson";
    case InputCoding::kRate:
      return "rate";
    case InputCoding::kLatency:
      return "latency";
  }
  return "?";
}

void EncodeInputs(InputCoding coding,
                  const MatrixF& intensities,
                  int steps,
                  std::uint64_t seed,
                  std::uint64_t pass,
                  std::int64_t first_sample,
                  MatrixF& out) {
  if (steps < 1) throw std::invalid_argument(fmt::format("input coding: T = {} steps", steps));
  const std::int64_t b = intensities.rows(), d = intensities.cols();
  out.setZero(static_cast<Eigen::Index>(steps * b), static_cast<Eigen::Index>(d));
  const auto clamp = [](float x) { return std::clamp(x, 0.0f, 1.0f); };
  const Rng poisson(seed, "spiking.coding", "poisson");
  for (std::int64_t s = 0; s < b; ++s) {
    switch (coding) {
      case InputCoding::kDirect:
        for (int t = 0; t < steps; ++t) out.row(t * b + s) = intensities.row(s);
        break;
      case InputCoding::kPoisson: {
        Rng rng = poisson.Substream((pass << 32) + static_cast<std::uint64_t>(first_sample + s));
        for (int t = 0; t < steps; ++t) {
          for (std::int64_t j = 0; j < d; ++j) {
            // A 32-bit uniform against p: P(u < p·2^32) = p to 2^−32.
            const double p = clamp(intensities(s, j));
            out(t * b + s, j) = static_cast<double>(rng.NextU32()) < p * 4294967296.0 ? 1.0f : 0.0f;
          }
        }
        break;
      }
      case InputCoding::kRate:
        for (std::int64_t j = 0; j < d; ++j) {
          const int n = static_cast<int>(std::lround(clamp(intensities(s, j)) * steps));
          // n spikes evenly spaced: at steps ⌊(k + ½)·T/n⌋, k = 0 … n − 1.
          for (int k = 0; k < n; ++k) {
            const int t = static_cast<int>((k + 0.5) * steps / n);
            out(t * b + s, j) = 1.0f;
          }
        }
        break;
      case InputCoding::kLatency:
        for (std::int64_t j = 0; j < d; ++j) {
          const float x = clamp(intensities(s, j));
          if (x < kLatencyFloor) continue;
          const int t = static_cast<int>(std::lround((1.0 - x) * (steps - 1)));
          out(t * b + s, j) = 1.0f;
        }
        break;
    }
  }
}

}  // namespace landauer::spiking

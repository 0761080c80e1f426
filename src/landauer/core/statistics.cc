#include "landauer/core/statistics.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace landauer {

Interval WilsonInterval(std::int64_t successes, std::int64_t trials, double z) {
  if (successes < 0 || trials < 0 || successes > trials) {
    throw std::invalid_argument("WilsonInterval: needs 0 <= successes <= trials, got " +
                                std::to_string(successes) + " of " + std::to_string(trials));
  }
  if (trials == 0) return {0.0, 1.0};
  const double n = static_cast<double>(trials), p = static_cast<double>(successes) / n;
  const double z2 = z * z, denominator = 1.0 + z2 / n;
  const double centre = (p + z2 / (2.0 * n)) / denominator;
  const double half = z / denominator * std::sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n));
  // At k = 0 and k = n one end is exactly 0 or 1; computed, it can miss by an ulp.
  return {successes == 0 ? 0.0 : std::max(0.0, centre - half),
          successes == trials ? 1.0 : std::min(1.0, centre + half)};
}

MeanSd MeanAndSd(std::span<const double> values) {
  if (values.empty()) throw std::invalid_argument("MeanAndSd: no values");
  double mean = 0.0;
  for (double v : values) mean += v;
  mean /= static_cast<double>(values.size());
  double squares = 0.0;
  for (double v : values) squares += (v - mean) * (v - mean);
  const double sd =
      values.size() > 1 ? std::sqrt(squares / static_cast<double>(values.size() - 1)) : 0.0;
  return {mean, sd};
}

}  // namespace landauer

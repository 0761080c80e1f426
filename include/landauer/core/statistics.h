// landauer/core/statistics.h — confidence intervals for what a run measures.
//
// Accuracy on n test samples is a binomial proportion. Its 95 % interval is Wilson's score
// interval (E. B. Wilson, "Probable inference, the law of succession, and statistical
// inference", J. Am. Stat. Assoc. 22(158), 209-212, 1927), which stays inside [0, 1] and keeps
// its coverage near 0 and 1, where the normal approximation fails:
//
//   centre = (p̂ + z²/2n) / (1 + z²/n),   half = z / (1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²)
//
// with p̂ = k/n and z = 1.959963984540054 (the 97.5 % normal quantile).
#ifndef LANDAUER_CORE_STATISTICS_H_
#define LANDAUER_CORE_STATISTICS_H_

#include <cstdint>
#include <span>

namespace landauer {

inline constexpr double kZ95 = 1.959963984540054;

struct Interval {
  double low = 0.0;
  double high = 0.0;
  bool Overlaps(const Interval& other) const { return low <= other.high && other.low <= high; }
};

// Wilson's interval for `successes` of `trials`; [0, 1] when trials = 0. Throws
// std::invalid_argument for negative counts or successes > trials.
Interval WilsonInterval(std::int64_t successes, std::int64_t trials, double z = kZ95);

struct MeanSd {
  double mean = 0.0;
  double sd = 0.0;  // sample standard deviation (n − 1); 0 for one value
};
// Throws std::invalid_argument for no values.
MeanSd MeanAndSd(std::span<const double> values);

}  // namespace landauer

#endif  // LANDAUER_CORE_STATISTICS_H_

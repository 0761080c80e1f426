// landauer/energy/compensated_sum.h — sums that do not lose small terms.
//
// A ledger adds up to ~1e15 tiny terms (pJ per MAC) next to large ones (nJ per DRAM burst).
// Naive summation loses the small terms once the running total is large; compensated summation
// keeps a running correction of the rounding error. This is Neumaier's variant of Kahan's
// algorithm, which stays exact when an added term is larger than the running sum:
//   W. Kahan, "Further remarks on reducing truncation errors", CACM 8(1), 40 (1965);
//   A. Neumaier, "Rundungsfehleranalyse einiger Verfahren zur Summation endlicher Summen",
//   ZAMM 54, 39 (1974).
// Error bound: |result − exact| ≤ 2u|exact| + O(n u²) Σ|x_i|, versus (n−1)u Σ|x_i| for naive.
//
//   CompensatedSum total;
//   for (double e : energies_j) total.Add(e);
//   double joules = total.value();
#ifndef LANDAUER_ENERGY_COMPENSATED_SUM_H_
#define LANDAUER_ENERGY_COMPENSATED_SUM_H_

#include <cmath>

namespace landauer {

class CompensatedSum {
 public:
  CompensatedSum() = default;
  explicit CompensatedSum(double initial) : sum_(initial) {}

  void Add(double x) {
    const double t = sum_ + x;
    if (std::abs(sum_) >= std::abs(x)) {
      compensation_ += (sum_ - t) + x;
    } else {
      compensation_ += (x - t) + sum_;
    }
    sum_ = t;
  }
  // Adds another compensated sum without dropping its correction term.
  void Add(const CompensatedSum& other) {
    Add(other.sum_);
    Add(other.compensation_);
  }
  CompensatedSum& operator+=(double x) {
    Add(x);
    return *this;
  }

  double value() const { return sum_ + compensation_; }

  // The two parts, so a checkpoint can restore the sum exactly (value() alone would drop the
  // correction term and a resumed run could differ from an uninterrupted one in the last bit).
  double sum_part() const { return sum_; }
  double compensation_part() const { return compensation_; }
  static CompensatedSum FromParts(double sum, double compensation) {
    CompensatedSum s(sum);
    s.compensation_ = compensation;
    return s;
  }

 private:
  double sum_ = 0.0;
  double compensation_ = 0.0;
};

}  // namespace landauer

#endif  // LANDAUER_ENERGY_COMPENSATED_SUM_H_

#include "landauer/energy/compensated_sum.h"

#include <gtest/gtest.h>

#include <vector>

namespace landauer {
namespace {

// 1 + 1e6 x 1e-16: naive summation never moves off 1.0 (each term is below half an ulp of 1),
// compensated summation returns 1 + 1e-10 to full precision.
TEST(CompensatedSum, KeepsTermsBelowHalfAnUlp) {
  double naive = 1.0;
  CompensatedSum sum(1.0);
  for (int i = 0; i < 1000000; ++i) {
    naive += 1e-16;
    sum.Add(1e-16);
  }
  EXPECT_EQ(naive, 1.0);
  EXPECT_NEAR(sum.value(), 1.0 + 1e-10, 1e-16);
}

// Neumaier's variant survives a term larger than the running sum; Kahan's original does not.
TEST(CompensatedSum, NeumaierCaseOneBigOneSmall) {
  CompensatedSum sum;
  for (double x : {1.0, 1e100, 1.0, -1e100}) sum.Add(x);
  EXPECT_EQ(sum.value(), 2.0);
}

TEST(CompensatedSum, LedgerLikeMixOfPicoAndNanoJoules) {
  // 1e7 MACs at 4.6 pJ next to 1e4 DRAM reads at 1.95 nJ, interleaved.
  CompensatedSum sum;
  for (int i = 0; i < 10000; ++i) {
    sum.Add(1.95e-9);
    for (int j = 0; j < 1000; ++j) sum.Add(4.6e-12);
  }
  const double exact = 1e4 * 1.95e-9 + 1e7 * 4.6e-12;
  EXPECT_NEAR(sum.value(), exact, 1e-15 * exact);
}

TEST(CompensatedSum, MergingKeepsTheCorrection) {
  CompensatedSum a(1.0), b;
  for (int i = 0; i < 1000; ++i) b.Add(1e-17);
  a.Add(b);
  EXPECT_NEAR(a.value(), 1.0 + 1e-14, 1e-18);
}

}  // namespace
}  // namespace landauer

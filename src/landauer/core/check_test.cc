#include "landauer/core/check.h"

#include <gtest/gtest.h>

namespace landauer {
namespace {

TEST(CheckDeathTest, AbortsWithFileLineConditionAndContext) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const int rows = 2, cols = 3;
  EXPECT_DEATH(LANDAUER_CHECK(rows == cols) << "matrix must be square, got " << rows << "x" << cols,
               "check_test.cc:[0-9]+: check failed: rows == cols: matrix must be square, got 2x3");
}

TEST(Check, PassingCheckEvaluatesNothingElse) {
  int evaluations = 0;
  auto context = [&] { return ++evaluations; };
  LANDAUER_CHECK(true) << context();
  EXPECT_EQ(evaluations, 0);
}

TEST(Check, DcheckCompilesInEveryBuild) {
  int value = 1;
  LANDAUER_DCHECK(value == 1) << "never fires";
  SUCCEED();
}

}  // namespace
}  // namespace landauer

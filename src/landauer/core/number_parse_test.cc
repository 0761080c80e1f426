#include "landauer/core/number_parse.h"

#include <gtest/gtest.h>

namespace landauer {
namespace {

TEST(NumberParse, DecimalsAndWhatIsWrongWithThem) {
  EXPECT_EQ(ParseDecimal("1e-3").value, 1e-3);
  EXPECT_EQ(ParseDecimal("+2.5").value, 2.5);
  EXPECT_EQ(ParseDecimal("-0.5").value, -0.5);
  EXPECT_EQ(ParseDecimal("abc").problem, NumberProblem::kNotANumber);
  EXPECT_EQ(ParseDecimal("1.5x").problem, NumberProblem::kNotANumber);
  EXPECT_EQ(ParseDecimal(" 1").problem, NumberProblem::kNotANumber);
  EXPECT_EQ(ParseDecimal("").problem, NumberProblem::kEmpty);
  for (const char* text : {"nan", "NaN", "inf", "-inf", "Infinity"}) {
    EXPECT_EQ(ParseDecimal(text).problem, NumberProblem::kNotFinite) << text;
  }
  EXPECT_EQ(ParseDecimal("1e400").problem, NumberProblem::kTooLarge);
  EXPECT_EQ(ParseDecimal("-1e400").problem, NumberProblem::kTooLarge);
  // Underflow is finite: the nearest double (here a subnormal), not "not finite".
  const ParsedNumber tiny = ParseDecimal("1e-320");
  EXPECT_TRUE(tiny.ok());
  EXPECT_GT(tiny.value, 0.0);
  EXPECT_LT(tiny.value, 1e-300);
  EXPECT_EQ(Describe(NumberProblem::kNotFinite, "nan"), "'nan' is not a finite number");
}

TEST(NumberParse, Integers) {
  EXPECT_EQ(ParseInteger("-1").value, -1);
  EXPECT_EQ(ParseInteger("1e3").value, 1000);
  EXPECT_EQ(ParseInteger("2.5").problem, NumberProblem::kNotWhole);
  EXPECT_EQ(ParseInteger("99999999999999999999").problem, NumberProblem::kTooLarge);
  EXPECT_EQ(ParseInteger("1e30").problem, NumberProblem::kTooLarge);
  EXPECT_EQ(ParseInteger("x").problem, NumberProblem::kNotANumber);
  EXPECT_EQ(ParseInteger("nan").problem, NumberProblem::kNotFinite);
}

}  // namespace
}  // namespace landauer

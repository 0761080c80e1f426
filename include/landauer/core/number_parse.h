// landauer/core/number_parse.h — read a number from text and say exactly what is wrong with it.
//
//   ParsedNumber n = ParseDecimal("1e-3");          // n.ok(), n.value == 0.001
//   ParsedNumber bad = ParseDecimal("nan");         // bad.problem == NumberProblem::kNotFinite
//   throw InputError(file, line, Describe(bad, "nan"));   // "'nan' is not a finite number"
//   ParsedInteger k = ParseInteger("-1");           // k.value == -1 (whole, signed)
//
// Every parser of user text (data files, tables, command-line values, --param) reads numbers here,
// so one rule holds everywhere: the whole text must be the number (no spaces, no trailing
// characters; a leading '+' is allowed); "inf" and "nan" are refused; a value too large for a
// double is refused as too large; a nonzero value below the smallest normal double (1e-320) is
// accepted with the value the nearest double gives (it is finite, merely imprecise). Integers are
// whole numbers that fit in 64 bits, also when written as decimals ("1e3").
#ifndef LANDAUER_CORE_NUMBER_PARSE_H_
#define LANDAUER_CORE_NUMBER_PARSE_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace landauer {

enum class NumberProblem { kNone, kEmpty, kNotANumber, kNotFinite, kTooLarge, kNotWhole };

struct ParsedNumber {
  double value = 0.0;
  NumberProblem problem = NumberProblem::kNone;
  bool ok() const { return problem == NumberProblem::kNone; }
};

struct ParsedInteger {
  std::int64_t value = 0;
  NumberProblem problem = NumberProblem::kNone;
  bool ok() const { return problem == NumberProblem::kNone; }
};

ParsedNumber ParseDecimal(std::string_view text);
ParsedInteger ParseInteger(std::string_view text);

// "'abc' is not a number", "'inf' is not a finite number", "'1e400' is too large (the largest
// double is 1.8e308)", "'2.5' is not a whole number", "'' is empty".
std::string Describe(NumberProblem problem, std::string_view text);

}  // namespace landauer

#endif  // LANDAUER_CORE_NUMBER_PARSE_H_

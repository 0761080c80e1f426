// cli/number_options.h — one validator per kind of number, used by every numeric option.
//
//   AddNumber(command, "--temperature", o.temperature_k, "Temperature in kelvin",
//             Positive("a temperature in kelvin", "--temperature 300"));
//   // landauer limits --temperature nan
//   // landauer: error: --temperature: 'nan' is not a finite number; a temperature in kelvin
//   //   must be a number > 0 (e.g. --temperature 300)                                 [exit 2]
//
// A rule reads the text with ParseDecimal or ParseInteger (core/number_parse.h), so NaN, inf,
// trailing characters, overflow and underflow are treated alike on the command line and in every
// file; then checks its range (a NaN can never pass a comparison it should fail, as it did
// through CLI11's Range and "x >= 0" sentinels); then rewrites whole numbers canonically for
// CLI11's conversion, so "1e3" reaches an int as 1000, "010" is ten (CLI11 alone reads octal
// eight) and "-1" never wraps into an unsigned seed.
//
// Every numeric option of every command carries one of these rules (validator name "number"):
// cli_test walks the whole command tree and fails on a numeric option without one.
#ifndef LANDAUER_CLI_NUMBER_OPTIONS_H_
#define LANDAUER_CLI_NUMBER_OPTIONS_H_

#include <CLI/CLI.hpp>
#include <limits>
#include <string>

#include "landauer/core/argument_checks.h"

namespace landauer::cli {

struct NumberRule {
  std::string what;     // "a temperature in kelvin": the subject of "... must be ..."
  std::string example;  // "--temperature 300"
  double lower = -std::numeric_limits<double>::infinity();
  Bound lower_bound = Bound::kClosed;
  double upper = std::numeric_limits<double>::infinity();
  Bound upper_bound = Bound::kClosed;
  bool whole = false;       // an integer
  bool unsigned64 = false;  // a whole number in [0, 2^64 - 1] (seeds)
  bool zero_too = false;    // 0 is accepted besides the range (e.g. "0 = ideal" bit widths)
};

// Positive: (0, ∞). NonNegative: [0, ∞). Between: an interval with open or closed ends.
NumberRule Positive(std::string what, std::string example);
NumberRule NonNegative(std::string what, std::string example);
NumberRule Between(double lower,
                   Bound lower_bound,
                   double upper,
                   Bound upper_bound,
                   std::string what,
                   std::string example);
// A whole number in [lower, upper].
NumberRule Count(std::int64_t lower, std::int64_t upper, std::string what, std::string example);
// 0 (ideal) or a whole number of bits in [lower, upper].
NumberRule BitsOrIdeal(int lower, int upper, std::string what, std::string example);
// A whole number in [0, 2^64 - 1].
NumberRule Seed();

// "a number > 0", "a whole number from 1 to 24", "0 or a whole number from 2 to 32", ...
std::string DescribeRange(const NumberRule& rule);
// The same for --help: "> 0", "1..24", "0 or 2..32", "(0, 0.5]".
std::string ShortRange(const NumberRule& rule);

// The validator (name "number", description the range) that checks and canonicalises the text.
CLI::Validator NumberCheck(const NumberRule& rule);

// add_option + NumberCheck (+ the default in --help unless `show_default` is false, for options
// whose default is derived, e.g. "default 1000 / lambda_min").
template <typename T>
CLI::Option* AddNumber(CLI::App& command,
                       const std::string& name,
                       T& value,
                       const std::string& help,
                       const NumberRule& rule,
                       bool show_default = true) {
  CLI::Option* option = command.add_option(name, value, help)->transform(NumberCheck(rule));
  if (show_default) option->capture_default_str();
  return option;
}

}  // namespace landauer::cli

#endif  // LANDAUER_CLI_NUMBER_OPTIONS_H_

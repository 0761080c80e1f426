// libFuzzer target for the command line's numeric options (cli/number_options.h): every kind of
// rule on arbitrary text. A rule must accept or refuse without crashing; what it accepts must
// convert with CLI11 to the option's type and lie in the rule's range — so NaN, an octal "010",
// a wrapped "-1" or an overflowing "1e400" can never reach a command:
//   build-fuzz/bin/cli_number_fuzzer -runs=20000 fuzz/cli_number_corpus
#include <CLI/CLI.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "number_options.h"

namespace {

using landauer::Bound;
using namespace landauer::cli;

template <typename T>
void Check(const NumberRule& rule, const std::string& input) {
  std::string text = input;
  const std::string problem = NumberCheck(rule)(text);
  if (!problem.empty()) return;  // refused, with a message
  T value{};
  if (!CLI::detail::lexical_conversion<T, T>({text}, value)) __builtin_trap();
  const auto v = static_cast<double>(value);
  if (!std::isfinite(v)) __builtin_trap();
  const bool above = rule.lower_bound == Bound::kClosed ? v >= rule.lower : v > rule.lower;
  const bool below = rule.upper_bound == Bound::kClosed ? v <= rule.upper : v < rule.upper;
  if (!(above && below) && !(rule.zero_too && v == 0.0)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  Check<double>(Positive("a temperature in kelvin", "--temperature 300"), text);
  Check<double>(NonNegative("a burn-in in tau", "--burn-in 100"), text);
  Check<double>(Between(0.0, Bound::kOpen, 0.5, Bound::kClosed, "a probability", "--p 0.1"), text);
  Check<int>(Count(1, 24, "a number of inputs", "--max-inputs 16"), text);
  Check<std::int64_t>(Count(0, 1000000000000000000, "a number of samples", "--max-train 10"), text);
  Check<int>(BitsOrIdeal(2, 32, "a precision in bits", "--adc-bits 8"), text);
  Check<std::uint64_t>(Seed(), text);
  return 0;
}

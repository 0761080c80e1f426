#include "landauer/core/number_parse.h"

#include <fmt/format.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

namespace landauer {
namespace {

bool IsDecimalCharacter(char c) {
  return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+';
}

}  // namespace

ParsedNumber ParseDecimal(std::string_view text) {
  if (text.size() > 1 && text[0] == '+' && text[1] != '-' && text[1] != '+') text.remove_prefix(1);
  if (text.empty()) return {0.0, NumberProblem::kEmpty};
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (end != text.data() + text.size() ||
      (error != std::errc() && error != std::errc::result_out_of_range)) {
    // from_chars also reads "inf", "nan" and hexadecimal: refuse those as not finite, the rest as
    // not a number.
    for (const char c : text) {
      if (!IsDecimalCharacter(c)) {
        const std::string lower = [&] {
          std::string s(text);
          for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
          return s;
        }();
        if (lower.find("inf") != std::string::npos || lower.find("nan") != std::string::npos) {
          return {0.0, NumberProblem::kNotFinite};
        }
        return {0.0, NumberProblem::kNotANumber};
      }
    }
    return {0.0, NumberProblem::kNotANumber};
  }
  if (error == std::errc::result_out_of_range) {
    // Overflow or underflow: strtod tells which (±HUGE_VAL for overflow).
    const std::string copy(text);
    errno = 0;
    const double nearest = std::strtod(copy.c_str(), nullptr);
    if (std::isinf(nearest)) return {0.0, NumberProblem::kTooLarge};
    return {nearest, NumberProblem::kNone};  // underflow: finite, the nearest double
  }
  if (!std::isfinite(value)) return {0.0, NumberProblem::kNotFinite};
  return {value, NumberProblem::kNone};
}

ParsedInteger ParseInteger(std::string_view text) {
  if (text.size() > 1 && text[0] == '+' && text[1] != '-' && text[1] != '+') text.remove_prefix(1);
  if (text.empty()) return {0, NumberProblem::kEmpty};
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc() && end == text.data() + text.size())
    return {value, NumberProblem::kNone};
  if (error == std::errc::result_out_of_range) return {0, NumberProblem::kTooLarge};
  // "1e3" is a whole number written as a decimal: accept it when it is one and fits.
  const ParsedNumber number = ParseDecimal(text);
  if (!number.ok()) return {0, number.problem};
  if (std::abs(number.value) >= 9.2e18) return {0, NumberProblem::kTooLarge};
  if (number.value != std::floor(number.value)) return {0, NumberProblem::kNotWhole};
  return {static_cast<std::int64_t>(number.value), NumberProblem::kNone};
}

std::string Describe(NumberProblem problem, std::string_view text) {
  switch (problem) {
    case NumberProblem::kNone:
      return fmt::format("'{}' is a valid number", text);
    case NumberProblem::kEmpty:
      return "an empty value is not a number";
    case NumberProblem::kNotANumber:
      return fmt::format("'{}' is not a number", text);
    case NumberProblem::kNotFinite:
      return fmt::format("'{}' is not a finite number", text);
    case NumberProblem::kTooLarge:
      return fmt::format("'{}' is too large to represent", text);
    case NumberProblem::kNotWhole:
      return fmt::format("'{}' is not a whole number", text);
  }
  return fmt::format("'{}' is not a number", text);
}

}  // namespace landauer

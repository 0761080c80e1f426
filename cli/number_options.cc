#include "number_options.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "landauer/core/number_parse.h"

namespace landauer::cli {
namespace {

// 2^64 − 1 read through a double rounds to 2^64: compare against the exact bound instead.
constexpr double kTwoTo64 = 18446744073709551616.0;

std::string Number(double value) {
  if (value == std::floor(value) && std::abs(value) < 1e15) return fmt::format("{:.0f}", value);
  return fmt::format("{:g}", value);
}

bool InRange(const NumberRule& rule, double value) {
  const bool above = rule.lower_bound == Bound::kClosed ? value >= rule.lower : value > rule.lower;
  const bool below = rule.upper_bound == Bound::kClosed ? value <= rule.upper : value < rule.upper;
  return above && below;
}

// Checks `text`; on success rewrites it canonically and returns "".
std::string Check(const NumberRule& rule, std::string& text) {
  const std::string range =
      fmt::format("{} must be {} (e.g. {})", rule.what, DescribeRange(rule), rule.example);
  if (rule.unsigned64) {
    std::string_view digits = text;
    if (digits.size() > 1 && digits[0] == '+') digits.remove_prefix(1);
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (error == std::errc() && end == digits.data() + digits.size() && !digits.empty()) {
      text = std::to_string(value);
      return "";
    }
    const ParsedNumber number = ParseDecimal(text);
    if (!number.ok()) return Describe(number.problem, text) + "; " + range;
    if (number.value < 0) return fmt::format("'{}' is negative; {}", text, range);
    if (number.value >= kTwoTo64) return fmt::format("'{}' is too large; {}", text, range);
    if (number.value != std::floor(number.value)) {
      return fmt::format("'{}' is not a whole number; {}", text, range);
    }
    text = std::to_string(static_cast<std::uint64_t>(number.value));
    return "";
  }
  if (rule.whole) {
    const ParsedInteger number = ParseInteger(text);
    if (!number.ok()) return Describe(number.problem, text) + "; " + range;
    const auto value = static_cast<double>(number.value);
    if (!(InRange(rule, value) || (rule.zero_too && number.value == 0))) {
      return fmt::format("'{}' is out of range; {}", text, range);
    }
    text = std::to_string(number.value);
    return "";
  }
  const ParsedNumber number = ParseDecimal(text);
  if (!number.ok()) return Describe(number.problem, text) + "; " + range;
  if (!(InRange(rule, number.value) || (rule.zero_too && number.value == 0.0))) {
    return fmt::format("'{}' is out of range; {}", text, range);
  }
  // The text stays as written: CLI11 reads it with strtold, which agrees with ParseDecimal on
  // every text ParseDecimal accepts. (Whole numbers are rewritten: CLI11 reads "010" as octal.)
  return "";
}

}  // namespace

NumberRule Positive(std::string what, std::string example) {
  NumberRule rule{std::move(what), std::move(example)};
  rule.lower = 0.0;
  rule.lower_bound = Bound::kOpen;
  return rule;
}

NumberRule NonNegative(std::string what, std::string example) {
  NumberRule rule{std::move(what), std::move(example)};
  rule.lower = 0.0;
  return rule;
}

NumberRule Between(double lower,
                   Bound lower_bound,
                   double upper,
                   Bound upper_bound,
                   std::string what,
                   std::string example) {
  NumberRule rule{std::move(what), std::move(example)};
  rule.lower = lower, rule.lower_bound = lower_bound;
  rule.upper = upper, rule.upper_bound = upper_bound;
  return rule;
}

NumberRule Count(std::int64_t lower, std::int64_t upper, std::string what, std::string example) {
  NumberRule rule = Between(static_cast<double>(lower),
                            Bound::kClosed,
                            static_cast<double>(upper),
                            Bound::kClosed,
                            std::move(what),
                            std::move(example));
  rule.whole = true;
  return rule;
}

NumberRule BitsOrIdeal(int lower, int upper, std::string what, std::string example) {
  NumberRule rule = Count(lower, upper, std::move(what), std::move(example));
  rule.zero_too = true;
  return rule;
}

NumberRule Seed() {
  NumberRule rule = Count(0, 0, "a seed", "--seed 42");
  rule.upper = kTwoTo64 - 1.0;
  rule.unsigned64 = true;
  return rule;
}

std::string DescribeRange(const NumberRule& rule) {
  if (rule.unsigned64) return "a whole number from 0 to 18446744073709551615";
  const bool low = std::isfinite(rule.lower), high = std::isfinite(rule.upper);
  std::string range;
  if (rule.whole) {
    if (low && high) {
      range = fmt::format("a whole number from {} to {}", Number(rule.lower), Number(rule.upper));
    } else if (low) {
      range = fmt::format("a whole number >= {}", Number(rule.lower));
    } else {
      range = "a whole number";
    }
  } else if (low && high) {
    range = fmt::format("a number in {}{}, {}{}",
                        rule.lower_bound == Bound::kClosed ? "[" : "(",
                        Number(rule.lower),
                        Number(rule.upper),
                        rule.upper_bound == Bound::kClosed ? "]" : ")");
  } else if (low) {
    range = fmt::format(
        "a number {} {}", rule.lower_bound == Bound::kClosed ? ">=" : ">", Number(rule.lower));
  } else if (high) {
    range = fmt::format(
        "a number {} {}", rule.upper_bound == Bound::kClosed ? "<=" : "<", Number(rule.upper));
  } else {
    range = "a finite number";
  }
  return rule.zero_too ? "0 or " + range : range;
}

std::string ShortRange(const NumberRule& rule) {
  if (rule.unsigned64) return "0..2^64-1";
  const bool low = std::isfinite(rule.lower), high = std::isfinite(rule.upper);
  std::string range;
  if (rule.whole && low && high) {
    range = Number(rule.lower) + ".." + Number(rule.upper);
  } else if (low && high) {
    range = fmt::format("{}{}, {}{}",
                        rule.lower_bound == Bound::kClosed ? "[" : "(",
                        Number(rule.lower),
                        Number(rule.upper),
                        rule.upper_bound == Bound::kClosed ? "]" : ")");
  } else if (low) {
    range =
        fmt::format("{} {}", rule.lower_bound == Bound::kClosed ? ">=" : ">", Number(rule.lower));
  } else if (high) {
    range =
        fmt::format("{} {}", rule.upper_bound == Bound::kClosed ? "<=" : "<", Number(rule.upper));
  }
  return rule.zero_too ? "0 or " + range : range;
}

CLI::Validator NumberCheck(const NumberRule& rule) {
  std::string description = ShortRange(rule);
  return CLI::Validator(
      [rule](std::string& text) { return Check(rule, text); }, std::move(description), "number");
}

}  // namespace landauer::cli

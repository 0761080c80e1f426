#include "landauer/core/argument_checks.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace landauer {
namespace {

std::string MessageOf(auto&& call) {
  try {
    call();
  } catch (const std::domain_error& error) {
    return error.what();
  }
  return "";
}

TEST(ArgumentChecks, PositiveNamesFunctionParameterValueAndUnit) {
  EXPECT_NO_THROW(CheckPositive("F", "temperature", 300.0, "K"));
  const std::string message =
      MessageOf([] { CheckPositive("LandauerBound", "temperature", -3.0, "K"); });
  EXPECT_EQ(message, "LandauerBound: temperature = -3 K is invalid; it must be finite and > 0 K.");
  EXPECT_FALSE(MessageOf([] { CheckPositive("F", "t", 0.0, "K"); }).empty());
  EXPECT_FALSE(MessageOf([] { CheckPositive("F", "t", std::nan(""), "K"); }).empty());
  EXPECT_FALSE(MessageOf([] {
                 CheckPositive("F", "t", std::numeric_limits<double>::infinity(), "K");
               }).empty());
}

TEST(ArgumentChecks, NonNegativeAndFinite) {
  EXPECT_NO_THROW(CheckNonNegative("F", "count", 0.0, ""));
  EXPECT_THROW(CheckNonNegative("F", "count", -1e-300, ""), std::domain_error);
  EXPECT_NO_THROW(CheckFinite("F", "x", -5.0, ""));
  EXPECT_THROW(CheckFinite("F", "x", std::nan(""), ""), std::domain_error);
}

TEST(ArgumentChecks, IntervalEnds) {
  EXPECT_NO_THROW(CheckInInterval("F", "p", 0.5, "", 0.0, Bound::kOpen, 0.5, Bound::kClosed));
  EXPECT_THROW(CheckInInterval("F", "p", 0.0, "", 0.0, Bound::kOpen, 0.5, Bound::kClosed),
               std::domain_error);
  EXPECT_NO_THROW(CheckInInterval("F", "p", 0.0, "", 0.0, Bound::kClosed, 0.5, Bound::kClosed));
  const std::string message = MessageOf([] {
    CheckInInterval("Bound", "error_probability", 0.7, "", 0.0, Bound::kOpen, 0.5, Bound::kClosed);
  });
  EXPECT_NE(message.find("error_probability = 0.7"), std::string::npos) << message;
  EXPECT_NE(message.find("(0, 0.5]"), std::string::npos) << message;
}

}  // namespace
}  // namespace landauer

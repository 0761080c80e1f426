#include "landauer/energy/unit_parse.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "landauer/physics/constants.h"

namespace landauer {
namespace {

TEST(ParseQuantity, EnergyUnits) {
  EXPECT_DOUBLE_EQ(ParseQuantity("3.7 pJ", QuantityKind::kEnergy), 3.7e-12);
  EXPECT_DOUBLE_EQ(ParseQuantity("  9 fJ ", QuantityKind::kEnergy), 9e-15);
  EXPECT_DOUBLE_EQ(ParseQuantity("1.3nJ", QuantityKind::kEnergy), 1.3e-9);
  EXPECT_DOUBLE_EQ(ParseQuantity("2 µJ", QuantityKind::kEnergy), 2e-6);
  EXPECT_DOUBLE_EQ(ParseQuantity("7500 eV", QuantityKind::kEnergy), 7500 * physics::kElectronVoltJ);
  EXPECT_DOUBLE_EQ(ParseQuantity("1e-3 J", QuantityKind::kEnergy), 1e-3);
}

TEST(ParseQuantity, OtherKinds) {
  EXPECT_DOUBLE_EQ(ParseQuantity("2 ns", QuantityKind::kTime), 2e-9);
  EXPECT_DOUBLE_EQ(ParseQuantity("310 K", QuantityKind::kTemperature), 310.0);
  EXPECT_DOUBLE_EQ(ParseQuantity("700 W", QuantityKind::kPower), 700.0);
}

std::string ErrorOf(std::string_view text, QuantityKind kind) {
  try {
    ParseQuantity(text, kind);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "";
}

TEST(ParseQuantity, RejectsWrongOrMissingUnitsWithAFix) {
  const std::string wrong = ErrorOf("3.7 pW", QuantityKind::kEnergy);
  EXPECT_NE(wrong.find("'pW'"), std::string::npos) << wrong;
  EXPECT_NE(wrong.find("not an energy unit"), std::string::npos) << wrong;
  EXPECT_NE(wrong.find("pJ"), std::string::npos) << wrong;  // lists accepted units
  EXPECT_NE(ErrorOf("3.7", QuantityKind::kEnergy).find("has no unit"), std::string::npos);
  EXPECT_NE(ErrorOf("fast", QuantityKind::kTime).find("is not a time"), std::string::npos);
  EXPECT_FALSE(ErrorOf("1 pJ", QuantityKind::kTime).empty());
  EXPECT_FALSE(ErrorOf("inf pJ", QuantityKind::kEnergy).empty());
  EXPECT_FALSE(ErrorOf("nan pJ", QuantityKind::kEnergy).empty());
  EXPECT_FALSE(ErrorOf("", QuantityKind::kEnergy).empty());
}

}  // namespace
}  // namespace landauer

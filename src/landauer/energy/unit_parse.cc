#include "landauer/energy/unit_parse.h"

#include <array>
#include <charconv>
#include <cmath>
#include <span>
#include <stdexcept>
#include <string>

#include "landauer/core/number_parse.h"
#include "landauer/physics/constants.h"

namespace landauer {
namespace {

struct UnitFactor {
  std::string_view symbol;
  double factor;  // SI value of one unit
};

constexpr std::array<UnitFactor, 13> kEnergyUnits = {{
    {"kJ", 1e3},
    {"J", 1.0},
    {"mJ", 1e-3},
    {"uJ", 1e-6},
    {"µJ", 1e-6},
    {"nJ", 1e-9},
    {"pJ", 1e-12},
    {"fJ", 1e-15},
    {"aJ", 1e-18},
    {"zJ", 1e-21},
    {"eV", physics::kElectronVoltJ},
    {"meV", 1e-3 * physics::kElectronVoltJ},
    {"keV", 1e3 * physics::kElectronVoltJ},
}};
constexpr std::array<UnitFactor, 7> kTimeUnits = {{
    {"s", 1.0},
    {"ms", 1e-3},
    {"us", 1e-6},
    {"µs", 1e-6},
    {"ns", 1e-9},
    {"ps", 1e-12},
    {"fs", 1e-15},
}};
constexpr std::array<UnitFactor, 1> kTemperatureUnits = {{{"K", 1.0}}};
constexpr std::array<UnitFactor, 7> kPowerUnits = {{
    {"kW", 1e3},
    {"W", 1.0},
    {"mW", 1e-3},
    {"uW", 1e-6},
    {"µW", 1e-6},
    {"nW", 1e-9},
    {"pW", 1e-12},
}};

std::span<const UnitFactor> UnitsFor(QuantityKind kind) {
  switch (kind) {
    case QuantityKind::kEnergy:
      return kEnergyUnits;
    case QuantityKind::kTime:
      return kTimeUnits;
    case QuantityKind::kTemperature:
      return kTemperatureUnits;
    case QuantityKind::kPower:
      return kPowerUnits;
  }
  return {};
}

std::string JoinSymbols(std::span<const UnitFactor> units) {
  std::string out;
  for (const UnitFactor& unit : units) {
    if (!out.empty()) out += ", ";
    out += unit.symbol;
  }
  return out;
}

// "an energy", "a time".
std::string WithArticle(QuantityKind kind) {
  return std::string(kind == QuantityKind::kEnergy ? "an " : "a ") + std::string(ToString(kind));
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string_view ExampleFor(QuantityKind kind) {
  switch (kind) {
    case QuantityKind::kEnergy:
      return "\"1.5 pJ\"";
    case QuantityKind::kTime:
      return "\"1.5 ns\"";
    case QuantityKind::kTemperature:
      return "\"300 K\"";
    case QuantityKind::kPower:
      return "\"700 W\"";
  }
  return "";
}

}  // namespace

std::string_view ToString(QuantityKind kind) {
  switch (kind) {
    case QuantityKind::kEnergy:
      return "energy";
    case QuantityKind::kTime:
      return "time";
    case QuantityKind::kTemperature:
      return "temperature";
    case QuantityKind::kPower:
      return "power";
  }
  return "quantity";
}

double ParseQuantity(std::string_view text, QuantityKind kind) {
  const std::string_view trimmed = Trim(text);
  double scanned = 0.0;
  const auto [end, error] =
      std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), scanned);
  const std::span<const UnitFactor> units = UnitsFor(kind);
  const std::string accepted = JoinSymbols(units);
  const std::string example = std::string(ExampleFor(kind));
  if (error != std::errc() && error != std::errc::result_out_of_range) {
    throw std::invalid_argument("'" + std::string(text) + "' is not " + WithArticle(kind) +
                                " with a unit; write e.g. " + example);
  }
  // The number as every parser reads it: inf and nan refused, overflow too large, underflow the
  // nearest double (1e-320 J is finite, if tiny).
  const std::string_view digits(trimmed.data(), static_cast<std::size_t>(end - trimmed.data()));
  const ParsedNumber parsed = ParseDecimal(digits);
  if (!parsed.ok()) {
    throw std::invalid_argument(Describe(parsed.problem, digits) + " in '" + std::string(text) +
                                "'; write e.g. " + example);
  }
  const double number = parsed.value;
  const std::string_view symbol =
      Trim(std::string_view(end, trimmed.data() + trimmed.size() - end));
  if (symbol.empty()) {
    throw std::invalid_argument("'" + std::string(text) + "' has no unit; write e.g. " + example +
                                " (accepted " + std::string(ToString(kind)) +
                                " units: " + accepted + ")");
  }
  for (const UnitFactor& unit : units) {
    if (unit.symbol == symbol) return number * unit.factor;
  }
  throw std::invalid_argument("'" + std::string(symbol) + "' in '" + std::string(text) +
                              "' is not " + WithArticle(kind) +
                              " unit; accepted units: " + accepted);
}

}  // namespace landauer

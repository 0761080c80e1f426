// landauer/energy/unit_parse.h — read "3.7 pJ"-style quantities from data files and flags.
//
//   double j = ParseQuantity("3.7 pJ", QuantityKind::kEnergy);  // 3.7e-12
//   ParseQuantity("3.7 pW", QuantityKind::kEnergy);  // throws: 'pW' is not an energy unit ...
//
// The text is a decimal number, optional spaces, then a unit. Accepted units:
//   energy       J with prefixes E..a/z (kJ, J, mJ, uJ/µJ, nJ, pJ, fJ, aJ, zJ), eV, meV, keV
//   time         s, ms, us/µs, ns, ps, fs
//   temperature  K
//   power        W, kW, mW, uW/µW, nW, pW
// Values are returned in SI base units. Throws std::invalid_argument with a message that names
// the text, the expected kind and the accepted units; callers add the file and line.
#ifndef LANDAUER_ENERGY_UNIT_PARSE_H_
#define LANDAUER_ENERGY_UNIT_PARSE_H_

#include <string_view>

namespace landauer {

enum class QuantityKind { kEnergy, kTime, kTemperature, kPower };

std::string_view ToString(QuantityKind kind);
double ParseQuantity(std::string_view text, QuantityKind kind);

}  // namespace landauer

#endif  // LANDAUER_ENERGY_UNIT_PARSE_H_

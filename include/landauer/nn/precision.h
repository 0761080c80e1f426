// landauer/nn/precision.h — the number formats a digital processor multiplies in.
//
//   Precision p = PrecisionFromString("bf16");   // kBf16; throws listing the names otherwise
//   ToString(p) == "bf16";  BitsOf(p) == 16;
//
// The names are the ledger's action prefixes: a MAC at precision p is ("alu", "<p>_mac").
#ifndef LANDAUER_NN_PRECISION_H_
#define LANDAUER_NN_PRECISION_H_

#include <string_view>

namespace landauer::nn {

enum class Precision { kFp32, kBf16, kFp16, kInt8 };

std::string_view ToString(Precision precision);
// Throws std::invalid_argument naming the accepted names.
Precision PrecisionFromString(std::string_view name);
// Operand width in bits: 32, 16, 16, 8.
int BitsOf(Precision precision);

}  // namespace landauer::nn

#endif  // LANDAUER_NN_PRECISION_H_

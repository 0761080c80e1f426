#include "landauer/nn/precision.h"

#include <stdexcept>
#include <string>

namespace landauer::nn {

std::string_view ToString(Precision precision) {
  switch (precision) {
    case Precision::kFp32:
      return "fp32";
    case Precision::kBf16:
      return "bf16";
    case Precision::kFp16:
      return "fp16";
    case Precision::kInt8:
      return "int8";
  }
  return "unknown";
}

Precision PrecisionFromString(std::string_view name) {
  for (Precision p : {Precision::kFp32, Precision::kBf16, Precision::kFp16, Precision::kInt8}) {
    if (ToString(p) == name) return p;
  }
  throw std::invalid_argument("unknown precision '" + std::string(name) +
                              "'; choose fp32, bf16, fp16 or int8");
}

int BitsOf(Precision precision) {
  switch (precision) {
    case Precision::kFp32:
      return 32;
    case Precision::kBf16:
    case Precision::kFp16:
      return 16;
    case Precision::kInt8:
      return 8;
  }
  return 32;
}

}  // namespace landauer::nn

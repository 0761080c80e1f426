#include "landauer/energy/scope.h"

#include <stdexcept>
#include <string>

namespace landauer {

std::string_view ToString(Scope scope) {
  switch (scope) {
    case Scope::kCore:
      return "core";
    case Scope::kChip:
      return "chip";
    case Scope::kSystem:
      return "system";
  }
  return "?";
}

Scope ScopeFromString(std::string_view name) {
  if (name == "core") return Scope::kCore;
  if (name == "chip") return Scope::kChip;
  if (name == "system") return Scope::kSystem;
  throw std::invalid_argument("unknown scope '" + std::string(name) +
                              "'; use core, chip or system");
}

}  // namespace landauer

#include "landauer/nn/engine_registry.h"

#include <stdexcept>

#include "landauer/core/named_registry.h"

namespace landauer::nn {
namespace {

NamedRegistry<EngineRegistration>& Registry() {
  static NamedRegistry<EngineRegistration> registry("engine", [] {
    std::vector<std::pair<std::string, EngineRegistration>> entries;
    for (EngineRegistration& r : BuiltinEngines()) entries.emplace_back(r.name, std::move(r));
    return entries;
  });
  return registry;
}

}  // namespace

void RegisterEngine(EngineRegistration registration) {
  if (!registration.factory) {
    throw std::invalid_argument("RegisterEngine: engine '" + registration.name +
                                "' has no factory");
  }
  const std::string name = registration.name;
  Registry().Add(name, std::move(registration));
}

std::vector<std::string> EngineNames() { return Registry().Names(); }

EngineRegistration FindEngine(const std::string& name) { return Registry().Find(name); }

std::unique_ptr<LinearEngine> CreateEngine(const std::string& name, const EngineSetup& setup) {
  return FindEngine(name).factory(setup);
}

}  // namespace landauer::nn

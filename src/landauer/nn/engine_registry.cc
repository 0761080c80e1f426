#include "landauer/nn/engine_registry.h"

#include <map>
#include <mutex>
#include <stdexcept>

namespace landauer::nn {
namespace {

std::mutex& RegistryMutex() {
  static std::mutex mutex;
  return mutex;
}

void Insert(std::map<std::string, EngineRegistration>& registry, EngineRegistration registration) {
  if (!registration.factory) {
    throw std::invalid_argument("RegisterEngine: engine '" + registration.name +
                                "' has no factory");
  }
  const std::string name = registration.name;
  if (!registry.emplace(name, std::move(registration)).second) {
    throw std::invalid_argument("RegisterEngine: an engine named '" + name +
                                "' is already registered");
  }
}

// Built-ins are listed explicitly (builtins.cc): self-registering statics in a static library
// are dropped by the linker when nothing references their object file.
std::map<std::string, EngineRegistration>& Registry() {
  static std::map<std::string, EngineRegistration> registry = [] {
    std::map<std::string, EngineRegistration> builtins;
    for (EngineRegistration& r : BuiltinEngines()) Insert(builtins, std::move(r));
    return builtins;
  }();
  return registry;
}

}  // namespace

void RegisterEngine(EngineRegistration registration) {
  const std::lock_guard<std::mutex> lock(RegistryMutex());
  Insert(Registry(), std::move(registration));
}

std::vector<std::string> EngineNames() {
  const std::lock_guard<std::mutex> lock(RegistryMutex());
  std::vector<std::string> names;
  for (const auto& [name, registration] : Registry()) names.push_back(name);
  return names;
}

EngineRegistration FindEngine(const std::string& name) {
  const std::lock_guard<std::mutex> lock(RegistryMutex());
  const auto it = Registry().find(name);
  if (it == Registry().end()) {
    std::string known;
    for (const auto& [n, r] : Registry()) known += (known.empty() ? "" : ", ") + n;
    throw std::invalid_argument("unknown engine '" + name + "'; registered engines: " + known);
  }
  return it->second;
}

std::unique_ptr<LinearEngine> CreateEngine(const std::string& name, int threads) {
  return FindEngine(name).factory(threads);
}

}  // namespace landauer::nn

#include <map>
#include <mutex>
#include <stdexcept>

#include "landauer/methods/adiabatic_mlp.h"
#include "landauer/methods/digital_mlp.h"
#include "landauer/methods/method.h"
#include "landauer/methods/tngd_mlp.h"

namespace landauer {
namespace {

// Built-ins are listed here explicitly: self-registering statics in a static library are dropped
// by the linker when nothing references their object file.
std::map<std::string, MethodFactory>& Registry() {
  static std::map<std::string, MethodFactory> registry = [] {
    std::map<std::string, MethodFactory> builtins;
    builtins["adiabatic-mlp"] = [](const MethodOptions& o) {
      return std::make_unique<AdiabaticMlpMethod>(o);
    };
    builtins["digital-mlp"] = [](const MethodOptions& o) {
      return std::make_unique<DigitalMlpMethod>(o);
    };
    builtins["tngd-mlp"] = [](const MethodOptions& o) {
      return std::make_unique<TngdMlpMethod>(o);
    };
    return builtins;
  }();
  return registry;
}

std::mutex& RegistryMutex() {
  static std::mutex mutex;
  return mutex;
}

}  // namespace

void RegisterMethod(const std::string& name, MethodFactory factory) {
  const std::lock_guard<std::mutex> lock(RegistryMutex());
  if (!Registry().emplace(name, std::move(factory)).second) {
    throw std::invalid_argument("RegisterMethod: a method named '" + name +
                                "' is already registered");
  }
}

std::vector<std::string> MethodNames() {
  const std::lock_guard<std::mutex> lock(RegistryMutex());
  std::vector<std::string> names;
  for (const auto& [name, factory] : Registry()) names.push_back(name);
  return names;
}

std::vector<std::string> DefaultMethodNames() {
  std::vector<std::string> names;
  for (const std::string& name : MethodNames()) {
    if (CreateMethod(name, {})->Describe().in_default_set) names.push_back(name);
  }
  return names;
}

std::unique_ptr<Method> CreateMethod(const std::string& name, const MethodOptions& options) {
  MethodFactory factory;
  {
    const std::lock_guard<std::mutex> lock(RegistryMutex());
    const auto it = Registry().find(name);
    if (it == Registry().end()) {
      std::string known;
      for (const auto& [n, f] : Registry()) known += (known.empty() ? "" : ", ") + n;
      throw std::invalid_argument("unknown method '" + name + "'; registered methods: " + known);
    }
    factory = it->second;
  }
  return factory(options);
}

}  // namespace landauer

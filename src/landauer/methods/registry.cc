#include "landauer/methods/registry.h"

#include <map>
#include <mutex>
#include <set>
#include <stdexcept>

namespace landauer {
namespace {

std::mutex& RegistryMutex() {
  static std::mutex mutex;
  return mutex;
}

bool ValidName(const std::string& name) {
  if (name.empty()) return false;
  for (const char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

void Insert(std::map<std::string, MethodRegistration>& registry, MethodRegistration r) {
  const std::string name = r.info.name;
  if (!ValidName(name)) {
    throw std::invalid_argument("RegisterMethod: method name '" + name +
                                "' must be lower-case letters, digits and '-'");
  }
  if (!r.factory)
    throw std::invalid_argument("RegisterMethod: method '" + name + "' has no factory");
  std::set<std::string> keys;
  for (const ParamSpec& spec : r.params) {
    if (!keys.insert(spec.key).second) {
      throw std::invalid_argument("RegisterMethod: " + name + " declares '" + spec.key + "' twice");
    }
    if (spec.setting == CommonSetting::kNone) {
      if (const std::string problem = CheckParamValue(spec, spec.default_value); !problem.empty()) {
        throw std::invalid_argument("RegisterMethod: " + name + "." + spec.key + " default '" +
                                    spec.default_value + "': " + problem);
      }
    }
  }
  if (!registry.emplace(name, std::move(r)).second) {
    throw std::invalid_argument("RegisterMethod: a method named '" + name +
                                "' is already registered");
  }
}

std::map<std::string, MethodRegistration>& Registry() {
  static std::map<std::string, MethodRegistration> registry = [] {
    std::map<std::string, MethodRegistration> builtins;
    for (MethodRegistration& r : BuiltinMethods()) Insert(builtins, std::move(r));
    return builtins;
  }();
  return registry;
}

}  // namespace

void RegisterMethod(MethodRegistration registration) {
  const std::lock_guard<std::mutex> lock(RegistryMutex());
  Insert(Registry(), std::move(registration));
}

std::vector<std::string> MethodNames() {
  const std::lock_guard<std::mutex> lock(RegistryMutex());
  std::vector<std::string> names;
  for (const auto& [name, r] : Registry()) names.push_back(name);
  return names;
}

std::vector<std::string> DefaultMethodNames() {
  const std::lock_guard<std::mutex> lock(RegistryMutex());
  std::vector<std::string> names;
  for (const auto& [name, r] : Registry()) {
    if (r.info.in_default_set) names.push_back(name);
  }
  return names;
}

MethodRegistration FindMethod(const std::string& name) {
  const std::lock_guard<std::mutex> lock(RegistryMutex());
  const auto it = Registry().find(name);
  if (it == Registry().end()) {
    std::string known;
    for (const auto& [n, r] : Registry()) known += (known.empty() ? "" : ", ") + n;
    throw std::invalid_argument("unknown method '" + name + "'; registered methods: " + known);
  }
  return it->second;
}

std::unique_ptr<Method> CreateMethod(const std::string& name,
                                     const MethodParams& params,
                                     const MethodContext& context) {
  return FindMethod(name).factory(params, context);
}

}  // namespace landauer

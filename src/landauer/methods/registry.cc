#include "landauer/methods/registry.h"

#include <set>
#include <stdexcept>

#include "landauer/core/named_registry.h"

namespace landauer {
namespace {

bool ValidName(const std::string& name) {
  if (name.empty()) return false;
  for (const char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

// A registration's own consistency, before it enters the registry.
void Check(const MethodRegistration& r) {
  const std::string& name = r.info.name;
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
}

NamedRegistry<MethodRegistration>& Registry() {
  static NamedRegistry<MethodRegistration> registry("method", [] {
    std::vector<std::pair<std::string, MethodRegistration>> entries;
    for (MethodRegistration& r : BuiltinMethods()) {
      Check(r);
      entries.emplace_back(r.info.name, std::move(r));
    }
    return entries;
  });
  return registry;
}

}  // namespace

void RegisterMethod(MethodRegistration registration) {
  Check(registration);
  const std::string name = registration.info.name;
  Registry().Add(name, std::move(registration));
}

std::vector<std::string> MethodNames() { return Registry().Names(); }

std::vector<std::string> DefaultMethodNames() {
  return Registry().NamesWhere([](const MethodRegistration& r) { return r.info.in_default_set; });
}

MethodRegistration FindMethod(const std::string& name) { return Registry().Find(name); }

std::unique_ptr<Method> CreateMethod(const std::string& name,
                                     const MethodParams& params,
                                     const MethodContext& context) {
  return FindMethod(name).factory(params, context);
}

}  // namespace landauer

// landauer/methods/registry.h — every method, registered once with its facts and parameters.
//
//   for (const std::string& name : MethodNames()) { const MethodRegistration& r = ...; }
//   MethodParams params = ResolveParams(r.info.name, r.params, settings, overrides);
//   std::unique_ptr<Method> m = CreateMethod("tngd-mlp", params, context);
//
// A registration states the method's name once (MethodInfo::name), its facts (substrate,
// summary, erased-bit convention, default set, device tables) and its parameters
// (method_params.h), so `landauer methods`, the default set of `compare` and the validation of
// `--param` are read without constructing any method. The built-ins are listed in
// src/landauer/builtins.cc (after ggml's backend registry: self-registering statics in a static
// library are dropped by the linker); RegisterMethod adds more at run time. The method conformance
// suite (tests/conformance/) runs every registered method, so registering one enrols it.
#ifndef LANDAUER_METHODS_REGISTRY_H_
#define LANDAUER_METHODS_REGISTRY_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "landauer/methods/method.h"
#include "landauer/methods/method_params.h"

namespace landauer {

using MethodFactory = std::function<std::unique_ptr<Method>(const MethodParams& params,
                                                            const MethodContext& context)>;

struct MethodRegistration {
  MethodInfo info;                // info.name is the registry key
  std::vector<ParamSpec> params;  // declared parameters, in display order
  MethodFactory factory;
  // Checks between parameters that no single ParamSpec can state (e.g. HDC's levels against its
  // dimension); throws std::invalid_argument naming the parameters and values. PlanComparison
  // runs it before anything trains. Optional.
  std::function<void(const MethodParams&)> validate = {};
  // The device tables for these parameters, when a parameter chooses them (a spiking method's
  // `chip`); unset: info.device_tables. Optional.
  std::function<std::vector<std::string>(const MethodParams&)> device_tables_for = {};
};

// Adds a method. Throws std::invalid_argument if the name is taken or not [a-z0-9-]+, the factory
// is empty, or a parameter is declared twice or has an invalid default.
void RegisterMethod(MethodRegistration registration);
// Registered names, sorted.
std::vector<std::string> MethodNames();
// The names `compare` runs by default (MethodInfo::in_default_set), sorted; nothing is constructed.
std::vector<std::string> DefaultMethodNames();
// Throws std::invalid_argument listing the registered names for an unknown name.
MethodRegistration FindMethod(const std::string& name);
// Resolves nothing: `params` must come from ResolveParams for this method.
std::unique_ptr<Method> CreateMethod(const std::string& name,
                                     const MethodParams& params,
                                     const MethodContext& context);

// The methods compiled into this library (defined in src/landauer/builtins.cc).
std::vector<MethodRegistration> BuiltinMethods();

}  // namespace landauer

#endif  // LANDAUER_METHODS_REGISTRY_H_

// landauer/nn/engine_registry.h — every LinearEngine compiled in, by name, with its tolerances.
//
//   std::vector<std::string> names = EngineNames();        // "bf16", "digital-fp32", "int8", ...
//   std::unique_ptr<LinearEngine> e = CreateEngine("int8", {.threads = 2, .seed = run_seed});
//   const EngineRegistration& r = FindEngine("int8");      // r.tolerances, r.summary
//
// After ggml's ggml_backend_registry(): the built-in engines — the digital ones of nn/ and those
// of every substrate — are listed once, in src/landauer/builtins.cc, the one file that includes
// every substrate (nn itself never does). RegisterEngine adds more at run time (a test's toy
// substrate, a plug-in). The conformance suite (tests/conformance/) runs every registered engine
// against DigitalEngine at the tolerances registered with it, and in gradient mode when it has a
// backward pass: registering an engine enrols it.
#ifndef LANDAUER_NN_ENGINE_REGISTRY_H_
#define LANDAUER_NN_ENGINE_REGISTRY_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "landauer/nn/engine_conformance.h"
#include "landauer/nn/linear_engine.h"

namespace landauer::nn {

// What an engine is made with: its worker threads, and the run seed from which it derives its
// random streams (device-to-device variation, read noise; each on its own named stream).
struct EngineSetup {
  int threads = 1;
  std::uint64_t seed = 0;
};

struct EngineRegistration {
  std::string name;     // equals the engine's Name()
  std::string summary;  // one sentence
  std::function<std::unique_ptr<LinearEngine>(const EngineSetup& setup)> factory;
  ConformanceTolerances tolerances;  // as declared beside the engine
};

// Adds an engine; throws std::invalid_argument if the name is taken or the factory is empty.
void RegisterEngine(EngineRegistration registration);
// Registered names, sorted.
std::vector<std::string> EngineNames();
// Throws std::invalid_argument listing the registered names for an unknown one.
EngineRegistration FindEngine(const std::string& name);
std::unique_ptr<LinearEngine> CreateEngine(const std::string& name, const EngineSetup& setup = {});

// The engines compiled into this library (defined in src/landauer/builtins.cc).
std::vector<EngineRegistration> BuiltinEngines();

}  // namespace landauer::nn

#endif  // LANDAUER_NN_ENGINE_REGISTRY_H_

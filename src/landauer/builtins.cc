// The engines and methods compiled into landauer, listed once (after ggml's
// ggml-backend-reg.cpp). This is the one file that registers every substrate's engines and
// methods; nn/ and methods/ only declare BuiltinEngines() and BuiltinMethods(). A new substrate
// adds its engines and methods here, one line each (CONTRIBUTING.md, "Adding a substrate").
#include "landauer/analog/analog_engine.h"
#include "landauer/methods/builtin_methods.h"
#include "landauer/methods/registry.h"
#include "landauer/nn/engine_registry.h"
#include "landauer/nn/quantized_engine.h"

namespace landauer {

namespace nn {

std::vector<EngineRegistration> BuiltinEngines() {
  return {
      {"digital-fp32",
       "exact float32 products (Eigen GEMM in fixed blocks: thread-count independent)",
       [](const EngineSetup& setup) { return std::make_unique<DigitalEngine>(setup.threads); },
       ConformanceTolerances{.forward = 0, .backward_input = 0, .weight_gradient = 0}},
      {"bf16",
       "operands rounded to bfloat16, float32 accumulation (tensor cores); inference only",
       [](const EngineSetup& setup) {
         return std::make_unique<QuantizedEngine>(Precision::kBf16, setup.threads);
       },
       QuantizedEngine::kBf16Tolerances},
      {"int8",
       "post-training int8: per-channel weights, per-sample activations, exact integer sums; "
       "inference only",
       [](const EngineSetup& setup) {
         return std::make_unique<QuantizedEngine>(Precision::kInt8, setup.threads);
       },
       QuantizedEngine::kInt8Tolerances},
      {"analog-pcm",
       "PCM crossbar tiles of 256 x 256 (differential pairs, programming noise, 8-bit DACs and "
       "ADCs, output noise, bound management) read right after programming; inference only",
       [](const EngineSetup& setup) {
         analog::AnalogEngineOptions o;
         o.seed = setup.seed;
         o.threads = setup.threads;
         return std::make_unique<analog::AnalogEngine>(o);
       },
       analog::AnalogEngine::kTolerances},
  };
}

}  // namespace nn

std::vector<MethodRegistration> BuiltinMethods() {
  return {
      DigitalMlpRegistration(),
      TngdMlpRegistration(),
      AdiabaticMlpRegistration(),
      HdcIdLevelRegistration(),
      HdcProjectionRegistration(),
      QnnDqnnRegistration(),
      SparseMlpRegistration(),
      MoeMlpRegistration(),
      SnnSurrogateRegistration(),
      SnnConvertedRegistration(),
      OpticalMziRegistration(),
      D2nnRegistration(),
      AnalogMlpRegistration(),
      AnalogInSituRegistration(),
  };
}

}  // namespace landauer

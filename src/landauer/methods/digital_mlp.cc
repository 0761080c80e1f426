// digital-mlp: the digital baseline (builtin_methods.h).
#include "landauer/methods/builtin_methods.h"
#include "landauer/methods/mlp_method.h"

namespace landauer {

MethodRegistration DigitalMlpRegistration() {
  MlpRecipe recipe;
  recipe.info = {
      .name = "digital-mlp",
      .substrate = "digital",
      .summary =
          "MLP (ReLU) trained with Adam in fp32 on a digital processor; inference in fp32, "
          "bf16 and int8 (post-training quantisation)",
      .erased_bits =
          "the erasure convention (docs/ledger.md): every bit written (activations, gradients, "
          "parameters, optimizer state) and each MAC's 32-bit accumulator"};
  recipe.params = {EpochsParam(), BatchParam(128, true), LearningRateParam(), HiddenParam()};
  recipe.variants = {{.name = "fp32", .engine = "digital-fp32"},
                     {.name = "bf16", .engine = "bf16"},
                     {.name = "int8", .engine = "int8"}};
  return MlpMethodRegistration(std::move(recipe));
}

}  // namespace landauer

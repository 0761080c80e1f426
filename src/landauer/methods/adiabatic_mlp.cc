// adiabatic-mlp: digital-mlp's network with its inference MACs in adiabatic reversible logic
// (builtin_methods.h).
#include <stdexcept>

#include "landauer/energy/hardware_catalog.h"
#include "landauer/methods/builtin_methods.h"
#include "landauer/methods/mlp_method.h"
#include "landauer/reversible/adiabatic_cost.h"
#include "landauer/reversible/arithmetic.h"

namespace landauer {

MethodRegistration AdiabaticMlpRegistration() {
  MlpRecipe recipe;
  recipe.info = {
      .name = "adiabatic-mlp",
      .substrate = "reversible",
      .summary =
          "digital-mlp's model with int8 inference MACs on Bennett-compiled reversible 8-bit "
          "MAC circuits, clocked adiabatically at the node optimum T* (adiabatic-cmos table)",
      .erased_bits =
          "digital-mlp's bits written, plus 32 per MAC: the MAC circuit's operand copies "
          "cleared after each use (its ancillae are returned to 0 and cost nothing)",
      .device_tables = {"adiabatic-cmos"}};
  // Trained exactly as digital-mlp, so one run trains the network once for both.
  recipe.params = {EpochsParam(), BatchParam(128, true), LearningRateParam(), HiddenParam()};
  recipe.variants = {
      {.name = "int8-adiabatic",
       .engine = "int8",
       .cost = [](const nn::MlpSpec& spec,
                  const MethodContext& context) -> std::unique_ptr<nn::CostModel> {
         if (context.hardware == nullptr) {
           throw std::invalid_argument(
               "adiabatic-mlp needs a hardware catalog (the adiabatic-cmos "
               "table holds its node physics)");
         }
         return std::make_unique<reversible::AdiabaticMacCostModel>(
             spec,
             reversible::MeasureKernel("mac:8", reversible::Mac(8), context.seed),
             reversible::AdiabaticNodeModel::FromTable(context.hardware->Get("adiabatic-cmos")));
       }}};
  return MlpMethodRegistration(std::move(recipe));
}

}  // namespace landauer

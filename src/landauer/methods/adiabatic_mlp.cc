// adiabatic-mlp: digital-mlp's network with its inference MACs in adiabatic reversible logic
// (builtin_methods.h).
#include <stdexcept>

#include "landauer/energy/hardware_catalog.h"
#include "landauer/methods/builtin_methods.h"
#include "landauer/methods/mlp_method.h"
#include "landauer/reversible/adiabatic_cost.h"
#include "landauer/reversible/arithmetic.h"
#include "landauer/reversible/bennett.h"
#include "landauer/reversible/metrics.h"

namespace landauer {
namespace {

// The node physics: from the table the run is priced with (compare resolves adiabatic-cmos to the
// chip's node family, e.g. adiabatic-cmos-7nm next to h100), else the catalog's adiabatic-cmos.
reversible::AdiabaticNodeModel NodeModel(const MethodContext& context) {
  if (context.priced_with != nullptr) {
    return reversible::AdiabaticNodeModel::FromTable(*context.priced_with);
  }
  if (context.hardware == nullptr) {
    throw std::invalid_argument(
        "adiabatic-mlp needs a hardware catalog (the adiabatic-cmos table holds its node physics)");
  }
  return reversible::AdiabaticNodeModel::FromTable(context.hardware->Get("adiabatic-cmos"));
}

}  // namespace

MethodRegistration AdiabaticMlpRegistration() {
  MlpRecipe recipe;
  recipe.info = {
      .name = "adiabatic-mlp",
      .substrate = "reversible",
      .summary =
          "digital-mlp's model with int8 inference MACs on Bennett-compiled reversible 8-bit "
          "MAC circuits, clocked adiabatically at the node optimum T* (adiabatic-cmos table of the "
          "chip's node family)",
      .erased_bits =
          "digital-mlp's bits written; per MAC, in place of the digital 32-bit accumulator, the "
          "32 bits of operand copies the MAC circuit discards (its ancillae are returned to 0 "
          "and erase nothing)",
      .device_tables = {"adiabatic-cmos"}};
  // Trained exactly as digital-mlp, so one run trains the network once for both.
  recipe.params = {
      EpochsParam(),
      BatchParam(128, true),
      LearningRateParam(),
      HiddenParam(),
      {.key = "mac_units",
       .type = ParamType::kInt,
       .default_value = "65536",
       .unit = "circuits",
       .doc = "reversible MAC circuits working in parallel, for the time model (an assumption: "
              "65,536 is a 256 x 256 array, the size of TPU v1's matrix unit, Jouppi et al., "
              "ISCA 2017)",
       .min = 1}};
  recipe.variants = {
      {.name = "int8-adiabatic",
       .engine = "int8",
       .cost = [](const nn::MlpSpec& spec,
                  const MethodContext& context) -> std::unique_ptr<nn::CostModel> {
         return std::make_unique<reversible::AdiabaticMacCostModel>(
             spec,
             reversible::MeasureKernel("mac:8", reversible::Mac(8), context.seed),
             NodeModel(context));
       },
       // The MACs run on `mac_units` circuits, each clocked at T*, in parallel with the digital
       // memory traffic and quantisation (their roofline): busy = MACs x T* / mac_units.
       .time =
           [](const PhaseReport& phase, const MethodParams& params, const MethodContext& context) {
             ModelledTime time = Roofline(phase, {"node", "resonator"});
             // Each MAC drives every gate of the compiled circuit through one resonator cycle, so
             // MACs = cycles / gates. The gate count depends on the circuit alone: compile it once
             // (the seeded switching activity MeasureKernel adds is not needed here).
             static const double gates = static_cast<double>(
                 reversible::ComputeStats(
                     reversible::CompileBennett(reversible::Mac(8), {.discard_inputs = true})
                         .circuit)
                     .gates);
             const double t_star = NodeModel(context).OptimalRampS();
             double node_cycles = 0.0;
             for (const PricedAction& action : phase.actions) {
               if (action.component == "resonator") node_cycles += action.count;
             }
             const double macs = node_cycles / gates;
             time.busy_s["adiabatic_mac"] =
                 macs * t_star / static_cast<double>(params.Int("mac_units"));
             time.model = "roofline; the MACs on mac_units reversible circuits clocked at T*";
             time.TakeBusiest();
             return time;
           }}};
  return MlpMethodRegistration(std::move(recipe));
}

}  // namespace landauer

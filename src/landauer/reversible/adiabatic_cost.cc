#include "landauer/reversible/adiabatic_cost.h"

namespace landauer::reversible {

std::vector<Action> AdiabaticActions() {
  return {kConventionalTransition, kAdiabaticTransition1ns, kLeakage1ns, kResonatorCycle};
}

void CountConventional(const KernelActivity& kernel,
                       double period_s,
                       double operations,
                       Ledger& ledger,
                       const std::string& phase) {
  ledger.Count(phase, kConventionalTransition, operations * kernel.conventional_transitions);
  ledger.Count(
      phase,
      kLeakage1ns,
      operations * static_cast<double>(kernel.conventional_nodes) * period_s / kReferenceRampS);
  ledger.CountLogicErasedBits(phase, operations * kernel.conventional_bits_erased);
}

void CountAdiabatic(const KernelActivity& kernel,
                    const AdiabaticNodeModel& model,
                    double period_s,
                    double operations,
                    Ledger& ledger,
                    const std::string& phase) {
  const double nodes = operations * static_cast<double>(kernel.reversible_gates);
  ledger.Count(phase, kAdiabaticTransition1ns, nodes * model.ReferenceEquivalents(period_s));
  ledger.Count(phase, kLeakage1ns, nodes * period_s / kReferenceRampS);
  ledger.Count(phase, kResonatorCycle, nodes);
  ledger.CountLogicErasedBits(phase, operations * kernel.reversible_bits_erased);
}

AdiabaticMacCostModel::AdiabaticMacCostModel(nn::MlpSpec spec,
                                             KernelActivity mac,
                                             AdiabaticNodeModel node)
    : nn::DigitalCostModel(std::move(spec), nn::Precision::kInt8),
      mac_(std::move(mac)),
      node_(node) {}

void AdiabaticMacCostModel::CountForwardMacs(Ledger& ledger,
                                             std::string_view phase,
                                             double macs) const {
  CountAdiabatic(mac_, node_, node_.OptimalRampS(), macs, ledger, std::string(phase));
}

}  // namespace landauer::reversible

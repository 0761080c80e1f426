// landauer/reversible/adiabatic_cost.h — what adiabatic and conventional logic do, counted.
//
// The vocabulary of the reversible substrate, priced by data/hardware/adiabatic-cmos.toml:
//   node.conventional_transition   ½CV², one static-CMOS node toggling (its time is RC)
//   node.adiabatic_transition_1ns  a RC CV² / 1 ns: one adiabatic transition with a 1 ns ramp;
//                                  a ramp T counts g(T)·1 ns/RC of them (ReferenceEquivalents)
//   node.leakage_1ns               P_leak · 1 ns: one node leaking for 1 ns, counted as T / 1 ns
//   resonator.node_cycle           (2π/Q) ½CV²: the resonant clock's loss per node and cycle
// The counts depend on the table's RC and CV² through ReferenceEquivalents: the physics of the
// node (adiabatic.h) reads the same table that prices it.
//
// Bits erased: conventional logic one per gate output overwritten; the reversible circuit only
// the garbage it discards (its ancillae are returned to 0 and cost nothing).
//
// AdiabaticMacCostModel runs an MLP's forward MACs on this substrate (the adiabatic-mlp method):
//
//   AdiabaticMacCostModel cost(spec, MeasureKernel("mac:8", Mac(8), seed), node_model);
//   nn::Evaluate(model, test, 1000, int8_engine, &cost, &ledger, "inference");
#ifndef LANDAUER_REVERSIBLE_ADIABATIC_COST_H_
#define LANDAUER_REVERSIBLE_ADIABATIC_COST_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "landauer/energy/ledger.h"
#include "landauer/nn/digital_cost.h"
#include "landauer/reversible/adiabatic.h"

namespace landauer::reversible {

inline constexpr Action kConventionalTransition{"node", "conventional_transition"};
inline constexpr Action kAdiabaticTransition1ns{"node", "adiabatic_transition_1ns"};
inline constexpr Action kLeakage1ns{"node", "leakage_1ns"};
inline constexpr Action kResonatorCycle{"resonator", "node_cycle"};
// All four, for the shipped-table test.
std::vector<Action> AdiabaticActions();

// `operations` operations of `kernel` at clock period T in static CMOS: its measured toggles,
// every node leaking for T.
void CountConventional(const KernelActivity& kernel,
                       double period_s,
                       double operations,
                       Ledger& ledger,
                       const std::string& phase = "conventional");
// `operations` operations of the kernel's Bennett-compiled circuit driven adiabatically with ramp
// T: one adiabatic transition, leakage for T and the resonator loss per gate.
void CountAdiabatic(const KernelActivity& kernel,
                    const AdiabaticNodeModel& model,
                    double period_s,
                    double operations,
                    Ledger& ledger,
                    const std::string& phase = "adiabatic");

// nn::DigitalCostModel at int8, except that every forward MAC is one operation of `mac` (the
// reversible 8-bit MAC circuit) clocked adiabatically at the node optimum T* of `node`. Memory
// traffic and the int8 (de)quantisation stay on the digital processor. Erased bits: the digital
// model's bits written plus the MAC circuit's discarded operands.
class AdiabaticMacCostModel final : public nn::DigitalCostModel {
 public:
  AdiabaticMacCostModel(nn::MlpSpec spec, KernelActivity mac, AdiabaticNodeModel node);
  const KernelActivity& mac() const { return mac_; }
  const AdiabaticNodeModel& node() const { return node_; }

 protected:
  void CountForwardMacs(Ledger& ledger, std::string_view phase, double macs) const override;

 private:
  KernelActivity mac_;
  AdiabaticNodeModel node_;
};

}  // namespace landauer::reversible

#endif  // LANDAUER_REVERSIBLE_ADIABATIC_COST_H_

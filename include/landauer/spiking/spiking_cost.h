// landauer/spiking/spiking_cost.h — what a spiking network does, counted into the ledger, on a
// neuromorphic chip or on a digital processor.
//
// The simulation counts events (network.h Counts, or a layered network's own counters); this
// file turns them into actions. Neither prices anything: a table does (data/hardware/loihi.toml,
// truenorth.toml, spinnaker.toml, spinnaker2.toml; a digital table such as cmos-45nm or h100).
//
// On a neuromorphic chip, each event is one action of the chip's own component:
//   (neuromorphic, synaptic_event)   per spike × fan-out (a dense layer counts its zeros)
//   (neuromorphic, neuron_update)    per neuron per time step
//   (neuromorphic, spike)            per spike emitted: its routing
// whose prices already hold the chip's weight memory reads (the synaptic memory sits in the
// cores), so no memory action is counted apart.
//
// On a digital processor the same events become digital operations at operand precision p
// (event-driven software or a digital ASIC; the comparison an ANN's MACs are set against):
//   synaptic event   alu.<p>_add                 1 accumulate into the target's input
//                    <W>.read_bit                p  (its weight, from the level holding them all)
//                    <A>.read_bit, <A>.write_bit p each (the target's input accumulator)
//   neuron update    alu.<p>_mult, alu.<p>_add   by model, for the exact propagator (neuron.h):
//                                                IF 1 + 1, LIF 2 + 3, CubaLIF 3 + 4 (5 + 6 with
//                                                an inhibitory current)
//                    <A>.read_bit, <A>.write_bit p per state word (v; and I; and I_inh)
//   spike            <A>.write_bit               1 (the event) + p (the membrane reset)
// with memory levels chosen as digital_cost.h chooses them (nn::MemoryLevels). The threshold
// comparison and the refractory counter are not counted (one compare per update, as the digital
// MLP leaves out its ReLU).
// Bits erased follow energy/erasure.h on both: CountWithErasure counts them with the actions.
#ifndef LANDAUER_SPIKING_SPIKING_COST_H_
#define LANDAUER_SPIKING_SPIKING_COST_H_

#include <string_view>

#include "landauer/energy/energy_table.h"
#include "landauer/energy/ledger.h"
#include "landauer/nn/digital_cost.h"
#include "landauer/nn/precision.h"
#include "landauer/spiking/neuron.h"
#include "landauer/spiking/spiking_work.h"

namespace landauer::spiking {

// The network's size, for the digital count: its model, its weights and its state.
struct SpikingShape {
  NeuronParams neuron;   // model, and whether it has an inhibitory current
  double weights = 0.0;  // synapses stored (the weight memory's size)
  double neurons = 0.0;  // neurons (UpdateOps gives each one's state words)
  nn::Precision precision = nn::Precision::kFp32;
  nn::MemoryLevels levels;
};

// Multiplies and adds of one neuron update by the exact propagator, and its state words.
struct NeuronUpdateOps {
  int mults = 0, adds = 0, state_words = 0;
};
NeuronUpdateOps UpdateOps(const NeuronParams& neuron);

void CountOnNeuromorphicChip(Ledger& ledger, std::string_view phase, const SpikingWork& work);
void CountOnDigital(Ledger& ledger,
                    std::string_view phase,
                    const SpikingWork& work,
                    const SpikingShape& shape);

// True when `table` prices a neuromorphic chip's events (it has (neuromorphic, synaptic_event)).
bool IsNeuromorphic(const EnergyTable& table);

// The inference of a trained spiking network (snn-surrogate, snn-converted): its events on the
// chip (`on_chip`) or as digital operations, plus a held input's first-layer products as the
// host's fp32 MACs (a spike chip does not take a real-valued image).
void CountSnnInference(Ledger& ledger,
                       std::string_view phase,
                       const SpikingWork& work,
                       double input_macs,
                       const SpikingShape& shape,
                       bool on_chip);

// A simulated network's run (no held input): the chip's count when `table` is a neuromorphic
// chip's, else the digital count.
void CountSpiking(Ledger& ledger,
                  std::string_view phase,
                  const SpikingWork& work,
                  const SpikingShape& shape,
                  const EnergyTable& table);

}  // namespace landauer::spiking

#endif  // LANDAUER_SPIKING_SPIKING_COST_H_

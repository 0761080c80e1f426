#include "landauer/spiking/spiking_cost.h"

#include <fmt/format.h>

#include <string>

#include "landauer/energy/erasure.h"

namespace landauer::spiking {

NeuronUpdateOps UpdateOps(const NeuronParams& neuron) {
  switch (neuron.model) {
    case NeuronModel::kIf:  // v + (R h) x
      return {.mults = 1, .adds = 1, .state_words = 1};
    case NeuronModel::kLif:  // v_leak + (v − v_leak) P22 + R(1 − P22) x
      return {.mults = 2, .adds = 3, .state_words = 1};
    case NeuronModel::kCubaLif:  // I += x; I' = I P11; v' = v_leak + (v − v_leak) P22 + P21 I
      return neuron.tau_syn_inh > 0.0 ? NeuronUpdateOps{.mults = 5, .adds = 6, .state_words = 3}
                                      : NeuronUpdateOps{.mults = 3, .adds = 4, .state_words = 2};
  }
  return {};
}

void CountOnNeuromorphicChip(Ledger& ledger, std::string_view phase, const SpikingWork& work) {
  CountWithErasure(ledger, phase, "neuromorphic", "synaptic_event", work.synaptic_events);
  CountWithErasure(ledger, phase, "neuromorphic", "neuron_update", work.neuron_updates);
  CountWithErasure(ledger, phase, "neuromorphic", "spike", work.spikes);
}

void CountOnDigital(Ledger& ledger,
                    std::string_view phase,
                    const SpikingWork& work,
                    const SpikingShape& shape) {
  const double p = nn::BitsOf(shape.precision);
  const std::string precision(nn::ToString(shape.precision));
  const std::string add = precision + "_add", mult = precision + "_mult";
  const NeuronUpdateOps ops = UpdateOps(shape.neuron);
  const std::string w_level(shape.levels.LevelFor(shape.weights * p));
  const std::string a_level(shape.levels.LevelFor(shape.neurons * ops.state_words * p));
  // Synaptic events: an accumulate, the weight read, the target's accumulator read and written.
  CountWithErasure(ledger, phase, "alu", add, work.synaptic_events);
  CountWithErasure(ledger, phase, w_level, "read_bit", work.synaptic_events * p);
  CountWithErasure(ledger, phase, a_level, "read_bit", work.synaptic_events * p);
  CountWithErasure(ledger, phase, a_level, "write_bit", work.synaptic_events * p);
  // Neuron updates: the propagator's arithmetic and the state words read and written.
  CountWithErasure(ledger, phase, "alu", mult, work.neuron_updates * ops.mults);
  CountWithErasure(ledger, phase, "alu", add, work.neuron_updates * ops.adds);
  CountWithErasure(ledger, phase, a_level, "read_bit", work.neuron_updates * ops.state_words * p);
  CountWithErasure(ledger, phase, a_level, "write_bit", work.neuron_updates * ops.state_words * p);
  // Spikes: the event bit and the membrane reset.
  CountWithErasure(ledger, phase, a_level, "write_bit", work.spikes * (1.0 + p));
}

void CountSnnInference(Ledger& ledger,
                       std::string_view phase,
                       const SpikingWork& work,
                       double input_macs,
                       const SpikingShape& shape,
                       bool on_chip) {
  if (on_chip) {
    CountOnNeuromorphicChip(ledger, phase, work);
  } else {
    CountOnDigital(ledger, phase, work, shape);
  }
  if (input_macs > 0.0) CountWithErasure(ledger, phase, "alu", "fp32_mac", input_macs);
}

bool IsNeuromorphic(const EnergyTable& table) {
  return table.Find("neuromorphic", "synaptic_event") != nullptr;
}

void CountSpiking(Ledger& ledger,
                  std::string_view phase,
                  const SpikingWork& work,
                  const SpikingShape& shape,
                  const EnergyTable& table) {
  CountSnnInference(ledger, phase, work, /*input_macs=*/0.0, shape, IsNeuromorphic(table));
}

}  // namespace landauer::spiking

// landauer/spiking/nir_network.h — a NIR graph run on a time grid.
//
//   NirNetwork net(ReadNir("lif_norse.nir"), {.dt = 1e-4, .precise_spike_times = true}, path);
//   net.Step(input, output);          // input: one value per Input element; output likewise
//
// NIR defines each node as a continuous-time system (nir.h) and leaves discretisation, the
// meaning of a spike in discrete time, and the reset to the platform (NIR#129). landauer states
// its choices:
//   signals   every edge carries one value per element per step, held over the step (zero-order
//             hold); a spike is the value 1 in the step it fires (the number of spikes, if more
//             than one falls in a step with precise timing). Nodes run in an order found from
//             the Input nodes; an edge back to a node already run (recurrence) delivers the
//             previous step's value, as recurrent SNN layers do.
//   exact     (default) each neuron integrates its held input exactly (neuron.h's propagators,
//             per neuron): LIF v' = v_leak + R x + (v − v_leak − R x) P22; IF v' = v + R x h;
//             CubaLIF with I ← w_in x + (I − w_in x) P11 and v the exact response to that
//             current; LI, CubaLI and I likewise without a threshold.
//   euler     forward Euler, as snnTorch and Norse step them (and as their NIR exports assume,
//             e.g. r = τ/dt): LIF v' = v + h/τ (v_leak − v + R x); CubaLIF I' = I + h/τ_syn
//             (w_in x − I), v' = v + h/τ_mem (v_leak − v + R I').
//   reset     after a step, v ≥ v_threshold fires and v ← v_reset (to-value) or
//             v ← v − (v_threshold − v_reset) (subtract); v_reset is the node's (NIR ≥ 1.0) or 0.
//   precise   (LIF and IF under exact integration) the threshold crossing inside the step is
//             solved in closed form, t* = τ ln((v − v∞)/(θ − v∞)) with v∞ = v_leak + R x, the
//             neuron is reset at t* and integrates the rest of the step — the event-based exact
//             solution NIR's paper compares platforms against (data/nir/lif_exact.csv).
// Affine y = W x + b, Linear y = W x, Scale y = s ⊙ x, Threshold y = [x > θ], Flatten passes its
// values on, Output sums what reaches it. Other types (convolutions, pooling, Delay, subgraphs)
// are refused by name.
// Work (spiking_cost.h): a neuron update per neuron per step, a spike per spike, and a synaptic
// event per non-zero input of an Affine or Linear node per output (a dense layer: event-driven in
// its inputs, every output touched).
#ifndef LANDAUER_SPIKING_NIR_NETWORK_H_
#define LANDAUER_SPIKING_NIR_NETWORK_H_

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "landauer/spiking/neuron.h"
#include "landauer/spiking/nir.h"
#include "landauer/spiking/spiking_work.h"

namespace landauer::spiking {

enum class NirIntegration { kExact, kEuler };
NirIntegration NirIntegrationFromString(std::string_view text);  // "exact", "euler"; throws

struct NirRunOptions {
  double dt = 1e-4;  // s
  NirIntegration integration = NirIntegration::kExact;
  ResetMode reset = ResetMode::kToValue;
  bool precise_spike_times = false;  // exact LIF and IF only
};

class NirNetwork {
 public:
  // Throws InputError(origin) naming a node it cannot run or a value it refuses (dt ≤ 0, a
  // threshold at or below the reset, precise timing for a model that lacks it).
  NirNetwork(const NirGraph& graph, const NirRunOptions& options, const std::string& origin);

  std::int64_t input_size() const { return input_size_; }    // all Input nodes, in name order
  std::int64_t output_size() const { return output_size_; }  // all Output nodes, in name order

  // One step. Throws std::invalid_argument when input.size() != input_size().
  void Step(std::span<const double> input, std::vector<double>& output);

  // The neuron nodes (in name order) and one's membrane potentials after the last step.
  std::vector<std::string> neuron_nodes() const;
  std::span<const double> v(const std::string& node) const;
  const SpikingWork& work() const { return work_; }
  std::int64_t steps() const { return steps_; }

 private:
  struct Incoming {
    std::size_t source;
    bool previous_step;  // a back edge: the source's value from the step before
  };
  struct Node {
    std::string name, type;
    std::int64_t in = 0, out = 0;  // values taken and passed on
    std::vector<Incoming> incoming;
    std::vector<double> x;                    // the summed input of this step
    std::vector<double> y, y_previous;        // its output this step and the step before
    std::vector<double> weight, bias, scale;  // Affine/Linear (out × in), Scale, Threshold
    // Neurons, per neuron: parameters and state.
    std::vector<double> tau, tau_syn, r, v_leak, v_threshold, v_reset, w_in;
    std::vector<double> p22, p11, p21;  // exact propagators, per neuron
    std::vector<double> v, i;
    bool neuron = false, spiking = false, synaptic = false, spikes_in = false;
  };
  void RunNeuron(Node& node);
  void Fire(Node& node, std::size_t k, double& v) const;

  NirRunOptions options_;
  std::string origin_;
  std::vector<Node> nodes_;  // in run order
  std::map<std::string, std::size_t> index_;
  std::vector<std::size_t> inputs_, outputs_;  // node indices, name order
  std::int64_t input_size_ = 0, output_size_ = 0;
  SpikingWork work_;
  std::int64_t steps_ = 0;
};

}  // namespace landauer::spiking

#endif  // LANDAUER_SPIKING_NIR_NETWORK_H_

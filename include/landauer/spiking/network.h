// landauer/spiking/network.h — populations of spiking neurons joined by projections, simulated
// on a fixed time grid with event-driven synaptic delivery.
//
//   Network net(/*dt=*/1e-4);
//   const int e = net.AddPopulation("excitatory", lif, 3200);
//   net.Connect(e, e, Projection::FixedProbability(...), Receptor::kExcitatory);
//   net.Run(10000, &record);          // 1 s; record gets every spike (step, neuron)
//
// One step t, the order of Brian's and NEST's schedules:
//   1. every population takes the inputs waiting for step t (one ring per receptor), steps its
//      neurons exactly (neuron.h) and thresholds them;
//   2. every projection delivers the spikes of step t into its target's ring at t + delay.
// So a spike acts at the earliest in step t + 1. The work per step is one update per neuron and
// one add per synaptic event; the counters (Counts) are what the ledger prices (spiking_cost.h).
// Stimulate() adds external input (e.g. a recorded current trace, or an input layer's coding) to
// the step about to run.
//
// Single-threaded: the network benchmarks it runs (CUBA, NIR graphs) are small, and the order of
// additions into a target's input is then fixed, so results do not depend on anything but the
// seed.
#ifndef LANDAUER_SPIKING_NETWORK_H_
#define LANDAUER_SPIKING_NETWORK_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "landauer/spiking/neuron.h"
#include "landauer/spiking/projection.h"

namespace landauer::spiking {

// Which input of the target a projection feeds: a two-current CubaLIF keeps them apart; every
// other model adds them.
enum class Receptor { kExcitatory, kInhibitory };

// Every spike of a run, in time order: population p's spikes are steps[p][i], neurons[p][i].
struct SpikeRecord {
  std::vector<std::vector<std::int64_t>> steps;
  std::vector<std::vector<std::int32_t>> neurons;
};

struct Counts {
  std::int64_t steps = 0;
  std::int64_t neuron_updates = 0;  // neurons × steps (refractory neurons included)
  std::int64_t spikes = 0;
  std::int64_t synaptic_events = 0;  // Σ spikes × fan-out over every projection
};

class Network {
 public:
  explicit Network(double dt);  // throws for dt ≤ 0 or not finite

  // Returns the population's index. Throws for invalid parameters (neuron.h).
  int AddPopulation(std::string name, const NeuronParams& params, std::int64_t size);
  // Source and target are population indices; the projection's shape must match them.
  void Connect(int source, int target, Projection projection, Receptor receptor);

  // Adds `values` (one per neuron of `population`) to its `receptor` input for the next step.
  void Stimulate(int population, Receptor receptor, std::span<const double> values);

  // Runs `steps` steps; appends every spike to *record if given. May be called again to go on.
  void Run(std::int64_t steps, SpikeRecord* record = nullptr);

  double dt() const { return dt_; }
  std::int64_t step() const { return step_; }  // steps run so far
  const Counts& counts() const { return counts_; }
  int populations() const { return static_cast<int>(populations_.size()); }
  NeuronPopulation& population(int index);
  const std::string& name(int index) const;
  std::int64_t synapses() const;  // over every projection

 private:
  struct Population {
    std::string name;
    NeuronPopulation neurons;
    InputRing excitatory, inhibitory;
    std::vector<std::int32_t> fired;
  };
  struct Edge {
    int source, target;
    Receptor receptor;
    Projection projection;
  };
  void Reserve(int slots);  // rings long enough for a delay of slots − 1

  double dt_;
  std::int64_t step_ = 0;
  int slots_ = 2;
  Counts counts_;
  std::vector<Population> populations_;
  std::vector<Edge> edges_;
};

}  // namespace landauer::spiking

#endif  // LANDAUER_SPIKING_NETWORK_H_

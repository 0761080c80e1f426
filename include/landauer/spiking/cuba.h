// landauer/spiking/cuba.h — the CUBA benchmark: a random network of current-based LIF neurons
// (Brette et al., "Simulation of networks of spiking neurons: a review of tools and strategies",
// J. Comput. Neurosci. 23:349, 2007, Benchmark 2; Vogels & Abbott 2005), as Brian2 ships it.
//
//   τ_m dv/dt = (E_l − v) + g_e + g_i     (v held during the refractory period)
//   τ_e dg_e/dt = −g_e,   τ_i dg_i/dt = −g_i
//   v > V_t → spike, v ← V_r, refractory for t_ref
// N = 4000 neurons, the first 80 % excitatory: every ordered pair (autapses included) is a synapse
// with probability p = 0.02; an excitatory spike adds w_e = 1.62 mV to g_e of its targets, an
// inhibitory one w_i = −9 mV to g_i. E_l = −49 mV lies above V_t = −50 mV, so the network fires
// without external input; v starts uniform in [V_r, V_t). Parameters: τ_m 20 ms, τ_e 5 ms,
// τ_i 10 ms, V_r −60 mV, t_ref 5 ms, dt 0.1 ms, 1 s.
//
// In neuron.h's terms each neuron is a two-current CubaLIF (R = 1, currents in volts), integrated
// exactly like Brian's `method='exact'`. The network is two populations (excitatory, inhibitory)
// and four fixed-probability projections with a delay of one step (Brian's delay 0).
// Differences from Brian that remain: the random numbers (so only statistics can agree), the
// threshold (v ≥ V_t here, v > V_t there: equal with probability 1), and the refractory hold, one
// step longer here (neuron.h). bench/cuba_vs_brian2.py runs both and compares rates, CV(ISI) and
// synaptic events per second.
#ifndef LANDAUER_SPIKING_CUBA_H_
#define LANDAUER_SPIKING_CUBA_H_

#include <cstdint>

#include "landauer/spiking/network.h"
#include "landauer/spiking/spike_train.h"

namespace landauer::spiking {

struct CubaConfig {
  std::int64_t neurons = 4000;
  double excitatory_fraction = 0.8;
  double connection_probability = 0.02;
  double tau_mem = 20e-3;  // s
  double tau_exc = 5e-3;   // s
  double tau_inh = 10e-3;  // s
  double v_leak = -49e-3;  // V (E_l)
  double v_threshold = -50e-3;
  double v_reset = -60e-3;
  double w_exc = 1.62e-3;  // V, added to g_e per excitatory spike
  double w_inh = -9e-3;    // V, added to g_i per inhibitory spike
  double t_ref = 5e-3;     // s
  double dt = 1e-4;        // s
  double duration = 1.0;   // s
  bool dense = false;      // dense projections (zero weights where no synapse), for comparison
  std::uint64_t seed = 1;

  // Throws std::invalid_argument naming the field: sizes, fractions, probabilities, times.
  void Validate() const;
};

struct CubaResult {
  Counts counts;
  std::int64_t synapses = 0;     // stored synapses (dense: every pair)
  std::int64_t connections = 0;  // non-zero synapses
  double build_seconds = 0.0;    // wall time: connectivity and initial state
  double run_seconds = 0.0;      // wall time: the simulation
  SpikeTrainStats excitatory, inhibitory, all;
};

// Builds the network: populations 0 (excitatory) and 1 (inhibitory), initial v drawn; the number
// of connections (non-zero synapses) goes to *connections if given.
Network BuildCuba(const CubaConfig& config, std::int64_t* connections = nullptr);
// Builds and runs it, with statistics over the whole run; every spike goes to *record if given.
CubaResult RunCuba(const CubaConfig& config, SpikeRecord* record = nullptr);

}  // namespace landauer::spiking

#endif  // LANDAUER_SPIKING_CUBA_H_

// landauer/spiking/spiking_work.h — the events a spiking network's run performed: what
// spiking_cost.h turns into ledger actions (a chip's events, or digital operations).
#ifndef LANDAUER_SPIKING_SPIKING_WORK_H_
#define LANDAUER_SPIKING_SPIKING_WORK_H_

namespace landauer::spiking {

struct SpikingWork {
  double synaptic_events = 0.0;  // Σ spikes × fan-out (a dense layer counts its zero weights)
  double neuron_updates = 0.0;   // neurons × time steps
  double spikes = 0.0;           // spikes emitted
};

}  // namespace landauer::spiking

#endif  // LANDAUER_SPIKING_SPIKING_WORK_H_

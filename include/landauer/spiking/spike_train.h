// landauer/spiking/spike_train.h — firing statistics of recorded spike trains: the numbers by which
// two simulators of the same network are compared (rates, and the irregularity of inter-spike
// intervals).
//
// For neuron i with n_i spikes in a window of length T (seconds):
//   rate_i = n_i / T
//   CV_i   = sd(ISI_i) / mean(ISI_i), over its n_i − 1 intervals (sample sd, n − 1 = intervals −
//   1),
//            defined for neurons with ≥ 3 spikes (2 intervals) — a Poisson train has CV 1, a
//            clock CV 0 (Softky & Koch 1993; Brette et al. 2007 use it for the CUBA benchmark).
// The summary gives the mean and sd across neurons of each, and the fraction of neurons silent in
// the window.
#ifndef LANDAUER_SPIKING_SPIKE_TRAIN_H_
#define LANDAUER_SPIKING_SPIKE_TRAIN_H_

#include <cstdint>
#include <span>
#include <vector>

namespace landauer::spiking {

struct SpikeTrainStats {
  std::int64_t neurons = 0;
  std::int64_t spikes = 0;       // in the window
  double window_s = 0.0;         // T
  double mean_rate_hz = 0.0;     // mean over neurons of rate_i (= spikes / (neurons T))
  double sd_rate_hz = 0.0;       // sd over neurons (population, n)
  double silent_fraction = 0.0;  // neurons with no spike in the window
  std::int64_t cv_neurons = 0;   // neurons with ≥ 3 spikes
  double mean_cv = 0.0;          // mean over those of CV_i (0 when there are none)
  double sd_cv = 0.0;
  std::vector<double> rates_hz;  // one per neuron
  std::vector<double> cvs;       // one per neuron with ≥ 3 spikes, in neuron order
};

// Spikes (steps[i], neurons[i]) of a population of `neurons`, on a grid of `dt` seconds; only
// steps in [first_step, end_step) count. Throws std::invalid_argument for mismatched spans, a
// neuron index out of range, or an empty window.
SpikeTrainStats SummarizeSpikes(std::span<const std::int64_t> steps,
                                std::span<const std::int32_t> neurons,
                                std::int64_t population_size,
                                double dt,
                                std::int64_t first_step,
                                std::int64_t end_step);

}  // namespace landauer::spiking

#endif  // LANDAUER_SPIKING_SPIKE_TRAIN_H_

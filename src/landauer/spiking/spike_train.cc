#include "landauer/spiking/spike_train.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace landauer::spiking {
namespace {

void MeanSd(const std::vector<double>& x, double& mean, double& sd) {
  mean = sd = 0.0;
  if (x.empty()) return;
  for (const double v : x) mean += v;
  mean /= static_cast<double>(x.size());
  for (const double v : x) sd += (v - mean) * (v - mean);
  sd = std::sqrt(sd / static_cast<double>(x.size()));
}

}  // namespace

SpikeTrainStats SummarizeSpikes(std::span<const std::int64_t> steps,
                                std::span<const std::int32_t> neurons,
                                std::int64_t population_size,
                                double dt,
                                std::int64_t first_step,
                                std::int64_t end_step) {
  if (steps.size() != neurons.size() || population_size < 0 || !(dt > 0.0) ||
      end_step <= first_step) {
    throw std::invalid_argument(fmt::format(
        "spike statistics: {} steps and {} neurons, population {}, dt {}, window [{}, {})",
        steps.size(),
        neurons.size(),
        population_size,
        dt,
        first_step,
        end_step));
  }
  SpikeTrainStats s;
  s.neurons = population_size;
  s.window_s = static_cast<double>(end_step - first_step) * dt;
  // Spike times per neuron, in the record's (time) order.
  std::vector<std::vector<std::int64_t>> times(static_cast<std::size_t>(population_size));
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (neurons[i] < 0 || neurons[i] >= population_size) {
      throw std::invalid_argument(
          fmt::format("spike statistics: spike {} of neuron {} in a population of {}",
                      i,
                      neurons[i],
                      population_size));
    }
    if (steps[i] < first_step || steps[i] >= end_step) continue;
    times[static_cast<std::size_t>(neurons[i])].push_back(steps[i]);
    ++s.spikes;
  }
  s.rates_hz.reserve(times.size());
  std::int64_t silent = 0;
  for (const std::vector<std::int64_t>& t : times) {
    s.rates_hz.push_back(static_cast<double>(t.size()) / s.window_s);
    silent += t.empty() ? 1 : 0;
    if (t.size() < 3) continue;
    double mean = 0.0, m2 = 0.0;
    const auto intervals = static_cast<double>(t.size() - 1);
    for (std::size_t k = 1; k < t.size(); ++k) mean += static_cast<double>(t[k] - t[k - 1]);
    mean /= intervals;
    for (std::size_t k = 1; k < t.size(); ++k) {
      const double d = static_cast<double>(t[k] - t[k - 1]) - mean;
      m2 += d * d;
    }
    s.cvs.push_back(std::sqrt(m2 / (intervals - 1.0)) / mean);
  }
  s.silent_fraction = population_size > 0
                          ? static_cast<double>(silent) / static_cast<double>(population_size)
                          : 0.0;
  s.cv_neurons = std::ssize(s.cvs);
  MeanSd(s.rates_hz, s.mean_rate_hz, s.sd_rate_hz);
  MeanSd(s.cvs, s.mean_cv, s.sd_cv);
  return s;
}

}  // namespace landauer::spiking

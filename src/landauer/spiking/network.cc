#include "landauer/spiking/network.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace landauer::spiking {

Network::Network(double dt) : dt_(dt) {
  if (!(dt > 0.0) || !std::isfinite(dt)) {
    throw std::invalid_argument(fmt::format("network: dt = {} s; accepted: a finite time > 0", dt));
  }
}

int Network::AddPopulation(std::string name, const NeuronParams& params, std::int64_t size) {
  NeuronPopulation neurons(params, size, dt_);
  populations_.push_back(Population{.name = std::move(name),
                                    .neurons = std::move(neurons),
                                    .excitatory = InputRing(size, slots_),
                                    .inhibitory = InputRing(size, slots_),
                                    .fired = {}});
  return populations() - 1;
}

NeuronPopulation& Network::population(int index) {
  if (index < 0 || index >= populations()) {
    throw std::out_of_range(fmt::format("network: population {} of {}", index, populations()));
  }
  return populations_[static_cast<std::size_t>(index)].neurons;
}

const std::string& Network::name(int index) const {
  if (index < 0 || index >= populations()) {
    throw std::out_of_range(fmt::format("network: population {} of {}", index, populations()));
  }
  return populations_[static_cast<std::size_t>(index)].name;
}

std::int64_t Network::synapses() const {
  std::int64_t total = 0;
  for (const Edge& edge : edges_) total += edge.projection.synapses();
  return total;
}

void Network::Reserve(int slots) {
  if (slots <= slots_) return;
  for (Population& p : populations_) {
    for (InputRing* ring : {&p.excitatory, &p.inhibitory}) {
      InputRing grown(ring->size(), slots);
      // Keep what is already waiting: the steps step_ … step_ + slots_ − 1.
      for (std::int64_t s = step_; s < step_ + slots_; ++s) {
        const std::span<const double> from = ring->at(s);
        std::copy(from.begin(), from.end(), grown.at(s).begin());
      }
      *ring = std::move(grown);
    }
  }
  slots_ = slots;
}

void Network::Connect(int source, int target, Projection projection, Receptor receptor) {
  const NeuronPopulation& from = population(source);
  const NeuronPopulation& to = population(target);
  if (projection.pre() != from.size() || projection.post() != to.size()) {
    throw std::invalid_argument(fmt::format(
        "network: a {} → {} projection cannot join '{}' ({} neurons) to '{}' ({} neurons)",
        projection.pre(),
        projection.post(),
        name(source),
        from.size(),
        name(target),
        to.size()));
  }
  Reserve(projection.max_delay() + 1);
  edges_.push_back(Edge{.source = source,
                        .target = target,
                        .receptor = receptor,
                        .projection = std::move(projection)});
}

void Network::Stimulate(int population_index, Receptor receptor, std::span<const double> values) {
  Population& p = populations_.at(static_cast<std::size_t>(population_index));
  if (std::ssize(values) != p.neurons.size()) {
    throw std::invalid_argument(fmt::format("network: {} stimulus values for '{}' ({} neurons)",
                                            values.size(),
                                            p.name,
                                            p.neurons.size()));
  }
  const std::span<double> input =
      (receptor == Receptor::kExcitatory ? p.excitatory : p.inhibitory).at(step_);
  for (std::size_t k = 0; k < values.size(); ++k) input[k] += values[k];
}

void Network::Run(std::int64_t steps, SpikeRecord* record) {
  if (steps < 0) throw std::invalid_argument(fmt::format("network: run of {} steps", steps));
  if (record != nullptr) {
    record->steps.resize(populations_.size());
    record->neurons.resize(populations_.size());
  }
  for (std::int64_t n = 0; n < steps; ++n, ++step_) {
    for (std::size_t i = 0; i < populations_.size(); ++i) {
      Population& p = populations_[i];
      p.neurons.Step(p.excitatory.at(step_), p.inhibitory.at(step_), p.fired);
      p.excitatory.Clear(step_);
      p.inhibitory.Clear(step_);
      counts_.neuron_updates += p.neurons.size();
      counts_.spikes += std::ssize(p.fired);
      if (record != nullptr) {
        record->steps[i].insert(record->steps[i].end(), p.fired.size(), step_);
        record->neurons[i].insert(record->neurons[i].end(), p.fired.begin(), p.fired.end());
      }
    }
    for (const Edge& edge : edges_) {
      const Population& source = populations_[static_cast<std::size_t>(edge.source)];
      if (source.fired.empty()) continue;
      Population& target = populations_[static_cast<std::size_t>(edge.target)];
      counts_.synaptic_events += edge.projection.Deliver(
          source.fired,
          step_,
          edge.receptor == Receptor::kExcitatory ? target.excitatory : target.inhibitory);
    }
    ++counts_.steps;
  }
}

}  // namespace landauer::spiking

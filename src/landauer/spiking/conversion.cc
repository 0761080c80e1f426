#include "landauer/spiking/conversion.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "landauer/core/parallel.h"
#include "landauer/nn/linear_engine.h"

namespace landauer::spiking {
namespace {

constexpr std::int64_t kBlock = 64;  // samples per parallel block (results are per sample)

// The p-th percentile (p in (0, 100]) of `values` by the nearest rank.
double Percentile(std::vector<float> values, double p) {
  if (values.empty()) return 0.0;
  const auto rank =
      static_cast<std::size_t>(std::clamp(std::ceil(p / 100.0 * static_cast<double>(values.size())),
                                          1.0,
                                          static_cast<double>(values.size())));
  std::nth_element(
      values.begin(), values.begin() + static_cast<std::ptrdiff_t>(rank - 1), values.end());
  return values[rank - 1];
}

}  // namespace

Normalization NormalizationFromString(std::string_view text) {
  if (text == "max") return Normalization::kMax;
  if (text == "percentile") return Normalization::kPercentile;
  throw std::invalid_argument(
      fmt::format("unknown threshold balancing '{}' (accepted: max, percentile)", text));
}

void ConversionOptions::Validate() const {
  if (!(percentile > 0.0 && percentile <= 100.0)) {
    throw std::invalid_argument(
        fmt::format("conversion: percentile = {} is invalid; accepted: (0, 100]", percentile));
  }
  if (calibration_samples < 1) {
    throw std::invalid_argument(fmt::format(
        "conversion: calibration_samples = {} is invalid; accepted: ≥ 1", calibration_samples));
  }
}

SpikingShape ShapeOf(const ConvertedSnn& snn) {
  double weights = 0.0, neurons = 0.0;
  for (std::size_t l = 0; l + 1 < snn.widths.size(); ++l) {
    weights += double(snn.widths[l]) * snn.widths[l + 1];
    neurons += snn.widths[l + 1];
  }
  return {.neuron = {.model = NeuronModel::kIf},
          .weights = weights,
          .neurons = neurons,
          .precision = nn::Precision::kFp32,
          .levels = {}};
}

ConvertedSnn ConvertMlp(const nn::Mlp& ann,
                        const Dataset& calibration,
                        const ConversionOptions& o) {
  o.Validate();
  calibration.Validate();
  const nn::MlpSpec& spec = ann.spec();
  if (ann.activation() != nn::Activation::kRelu) {
    throw std::invalid_argument("conversion: only ReLU networks convert to IF neurons");
  }
  if (calibration.dimension() != spec.widths.front()) {
    throw std::invalid_argument(fmt::format("conversion: {} features for a network of {} inputs",
                                            calibration.dimension(),
                                            spec.widths.front()));
  }
  const std::int64_t n = std::min(o.calibration_samples, calibration.size());
  nn::DigitalEngine engine(o.threads);
  nn::Mlp::Workspace ws;
  ann.Forward(calibration.features.topRows(n), engine, ws);
  ConvertedSnn snn;
  snn.widths = spec.widths;
  double previous = 1.0;
  for (int l = 0; l < spec.num_layers(); ++l) {
    // λ_l: the layer's activations (the output layer's pre-activations) on the calibration data.
    // Rueckauer's percentile is taken over the non-zero activations (snntoolbox): a ReLU
    // layer's many zeros would pull it down and saturate the neurons.
    const MatrixF& a = ws.a[static_cast<std::size_t>(l)];
    std::vector<float> values;
    for (Eigen::Index k = 0; k < a.size(); ++k) {
      if (a.data()[k] > 0.0f) values.push_back(a.data()[k]);
    }
    double lambda = values.empty() ? 1.0
                    : o.normalization == Normalization::kMax
                        ? static_cast<double>(*std::max_element(values.begin(), values.end()))
                        : Percentile(std::move(values), o.percentile);
    if (!(lambda > 0.0)) lambda = 1.0;  // a dead layer: nothing to scale
    snn.scales.push_back(lambda);
    const MatrixF w = ann.Weight(l) * static_cast<float>(previous / lambda);
    snn.weights_t.push_back(w.transpose());
    std::vector<float> b(static_cast<std::size_t>(spec.widths[l + 1]));
    for (std::size_t k = 0; k < b.size(); ++k) {
      b[k] = static_cast<float>(ann.Bias(l)(static_cast<Eigen::Index>(k)) / lambda);
    }
    snn.biases.push_back(std::move(b));
    previous = lambda;
  }
  return snn;
}

ConversionResult EvaluateConverted(const ConvertedSnn& snn,
                                   const Dataset& test,
                                   std::vector<int> steps,
                                   int threads) {
  test.Validate();
  if (test.dimension() != snn.widths.front()) {
    throw std::invalid_argument(fmt::format("conversion: {} features for a network of {} inputs",
                                            test.dimension(),
                                            snn.widths.front()));
  }
  if (steps.empty()) throw std::invalid_argument("conversion: no T to evaluate at");
  for (const int t : steps) {
    if (t < 1 || t > 100000) {
      throw std::invalid_argument(fmt::format("conversion: T = {}; accepted: 1 … 100000", t));
    }
  }
  std::sort(steps.begin(), steps.end());
  steps.erase(std::unique(steps.begin(), steps.end()), steps.end());
  const int layers = static_cast<int>(snn.weights_t.size());
  const std::int64_t samples = test.size();
  const std::size_t points = steps.size();
  // Per sample and readout point: correct, spikes, synaptic events (cumulative to that T).
  std::vector<std::uint8_t> correct(static_cast<std::size_t>(samples) * points, 0);
  std::vector<double> spikes(static_cast<std::size_t>(samples) * points, 0.0);
  std::vector<double> events(static_cast<std::size_t>(samples) * points, 0.0);
  ParallelFor(
      0,
      (samples + kBlock - 1) / kBlock,
      threads,
      [&](std::int64_t first_block, std::int64_t last_block) {
        for (std::int64_t s = first_block * kBlock; s < std::min(samples, last_block * kBlock);
             ++s) {
          // The held input's current into layer 1, once.
          const auto in0 = static_cast<std::size_t>(snn.widths[0]);
          std::vector<float> c0(snn.biases[0]);
          for (std::size_t j = 0; j < in0; ++j) {
            const float x = test.features(s, static_cast<Eigen::Index>(j));
            if (x == 0.0f) continue;
            const float* row = snn.weights_t[0].row(static_cast<Eigen::Index>(j)).data();
            for (std::size_t k = 0; k < c0.size(); ++k) c0[k] += x * row[k];
          }
          std::vector<std::vector<float>> v(static_cast<std::size_t>(layers));
          for (int l = 0; l < layers; ++l)
            v[l].assign(static_cast<std::size_t>(snn.widths[l + 1]), 0.0f);
          std::vector<std::int32_t> fired, next;
          double spike_total = 0.0, event_total = 0.0;
          std::size_t point = 0;
          for (int t = 1; t <= steps.back(); ++t) {
            // Layer 1: the held current; then each layer's spikes drive the next.
            fired.clear();
            for (std::size_t k = 0; k < c0.size(); ++k) {
              v[0][k] += c0[k];
              if (layers > 1 && v[0][k] >= 1.0f) {
                v[0][k] -= 1.0f;
                fired.push_back(static_cast<std::int32_t>(k));
              }
            }
            for (int l = 1; l < layers; ++l) {
              spike_total += static_cast<double>(fired.size());
              std::vector<float>& u = v[static_cast<std::size_t>(l)];
              const std::vector<float>& b = snn.biases[static_cast<std::size_t>(l)];
              for (std::size_t k = 0; k < u.size(); ++k) u[k] += b[k];
              for (const std::int32_t j : fired) {
                const float* row = snn.weights_t[static_cast<std::size_t>(l)].row(j).data();
                for (std::size_t k = 0; k < u.size(); ++k) u[k] += row[k];
              }
              event_total += static_cast<double>(fired.size()) * static_cast<double>(u.size());
              next.clear();
              if (l + 1 < layers) {
                for (std::size_t k = 0; k < u.size(); ++k) {
                  if (u[k] >= 1.0f) {
                    u[k] -= 1.0f;
                    next.push_back(static_cast<std::int32_t>(k));
                  }
                }
              }
              fired.swap(next);
            }
            if (t == steps[point]) {
              const std::vector<float>& out = v.back();
              const auto best = std::max_element(out.begin(), out.end()) - out.begin();
              const std::size_t at = static_cast<std::size_t>(s) * points + point;
              correct[at] = best == test.labels[static_cast<std::size_t>(s)] ? 1 : 0;
              spikes[at] = spike_total;
              events[at] = event_total;
              ++point;
            }
          }
        }
      });
  ConversionResult result;
  double neurons = 0.0;
  for (int l = 1; l <= layers; ++l) neurons += snn.widths[l];
  result.input_macs_per_sample = static_cast<double>(snn.widths[0]) * snn.widths[1];
  for (std::size_t p = 0; p < points; ++p) {
    ConversionPoint c;
    c.steps = steps[p];
    double right = 0.0;
    for (std::int64_t s = 0; s < samples; ++s) {
      const std::size_t at = static_cast<std::size_t>(s) * points + p;
      right += correct[at];
      c.work.spikes += spikes[at];
      c.work.synaptic_events += events[at];
    }
    const double n = static_cast<double>(samples);
    c.accuracy = right / n;
    c.work.spikes /= n;
    c.work.synaptic_events /= n;
    c.work.neuron_updates = neurons * steps[p];
    c.spikes_per_sample = c.work.spikes;
    result.curve.push_back(c);
  }
  return result;
}

}  // namespace landauer::spiking

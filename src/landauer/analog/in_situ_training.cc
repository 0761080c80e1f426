#include "landauer/analog/in_situ_training.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

#include "device_blocks.h"
#include "landauer/data/batches.h"
#include "landauer/energy/erasure.h"
#include "landauer/nn/linear_engine.h"
#include "landauer/nn/programmed_network.h"

namespace landauer::analog {

void InSituOptions::Validate() const {
  device.Validate();
  Require(epochs >= 1, fmt::format("in-situ training: epochs = {} must be >= 1", epochs));
  Require(batch >= 1, fmt::format("in-situ training: batch = {} samples must be >= 1", batch));
  Require(
      learning_rate > 0.0 && std::isfinite(learning_rate),
      fmt::format("in-situ training: learning_rate = {} must be finite and > 0", learning_rate));
  Require(range > 0.0 && range <= 1.0,
          fmt::format("in-situ training: range = {} must be in (0, 1]", range));
}

InSituResult TrainInSitu(nn::Mlp& model,
                         const Dataset& train,
                         const InSituOptions& options,
                         int threads,
                         const InSituChip& chip) {
  options.Validate();
  if (train.size() == 0) throw std::invalid_argument("in-situ training: no training samples");
  if (chip.ledger != nullptr && (chip.forward == nullptr || chip.cost == nullptr)) {
    // Without them the forward reads or the host's backward pass would go uncounted.
    throw std::invalid_argument(
        "in-situ training: a chip with a ledger needs its forward tiles and its cost model "
        "(InSituChip::forward and ::cost)");
  }
  const nn::MlpSpec& spec = model.spec();
  const int layers = spec.num_layers();
  std::vector<PulsedArray> arrays;
  std::vector<double> scales;
  for (int l = 0; l < layers; ++l) {
    const MatrixF w = model.Weight(l);
    const double largest = std::max(static_cast<double>(w.cwiseAbs().maxCoeff()), 1e-12);
    scales.push_back(largest / (options.range * options.device.w_max));
    arrays.emplace_back(options.device,
                        static_cast<int>(w.rows()),
                        static_cast<int>(w.cols()),
                        Rng(options.seed, "analog.insitu", "devices_d2d").Substream(l));
    arrays.back().Set(w / static_cast<float>(scales.back()));
    model.Weight(l) = arrays.back().weights() * static_cast<float>(scales.back());
  }
  nn::DigitalEngine exact(threads);
  nn::ProgrammedNetwork device(chip.forward != nullptr ? *chip.forward : exact, threads);
  double parameters = 0.0;  // weights and biases
  for (int l = 0; l < layers; ++l) {
    parameters += static_cast<double>(model.Weight(l).size() + model.Bias(l).size());
  }
  nn::Mlp::Workspace ws;
  AlignedFloats gradient(static_cast<std::size_t>(model.storage_size()));
  const Rng shuffle(options.seed, "analog.insitu", "shuffle");
  const Rng pulses_c2c(options.seed, "analog.insitu", "pulses_c2c");
  InSituResult result;
  MatrixF x, delta;
  std::vector<std::int32_t> y;
  std::uint64_t step = 0;
  for (int e = 0; e < options.epochs; ++e) {
    const auto start = std::chrono::steady_clock::now();
    const std::vector<std::int64_t> order =
        ShuffledOrder(shuffle, static_cast<std::uint64_t>(e), train.size());
    double loss = 0.0, correct = 0.0;
    for (std::int64_t first = 0; first < train.size(); first += options.batch) {
      const std::int64_t rows = std::min<std::int64_t>(options.batch, train.size() - first);
      GatherRows(train, std::span(order).subspan(first, rows), x, y);
      // The tiles read the devices as they are now (programming an AnalogEngine over ideal
      // devices maps the weights; it counts no programming, only the reads).
      device.Program(model, static_cast<std::int64_t>(step), chip.ledger, chip.phase);
      const nn::LossResult r = model.Backward(x, y, device, ws, gradient);
      const double pulses_before = result.pulses;
      loss += r.loss * static_cast<double>(rows);
      correct += static_cast<double>(r.correct);
      for (int l = 0; l < layers; ++l) {
        const auto& w = model.Weight(l);
        const Eigen::Map<const MatrixF> grad(gradient.data() + model.Offset(l), w.rows(), w.cols());
        delta = grad * static_cast<float>(-options.learning_rate / scales[l]);
        result.pulses += arrays[l].Update(
            delta, pulses_c2c.Substream(step).Substream(static_cast<std::uint64_t>(l)), threads);
        model.Weight(l) = arrays[l].weights() * static_cast<float>(scales[l]);
        auto bias = model.Bias(l);
        const Eigen::Map<const VectorF> grad_b(gradient.data() + model.BiasOffset(l), bias.size());
        bias -= static_cast<float>(options.learning_rate) * grad_b;
      }
      if (chip.ledger != nullptr) {
        chip.cost->CountForward(*chip.ledger, chip.phase, rows);
        chip.cost->CountBackward(*chip.ledger, chip.phase, rows);
        // Δu = −η/scale · ∂L/∂W per weight (its pulse count), and the biases' SGD step.
        CountWithErasure(*chip.ledger, chip.phase, "alu", "fp32_mac", parameters);
        CountWithErasure(
            *chip.ledger, chip.phase, "crossbar", "update_pulse", result.pulses - pulses_before);
      }
      ++step;
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double n = static_cast<double>(train.size());
    result.epochs.push_back({.epoch = e + 1,
                             .loss = loss / n,
                             .train_accuracy = correct / n,
                             .seconds = seconds,
                             .samples_per_second = n / seconds});
  }
  result.steps = static_cast<double>(step);
  for (const PulsedArray& a : arrays) result.mean_state.push_back(a.weights().mean());
  return result;
}

}  // namespace landauer::analog

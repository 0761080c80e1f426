#include "optical_methods.h"

#include <stdexcept>

#include "landauer/energy/hardware_catalog.h"
#include "landauer/energy/roofline.h"

namespace landauer {

FitSummary OpticalFitSummary(const std::vector<optical::EpochStats>& epochs,
                             std::chrono::steady_clock::time_point start,
                             std::int64_t train_size,
                             int batch) {
  FitSummary fit;
  for (std::size_t e = 0; e < epochs.size(); ++e) {
    fit.curve.push_back({.epoch = static_cast<int>(e) + 1,
                         .loss = epochs[e].loss,
                         .train_accuracy = epochs[e].accuracy});
  }
  const auto count = static_cast<std::int64_t>(epochs.size());
  fit.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fit.samples = count * train_size;
  fit.steps = count * ((train_size + batch - 1) / batch);
  fit.final_loss = epochs.empty() ? 0.0 : epochs.back().loss;
  return fit;
}

ModelledTime OpticalPipelineTime(const PhaseReport& phase,
                                 const std::string& variant,
                                 double vectors,
                                 double period) {
  if (variant.empty()) return Roofline(phase);
  ModelledTime time = Roofline(phase, {"dac", "adc", "photonic"});
  time.busy_s["optics"] = vectors * period;
  time.model =
      "optical pipeline: one vector per slowest converter period, beside the host's roofline";
  time.TakeBusiest();
  return time;
}

const EnergyTable& OpticalTable(const MethodContext& context,
                                const std::string& table,
                                const std::string& method) {
  if (context.priced_with != nullptr) return *context.priced_with;
  if (context.hardware == nullptr) {
    throw std::invalid_argument(method + " needs a hardware catalog (the " + table +
                                " table holds its converter rates)");
  }
  return context.hardware->Get(table);
}

ParamSpec RealParam(std::string key,
                    std::string value,
                    std::string unit,
                    std::string doc,
                    double min,
                    double max,
                    bool min_exclusive) {
  return {.key = std::move(key),
          .type = ParamType::kReal,
          .default_value = std::move(value),
          .unit = std::move(unit),
          .doc = std::move(doc),
          .min = min,
          .max = max,
          .min_exclusive = min_exclusive};
}

ParamSpec IntParam(
    std::string key, std::string value, std::string unit, std::string doc, double min, double max) {
  return {.key = std::move(key),
          .type = ParamType::kInt,
          .default_value = std::move(value),
          .unit = std::move(unit),
          .doc = std::move(doc),
          .min = min,
          .max = max};
}

}  // namespace landauer

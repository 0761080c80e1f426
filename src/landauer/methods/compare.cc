#include "landauer/methods/compare.h"

#include <fmt/format.h>

namespace landauer {
namespace {

nlohmann::json RatioOrNull(double energy, double floor) {
  return floor > 0 ? nlohmann::json(energy / floor) : nlohmann::json(nullptr);
}

}  // namespace

void MarkParetoFront(nlohmann::json& rows) {
  for (auto& row : rows) {
    const double e = row["inference_j_per_sample"], a = row["accuracy"];
    bool dominated = false;
    for (const auto& other : rows) {
      const double oe = other["inference_j_per_sample"], oa = other["accuracy"];
      if (oe <= e && oa >= a && (oe < e || oa > a)) dominated = true;
    }
    row["pareto"] = !dominated;
  }
}

nlohmann::json RunComparison(const TrainTest& split,
                             const CompareOptions& options,
                             const EnergyTable& table) {
  std::vector<std::string> names = options.methods;
  if (names.empty()) names = DefaultMethodNames();
  if (names.size() == 1 && names.front() == "all") names = MethodNames();
  nlohmann::json methods = nlohmann::json::array(), rows = nlohmann::json::array();
  for (const std::string& name : names) {
    std::unique_ptr<Method> method = CreateMethod(name, options.method);
    const MethodInfo info = method->Describe();
    EnergyTable priced_with = table;
    for (const std::string& device : info.device_tables) {
      if (!options.load_table)
        throw std::logic_error("RunComparison: method " + name + " needs a table loader");
      priced_with = EnergyTable::Combine(priced_with, options.load_table(device));
    }
    Ledger train_ledger;
    const FitSummary fit = method->Fit(split.train, train_ledger);
    const EnergyReport train_report = train_ledger.Price(priced_with);
    methods.push_back({{"name", info.name},
                       {"substrate", info.substrate},
                       {"summary", info.summary},
                       {"erased_bits", info.erased_bits},
                       {"priced_with", priced_with.name()},
                       {"fit",
                        {{"seconds", fit.seconds},
                         {"samples", fit.samples},
                         {"samples_per_second", fit.seconds > 0 ? fit.samples / fit.seconds : 0.0},
                         {"final_loss", fit.final_loss}}},
                       {"train_energy", train_report.ToJson()}});
    for (Evaluation& evaluation : method->Evaluate(split.test)) {
      const EnergyReport report = evaluation.ledger.Price(priced_with);
      const double n = static_cast<double>(std::max<std::int64_t>(1, evaluation.samples));
      nlohmann::json breakdown = nlohmann::json::object();
      for (const auto& [component, joules] : report.BreakdownByComponent())
        breakdown[component] = joules / n;
      rows.push_back(
          {{"method", info.name},
           {"variant", evaluation.variant},
           {"label", info.name + " " + evaluation.variant},
           {"substrate", info.substrate},
           {"accuracy", evaluation.accuracy},
           {"test_samples", evaluation.samples},
           {"inference_seconds", evaluation.seconds},
           {"inference_j_per_sample", report.energy_j / n},
           {"inference_floor_j_per_sample", report.landauer_floor_j / n},
           {"inference_ratio_to_floor", RatioOrNull(report.energy_j, report.landauer_floor_j)},
           {"breakdown_j_per_sample", breakdown},
           {"train_j_total", train_report.energy_j},
           {"train_floor_j", train_report.landauer_floor_j},
           {"train_ratio_to_floor",
            RatioOrNull(train_report.energy_j, train_report.landauer_floor_j)},
           {"train_seconds", fit.seconds},
           {"uses_assumptions", report.uses_assumptions || train_report.uses_assumptions},
           {"inference_report", report.ToJson()}});
    }
  }
  MarkParetoFront(rows);
  return {{"schema", "landauer.compare/1"},
          {"workload",
           {{"data", options.workload_name},
            {"train_samples", split.train.size()},
            {"test_samples", split.test.size()},
            {"features", split.train.dimension()},
            {"classes", split.train.num_classes}}},
          {"hardware",
           {{"name", table.name()},
            {"description", table.description()},
            {"temperature_k", table.temperature().value()},
            {"path", table.origin()}}},
          {"seed", options.method.seed},
          {"epochs", options.method.epochs},
          {"batch", options.method.batch},
          {"methods", methods},
          {"results", rows}};
}

}  // namespace landauer

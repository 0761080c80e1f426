// landauer/methods/compare.h — run methods on one workload and price them on one table.
//
//   CompareOptions options;  options.methods = MethodNames();
//   nlohmann::json results = RunComparison(split, options, table);
//
// For every method: Fit (ledger phase "train"), then Evaluate (one row per inference variant).
// Each row is priced with `table` and carries accuracy, energy per inference, its breakdown by
// component, the Landauer floor and the ratio to it, the training energy, and whether the row is
// on the accuracy-versus-energy Pareto front. The JSON layout ("landauer.compare/1") is documented
// in docs/compare.md and is what report.html is drawn from.
#ifndef LANDAUER_METHODS_COMPARE_H_
#define LANDAUER_METHODS_COMPARE_H_

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "landauer/data/dataset.h"
#include "landauer/energy/energy_table.h"
#include "landauer/methods/method.h"

namespace landauer {

struct CompareOptions {
  std::vector<std::string>
      methods;  // empty: DefaultMethodNames(); {"all"}: every registered method
  MethodOptions method;
  std::string workload_name;
  // Loads a named energy table (for MethodInfo::device_tables). Required if a method names one.
  std::function<EnergyTable(const std::string&)> load_table;
};

nlohmann::json RunComparison(const TrainTest& split,
                             const CompareOptions& options,
                             const EnergyTable& table);

// Marks rows[i]["pareto"]: no other row has ≤ energy and ≥ accuracy with one strictly better.
void MarkParetoFront(nlohmann::json& rows);

}  // namespace landauer

#endif  // LANDAUER_METHODS_COMPARE_H_

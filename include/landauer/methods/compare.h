// landauer/methods/compare.h — run methods on one workload and price them on one table.
//
//   CompareOptions options;  // the default set, h100, compare's defaults
//   options.params = {ParseParamOverride("tngd-mlp.batch=32")};
//   ComparePlan plan = PlanComparison(options, catalog);  // checks everything, trains nothing
//   Comparison result = RunComparison(split, plan, context);  // typed results
//   nlohmann::json json = ComparisonJson(result);  // "landauer.compare/1"
//
// For every method: Fit (ledger phase "train"), then Evaluate (one row per inference variant).
// Each run is priced with the base table combined with the method's device tables
// (`priced_with`, e.g. "h100+spu") and carries accuracy, energy per inference, its breakdown by
// component, the Landauer floor and the ratio to it, the training energy, the floor check
// (EnergyReport::CheckAgainstFloor) and whether the row is on the accuracy-versus-energy Pareto
// front. Results stay typed (MethodRun) through the library; JSON is made only at the edges (the
// CLI, the report, later Python and MPI). The JSON layout is documented in docs/compare.md.
#ifndef LANDAUER_METHODS_COMPARE_H_
#define LANDAUER_METHODS_COMPARE_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "landauer/core/statistics.h"
#include "landauer/core/summary.h"
#include "landauer/data/dataset.h"
#include "landauer/energy/energy_report.h"
#include "landauer/energy/energy_table.h"
#include "landauer/energy/hardware_catalog.h"
#include "landauer/methods/method.h"
#include "landauer/methods/registry.h"
#include "landauer/methods/workload_floor.h"

namespace landauer {

struct CompareOptions {
  // Empty: DefaultMethodNames() and the methods --param names; {"all"}: every registered one.
  std::vector<std::string> methods;
  MethodSettings settings;            // compare's --epochs, --batch, --lr, --hidden
  std::vector<ParamOverride> params;  // --param METHOD.KEY=VALUE
  std::string hardware = "h100";      // the base table: a name or a .toml path
  Scope scope = Scope::kChip;         // the one system boundary every row is priced at
  std::string workload_name;          // recorded in the results
};

// What a comparison will run, validated: the registrations, their resolved parameters, and the
// tables each is priced with.
struct PlannedMethod {
  MethodRegistration registration;
  MethodParams params;
  EnergyTable priced_with;  // base table + the method's device tables
  Scope scope = Scope::kChip;
};
struct ComparePlan {
  CompareOptions options;
  EnergyTable base;                         // the run's table
  std::vector<std::string> added_by_param;  // opt-in methods a --param brought into the run
  std::vector<PlannedMethod> methods;
};

// Without explicit methods the run is the default set, joined by any opt-in method a --param
// names (`compare --param tngd-mlp.batch=32` runs tngd-mlp too; added_by_param lists them). Throws
// std::invalid_argument, before anything is trained, for: an unknown method (listing the
// registered ones); a --param naming an unknown method, a method left out of explicit --methods,
// an unknown key or a bad value (naming the method, key, accepted values and unit); an unknown or
// malformed table. Throws ScopeError when a method's tables cannot price at options.scope, naming
// the table and what it lacks.
ComparePlan PlanComparison(const CompareOptions& options, const HardwareCatalog& catalog);

struct VariantRun {
  Evaluation evaluation;  // variant name, accuracy, samples, host seconds, counted ledger
  EnergyReport energy;    // the ledger priced with the method's table
  Summary floor_check;    // energy.CheckAgainstFloor()
  Interval accuracy_95;   // Wilson's 95 % interval of the accuracy on its test samples
  ModelledTime time;      // modelled time on the substrate of all its test samples
  double modelled_s_per_sample() const;
  bool pareto = false;  // set by MarkParetoFront
  // Over the seeds of a multi-seed run (AddSeedSpread): mean and sample sd; seeds = 0 otherwise.
  int seeds = 0;
  MeanSd accuracy_over_seeds, joules_over_seeds;
  double joules_per_sample() const;
};

struct MethodRun {
  MethodInfo info;
  MethodParams params;
  std::string priced_with;  // table name, e.g. "h100+spu"
  std::string node;         // its process node(s), e.g. "TSMC 4N + 45 nm"
  std::string family;       // its node family, "7nm"; two joined by '+' when the tables mix them
  FitSummary fit;
  Ledger train_ledger;
  EnergyReport train_energy;
  Summary train_floor_check;  // train_energy.CheckAgainstFloor()
  ModelledTime train_time;    // modelled training time on the substrate
  std::vector<VariantRun> variants;
};

struct Comparison {
  std::string workload;  // CompareOptions::workload_name
  std::int64_t train_samples = 0, test_samples = 0, features = 0;
  int classes = 0;
  std::string hardware, hardware_description, hardware_path;
  std::string scope;  // energy/scope.h
  double temperature_k = 0.0;
  WorkloadFloor workload_floor;  // per inference, the same for every row
  std::uint64_t seed = 0;
  MethodSettings settings;
  std::vector<MethodRun> runs;
};

// Creates, fits, evaluates and prices one planned method.
// The method's context gets priced_with = planned.priced_with.
MethodRun RunMethod(const PlannedMethod& planned, const TrainTest& split, MethodContext context);

// Checks, before any method runs for real, that every action each one counts has a price in its
// table: each method is fitted and evaluated on a small slice of the data (the first 256
// training and 64 test samples) with no progress and its own SharedWork, and its ledgers are
// priced. Throws MissingPriceError naming the method, the action and the table — at once, not
// after the methods before it have trained for an hour (issue 11, class 10). Nothing it does
// reaches the real run: methods draw their randomness from their own seeded streams.
void RehearsePricing(const TrainTest& split, const ComparePlan& plan, MethodContext context);

// Runs every planned method in order, after RehearsePricing. When `context.shared` is null, one
// SharedWork is made for the run, so methods that train identically train once. Marks the Pareto
// front.
Comparison RunComparison(const TrainTest& split, const ComparePlan& plan, MethodContext context);

// Fills every row of `first` (the first seed's comparison) with the mean and sample standard
// deviation of its accuracy and energy per inference across `all` (one comparison per seed, the
// same plan). Throws std::invalid_argument if the runs do not have the same rows.
void AddSeedSpread(Comparison& first, const std::vector<Comparison>& all);

// Marks VariantRun::pareto across all runs: a row is on the front unless another row dominates
// it. Accuracies whose 95 % intervals (VariantRun::accuracy_95) overlap are ties: test-set noise
// cannot order them. Row B dominates row A when B's energy per inference is ≤ A's and either B is
// significantly more accurate (B's interval lies above A's) or they tie on accuracy and B costs
// strictly less; and B is itself on the front (rows are swept from the cheapest up, so ties do
// not chain).
inline constexpr const char* kParetoRule =
    "accuracies whose 95 % Wilson intervals overlap are ties; among ties the cheaper row dominates";
void MarkParetoFront(std::vector<MethodRun>& runs);

// The documented JSON ("landauer.compare/1", docs/compare.md).
nlohmann::json ComparisonJson(const Comparison& comparison);

// The rows as CSV (RFC 4180, a header line, SI units in the column names), written beside
// results.json.
std::string ComparisonCsv(const Comparison& comparison);

}  // namespace landauer

#endif  // LANDAUER_METHODS_COMPARE_H_

#include "landauer/methods/compare.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <set>
#include <stdexcept>

#include "landauer/methods/shared_work.h"

namespace landauer {
namespace {

nlohmann::json CurveJson(const std::vector<EpochPoint>& curve) {
  nlohmann::json out = nlohmann::json::array();
  for (const EpochPoint& p : curve) {
    out.push_back({{"epoch", p.epoch}, {"loss", p.loss}, {"train_accuracy", p.train_accuracy}});
  }
  return out;
}

// {name: value} (a JSON object: readers look values up by name).
nlohmann::json MetricsJson(const std::vector<std::pair<std::string, double>>& metrics) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, value] : metrics) out[name] = value;
  return out;
}

nlohmann::json RatioOrNull(double energy, double floor) {
  return floor > 0 ? nlohmann::json(energy / floor) : nlohmann::json(nullptr);
}

std::string Join(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

}  // namespace

double VariantRun::joules_per_sample() const {
  return energy.energy_j / static_cast<double>(std::max<std::int64_t>(1, evaluation.samples));
}

double VariantRun::modelled_s_per_sample() const {
  return time.seconds / static_cast<double>(std::max<std::int64_t>(1, evaluation.samples));
}

ComparePlan PlanComparison(const CompareOptions& options, const HardwareCatalog& catalog) {
  ComparePlan plan;
  plan.options = options;
  const bool default_set = options.methods.empty();
  std::vector<std::string> names = options.methods;
  if (default_set) names = DefaultMethodNames();
  if (names.size() == 1 && names.front() == "all") names = MethodNames();
  for (const ParamOverride& o : options.params) {
    FindMethod(o.method);  // an unknown method is named as such, with the registered ones
    const bool in_run = std::find(names.begin(), names.end(), o.method) != names.end();
    if (!in_run && default_set) {
      // Setting an opt-in method's parameter asks for that method: it joins the default set.
      names.push_back(o.method);
      std::sort(names.begin(), names.end());
      plan.added_by_param.push_back(o.method);
    } else if (!in_run) {
      throw std::invalid_argument(fmt::format(
          "--param {}.{}={}: {} is not among the methods this run compares ({}); add it to "
          "--methods",
          o.method,
          o.key,
          o.value,
          o.method,
          Join(names)));
    }
  }
  std::vector<MethodRegistration> registrations;
  for (const std::string& name : names) registrations.push_back(FindMethod(name));
  plan.base = catalog.Get(options.hardware);
  for (MethodRegistration& registration : registrations) {
    MethodParams params = ResolveParams(
        registration.info.name, registration.params, options.settings, options.params);
    if (registration.validate) {
      try {
        registration.validate(params);
      } catch (const std::invalid_argument& error) {
        throw std::invalid_argument(
            fmt::format("--param: method {}: {}", registration.info.name, error.what()));
      }
    }
    EnergyTable priced_with = plan.base;
    const std::vector<std::string> devices = registration.device_tables_for
                                                 ? registration.device_tables_for(params)
                                                 : registration.info.device_tables;
    for (const std::string& device : devices) {
      const EnergyTable& device_table =
          catalog.Get(catalog.DeviceTable(device, plan.base.family()));
      if (device_table.temperature().value() != plan.base.temperature().value()) {
        throw std::invalid_argument(fmt::format(
            "--hardware {} is priced at {:g} K, but method {} prices its device with table '{}' "
            "at {:g} K, and a comparison has one temperature (its Landauer floor); choose a "
            "--hardware table at {:g} K (landauer hardware list), or leave {} out of --methods",
            options.hardware,
            plan.base.temperature().value(),
            registration.info.name,
            device,
            device_table.temperature().value(),
            device_table.temperature().value(),
            registration.info.name));
      }
      priced_with = EnergyTable::Combine(priced_with, device_table);
    }
    if (const std::string why = priced_with.WhyNotAt(options.scope); !why.empty()) {
      throw ScopeError(fmt::format(
          "--scope {}: method {} is priced with {}, and {}; choose another --scope or --hardware "
          "(landauer hardware list shows each table's scope), or leave {} out of --methods",
          ToString(options.scope),
          registration.info.name,
          priced_with.name(),
          why,
          registration.info.name));
    }
    plan.methods.push_back(
        {std::move(registration), std::move(params), std::move(priced_with), options.scope});
  }
  return plan;
}

MethodRun RunMethod(const PlannedMethod& planned, const TrainTest& split, MethodContext context) {
  context.priced_with = &planned.priced_with;
  const std::unique_ptr<Method> method = planned.registration.factory(planned.params, context);
  MethodRun run;
  run.info = method->Describe();
  if (run.info.name != planned.registration.info.name) {
    throw std::logic_error("method registered as '" + planned.registration.info.name +
                           "' describes itself as '" + run.info.name + "'");
  }
  run.params = planned.params;
  run.priced_with = planned.priced_with.name();
  run.node = planned.priced_with.node();
  run.family = planned.priced_with.family();
  const Scope scope = planned.scope;
  const EnergyTable& table = planned.priced_with;
  run.fit = method->Fit(split.train, run.train_ledger);
  // Time from every unit (a memory outside the energy boundary still takes time); energy at the
  // scope, with the static power over the modelled time inside chip and system.
  const EnergyReport every_unit = run.train_ledger.Price(table);
  if (const PhaseReport* train = every_unit.FindPhase("train")) {
    run.train_time = method->ModelTime(*train, "");
  }
  AddStaticPower(run.train_ledger, "train", run.train_time.seconds, table, scope);
  run.train_energy = run.train_ledger.Price(table, scope);
  run.train_floor_check = run.train_energy.CheckAgainstFloor();
  for (Evaluation& evaluation : method->Evaluate(split.test)) {
    VariantRun variant;
    const EnergyReport all_units = evaluation.ledger.Price(table);
    if (const PhaseReport* inference = all_units.FindPhase("inference")) {
      variant.time = method->ModelTime(*inference, evaluation.variant);
    }
    AddStaticPower(evaluation.ledger, "inference", variant.time.seconds, table, scope);
    variant.energy = evaluation.ledger.Price(table, scope);
    variant.floor_check = variant.energy.CheckAgainstFloor();
    const std::int64_t n = evaluation.samples;
    variant.accuracy_95 = WilsonInterval(
        std::llround(std::clamp(evaluation.accuracy, 0.0, 1.0) * static_cast<double>(n)), n);
    variant.evaluation = std::move(evaluation);
    run.variants.push_back(std::move(variant));
  }
  return run;
}

void MarkParetoFront(std::vector<MethodRun>& runs) {
  // Sweep the rows from the cheapest up; a row is dominated only by a row already on the front,
  // so "tie" never chains: a row tied with a dominated row, but significantly more accurate than
  // every cheaper front row, stays on the front.
  std::vector<VariantRun*> rows;
  for (MethodRun& run : runs) {
    for (VariantRun& row : run.variants) rows.push_back(&row);
  }
  std::stable_sort(rows.begin(), rows.end(), [](const VariantRun* a, const VariantRun* b) {
    const double ea = a->joules_per_sample(), eb = b->joules_per_sample();
    return ea != eb ? ea < eb : a->evaluation.accuracy > b->evaluation.accuracy;
  });
  std::vector<const VariantRun*> front;
  for (VariantRun* row : rows) {
    const double e = row->joules_per_sample();
    bool dominated = false;
    for (const VariantRun* kept : front) {
      const double ke = kept->joules_per_sample();
      const bool more_accurate = kept->accuracy_95.low > row->accuracy_95.high;
      const bool tie = kept->accuracy_95.Overlaps(row->accuracy_95);
      if (ke <= e && (more_accurate || (tie && ke < e))) dominated = true;
    }
    row->pareto = !dominated;
    if (!dominated) front.push_back(row);
  }
}

void RehearsePricing(const TrainTest& split, const ComparePlan& plan, MethodContext context) {
  const auto head = [](const Dataset& data, std::int64_t count) {
    std::vector<std::int64_t> rows(static_cast<std::size_t>(std::min(count, data.size())));
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<std::int64_t>(i);
    return data.Subset(rows);
  };
  const TrainTest slice{head(split.train, 256), head(split.test, 64)};
  SharedWork shared;
  context.shared = &shared;
  context.progress = nullptr;
  for (const PlannedMethod& planned : plan.methods) {
    try {
      context.priced_with = &planned.priced_with;
      const std::unique_ptr<Method> method = planned.registration.factory(planned.params, context);
      Ledger train;
      method->Fit(slice.train, train);
      train.Price(planned.priced_with, planned.scope);
      for (const Evaluation& evaluation : method->Evaluate(slice.test)) {
        evaluation.ledger.Price(planned.priced_with, planned.scope);
      }
    } catch (const MissingPriceError& error) {
      throw MissingPriceError(
          fmt::format("method {}: {}", planned.registration.info.name, error.what()));
    } catch (const std::exception&) {
      // Anything else is the real run's to report, on the real data (the slice may be too small
      // for a check the full run passes).
    }
  }
}

Comparison RunComparison(const TrainTest& split, const ComparePlan& plan, MethodContext context) {
  RehearsePricing(split, plan, context);
  SharedWork shared;
  if (context.shared == nullptr) context.shared = &shared;
  Comparison comparison;
  comparison.workload = plan.options.workload_name;
  comparison.train_samples = split.train.size();
  comparison.test_samples = split.test.size();
  comparison.features = split.train.dimension();
  comparison.classes = split.train.num_classes;
  comparison.hardware = plan.base.name();
  comparison.hardware_description = plan.base.description();
  comparison.hardware_path = plan.base.origin();
  comparison.temperature_k = plan.base.temperature().value();
  comparison.scope = std::string(ToString(plan.options.scope));
  comparison.workload_floor =
      ComputeWorkloadFloor(split.test.input_bits, split.test.num_classes, plan.base.temperature());
  comparison.seed = context.seed;
  comparison.settings = plan.options.settings;
  for (const PlannedMethod& planned : plan.methods) {
    comparison.runs.push_back(RunMethod(planned, split, context));
  }
  MarkParetoFront(comparison.runs);
  return comparison;
}

void AddSeedSpread(Comparison& first, const std::vector<Comparison>& all) {
  for (std::size_t r = 0; r < first.runs.size(); ++r) {
    for (std::size_t v = 0; v < first.runs[r].variants.size(); ++v) {
      std::vector<double> accuracy, joules;
      for (const Comparison& other : all) {
        if (other.runs.size() != first.runs.size() ||
            other.runs[r].variants.size() != first.runs[r].variants.size()) {
          throw std::invalid_argument("AddSeedSpread: the comparisons have different rows");
        }
        accuracy.push_back(other.runs[r].variants[v].evaluation.accuracy);
        joules.push_back(other.runs[r].variants[v].joules_per_sample());
      }
      VariantRun& row = first.runs[r].variants[v];
      row.seeds = static_cast<int>(all.size());
      row.accuracy_over_seeds = MeanAndSd(accuracy);
      row.joules_over_seeds = MeanAndSd(joules);
    }
  }
}

std::string ComparisonCsv(const Comparison& comparison) {
  const auto field = [](const std::string& text) {
    if (text.find_first_of(",\"\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
  };
  const auto number = [](double value) { return fmt::format("{:.17g}", value); };
  std::string csv =
      "method,variant,substrate,scope,priced_with,node,accuracy,accuracy_95_low,accuracy_95_high,"
      "test_samples,j_per_inference,modelled_s_per_inference,ratio_to_workload_floor,"
      "ratio_to_own_floor,train_j,modelled_train_s,host_train_s,pareto\n";
  for (const MethodRun& run : comparison.runs) {
    for (const VariantRun& variant : run.variants) {
      const EnergyReport& e = variant.energy;
      const WorkloadFloor& floor = comparison.workload_floor;
      csv += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                         field(run.info.name),
                         field(variant.evaluation.variant),
                         field(run.info.substrate),
                         field(comparison.scope),
                         field(run.priced_with),
                         field(run.node),
                         number(variant.evaluation.accuracy),
                         number(variant.accuracy_95.low),
                         number(variant.accuracy_95.high),
                         variant.evaluation.samples,
                         number(variant.joules_per_sample()),
                         number(variant.modelled_s_per_sample()),
                         floor.known() ? number(variant.joules_per_sample() / floor.joules) : "",
                         e.landauer_floor_j > 0 ? number(e.energy_j / e.landauer_floor_j) : "",
                         number(run.train_energy.energy_j),
                         number(run.train_time.seconds),
                         number(run.fit.seconds),
                         variant.pareto ? "true" : "false");
    }
  }
  return csv;
}

nlohmann::json ComparisonJson(const Comparison& comparison) {
  nlohmann::json methods = nlohmann::json::array(), rows = nlohmann::json::array();
  for (const MethodRun& run : comparison.runs) {
    const MethodInfo& info = run.info;
    const FitSummary& fit = run.fit;
    methods.push_back({{"name", info.name},
                       {"substrate", info.substrate},
                       {"summary", info.summary},
                       {"erased_bits", info.erased_bits},
                       {"params", run.params.ToJson()},
                       {"priced_with", run.priced_with},
                       {"node", run.node},
                       {"family", run.family},
                       {"fit",
                        {{"seconds", fit.seconds},
                         {"steps", fit.steps},
                         {"samples", fit.samples},
                         {"samples_per_second", fit.seconds > 0 ? fit.samples / fit.seconds : 0.0},
                         {"final_loss", fit.final_loss},
                         {"curve", CurveJson(fit.curve)}}},
                       {"floor_check", run.train_floor_check.BriefReport()},
                       {"train_energy", run.train_energy.ToJson()},
                       {"train_time", run.train_time.ToJson()}});
    for (const VariantRun& variant : run.variants) {
      const EnergyReport& report = variant.energy;
      const EnergyReport& train_report = run.train_energy;
      const double n = static_cast<double>(std::max<std::int64_t>(1, variant.evaluation.samples));
      nlohmann::json breakdown = nlohmann::json::object();
      for (const auto& [component, joules] : report.BreakdownByComponent()) {
        breakdown[component] = joules / n;
      }
      rows.push_back(
          {{"method", info.name},
           {"variant", variant.evaluation.variant},
           {"label", info.name + " " + variant.evaluation.variant},
           {"substrate", info.substrate},
           {"scope", comparison.scope},
           {"node", run.node},
           {"family", run.family},
           {"priced_with", run.priced_with},
           {"accuracy", variant.evaluation.accuracy},
           {"accuracy_95", {variant.accuracy_95.low, variant.accuracy_95.high}},
           {"test_samples", variant.evaluation.samples},
           {"inference_seconds", variant.evaluation.seconds},
           {"modelled_s_per_inference", variant.modelled_s_per_sample()},
           {"modelled_inference_time", variant.time.ToJson()},
           {"modelled_train_s", run.train_time.seconds},
           {"inference_j_per_sample", report.energy_j / n},
           {"inference_floor_j_per_sample", report.landauer_floor_j / n},
           {"inference_ratio_to_floor", RatioOrNull(report.energy_j, report.landauer_floor_j)},
           {"inference_ratio_to_workload_floor",
            comparison.workload_floor.RatioJson(report.energy_j / n)},
           {"breakdown_j_per_sample", breakdown},
           {"train_j_total", train_report.energy_j},
           {"train_floor_j", train_report.landauer_floor_j},
           {"train_ratio_to_floor",
            RatioOrNull(train_report.energy_j, train_report.landauer_floor_j)},
           {"train_seconds", fit.seconds},
           {"uses_assumptions", report.uses_assumptions || train_report.uses_assumptions},
           {"floor_check", variant.floor_check.BriefReport()},
           {"pareto", variant.pareto},
           {"seeds",
            variant.seeds == 0
                ? nlohmann::json(nullptr)
                : nlohmann::json{{"n", variant.seeds},
                                 {"accuracy_mean", variant.accuracy_over_seeds.mean},
                                 {"accuracy_sd", variant.accuracy_over_seeds.sd},
                                 {"j_per_inference_mean", variant.joules_over_seeds.mean},
                                 {"j_per_inference_sd", variant.joules_over_seeds.sd}}},
           {"metrics", MetricsJson(variant.evaluation.metrics)},
           {"inference_report", report.ToJson()}});
    }
  }
  return {{"schema", "landauer.compare/1"},
          {"workload",
           {{"data", comparison.workload},
            {"train_samples", comparison.train_samples},
            {"test_samples", comparison.test_samples},
            {"features", comparison.features},
            {"classes", comparison.classes},
            {"floor", comparison.workload_floor.ToJson()}}},
          {"hardware",
           {{"name", comparison.hardware},
            {"description", comparison.hardware_description},
            {"temperature_k", comparison.temperature_k},
            {"scope", comparison.scope},
            {"path", comparison.hardware_path}}},
          {"seed", comparison.seed},
          {"epochs", comparison.settings.epochs},
          {"batch", comparison.settings.batch},
          {"pareto_rule", kParetoRule},
          {"methods", methods},
          {"results", rows}};
}

}  // namespace landauer

#include "landauer/report/charts.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

namespace landauer {

namespace {

constexpr const char* kSchema = "https://vega.github.io/schema/vega-lite/v5.json";

std::string Label(const MethodRun& run, const VariantRun& variant) {
  return run.info.name + " " + variant.evaluation.variant;
}

// One colour per component in every chart: the domain is every component of the comparison,
// sorted, on one fixed palette.
nlohmann::json ComponentColour(const Comparison& comparison) {
  std::set<std::string> components;
  for (const MethodRun& run : comparison.runs) {
    for (const auto& [component, joules] : run.train_energy.BreakdownByComponent()) {
      components.insert(component);
    }
    for (const VariantRun& variant : run.variants) {
      for (const auto& [component, joules] : variant.energy.BreakdownByComponent()) {
        components.insert(component);
      }
    }
  }
  return {{"field", "component"},
          {"type", "nominal"},
          {"title", "component"},
          {"scale",
           {{"domain", std::vector<std::string>(components.begin(), components.end())},
            {"scheme", "tableau10"}}}};
}

// A bar per (row, component) on a log axis: stacking cannot be read on a log scale, and on a
// linear one a component a thousand times smaller vanishes.
nlohmann::json ComponentBars(const std::string& title,
                             const nlohmann::json& values,
                             const nlohmann::json& colour,
                             const std::string& x_title) {
  // A bar on a log axis needs a positive base: the decade below the smallest value.
  double smallest = 0.0;
  for (const auto& value : values) {
    const double joules = value["energy_j"].get<double>();
    if (smallest == 0.0 || joules < smallest) smallest = joules;
  }
  const double base = smallest > 0.0 ? std::pow(10.0, std::floor(std::log10(smallest))) : 1e-30;
  return {{"$schema", kSchema},
          {"title", title},
          {"width", 560},
          {"data", {{"values", values}}},
          {"mark", "bar"},
          {"encoding",
           {{"y", {{"field", "label"}, {"type", "nominal"}, {"title", nullptr}}},
            {"yOffset", {{"field", "component"}}},
            {"x",
             {{"field", "energy_j"},
              {"type", "quantitative"},
              {"scale", {{"type", "log"}}},
              {"axis", {{"format", "~s"}, {"labelOverlap", "greedy"}}},
              {"title", x_title}}},
            {"x2", {{"datum", base}}},
            {"color", colour},
            {"tooltip",
             {{{"field", "label"}},
              {{"field", "component"}},
              {{"field", "energy_j"},
               {"type", "quantitative"},
               {"format", ".3~s"},
               {"title", "J"}}}}}}};
}

}  // namespace

nlohmann::json ParetoChartSpec(const Comparison& comparison) {
  nlohmann::json rows = nlohmann::json::array();
  for (const MethodRun& run : comparison.runs) {
    for (const VariantRun& variant : run.variants) {
      rows.push_back({{"label", Label(run, variant)},
                      {"accuracy", variant.evaluation.accuracy},
                      {"low", variant.accuracy_95.low},
                      {"high", variant.accuracy_95.high},
                      {"energy_j", variant.joules_per_sample()},
                      {"pareto", variant.pareto}});
    }
  }
  const nlohmann::json x = {{"field", "energy_j"},
                            {"type", "quantitative"},
                            {"scale", {{"type", "log"}}},
                            {"axis", {{"format", "~s"}, {"grid", true}}},
                            {"title", "energy per inference (J, log scale)"}};
  const nlohmann::json y = {{"field", "accuracy"},
                            {"type", "quantitative"},
                            {"scale", {{"zero", false}}},
                            // At most one tick per 0.1 point, so no two ticks print alike.
                            {"axis", {{"format", ".1%"}, {"tickMinStep", 0.001}}},
                            {"title", "test accuracy (95 % Wilson interval)"}};
  nlohmann::json layers = nlohmann::json::array();
  // The error bars, the points (one colour per row, so no text labels can collide), a ring on
  // every row of the Pareto front and a dashed line through it.
  layers.push_back({{"mark", {{"type", "rule"}, {"strokeWidth", 1.5}}},
                    {"encoding",
                     {{"x", x},
                      {"y", {{"field", "low"}, {"type", "quantitative"}}},
                      {"y2", {{"field", "high"}}},
                      {"color", {{"field", "label"}, {"type", "nominal"}}}}}});
  layers.push_back(
      {{"mark", {{"type", "point"}, {"filled", true}, {"size", 80}}},
       {"encoding",
        {{"x", x},
         {"y", y},
         {"color", {{"field", "label"}, {"type", "nominal"}, {"title", "method and variant"}}},
         {"tooltip",
          {{{"field", "label"}},
           {{"field", "accuracy"}, {"type", "quantitative"}, {"format", ".2%"}},
           {{"field", "low"}, {"type", "quantitative"}, {"format", ".2%"}, {"title", "95 % low"}},
           {{"field", "high"}, {"type", "quantitative"}, {"format", ".2%"}, {"title", "95 % high"}},
           {{"field", "energy_j"},
            {"type", "quantitative"},
            {"format", ".3~s"},
            {"title", "J"}}}}}}});
  layers.push_back(
      {{"transform", {{{"filter", "datum.pareto"}}}},
       {"mark", {{"type", "point"}, {"size", 400}, {"strokeWidth", 2}, {"color", "#222"}}},
       {"encoding", {{"x", x}, {"y", y}}}});
  layers.push_back({{"transform", {{{"filter", "datum.pareto"}}}},
                    {"mark", {{"type", "line"}, {"strokeDash", {4, 3}}, {"color", "#222"}}},
                    {"encoding", {{"x", x}, {"y", y}, {"order", {{"field", "energy_j"}}}}}});
  if (comparison.workload_floor.known()) {
    layers.push_back({{"data", {{"values", {{{"floor", comparison.workload_floor.joules}}}}}},
                      {"mark", {{"type", "rule"}, {"color", "#b00"}, {"strokeWidth", 2}}},
                      {"encoding", {{"x", {{"field", "floor"}, {"type", "quantitative"}}}}}});
    layers.push_back({{"data", {{"values", {{{"floor", comparison.workload_floor.joules}}}}}},
                      {"mark",
                       {{"type", "text"},
                        {"color", "#b00"},
                        {"align", "left"},
                        {"dx", 4},
                        {"dy", -6},
                        {"y", 8},
                        {"text", "workload floor"}}},
                      {"encoding", {{"x", {{"field", "floor"}, {"type", "quantitative"}}}}}});
  }
  return {
      {"$schema", kSchema},
      {"title",
       {{"text", "Accuracy against energy per inference"},
        {"subtitle",
         "ringed: the Pareto front (overlapping intervals are ties); red: the workload floor"}}},
      {"width", 600},
      {"height", 340},
      {"data", {{"values", rows}}},
      {"layer", layers}};
}

nlohmann::json BreakdownChartSpec(const Comparison& comparison) {
  nlohmann::json values = nlohmann::json::array();
  for (const MethodRun& run : comparison.runs) {
    for (const VariantRun& variant : run.variants) {
      const double n = static_cast<double>(std::max<std::int64_t>(1, variant.evaluation.samples));
      for (const auto& [component, joules] : variant.energy.BreakdownByComponent()) {
        if (joules > 0) {
          values.push_back(
              {{"label", Label(run, variant)}, {"component", component}, {"energy_j", joules / n}});
        }
      }
    }
  }
  return ComponentBars("Energy per inference by component",
                       values,
                       ComponentColour(comparison),
                       "J per inference (log scale)");
}

nlohmann::json TrainingBreakdownChartSpec(const Comparison& comparison) {
  nlohmann::json values = nlohmann::json::array();
  for (const MethodRun& run : comparison.runs) {
    for (const auto& [component, joules] : run.train_energy.BreakdownByComponent()) {
      if (joules > 0) {
        values.push_back(
            {{"label", run.info.name}, {"component", component}, {"energy_j", joules}});
      }
    }
  }
  return ComponentBars("Training energy by component",
                       values,
                       ComponentColour(comparison),
                       "J per training run (log scale)");
}

nlohmann::json FloorChartSpec(const Comparison& comparison) {
  nlohmann::json values = nlohmann::json::array();
  for (const MethodRun& run : comparison.runs) {
    for (const VariantRun& variant : run.variants) {
      const EnergyReport& e = variant.energy;
      if (comparison.workload_floor.known()) {
        values.push_back(
            {{"label", Label(run, variant)},
             {"floor", "workload floor (comparable)"},
             {"ratio", variant.joules_per_sample() / comparison.workload_floor.joules}});
      }
      if (e.landauer_floor_j > 0) {
        values.push_back({{"label", Label(run, variant)},
                          {"floor", "own floor (where it erases)"},
                          {"ratio", e.energy_j / e.landauer_floor_j}});
      }
    }
  }
  return {
      {"$schema", kSchema},
      {"title", "Energy per inference as a multiple of the Landauer floors"},
      {"width", 560},
      {"data", {{"values", values}}},
      // Bars on a log axis need a positive baseline: they start at ratio 1, the floor itself.
      {"mark", "bar"},
      {"encoding",
       {{"y", {{"field", "label"}, {"type", "nominal"}, {"title", nullptr}}},
        {"yOffset", {{"field", "floor"}}},
        {"x",
         {{"field", "ratio"},
          {"type", "quantitative"},
          {"scale", {{"type", "log"}}},
          {"axis", {{"format", ".0e"}, {"labelOverlap", "greedy"}, {"tickCount", 6}}},
          {"title", "energy / floor (log scale; 1 = the floor)"}}},
        {"x2", {{"datum", 1}}},
        {"color", {{"field", "floor"}, {"type", "nominal"}, {"title", nullptr}}},
        {"tooltip",
         {{{"field", "label"}},
          {{"field", "floor"}},
          {{"field", "ratio"}, {"type", "quantitative"}, {"format", ".3e"}}}}}},
  };
}

nlohmann::json TrainingCurvesChartSpec(const Comparison& comparison) {
  nlohmann::json values = nlohmann::json::array();
  for (const MethodRun& run : comparison.runs) {
    for (const EpochPoint& point : run.fit.curve) {
      values.push_back({{"method", run.info.name},
                        {"epoch", point.epoch},
                        {"loss", point.loss},
                        {"accuracy", point.train_accuracy}});
    }
  }
  auto panel = [](const char* field, const char* title, const char* format) {
    return nlohmann::json{
        {"width", 270},
        {"height", 200},
        {"mark", {{"type", "line"}, {"point", true}}},
        {"encoding",
         {{"x", {{"field", "epoch"}, {"type", "quantitative"}, {"axis", {{"tickMinStep", 1}}}}},
          {"y",
           {{"field", field},
            {"type", "quantitative"},
            {"scale", {{"zero", false}}},
            {"axis", {{"format", format}}},
            {"title", title}}},
          {"color", {{"field", "method"}, {"type", "nominal"}}},
          {"strokeDash", {{"field", "method"}, {"type", "nominal"}}}}}};
  };
  return {{"$schema", kSchema},
          {"title", "Training curves (per epoch, on the batches as trained)"},
          {"data", {{"values", values}}},
          {"hconcat",
           {panel("loss", "mean training loss", ".3f"),
            panel("accuracy", "training accuracy", ".1%")}}};
}

nlohmann::json ClockSweepChartSpec(const reversible::EnergySweep& sweep) {
  nlohmann::json values = nlohmann::json::array();
  for (const reversible::SweepPoint& p : sweep.points) {
    values.push_back({{"period_ns", p.period_s * 1e9},
                      {"style", "conventional CMOS"},
                      {"energy_fj", p.conventional_j * 1e15}});
    values.push_back({{"period_ns", p.period_s * 1e9},
                      {"style", "adiabatic reversible"},
                      {"energy_fj", p.adiabatic_j * 1e15}});
    values.push_back({{"period_ns", p.period_s * 1e9},
                      {"style", "Landauer floor (reversible)"},
                      {"energy_fj", p.adiabatic_floor_j * 1e15}});
    values.push_back({{"period_ns", p.period_s * 1e9},
                      {"style", "Landauer floor (conventional)"},
                      {"energy_fj", p.conventional_floor_j * 1e15}});
  }
  return {{"$schema", "https://vega.github.io/schema/vega-lite/v5.json"},
          {"title", fmt::format("Energy per {} against clock period", sweep.kernel.name)},
          {"width", 640},
          {"height", 380},
          {"data", {{"values", values}}},
          {"mark", {{"type", "line"}, {"point", true}}},
          {"encoding",
           {{"x",
             {{"field", "period_ns"},
              {"type", "quantitative"},
              {"scale", {{"type", "log"}}},
              {"title", "clock period (ns)"}}},
            {"y",
             {{"field", "energy_fj"},
              {"type", "quantitative"},
              {"scale", {{"type", "log"}}},
              {"title", "energy per operation (fJ)"}}},
            {"color", {{"field", "style"}, {"type", "nominal"}, {"title", ""}}},
            {"tooltip",
             {{{"field", "style"}},
              {{"field", "period_ns"}, {"format", ".3g"}},
              {{"field", "energy_fj"}, {"format", ".3g"}}}}}}};
}

}  // namespace landauer

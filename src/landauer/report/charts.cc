#include "landauer/report/charts.h"

#include <fmt/format.h>

#include <algorithm>

namespace landauer {

namespace {

std::string Label(const MethodRun& run, const VariantRun& variant) {
  return run.info.name + " " + variant.evaluation.variant;
}

nlohmann::json PointRows(const Comparison& comparison) {
  nlohmann::json rows = nlohmann::json::array();
  for (const MethodRun& run : comparison.runs) {
    for (const VariantRun& variant : run.variants) {
      rows.push_back({{"label", Label(run, variant)},
                      {"method", run.info.name},
                      {"variant", variant.evaluation.variant},
                      {"accuracy", variant.evaluation.accuracy},
                      {"energy_j", variant.joules_per_sample()},
                      {"pareto", variant.pareto}});
    }
  }
  return rows;
}

}  // namespace

nlohmann::json ParetoChartSpec(const Comparison& comparison) {
  const nlohmann::json tooltip = {
      {{"field", "label"}, {"type", "nominal"}},
      {{"field", "accuracy"}, {"type", "quantitative"}, {"format", ".2%"}},
      {{"field", "energy_j"},
       {"type", "quantitative"},
       {"format", ".3e"},
       {"title", "J per inference"}}};
  return {
      {"$schema", "https://vega.github.io/schema/vega-lite/v5.json"},
      {"title", "Accuracy against energy per inference"},
      {"width", 560},
      {"height", 320},
      {"data", {{"values", PointRows(comparison)}}},
      {"layer",
       {{{"transform", {{{"filter", "datum.pareto"}}}},
         {"mark", {{"type", "line"}, {"strokeDash", {4, 3}}, {"color", "#888"}}},
         {"encoding",
          {{"x", {{"field", "energy_j"}, {"type", "quantitative"}, {"scale", {{"type", "log"}}}}},
           {"y", {{"field", "accuracy"}, {"type", "quantitative"}}},
           {"order", {{"field", "energy_j"}}}}}},
        {{"mark", {{"type", "point"}, {"filled", true}, {"size", 90}}},
         {"encoding",
          {{"x",
            {{"field", "energy_j"},
             {"type", "quantitative"},
             {"scale", {{"type", "log"}}},
             {"axis", {{"format", ".0e"}}},
             {"title", "energy per inference (J, log scale)"}}},
           {"y",
            {{"field", "accuracy"},
             {"type", "quantitative"},
             {"scale", {{"zero", false}}},
             {"axis", {{"format", ".1%"}}},
             {"title", "test accuracy"}}},
           {"color", {{"field", "method"}, {"type", "nominal"}}},
           {"shape", {{"field", "variant"}, {"type", "nominal"}}},
           {"tooltip", tooltip}}}},
        {{"mark", {{"type", "text"}, {"dx", 8}, {"align", "left"}, {"fontSize", 10}}},
         {"encoding",
          {{"x", {{"field", "energy_j"}, {"type", "quantitative"}, {"scale", {{"type", "log"}}}}},
           {"y", {{"field", "accuracy"}, {"type", "quantitative"}}},
           {"text", {{"field", "label"}}}}}}}},
  };
}

nlohmann::json BreakdownChartSpec(const Comparison& comparison) {
  nlohmann::json values = nlohmann::json::array();
  for (const MethodRun& run : comparison.runs) {
    for (const VariantRun& variant : run.variants) {
      const double n = static_cast<double>(std::max<std::int64_t>(1, variant.evaluation.samples));
      for (const auto& [component, joules] : variant.energy.BreakdownByComponent()) {
        values.push_back(
            {{"label", Label(run, variant)}, {"component", component}, {"energy_j", joules / n}});
      }
    }
  }
  return {
      {"$schema", "https://vega.github.io/schema/vega-lite/v5.json"},
      {"title", "Energy per inference by component"},
      {"width", 560},
      {"data", {{"values", values}}},
      {"mark", "bar"},
      {"encoding",
       {{"y", {{"field", "label"}, {"type", "nominal"}, {"title", nullptr}}},
        {"x",
         {{"field", "energy_j"},
          {"type", "quantitative"},
          {"aggregate", "sum"},
          {"title", "J per inference"},
          {"axis", {{"format", ".2e"}}}}},
        {"color", {{"field", "component"}, {"type", "nominal"}}},
        {"tooltip",
         {{{"field", "label"}},
          {{"field", "component"}},
          {{"field", "energy_j"}, {"type", "quantitative"}, {"format", ".3e"}}}}}},
  };
}

nlohmann::json FloorChartSpec(const Comparison& comparison) {
  nlohmann::json values = nlohmann::json::array();
  for (const MethodRun& run : comparison.runs) {
    const EnergyReport& train = run.train_energy;
    for (const VariantRun& variant : run.variants) {
      const EnergyReport& e = variant.energy;
      if (e.landauer_floor_j > 0) {
        values.push_back({{"label", Label(run, variant)},
                          {"phase", "inference"},
                          {"ratio", e.energy_j / e.landauer_floor_j}});
      }
      if (train.landauer_floor_j > 0) {
        values.push_back({{"label", Label(run, variant)},
                          {"phase", "training"},
                          {"ratio", train.energy_j / train.landauer_floor_j}});
      }
    }
  }
  return {
      {"$schema", "https://vega.github.io/schema/vega-lite/v5.json"},
      {"title", "Energy as a multiple of the Landauer floor (bits erased x kT ln 2)"},
      {"width", 560},
      {"data", {{"values", values}}},
      // Bars on a log axis need a positive baseline: they start at ratio 1, the floor itself.
      {"mark", "bar"},
      {"encoding",
       {{"y", {{"field", "label"}, {"type", "nominal"}, {"title", nullptr}}},
        {"yOffset", {{"field", "phase"}}},
        {"x",
         {{"field", "ratio"},
          {"type", "quantitative"},
          {"scale", {{"type", "log"}}},
          {"axis", {{"format", ".0e"}}},
          {"title", "energy / Landauer floor (log scale; 1 = the floor)"}}},
        {"x2", {{"datum", 1}}},
        {"color", {{"field", "phase"}, {"type", "nominal"}}},
        {"tooltip",
         {{{"field", "label"}},
          {{"field", "phase"}},
          {{"field", "ratio"}, {"type", "quantitative"}, {"format", ".3e"}}}}}},
  };
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

// landauer/report/charts.h — the Vega-Lite specifications landauer draws.
//
//   nlohmann::json spec = ParetoChartSpec(comparison);          // compare's report.html
//   nlohmann::json sweep = ClockSweepChartSpec(energy_sweep);   // rev energy --html
//
// Each returns a complete Vega-Lite v5 specification with its data inlined; html_report.h puts
// them in self-contained pages. The specs are part of the library (not of a front end) so the
// CLI, the report and later the Python bindings draw the same charts.
#ifndef LANDAUER_REPORT_CHARTS_H_
#define LANDAUER_REPORT_CHARTS_H_

#include <nlohmann/json.hpp>

#include "landauer/methods/compare.h"
#include "landauer/reversible/adiabatic.h"

namespace landauer {

// Test accuracy against energy per inference (log axis), coloured by method, shaped by variant,
// with the Pareto front as a dashed line.
nlohmann::json ParetoChartSpec(const Comparison& comparison);
// Energy per inference stacked by component, one bar per method and variant.
nlohmann::json BreakdownChartSpec(const Comparison& comparison);
// Energy ÷ Landauer floor per method and variant, inference and training (log axis from 1).
nlohmann::json FloorChartSpec(const Comparison& comparison);
// Energy per operation of a kernel against clock period: conventional CMOS, adiabatic
// reversible, and both Landauer floors (log-log).
nlohmann::json ClockSweepChartSpec(const reversible::EnergySweep& sweep);

}  // namespace landauer

#endif  // LANDAUER_REPORT_CHARTS_H_

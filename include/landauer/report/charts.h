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

// Test accuracy with its 95 % interval against energy per inference (log axis, SI ticks), one
// colour per row; the Pareto front ringed and joined; the workload floor as a red rule.
nlohmann::json ParetoChartSpec(const Comparison& comparison);
// Energy per inference by component, a bar per component on a log axis; one colour per
// component in every chart.
nlohmann::json BreakdownChartSpec(const Comparison& comparison);
// The same for each method's training run.
nlohmann::json TrainingBreakdownChartSpec(const Comparison& comparison);
// Energy ÷ the workload floor and ÷ the method's own floor, per row (log axis from 1).
nlohmann::json FloorChartSpec(const Comparison& comparison);
// Training loss and accuracy per epoch for every method.
nlohmann::json TrainingCurvesChartSpec(const Comparison& comparison);
// Energy per operation of a kernel against clock period: conventional CMOS, adiabatic
// reversible, and both Landauer floors (log-log).
nlohmann::json ClockSweepChartSpec(const reversible::EnergySweep& sweep);

}  // namespace landauer

#endif  // LANDAUER_REPORT_CHARTS_H_

// landauer/report/html_report.h — the self-contained report.html of `landauer compare`.
//
//   std::string html = RenderCompareReport(comparison, ReportAssetDirectory());
//   WriteFileAtomically("out/report.html", html);
//
// Five Vega-Lite charts (charts.h), drawn in the browser by vega, vega-lite and vega-embed (from
// the npm registry, installed into report/node_modules by scripts/setup.sh and inlined into the
// page, so it opens from disk with no network):
//   1. accuracy with its 95 % interval against energy per inference (log axis), the Pareto front
//      and the workload floor;
//   2. energy per inference by component (log axis); 3. training energy by component;
//   4. energy ÷ the workload floor and ÷ the method's own floor;
//   5. training loss and accuracy per epoch.
// When the charts have rendered, the page sets <body data-rendered="5">; on failure it sets
// data-error (tests read both).
#ifndef LANDAUER_REPORT_HTML_REPORT_H_
#define LANDAUER_REPORT_HTML_REPORT_H_

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "landauer/methods/compare.h"

namespace landauer {

// $LANDAUER_REPORT_ASSETS if set, else report/node_modules of the source tree, else
// share/landauer/report/node_modules of the install tree.
std::string ReportAssetDirectory();

// Where a report comes from: the landauer version and git commit it was built from, the date and
// host it ran on, and the command line.
struct ReportProvenance {
  std::string version = "unknown";
  std::string commit = "unknown";
  std::string date_utc;
  std::string host;
  std::string command;
};
ReportProvenance CurrentProvenance(std::string command);

// The report: five charts, the results (SI units), how to read them, the methods with every
// parameter, a per-action audit of every row, provenance, and the energy tables used with the
// source of every entry, so the page stands alone. Throws InputError naming the missing file and
// the fix if the charting libraries are absent.
std::string RenderCompareReport(const Comparison& comparison,
                                const std::string& asset_directory,
                                const ReportProvenance& provenance,
                                const std::vector<EnergyTable>& tables);

// A self-contained page of Vega-Lite charts (same inlined libraries): `charts` maps an element id
// to its spec; `body_html` (already escaped by the caller) comes first. Sets data-rendered to the
// chart count when every chart has drawn.
std::string RenderChartPage(const std::string& title,
                            const std::string& body_html,
                            const std::vector<std::pair<std::string, nlohmann::json>>& charts,
                            const std::string& asset_directory);
std::string EscapeHtml(const std::string& text);

}  // namespace landauer

#endif  // LANDAUER_REPORT_HTML_REPORT_H_

// landauer/report/html_report.h — the self-contained report.html of `landauer compare`.
//
//   std::string html = RenderCompareReport(comparison, ReportAssetDirectory());
//   WriteFileAtomically("out/report.html", html);
//
// Three Vega-Lite charts (charts.h), drawn in the browser by vega, vega-lite and vega-embed (from
// the npm registry, installed into report/node_modules by scripts/setup.sh and inlined into the
// page, so it opens from disk with no network):
//   1. accuracy against energy per inference (log axis), with the Pareto front;
//   2. energy per inference broken down by component;
//   3. each method's energy as a multiple of its Landauer floor (inference and training).
// A results table and the energy table's provenance follow. When the charts have rendered, the
// page sets <body data-rendered="3">; on failure it sets data-error (tests read both).
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

// Throws InputError naming the missing file and the fix if the charting libraries are absent.
std::string RenderCompareReport(const Comparison& comparison, const std::string& asset_directory);

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

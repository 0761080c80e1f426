#include "landauer/report/html_report.h"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>

#include "landauer/core/atomic_file.h"
#include "landauer/core/errors.h"
#include "landauer/report/charts.h"

namespace landauer {
namespace {

namespace fs = std::filesystem;

constexpr const char* kScripts[] = {"vega/build/vega.min.js",
                                    "vega-lite/build/vega-lite.min.js",
                                    "vega-embed/build/vega-embed.min.js"};

// JSON inside <script>: "</" must not appear or it would close the element.
std::string ScriptSafeJson(const nlohmann::json& json) {
  std::string text = json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '<' && i + 1 < text.size() && text[i + 1] == '/') {
      out += "<\\/";
      ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string InlineScripts(const std::string& asset_directory) {
  std::string scripts;
  for (const char* script : kScripts) {
    const fs::path path = fs::path(asset_directory) / script;
    if (!fs::is_regular_file(path)) {
      throw InputError(path.string(),
                       0,
                       "charting library missing",
                       "run ./scripts/setup.sh (it installs vega, vega-lite and vega-embed into "
                       "report/node_modules with npm ci), or set LANDAUER_REPORT_ASSETS");
    }
    scripts += "<script>" + ReadFile(path.string()) + "</script>\n";
  }
  return scripts;
}

}  // namespace

std::string EscapeHtml(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string RenderChartPage(const std::string& title,
                            const std::string& body_html,
                            const std::vector<std::pair<std::string, nlohmann::json>>& charts,
                            const std::string& asset_directory) {
  const std::string scripts = InlineScripts(asset_directory);
  std::string divs, embeds;
  nlohmann::json specs = nlohmann::json::object();
  for (const auto& [id, spec] : charts) {
    divs += fmt::format("<div id=\"{}\"></div>\n", EscapeHtml(id));
    embeds += fmt::format("vegaEmbed(\"#{}\", specs[\"{}\"], options),", id, id);
    specs[id] = spec;
  }
  return fmt::format(R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em auto; max-width: 72em; color: #222; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
td, th {{ border-bottom: 1px solid #ddd; padding: 0.3em 0.8em; text-align: right; }}
</style>
{scripts}</head>
<body>
<h1>{title}</h1>
{body}
{divs}<p id="error"></p>
<script>
const specs = {specs};
const options = {{ actions: false, renderer: "svg" }};
Promise.all([{embeds}])
  .then(() => {{ document.body.dataset.rendered = "{count}"; }})
  .catch((e) => {{ document.body.dataset.error = String(e); document.getElementById("error").textContent = "Chart error: " + e; }});
</script>
</body></html>
)",
                     fmt::arg("title", EscapeHtml(title)),
                     fmt::arg("scripts", scripts),
                     fmt::arg("body", body_html),
                     fmt::arg("divs", divs),
                     fmt::arg("specs", ScriptSafeJson(specs)),
                     fmt::arg("embeds", embeds),
                     fmt::arg("count", charts.size()));
}

std::string ReportAssetDirectory() {
  if (const char* env = std::getenv("LANDAUER_REPORT_ASSETS"); env != nullptr && *env != '\0')
    return env;
  std::error_code error;
  const fs::path exe = fs::read_symlink("/proc/self/exe", error);
  if (!error) {
    const fs::path installed =
        exe.parent_path() / ".." / "share" / "landauer" / "report" / "node_modules";
    if (fs::is_directory(installed, error)) return installed.string();
  }
#ifdef LANDAUER_SOURCE_DIR
  return std::string(LANDAUER_SOURCE_DIR) + "/report/node_modules";
#else
  return "report/node_modules";
#endif
}

std::string RenderCompareReport(const Comparison& comparison, const std::string& asset_directory) {
  const std::string scripts = InlineScripts(asset_directory);
  const nlohmann::json specs = {{"pareto", ParetoChartSpec(comparison)},
                                {"breakdown", BreakdownChartSpec(comparison)},
                                {"floor", FloorChartSpec(comparison)}};
  std::string rows, methods;
  for (const MethodRun& run : comparison.runs) {
    for (const VariantRun& variant : run.variants) {
      const EnergyReport& e = variant.energy;
      const double n = static_cast<double>(std::max<std::int64_t>(1, variant.evaluation.samples));
      rows += fmt::format(
          "<tr><td>{}</td><td>{}</td><td>{:.2f} "
          "%</td><td>{:.3e}</td><td>{:.3e}</td><td>{}</td><td>{:.3e}</td><td>{}</td></tr>\n",
          EscapeHtml(run.info.name),
          EscapeHtml(variant.evaluation.variant),
          100.0 * variant.evaluation.accuracy,
          e.energy_j / n,
          e.landauer_floor_j / n,
          e.landauer_floor_j > 0 ? fmt::format("{:.3g}", e.energy_j / e.landauer_floor_j) : "n/a",
          run.train_energy.energy_j,
          variant.pareto ? "yes" : "");
    }
    methods += fmt::format("<li><b>{}</b> ({}): {} <i>Bits erased:</i> {}</li>\n",
                           EscapeHtml(run.info.name),
                           EscapeHtml(run.info.substrate),
                           EscapeHtml(run.info.summary),
                           EscapeHtml(run.info.erased_bits));
  }
  return fmt::format(
      R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>landauer compare: {workload}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em auto; max-width: 72em; color: #222; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
td, th {{ border-bottom: 1px solid #ddd; padding: 0.3em 0.8em; text-align: right; }}
td:first-child, td:nth-child(2), th {{ text-align: left; }}
.chart {{ margin: 1.5em 0; }}
#error {{ color: #b00; }}
</style>
{scripts}</head>
<body>
<h1>landauer compare</h1>
<p>Workload <b>{workload}</b>: {train} training and {test} test samples, {features} features, {classes} classes.
Priced on <b>{hardware}</b> ({hardware_description}) at {temperature} K; seed {seed}.</p>
<div id="error"></div>
<div class="chart" id="pareto"></div>
<div class="chart" id="breakdown"></div>
<div class="chart" id="floor"></div>
<h2>Results</h2>
<table><tr><th>method</th><th>variant</th><th>accuracy</th><th>J / inference</th><th>floor J / inference</th><th>energy / floor</th><th>training J</th><th>Pareto</th></tr>
{rows}</table>
<h2>Methods</h2><ul>
{methods}</ul>
<p>Every joule traces to a counted action and an entry of the energy table <code>{path}</code>;
see <code>landauer hardware show {hardware}</code> for the sources and assumptions.</p>
<script>
const specs = {specs};
const options = {{renderer: "svg", actions: false}};
Promise.all([vegaEmbed("#pareto", specs.pareto, options), vegaEmbed("#breakdown", specs.breakdown, options),
             vegaEmbed("#floor", specs.floor, options)])
  .then(() => {{ document.body.dataset.rendered = "3"; }})
  .catch((e) => {{ document.body.dataset.error = String(e); document.getElementById("error").textContent = "Chart error: " + e; }});
</script>
</body></html>
)",
      fmt::arg("workload", EscapeHtml(comparison.workload)),
      fmt::arg("scripts", scripts),
      fmt::arg("train", comparison.train_samples),
      fmt::arg("test", comparison.test_samples),
      fmt::arg("features", comparison.features),
      fmt::arg("classes", comparison.classes),
      fmt::arg("hardware", EscapeHtml(comparison.hardware)),
      fmt::arg("hardware_description", EscapeHtml(comparison.hardware_description)),
      fmt::arg("temperature", comparison.temperature_k),
      fmt::arg("seed", comparison.seed),
      fmt::arg("rows", rows),
      fmt::arg("methods", methods),
      fmt::arg("path", EscapeHtml(comparison.hardware_path)),
      fmt::arg("specs", ScriptSafeJson(specs)));
}

}  // namespace landauer

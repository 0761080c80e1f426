#include "landauer/report/html_report.h"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>

#include "landauer/core/atomic_file.h"
#include "landauer/core/errors.h"

namespace landauer {
namespace {

namespace fs = std::filesystem;

constexpr const char* kScripts[] = {"vega/build/vega.min.js",
                                    "vega-lite/build/vega-lite.min.js",
                                    "vega-embed/build/vega-embed.min.js"};

// JSON inside <script>: "</" must not appear or it would close the element.
std::string ScriptSafeJson(const nlohmann::json& json) {
  std::string text = json.dump();
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

nlohmann::json PointRows(const nlohmann::json& results) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& r : results.at("results")) {
    rows.push_back({{"label", r.at("label")},
                    {"method", r.at("method")},
                    {"variant", r.at("variant")},
                    {"accuracy", r.at("accuracy")},
                    {"energy_j", r.at("inference_j_per_sample")},
                    {"pareto", r.at("pareto")}});
  }
  return rows;
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

nlohmann::json ParetoChartSpec(const nlohmann::json& results) {
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
      {"data", {{"values", PointRows(results)}}},
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

nlohmann::json BreakdownChartSpec(const nlohmann::json& results) {
  nlohmann::json values = nlohmann::json::array();
  for (const auto& r : results.at("results")) {
    for (const auto& [component, joules] : r.at("breakdown_j_per_sample").items()) {
      values.push_back({{"label", r.at("label")}, {"component", component}, {"energy_j", joules}});
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

nlohmann::json FloorChartSpec(const nlohmann::json& results) {
  nlohmann::json values = nlohmann::json::array();
  for (const auto& r : results.at("results")) {
    if (!r.at("inference_ratio_to_floor").is_null()) {
      values.push_back({{"label", r.at("label")},
                        {"phase", "inference"},
                        {"ratio", r.at("inference_ratio_to_floor")}});
    }
    if (!r.at("train_ratio_to_floor").is_null()) {
      values.push_back({{"label", r.at("label")},
                        {"phase", "training"},
                        {"ratio", r.at("train_ratio_to_floor")}});
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

std::string RenderCompareReport(const nlohmann::json& results, const std::string& asset_directory) {
  const std::string scripts = InlineScripts(asset_directory);
  const nlohmann::json specs = {{"pareto", ParetoChartSpec(results)},
                                {"breakdown", BreakdownChartSpec(results)},
                                {"floor", FloorChartSpec(results)}};
  std::string rows;
  for (const auto& r : results.at("results")) {
    const auto ratio = r.at("inference_ratio_to_floor");
    rows += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{:.2f} "
        "%</td><td>{:.3e}</td><td>{:.3e}</td><td>{}</td><td>{:.3e}</td><td>{}</td></tr>\n",
        EscapeHtml(r.at("method").get<std::string>()),
        EscapeHtml(r.at("variant").get<std::string>()),
        100.0 * r.at("accuracy").get<double>(),
        r.at("inference_j_per_sample").get<double>(),
        r.at("inference_floor_j_per_sample").get<double>(),
        ratio.is_null() ? "n/a" : fmt::format("{:.3g}", ratio.get<double>()),
        r.at("train_j_total").get<double>(),
        r.at("pareto").get<bool>() ? "yes" : "");
  }
  std::string methods;
  for (const auto& m : results.at("methods")) {
    methods += fmt::format("<li><b>{}</b> ({}): {} <i>Bits erased:</i> {}</li>\n",
                           EscapeHtml(m.at("name").get<std::string>()),
                           EscapeHtml(m.at("substrate").get<std::string>()),
                           EscapeHtml(m.at("summary").get<std::string>()),
                           EscapeHtml(m.at("erased_bits").get<std::string>()));
  }
  const auto& workload = results.at("workload");
  const auto& hardware = results.at("hardware");
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
      fmt::arg("workload", EscapeHtml(workload.at("data").get<std::string>())),
      fmt::arg("scripts", scripts),
      fmt::arg("train", workload.at("train_samples").get<std::int64_t>()),
      fmt::arg("test", workload.at("test_samples").get<std::int64_t>()),
      fmt::arg("features", workload.at("features").get<std::int64_t>()),
      fmt::arg("classes", workload.at("classes").get<int>()),
      fmt::arg("hardware", EscapeHtml(hardware.at("name").get<std::string>())),
      fmt::arg("hardware_description", EscapeHtml(hardware.at("description").get<std::string>())),
      fmt::arg("temperature", hardware.at("temperature_k").get<double>()),
      fmt::arg("seed", results.at("seed").get<std::uint64_t>()),
      fmt::arg("rows", rows),
      fmt::arg("methods", methods),
      fmt::arg("path", EscapeHtml(hardware.at("path").get<std::string>())),
      fmt::arg("specs", ScriptSafeJson(specs)));
}

}  // namespace landauer

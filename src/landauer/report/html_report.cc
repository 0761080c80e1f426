#include "landauer/report/html_report.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <filesystem>

#include "landauer/core/atomic_file.h"
#include "landauer/core/errors.h"
#include "landauer/report/charts.h"
#include "landauer/report/text_table.h"

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

ReportProvenance CurrentProvenance(std::string command) {
  ReportProvenance provenance;
#ifdef LANDAUER_VERSION
  provenance.version = LANDAUER_VERSION;
#endif
#ifdef LANDAUER_GIT_COMMIT
  provenance.commit = LANDAUER_GIT_COMMIT;
#endif
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &utc);
  provenance.date_utc = date;
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) == 0) provenance.host = host;
  provenance.command = std::move(command);
  return provenance;
}

namespace {

std::string Si(double value, const char* unit) { return EscapeHtml(FormatSi(value, unit)); }

// One row's per-action audit: action, scope, count, unit price, energy, source, assumption; and
// what lies outside the boundary.
std::string AuditTable(const EnergyReport& report, double per) {
  std::string html =
      "<table class=\"audit\"><tr><th>phase</th><th>component</th><th>action</th><th>scope</th>"
      "<th>count</th><th>unit price</th><th>energy</th><th>source</th><th>assumption</th></tr>\n";
  for (const PhaseReport& phase : report.phases) {
    for (const PricedAction& action : phase.actions) {
      html += fmt::format(
          "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.4g}</td><td>{}</td><td>{}</td>"
          "<td class=\"source\">{}</td><td>{}</td></tr>\n",
          EscapeHtml(phase.name),
          EscapeHtml(action.component),
          EscapeHtml(action.action),
          EscapeHtml(action.scope),
          action.count / per,
          Si(action.energy_per_action_j, "J"),
          Si(action.energy_j / per, "J"),
          EscapeHtml(action.source),
          action.assumption ? "assumed" : "");
    }
    for (const ExcludedAction& action : phase.outside_scope) {
      html += fmt::format(
          "<tr class=\"outside\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.4g}</td>"
          "<td colspan=\"4\">outside the {} boundary: not in the energy</td></tr>\n",
          EscapeHtml(phase.name),
          EscapeHtml(action.component),
          EscapeHtml(action.action),
          EscapeHtml(action.scope),
          action.count / per,
          EscapeHtml(report.scope));
    }
  }
  return html + "</table>\n";
}

std::string TableSection(const EnergyTable& table) {
  std::string html = fmt::format(
      "<details><summary><b>{}</b> ({}; scope {}{}; node {}; {} K)</summary>\n<p>{}</p>\n"
      "<table class=\"audit\"><tr><th>component</th><th>action</th><th>scope</th><th>energy</th>"
      "<th>time</th><th>source</th><th>assumption</th></tr>\n",
      EscapeHtml(table.name()),
      EscapeHtml(table.origin()),
      table.scope() ? std::string(ToString(*table.scope())) : "undeclared",
      table.lumped() ? ", lumped" : "",
      EscapeHtml(table.node().empty() ? "not given" : table.node()),
      table.temperature().value(),
      EscapeHtml(table.description()));
  for (const EnergyEntry& entry : table.entries()) {
    html += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"source\">{}{}</td>"
        "<td>{}</td></tr>\n",
        EscapeHtml(entry.component),
        EscapeHtml(entry.action),
        ToString(entry.scope),
        Si(entry.energy_j, "J"),
        entry.time_s ? Si(*entry.time_s, "s") : "",
        EscapeHtml(entry.source),
        entry.note.empty() ? "" : "<br><i>" + EscapeHtml(entry.note) + "</i>",
        entry.assumption ? "assumed" : "");
  }
  return html + "</table></details>\n";
}

}  // namespace

std::string RenderCompareReport(const Comparison& comparison,
                                const std::string& asset_directory,
                                const ReportProvenance& provenance,
                                const std::vector<EnergyTable>& tables) {
  const std::string scripts = InlineScripts(asset_directory);
  const std::vector<std::pair<std::string, nlohmann::json>> charts = {
      {"pareto", ParetoChartSpec(comparison)},
      {"breakdown", BreakdownChartSpec(comparison)},
      {"training", TrainingBreakdownChartSpec(comparison)},
      {"floor", FloorChartSpec(comparison)},
      {"curves", TrainingCurvesChartSpec(comparison)}};
  nlohmann::json specs = nlohmann::json::object();
  std::string divs, embeds;
  for (const auto& [id, spec] : charts) {
    specs[id] = spec;
    divs += fmt::format("<div class=\"chart\" id=\"{}\"></div>\n", id);
    embeds += fmt::format("vegaEmbed(\"#{}\", specs[\"{}\"], options),", id, id);
  }
  const WorkloadFloor& floor = comparison.workload_floor;
  std::string rows, audits, methods;
  for (const MethodRun& run : comparison.runs) {
    for (const VariantRun& variant : run.variants) {
      const EnergyReport& e = variant.energy;
      const double n = static_cast<double>(std::max<std::int64_t>(1, variant.evaluation.samples));
      // The substrate's own quantities (Evaluation::metrics) under the variant's name.
      std::string metrics;
      for (const auto& [name, value] : variant.evaluation.metrics) {
        metrics += fmt::format("{}{} {:.4g}", metrics.empty() ? "" : ", ", name, value);
      }
      rows += fmt::format(
          "<tr><td>{}</td><td>{}{}</td><td>{:.2f} % <small>[{:.2f}, {:.2f}]{}</small></td>"
          "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
          "</tr>\n",
          EscapeHtml(run.info.name),
          EscapeHtml(variant.evaluation.variant),
          metrics.empty() ? std::string() : "<br><small>" + EscapeHtml(metrics) + "</small>",
          100.0 * variant.evaluation.accuracy,
          100.0 * variant.accuracy_95.low,
          100.0 * variant.accuracy_95.high,
          variant.seeds > 1 ? fmt::format("<br>{:.2f} ± {:.2f} % over {} seeds",
                                          100.0 * variant.accuracy_over_seeds.mean,
                                          100.0 * variant.accuracy_over_seeds.sd,
                                          variant.seeds)
                            : std::string(),
          Si(e.energy_j / n, "J"),
          variant.time.seconds > 0 ? Si(variant.modelled_s_per_sample(), "s") : "untimed",
          floor.known() ? fmt::format("{:.3g}", e.energy_j / n / floor.joules) : "n/a",
          e.landauer_floor_j > 0 ? fmt::format("{:.3g}", e.energy_j / e.landauer_floor_j) : "n/a",
          Si(run.train_energy.energy_j, "J"),
          run.train_time.seconds > 0 ? Si(run.train_time.seconds, "s") : "untimed",
          EscapeHtml(run.priced_with + (run.node.empty() ? "" : " (" + run.node + ")")),
          variant.pareto ? "&#9675; front" : "");
      audits += fmt::format(
          "<details><summary>{} {}: inference, per test sample ({})</summary>\n{}</details>\n",
          EscapeHtml(run.info.name),
          EscapeHtml(variant.evaluation.variant),
          Si(e.energy_j / n, "J"),
          AuditTable(e, n));
    }
    audits +=
        fmt::format("<details><summary>{}: training, whole run ({})</summary>\n{}</details>\n",
                    EscapeHtml(run.info.name),
                    Si(run.train_energy.energy_j, "J"),
                    AuditTable(run.train_energy, 1.0));
    methods += fmt::format(
        "<li><b>{}</b> ({}): {} <i>Bits erased:</i> {} <i>Time model:</i> {}. "
        "<i>Parameters:</i> <code>{}</code></li>\n",
        EscapeHtml(run.info.name),
        EscapeHtml(run.info.substrate),
        EscapeHtml(run.info.summary),
        EscapeHtml(run.info.erased_bits),
        EscapeHtml(run.variants.empty() ? run.train_time.model : run.variants.front().time.model),
        EscapeHtml(run.params.ToJson().dump()));
  }
  std::string table_sections;
  for (const EnergyTable& table : tables) table_sections += TableSection(table);
  const std::string floor_text =
      floor.known()
          ? fmt::format(
                "({:.0f} input bits as stored − log<sub>2</sub> {} classes = {:.0f} bits) "
                "× kT ln 2 = <b>{}</b> per inference",
                floor.input_bits,
                comparison.classes,
                floor.bits,
                Si(floor.joules, "J"))
          : std::string("unknown: the data set does not say how it stores an input");
  return fmt::format(
      R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>landauer compare: {workload}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em auto; max-width: 80em; color: #222; line-height: 1.4; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
td, th {{ border-bottom: 1px solid #ddd; padding: 0.3em 0.7em; text-align: right; vertical-align: top; }}
td:first-child, td:nth-child(2), th {{ text-align: left; }}
table.audit td {{ text-align: left; font-size: 0.9em; }}
td.source {{ max-width: 40em; }}
tr.outside td {{ color: #888; }}
.chart {{ margin: 1.5em 0; }}
details {{ margin: 0.4em 0; }}
#error {{ color: #b00; }}
</style>
{scripts}</head>
<body>
<h1>landauer compare: {workload}</h1>
<p>Workload <b>{workload}</b>: {train} training and {test} test samples, {features} features, {classes} classes.
Every row is priced at <b>{scope}</b> scope on <b>{hardware}</b> ({hardware_description}) and the tables each method adds, at {temperature} K.
Workload floor: {floor_text}. Seed {seed}.</p>
<div id="error"></div>
{divs}
<h2>Results</h2>
<table id="results"><tr><th>method</th><th>variant</th><th>accuracy [95 %]</th><th>energy / inference</th><th>modelled time / inference</th><th>× workload floor</th><th>× own floor</th><th>training energy</th><th>modelled training time</th><th>priced with (node)</th><th>Pareto</th></tr>
{rows}</table>
<p>The rows as CSV: <a href="results.csv">results.csv</a>; everything as JSON: <a href="results.json">results.json</a>.</p>
<h2 id="how-to-read">How to read these numbers</h2>
<ul>
<li><b>One boundary.</b> Every row is priced at {scope} scope: core counts the operations; chip adds on-chip memory, converters and static power over the modelled time; system adds off-chip memory and I/O. What lies outside is listed in each audit, greyed.</li>
<li><b>× workload floor</b> is the comparable column: the same floor for every row. <b>× own floor</b> divides by the bits the method itself erases (one convention for every method), and shows where it erases.</li>
<li><b>Modelled time</b> is time on the substrate at its table's peak rates (a lower bound); the simulator's own time on this host is in results.json as <code>train_seconds</code> and <code>inference_seconds</code>.</li>
<li><b>Accuracy</b> carries Wilson's 95 % interval; rows whose intervals overlap are ties, and among ties the cheaper row is on the front.</li>
<li><b>Assumed</b> prices are derived or assumed, with the arithmetic in their source. The energies hold at full utilisation; a real device that idles costs more.</li>
</ul>
<h2>Methods</h2><ul>
{methods}</ul>
<h2 id="audit">Per-action audit</h2>
<p>Every joule, traced to a counted action and the table entry that prices it.</p>
{audits}
<h2 id="provenance">Provenance</h2>
<table class="audit">
<tr><td>landauer</td><td>{version}</td></tr>
<tr><td>commit</td><td>{commit}</td></tr>
<tr><td>date (UTC)</td><td>{date}</td></tr>
<tr><td>host</td><td>{host}</td></tr>
<tr><td>command</td><td><code>{command}</code></td></tr>
<tr><td>seed</td><td>{seed}</td></tr>
<tr><td>epochs, batch</td><td>{epochs}, {batch}</td></tr>
</table>
<h3>Energy tables used</h3>
{table_sections}
<script>
const specs = {specs};
const options = {{renderer: "svg", actions: false}};
Promise.all([{embeds}])
  .then(() => {{ document.body.dataset.rendered = "{count}"; }})
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
      fmt::arg("scope", EscapeHtml(comparison.scope)),
      fmt::arg("hardware", EscapeHtml(comparison.hardware)),
      fmt::arg("hardware_description", EscapeHtml(comparison.hardware_description)),
      fmt::arg("temperature", comparison.temperature_k),
      fmt::arg("floor_text", floor_text),
      fmt::arg("seed", comparison.seed),
      fmt::arg("divs", divs),
      fmt::arg("rows", rows),
      fmt::arg("methods", methods),
      fmt::arg("audits", audits),
      fmt::arg("version", EscapeHtml(provenance.version)),
      fmt::arg("commit", EscapeHtml(provenance.commit)),
      fmt::arg("date", EscapeHtml(provenance.date_utc)),
      fmt::arg("host", EscapeHtml(provenance.host)),
      fmt::arg("command", EscapeHtml(provenance.command)),
      fmt::arg("epochs", comparison.settings.epochs),
      fmt::arg("batch", comparison.settings.batch),
      fmt::arg("table_sections", table_sections),
      fmt::arg("specs", ScriptSafeJson(specs)),
      fmt::arg("embeds", embeds),
      fmt::arg("count", charts.size()));
}

}  // namespace landauer

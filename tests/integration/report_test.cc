// Opens the report of a real `landauer compare` run in headless Chromium and checks that all three
// charts rendered (the page sets <body data-rendered="3"> after vega-embed resolves) with no error.
// Chromium is installed by scripts/setup.sh; without it this test fails rather than skips.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

std::string Slurp(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

int Shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(Report, ChartsRenderInHeadlessChromium) {
  ASSERT_EQ(Shell("command -v chromium >/dev/null"), 0)
      << "chromium not found: run ./scripts/setup.sh";
  const fs::path dir =
      fs::temp_directory_path() / ("landauer_report_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string compare =
      std::string("LANDAUER_DATA_DIR='") + LANDAUER_TEST_DATA_DIR + "' '" + LANDAUER_CLI_PATH +
      "' compare --data digits --epochs 3 --batch 32 --out '" + (dir / "out").string() + "' > '" +
      (dir / "stdout").string() + "' 2>&1";
  ASSERT_EQ(Shell(compare), 0) << Slurp(dir / "stdout");
  const nlohmann::json results = nlohmann::json::parse(Slurp(dir / "out" / "results.json"));
  EXPECT_EQ(results["schema"], "landauer.compare/1");
  // digital-mlp fp32/bf16/int8, adiabatic-mlp, hdc-idlevel
  EXPECT_EQ(results["results"].size(), 5u);

  const std::string chromium =
      "timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
      "--disable-background-networking --disable-component-update --disable-sync "
      "--user-data-dir='" +
      (dir / "profile").string() + "' --virtual-time-budget=15000 --dump-dom 'file://" +
      (dir / "out" / "report.html").string() + "' > '" + (dir / "dom.html").string() +
      "' 2>/dev/null";
  ASSERT_EQ(Shell(chromium), 0);
  const std::string dom = Slurp(dir / "dom.html");
  EXPECT_NE(dom.find("data-rendered=\"5\""), std::string::npos)
      << "charts did not finish rendering";
  EXPECT_EQ(dom.find("data-error="), std::string::npos) << "a chart failed to render";
  // Each rendered chart is an <svg class="marks">; bars and points are paths inside them.
  const std::regex svg("<svg[^>]*class=\"marks\"");
  const auto charts =
      std::distance(std::sregex_iterator(dom.begin(), dom.end(), svg), std::sregex_iterator());
  EXPECT_EQ(charts, 5);
  for (const char* title : {"Accuracy against energy per inference",
                            "Energy per inference by component",
                            "Training energy by component",
                            "multiple of the Landauer floors",
                            "Training curves",
                            "workload floor"}) {
    EXPECT_NE(dom.find(title), std::string::npos) << title;
  }
  // Issue 10, point 5: the accuracy axis no longer repeats a label (one tick per 0.1 point at
  // most), and the chart draws error bars (rules) and rings the Pareto front.
  const std::regex tick_label("<text[^>]*>([0-9.]+%)</text>");
  std::vector<std::string> labels;
  for (auto it = std::sregex_iterator(dom.begin(), dom.end(), tick_label);
       it != std::sregex_iterator();
       ++it) {
    labels.push_back((*it)[1]);
  }
  ASSERT_GE(labels.size(), 3u);
  for (std::size_t i = 1; i < labels.size(); ++i) EXPECT_NE(labels[i], labels[i - 1]);
  // The audit table, the provenance and the tables with their sources are in the page.
  EXPECT_NE(dom.find("Per-action audit"), std::string::npos);
  EXPECT_NE(dom.find("unit price"), std::string::npos);
  EXPECT_NE(dom.find("outside the chip boundary"), std::string::npos);
  EXPECT_NE(dom.find("id=\"provenance\""), std::string::npos);
  EXPECT_NE(dom.find("commit"), std::string::npos);
  EXPECT_NE(dom.find("Jouppi et al."), std::string::npos);  // a source from the h100 table
  EXPECT_NE(dom.find("How to read these numbers"), std::string::npos);
  const std::string csv = Slurp(dir / "out" / "results.csv");
  EXPECT_EQ(csv.rfind("method,variant,substrate,scope,", 0), 0u) << csv;
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 6);  // a header and five rows
  EXPECT_NE(csv.find(",chip,"), std::string::npos);
  // The screenshot in docs/figures is made the same way:
  //   chromium --headless --window-size=1400,2000 --screenshot=docs/figures/compare-report.png
  fs::remove_all(dir);
}

// tngd-mlp is opt-in (slow: a 640 x 640 eigendecomposition per step), so it lives in this slow
// tier:
// --methods names it, and its device actions are priced with the run's table plus `spu`.
TEST(Report, CompareRunsTngdMlpOnRequest) {
  const fs::path dir =
      fs::temp_directory_path() / ("landauer_tngd_compare_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string compare =
      std::string("LANDAUER_DATA_DIR='") + LANDAUER_TEST_DATA_DIR + "' '" + LANDAUER_CLI_PATH +
      "' compare --data digits --epochs 1 --methods tngd-mlp --scope system --json --out '" +
      (dir / "out").string() + "' > '" + (dir / "stdout").string() + "' 2>'" +
      (dir / "stderr").string() + "'";
  ASSERT_EQ(Shell(compare), 0) << Slurp(dir / "stderr");
  const nlohmann::json json = nlohmann::json::parse(Slurp(dir / "stdout"));
  ASSERT_EQ(json["results"].size(), 1u);
  EXPECT_EQ(json["results"][0]["method"], "tngd-mlp");
  EXPECT_EQ(json["methods"][0]["priced_with"], "h100+spu");
  EXPECT_GT(json["methods"][0]["train_energy"]["breakdown_j"]["link"].get<double>(), 0.0);
  fs::remove_all(dir);
}

// A substrate's metrics (Evaluation::metrics) reach results.json and the report's table.
TEST(Report, SubstrateMetricsAreShown) {
  const fs::path dir =
      fs::temp_directory_path() / ("landauer_metrics_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string compare =
      std::string("LANDAUER_DATA_DIR='") + LANDAUER_TEST_DATA_DIR + "' '" + LANDAUER_CLI_PATH +
      "' compare --data digits --epochs 1 --methods sparse-mlp,moe-mlp --json --out '" +
      (dir / "out").string() + "' > '" + (dir / "stdout").string() + "' 2>'" +
      (dir / "stderr").string() + "'";
  ASSERT_EQ(Shell(compare), 0) << Slurp(dir / "stderr");
  const nlohmann::json json = nlohmann::json::parse(Slurp(dir / "stdout"));
  ASSERT_EQ(json["results"].size(), 3u);  // csr, dense-masked, switch-e8-k1
  EXPECT_NEAR(json["results"][0]["metrics"]["density"].get<double>(), 0.05, 1e-3);
  EXPECT_EQ(json["results"][2]["metrics"]["experts"], 8);
  const std::string html = Slurp(dir / "out" / "report.html");
  EXPECT_NE(html.find("active_macs_per_inference"), std::string::npos);
  EXPECT_NE(html.find("dropped_fraction"), std::string::npos);
  fs::remove_all(dir);
}

TEST(Report, RevEnergyChartRenders) {
  const fs::path dir =
      fs::temp_directory_path() / ("landauer_rev_report_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string run =
      std::string("LANDAUER_DATA_DIR='") + LANDAUER_TEST_DATA_DIR + "' '" + LANDAUER_CLI_PATH +
      "' rev energy --circuit mac:4 --clock 100ps:1us --points 9 --html '" +
      (dir / "energy.html").string() + "' > '" + (dir / "stdout").string() + "' 2>&1";
  ASSERT_EQ(Shell(run), 0) << Slurp(dir / "stdout");
  const std::string chromium =
      "timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
      "--disable-background-networking --disable-component-update --disable-sync "
      "--user-data-dir='" +
      (dir / "profile").string() + "' --virtual-time-budget=15000 --dump-dom 'file://" +
      (dir / "energy.html").string() + "' > '" + (dir / "dom.html").string() + "' 2>/dev/null";
  ASSERT_EQ(Shell(chromium), 0);
  const std::string dom = Slurp(dir / "dom.html");
  EXPECT_NE(dom.find("data-rendered=\"1\""), std::string::npos)
      << "the chart did not finish rendering";
  EXPECT_EQ(dom.find("data-error="), std::string::npos);
  EXPECT_NE(dom.find("Energy per mac:4 against clock period"), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace

// A toy substrate added from this one file: an engine, its cost model, its energy table, and a
// method, registered here and nowhere else (the only other edit is this test's line in
// tests/CMakeLists.txt). The test shows that the seams take a new substrate whole: it appears in
// `landauer methods`, `landauer compare` prices it, `--param` sets its parameter, and it passes
// both conformance suites, which this executable also runs (tests/conformance/ are linked in and
// enumerate the registries, toy included).
//
// The toy device: a crossbar-like array whose programmed conductances realise g·W with a
// systematic gain error g = 1 − 2⁻⁶, exact otherwise. Programming writes one cell per weight;
// a forward pass converts each input (DAC), accumulates in the array (one cell MAC per product)
// and converts each output (ADC). Its prices live in a table this test writes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli.h"
#include "landauer/core/progress.h"
#include "landauer/data/synthetic.h"
#include "landauer/energy/erasure.h"
#include "landauer/methods/compare.h"
#include "landauer/methods/registry.h"
#include "landauer/nn/cost_model.h"
#include "landauer/nn/engine_registry.h"
#include "landauer/nn/mlp.h"

namespace landauer {
namespace {

namespace fs = std::filesystem;

constexpr float kGain = 1.0f - 1.0f / 64.0f;
constexpr Action kCellWrite{"toy_cell", "write"};
constexpr Action kCellMac{"toy_cell", "mac"};
constexpr Action kDac{"toy_dac", "convert"};
constexpr Action kAdc{"toy_adc", "convert"};

// The toy's energy table, written where every test can name it by path.
std::string ToyTablePath() {
  static const std::string path = [] {
    const fs::path file =
        fs::temp_directory_path() / ("landauer_toy_" + std::to_string(::getpid())) / "toy.toml";
    fs::create_directories(file.parent_path());
    std::ofstream out(file);
    out << "schema = \"landauer.energy-table/1\"\nname = \"toy\"\n"
           "description = \"a toy crossbar for the seams test\"\ntemperature = \"300 K\"\n"
           "reference = \"tests/integration/toy_substrate_test.cc\"\n"
           "scope = \"chip\"\nstatic = \"counted\"\n";
    for (const auto& [component, action, energy] : {std::tuple{"toy_cell", "write", "1 pJ"},
                                                    {"toy_cell", "mac", "10 fJ"},
                                                    {"toy_dac", "convert", "0.5 pJ"},
                                                    {"toy_adc", "convert", "2 pJ"}}) {
      out << "[[entry]]\ncomponent = \"" << component << "\"\naction = \"" << action
          << "\"\nenergy = \"" << energy
          << "\"\nsource = \"test fixture\"\nassumption = true\nnote = \"not a real device\"\n";
    }
    return file.string();
  }();
  return path;
}

class ToyWeights final : public nn::ProgrammedWeights {
 public:
  explicit ToyWeights(const nn::ConstMatrixRef& w) : conductance_(kGain * w) {}
  Eigen::Index rows() const override { return conductance_.rows(); }
  Eigen::Index cols() const override { return conductance_.cols(); }
  void Forward(const nn::ConstMatrixRef& x, MatrixF& y) override {
    y.noalias() = x * conductance_.transpose();
  }
  void BackwardInput(const nn::ConstMatrixRef& dy, MatrixF& dx) override {
    dx.noalias() = dy * conductance_;
  }

 private:
  MatrixF conductance_;
};

// One forward pass: every input through a DAC, every product a cell MAC, every output an ADC;
// erased: each output register (16 bits).
class ToyCostModel final : public nn::CostModel {
 public:
  explicit ToyCostModel(nn::MlpSpec spec) : spec_(std::move(spec)) {}
  void CountForward(Ledger& ledger, std::string_view phase, std::int64_t rows) const override {
    const double b = static_cast<double>(rows);
    for (int l = 0; l < spec_.num_layers(); ++l) {
      const double in = spec_.widths[l], out = spec_.widths[l + 1];
      ledger.Count(phase, kDac, b * in);
      ledger.Count(phase, kCellMac, b * in * out);
      ledger.Count(phase, kAdc, b * out);
      ledger.CountErasedBits(phase, 16.0 * b * out);
    }
  }
  void CountBackward(Ledger& ledger, std::string_view phase, std::int64_t rows) const override {
    CountForward(ledger, phase, rows);  // a transposed read costs what a forward read does
  }
  void CountOptimizerStep(Ledger&, std::string_view, int, int) const override {}

 private:
  nn::MlpSpec spec_;
};

class ToyEngine final : public nn::LinearEngine {
 public:
  std::string Name() const override { return "toy-gain"; }
  nn::EngineCapabilities Capabilities() const override {
    return {.backward_input = true, .weight_gradient = true, .in_situ_update = false};
  }
  // y = x (g W)ᵀ, so ∂L/∂W = g dYᵀX: the device's gain is in its gradient too (without it the
  // gradient-mode conformance check fails, as it should).
  void WeightGradient(const nn::ConstMatrixRef& dy,
                      const nn::ConstMatrixRef& x,
                      nn::MatrixRef dw) override {
    dw.noalias() = kGain * (dy.transpose() * x);
  }
  std::unique_ptr<nn::ProgrammedWeights> Program(const nn::WeightsView& w,
                                                 const nn::ProgramContext& context) override {
    if (context.ledger != nullptr) {
      const double cells = static_cast<double>(w.rows() * w.cols());
      context.ledger->Count(context.phase, kCellWrite, cells);
      context.ledger->CountErasedBits(context.phase, 8.0 * cells);
    }
    return std::make_unique<ToyWeights>(w.ref());
  }
  std::unique_ptr<nn::CostModel> MakeCostModel(const nn::MlpSpec& spec) const override {
    return std::make_unique<ToyCostModel>(spec);
  }
};

// Nearest centroid on the toy device: the class means, shrunk towards the overall mean by
// `shrink`, are programmed as the weights; score_c = x·μ_c − ½|μ_c|², the dot products on the
// device and the offsets digitally.
class ToyCentroidMethod final : public Method {
 public:
  ToyCentroidMethod(MethodInfo info, MethodParams params, MethodContext context)
      : info_(std::move(info)), params_(std::move(params)), context_(context) {}
  MethodInfo Describe() const override { return info_; }
  FitSummary Fit(const Dataset& train, Ledger& ledger) override {
    ProgressTask progress(context_.progress, info_.name, 1);
    const auto d = train.dimension();
    centroids_ = MatrixF::Zero(train.num_classes, d);
    std::vector<double> counts(static_cast<std::size_t>(train.num_classes), 0.0);
    for (std::int64_t i = 0; i < train.size(); ++i) {
      const std::int32_t label = train.labels[static_cast<std::size_t>(i)];
      centroids_.row(label) += train.features.row(i);
      counts[static_cast<std::size_t>(label)] += 1.0;
    }
    const VectorF mean = train.features.colwise().mean().transpose();
    const float shrink = static_cast<float>(params_.Real("shrink"));
    for (int c = 0; c < train.num_classes; ++c) {
      centroids_.row(c) /= static_cast<float>(std::max(1.0, counts[static_cast<std::size_t>(c)]));
      centroids_.row(c) = (1.0f - shrink) * centroids_.row(c) + shrink * mean.transpose();
    }
    const double n = static_cast<double>(train.size()) * static_cast<double>(d);
    CountWithErasure(ledger, "train", "alu", "fp32_mac", n);  // the sums
    CountWithErasure(ledger, "train", "sram_small", "write_bit", 32.0 * centroids_.size());
    progress.Advance(1);
    return {.seconds = 0.0, .samples = train.size(), .final_loss = 0.0};
  }
  std::vector<Evaluation> Evaluate(const Dataset& test) override {
    ToyEngine engine;
    const nn::MlpSpec spec{
        {static_cast<int>(centroids_.cols()), static_cast<int>(centroids_.rows())}};
    Evaluation evaluation;
    evaluation.variant = "toy-gain";
    const auto device =
        engine.Program(centroids_, {.ledger = &evaluation.ledger, .phase = "inference"});
    MatrixF scores;
    device->Forward(test.features, scores);
    engine.MakeCostModel(spec)->CountForward(evaluation.ledger, "inference", test.size());
    const VectorF offsets = 0.5f * kGain * centroids_.rowwise().squaredNorm();
    CountWithErasure(
        evaluation.ledger, "inference", "alu", "fp32_mac", static_cast<double>(scores.size()));
    std::int64_t correct = 0;
    for (Eigen::Index i = 0; i < scores.rows(); ++i) {
      Eigen::Index best = 0;
      (scores.row(i) - offsets.transpose()).maxCoeff(&best);
      correct += best == test.labels[static_cast<std::size_t>(i)];
    }
    evaluation.samples = test.size();
    evaluation.accuracy = static_cast<double>(correct) / static_cast<double>(test.size());
    return {evaluation};
  }

 private:
  MethodInfo info_;
  MethodParams params_;
  MethodContext context_;
  MatrixF centroids_;
};

// The registration: one statement, from this file. (Objects linked straight into an executable
// keep their static initialisers; a library's built-ins are listed in src/landauer/builtins.cc.)
const bool kRegistered = [] {
  nn::RegisterEngine({"toy-gain",
                      "a crossbar with a systematic gain error of 2^-6, for the seams test",
                      [](const nn::EngineSetup&) { return std::make_unique<ToyEngine>(); },
                      nn::ConformanceTolerances{
                          .forward = 1e-3, .backward_input = 1e-3, .weight_gradient = 1e-3}});
  // What the toy device's actions erase (energy/erasure.h): a programmed cell holds 8 bits, an
  // ADC output register 16; the DAC drives a line and the cell MAC moves charge, storing nothing.
  RegisterErasureRule("toy_cell", [](std::string_view action) -> std::optional<double> {
    if (action == "write") return 8.0;
    if (action == "mac") return 0.0;
    return std::nullopt;
  });
  RegisterErasureRule("toy_adc", [](std::string_view action) -> std::optional<double> {
    return action == "convert" ? std::optional<double>(16.0) : std::nullopt;
  });
  RegisterErasureRule("toy_dac", [](std::string_view action) -> std::optional<double> {
    return action == "convert" ? std::optional<double>(0.0) : std::nullopt;
  });
  MethodInfo info{.name = "toy-centroid",
                  .substrate = "toy",
                  .summary = "nearest class mean, scored on the toy crossbar",
                  .erased_bits = "centroids written; each output register of the toy ADC",
                  .in_default_set = false,
                  .device_tables = {ToyTablePath()}};
  RegisterMethod({info,
                  {{.key = "shrink",
                    .type = ParamType::kReal,
                    .default_value = "0",
                    .doc = "shrinkage of each class mean towards the overall mean",
                    .min = 0.0,
                    .max = 1.0}},
                  [info](const MethodParams& params, const MethodContext& context) {
                    return std::make_unique<ToyCentroidMethod>(info, params, context);
                  }});
  return true;
}();

struct CliResult {
  int exit_code = -1;
  std::string out;
};

CliResult RunCli(std::vector<std::string> args) {
  args.insert(args.begin(), "landauer");
  std::vector<const char*> argv;
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  ::testing::internal::CaptureStdout();
  CliResult result;
  result.exit_code = cli::Main(static_cast<int>(argv.size()), argv.data());
  result.out = ::testing::internal::GetCapturedStdout();
  return result;
}

TEST(ToySubstrate, IsRegisteredOnceFromThisFile) {
  ASSERT_TRUE(kRegistered);
  const std::vector<std::string> methods = MethodNames();
  EXPECT_NE(std::find(methods.begin(), methods.end(), "toy-centroid"), methods.end());
  const std::vector<std::string> engines = nn::EngineNames();
  EXPECT_NE(std::find(engines.begin(), engines.end(), "toy-gain"), engines.end());
  // Not in the default set, so a plain `compare` is unchanged by it.
  const std::vector<std::string> defaults = DefaultMethodNames();
  EXPECT_EQ(std::find(defaults.begin(), defaults.end(), "toy-centroid"), defaults.end());
}

TEST(ToySubstrate, AppearsInLandauerMethods) {
  const CliResult r = RunCli({"methods", "--json"});
  ASSERT_EQ(r.exit_code, 0);
  const nlohmann::json json = nlohmann::json::parse(r.out);
  bool found = false;
  for (const auto& method : json["methods"]) {
    if (method["name"] != "toy-centroid") continue;
    found = true;
    EXPECT_EQ(method["substrate"], "toy");
    ASSERT_EQ(method["params"].size(), 1u);
    EXPECT_EQ(method["params"][0]["key"], "shrink");
    EXPECT_EQ(method["params"][0]["accepted"], "a number in [0, 1]");
  }
  EXPECT_TRUE(found) << r.out;
  bool engine = false;
  for (const auto& e : json["engines"]) engine = engine || e["name"] == "toy-gain";
  EXPECT_TRUE(engine);
}

TEST(ToySubstrate, CompareRunsPricesAndParameterisesIt) {
  const fs::path out = fs::path(ToyTablePath()).parent_path() / "compare";
  const std::vector<std::string> common = {"compare",
                                           "--data",
                                           "synthetic",
                                           "--max-train",
                                           "400",
                                           "--max-test",
                                           "200",
                                           "--methods",
                                           "toy-centroid",
                                           "--hardware",
                                           "cmos-45nm",
                                           "--scope",
                                           "core",
                                           "--threads",
                                           "1",
                                           "--out",
                                           out.string(),
                                           "--json"};
  const CliResult plain = RunCli(common);
  ASSERT_EQ(plain.exit_code, 0);
  const nlohmann::json json = nlohmann::json::parse(plain.out);
  ASSERT_EQ(json["results"].size(), 1u);
  const nlohmann::json& row = json["results"][0];
  EXPECT_EQ(row["method"], "toy-centroid");
  EXPECT_EQ(row["variant"], "toy-gain");
  EXPECT_GT(row["accuracy"].get<double>(), 0.5);
  EXPECT_EQ(row["floor_check"], "success");
  for (const char* component : {"toy_cell", "toy_dac", "toy_adc", "alu"}) {
    EXPECT_GT(row["breakdown_j_per_sample"][component].get<double>(), 0.0) << component;
  }
  EXPECT_EQ(json["methods"][0]["priced_with"], "cmos-45nm+toy");
  EXPECT_EQ(json["methods"][0]["params"]["shrink"], 0.0);
  std::vector<std::string> shrunk = common;
  shrunk.insert(shrunk.end(), {"--param", "toy-centroid.shrink=1"});
  const CliResult r = RunCli(shrunk);
  ASSERT_EQ(r.exit_code, 0);
  const nlohmann::json other = nlohmann::json::parse(r.out);
  EXPECT_EQ(other["methods"][0]["params"]["shrink"], 1.0);
  // Every class mean shrunk onto the overall mean: one score for all, chance accuracy.
  EXPECT_LT(other["results"][0]["accuracy"].get<double>(), 0.5);
  std::vector<std::string> bad = common;
  bad.insert(bad.end(), {"--param", "toy-centroid.shrink=2"});
  EXPECT_EQ(RunCli(bad).exit_code, 2);
  fs::remove_all(out);
}

}  // namespace
}  // namespace landauer

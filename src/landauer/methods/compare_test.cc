// RunComparison's plan, its Pareto front, its JSON, and the training it shares.
#include "landauer/methods/compare.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "landauer/core/progress.h"
#include "landauer/data/synthetic.h"
#include "landauer/energy/hardware_catalog.h"
#include "landauer/energy/roofline.h"
#include "landauer/reversible/adiabatic.h"

namespace landauer {
namespace {

const HardwareCatalog& Catalog() {
  static const HardwareCatalog catalog;
  return catalog;
}

std::string PlanError(const CompareOptions& options) {
  try {
    PlanComparison(options, Catalog());
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "";
}

TEST(PlanComparison, ResolvesTheDefaultSetParametersAndTables) {
  CompareOptions options;
  options.settings.batch = 32;
  options.params = {ParseParamOverride("digital-mlp.hidden=64")};
  const ComparePlan plan = PlanComparison(options, Catalog());
  ASSERT_EQ(plan.methods.size(), 3u);  // the default set: adiabatic-mlp, digital-mlp, hdc-idlevel
  EXPECT_EQ(plan.methods[0].registration.info.name, "adiabatic-mlp");
  // The device table is resolved to the base table's node family (7 nm for h100).
  EXPECT_EQ(plan.methods[0].priced_with.name(), "h100+adiabatic-cmos-7nm");
  EXPECT_EQ(plan.methods[0].priced_with.family(), "7nm");
  EXPECT_EQ(plan.methods[1].priced_with.name(), "h100");
  EXPECT_EQ(plan.methods[1].params.Int("batch"), 32);           // follows --batch
  EXPECT_EQ(plan.methods[1].params.Text("hidden"), "64");       // --param
  EXPECT_EQ(plan.methods[0].params.Text("hidden"), "256-256");  // not ours
  EXPECT_EQ(plan.methods[2].registration.info.name, "hdc-idlevel");
  EXPECT_EQ(plan.methods[2].priced_with.name(), "h100");
  options.methods = {"all"};
  options.params.clear();
  const ComparePlan all = PlanComparison(options, Catalog());
  ASSERT_EQ(all.methods.size(), MethodNames().size());
  for (const PlannedMethod& planned : all.methods) {
    if (planned.registration.info.name == "tngd-mlp") {
      EXPECT_EQ(planned.params.Int("batch"), 64);  // TNGD's own, not --batch
      EXPECT_EQ(planned.priced_with.name(), "h100+spu");
    }
  }
}

// `compare --param tngd-mlp.batch=32`: naming an opt-in method's parameter brings it into the
// default run.
TEST(PlanComparison, AParamForAnOptInMethodAddsItToTheDefaultSet) {
  CompareOptions options;
  options.params = {ParseParamOverride("tngd-mlp.batch=32")};
  const ComparePlan plan = PlanComparison(options, Catalog());
  ASSERT_EQ(plan.methods.size(), 4u);
  EXPECT_EQ(plan.added_by_param, std::vector<std::string>{"tngd-mlp"});
  EXPECT_EQ(plan.methods[3].registration.info.name, "tngd-mlp");  // sorted, like the default set
  EXPECT_EQ(plan.methods[3].params.Int("batch"), 32);
}

TEST(PlanComparison, RefusesBadMethodsParametersAndTablesBeforeAnyTraining) {
  {
    // A check between two parameters (registry.h, MethodRegistration::validate).
    CompareOptions hdc;
    hdc.methods = {"hdc-idlevel"};
    hdc.params = {ParseParamOverride("hdc-idlevel.levels=600"),
                  ParseParamOverride("hdc-idlevel.dimension=512")};
    EXPECT_NE(PlanError(hdc).find("method hdc-idlevel: levels = 600 with dimension = 512: each "
                                  "level changes at least one dimension of the one before, so "
                                  "at most 257 levels"),
              std::string::npos)
        << PlanError(hdc);
  }
  CompareOptions options;
  options.methods = {"digital-mlp", "quantum-magic"};
  EXPECT_NE(PlanError(options).find("unknown method 'quantum-magic'"), std::string::npos);
  options.methods = {"digital-mlp"};
  options.params = {ParseParamOverride("tngd-mlp.batch=32")};  // not in the explicit methods
  std::string message = PlanError(options);
  EXPECT_NE(message.find("tngd-mlp is not among the methods this run compares (digital-mlp)"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("--methods"), std::string::npos) << message;
  options.params = {ParseParamOverride("quantum-magic.qubits=4")};
  EXPECT_NE(PlanError(options).find("unknown method 'quantum-magic'"), std::string::npos);
  options.methods = {"tngd-mlp"};
  options.params = {ParseParamOverride("tngd-mlp.batch=zero")};
  message = PlanError(options);
  EXPECT_NE(message.find("tngd-mlp.batch"), std::string::npos) << message;
  EXPECT_NE(message.find("an integer >= 1 (unit: samples)"), std::string::npos) << message;
  options.params = {ParseParamOverride("tngd-mlp.coupling_bits=1")};
  EXPECT_NE(PlanError(options).find("0 (ideal) or an integer in [2, 24]"), std::string::npos);
  options.params = {ParseParamOverride("tngd-mlp.init=cold")};
  EXPECT_NE(PlanError(options).find("one of: warm, gradient"), std::string::npos)
      << PlanError(options);
  options.params = {ParseParamOverride("tngd-mlp.init=gradient"),
                    ParseParamOverride("tngd-mlp.delay=1")};
  EXPECT_NE(PlanError(options).find("method tngd-mlp: delay = 1 with init = gradient"),
            std::string::npos)
      << PlanError(options);
  options.params = {};
  options.hardware = "tpu-v9";
  EXPECT_NE(PlanError(options).find("unknown hardware 'tpu-v9'"), std::string::npos);
  options.hardware = "brain";  // 310 K: its device table (300 K) does not combine
  EXPECT_NE(PlanError(options).find("is priced at 310 K, but method"), std::string::npos);
}

// Rows on a line of equal energy or equal accuracy, a dominated one, and a tie. On 10⁶ test
// samples the intervals are narrow (±0.0008), so only equal accuracies tie.
VariantRun Row(double accuracy, double joules, std::int64_t samples = 1'000'000) {
  VariantRun v;
  v.evaluation.accuracy = accuracy;
  v.evaluation.samples = samples;
  v.accuracy_95 = WilsonInterval(std::llround(accuracy * samples), samples);
  v.energy.energy_j = joules * static_cast<double>(samples);
  return v;
}

TEST(MarkParetoFront, KeepsExactlyTheUndominatedRows) {
  std::vector<MethodRun> runs(2);
  runs[0].variants = {Row(0.9, 10), Row(0.8, 5), Row(0.7, 6)};    // (0.7, 6) dominated by (0.8, 5)
  runs[1].variants = {Row(0.9, 12), Row(0.95, 20), Row(0.8, 5)};  // (0.9,12) by (0.9,10); tie kept
  MarkParetoFront(runs);
  EXPECT_TRUE(runs[0].variants[0].pareto);
  EXPECT_TRUE(runs[0].variants[1].pareto);
  EXPECT_FALSE(runs[0].variants[2].pareto);
  EXPECT_FALSE(runs[1].variants[0].pareto);
  EXPECT_TRUE(runs[1].variants[1].pareto);
  EXPECT_TRUE(runs[1].variants[2].pareto);  // equal to a front row, not dominated by it
}

// Issue 10, point 4: membership no longer turns on 3 test images in 10,000. Accuracies inside
// each other's 95 % intervals tie, and the cheaper row dominates; a significant gain does not.
TEST(MarkParetoFront, AccuraciesInsideTheirIntervalsAreTies) {
  std::vector<MethodRun> runs(1);
  runs[0].variants = {Row(0.8830, 10, 10'000), Row(0.8827, 5, 10'000), Row(0.9100, 12, 10'000)};
  MarkParetoFront(runs);
  EXPECT_FALSE(runs[0].variants[0].pareto);  // 3 images better, twice the energy: a tie, dominated
  EXPECT_TRUE(runs[0].variants[1].pareto);
  EXPECT_TRUE(runs[0].variants[2].pareto);  // 2.7 points better: outside the intervals
  // Ties do not chain: B ties A and is dominated; C ties B but is significantly more accurate than
  // A, the only cheaper row left on the front, so C stays.
  runs[0].variants = {Row(0.900, 1, 1000), Row(0.930, 2, 1000), Row(0.960, 3, 1000)};
  MarkParetoFront(runs);
  EXPECT_TRUE(runs[0].variants[0].pareto);
  EXPECT_FALSE(runs[0].variants[1].pareto);
  EXPECT_TRUE(runs[0].variants[2].pareto);
}

TEST(RunComparison, TrainsOnceForRecipesThatTrainAlikeAndWritesTheDocumentedJson) {
  const TrainTest split =
      MakeSynthetic({.train_samples = 256, .test_samples = 100, .dimension = 8, .classes = 3}, 2);
  CompareOptions options;
  options.settings = {.epochs = 1, .batch = 32, .learning_rate = 1e-2, .hidden = "16"};
  options.hardware = "cmos-45nm";
  options.scope = Scope::kCore;  // a bare-operations table
  options.workload_name = "synthetic";
  options.methods = {"adiabatic-mlp", "digital-mlp"};  // the two that train alike
  std::vector<ProgressEvent> events;
  CallbackProgress progress([&](const ProgressEvent& e) { events.push_back(e); });
  const Comparison comparison =
      RunComparison(split,
                    PlanComparison(options, Catalog()),
                    {.seed = 3, .threads = 1, .progress = &progress, .hardware = &Catalog()});
  ASSERT_EQ(comparison.runs.size(), 2u);
  const MethodRun& adiabatic = comparison.runs[0];
  const MethodRun& digital = comparison.runs[1];
  // digital-mlp reuses the network adiabatic-mlp trained: one training, one ledger.
  EXPECT_EQ(adiabatic.train_ledger.ToJson(), digital.train_ledger.ToJson());
  EXPECT_EQ(adiabatic.fit.final_loss, digital.fit.final_loss);
  int trainings = 0;
  for (const ProgressEvent& e : events) {
    if (e.kind == ProgressEvent::Kind::kEnd && e.status.find("trained once") == std::string::npos) {
      ++trainings;
    }
  }
  EXPECT_EQ(trainings, 1);
  // The int8 accuracies agree: the same network on the same int8 engine.
  EXPECT_EQ(adiabatic.variants[0].evaluation.accuracy, digital.variants[2].evaluation.accuracy);
  // The MACs are on the reversible circuit, the memory traffic stays digital.
  const Ledger& reversible = adiabatic.variants[0].evaluation.ledger;
  EXPECT_EQ(reversible.count("inference", "alu", "int8_mac"), 0.0);
  EXPECT_GT(reversible.count("inference", "node", "adiabatic_transition_1ns"), 0.0);
  EXPECT_EQ(reversible.count("inference", "sram_small", "read_bit") +
                reversible.count("inference", "sram_large", "read_bit"),
            digital.variants[2].evaluation.ledger.count("inference", "sram_small", "read_bit") +
                digital.variants[2].evaluation.ledger.count("inference", "sram_large", "read_bit"));

  const nlohmann::json json = ComparisonJson(comparison);
  EXPECT_EQ(json["schema"], "landauer.compare/1");
  EXPECT_EQ(json["workload"]["train_samples"], 256);
  EXPECT_EQ(json["hardware"]["name"], "cmos-45nm");
  EXPECT_EQ(json["seed"], 3);
  EXPECT_EQ(json["epochs"], 1);
  ASSERT_EQ(json["results"].size(), 4u);  // int8-adiabatic; fp32, bf16, int8
  for (const auto& r : json["results"]) {
    for (const char* key : {"method",
                            "variant",
                            "label",
                            "accuracy",
                            "inference_j_per_sample",
                            "inference_ratio_to_floor",
                            "breakdown_j_per_sample",
                            "train_j_total",
                            "pareto",
                            "floor_check",
                            "metrics",
                            "inference_report"}) {
      EXPECT_TRUE(r.contains(key)) << key;
    }
    EXPECT_EQ(r["floor_check"], "success");
  }
  EXPECT_EQ(json["methods"][1]["params"]["hidden"], "16");
  EXPECT_EQ(json["methods"][0]["priced_with"], "cmos-45nm+adiabatic-cmos");
  EXPECT_EQ(json["methods"][0]["family"], "45nm");
}

// Issue 10, point 3: every row has a modelled time on the substrate. On h100: the digital rows
// are the roofline of the table's rates; adiabatic-mlp's MACs run on mac_units circuits at T*;
// tngd-mlp's training follows TNGD App. C, the analog time (t + t_d) tau per step in sequence.
TEST(RunComparison, ModelsTimeOnTheSubstrate) {
  const TrainTest split =
      MakeSynthetic({.train_samples = 256, .test_samples = 100, .dimension = 8, .classes = 3}, 2);
  CompareOptions options;
  options.methods = {"digital-mlp", "adiabatic-mlp", "tngd-mlp"};
  options.settings = {.epochs = 1, .batch = 32, .learning_rate = 1e-2, .hidden = "16"};
  options.params = {ParseParamOverride("adiabatic-mlp.mac_units=4"),
                    ParseParamOverride("tngd-mlp.analog_time=20")};
  const Comparison c =
      RunComparison(split, PlanComparison(options, Catalog()), {.seed = 1, .hardware = &Catalog()});
  ASSERT_EQ(c.runs.size(), 3u);
  const VariantRun& fp32 = c.runs[0].variants[0];
  const ModelledTime roofline = Roofline(*fp32.energy.FindPhase("inference"));
  EXPECT_EQ(fp32.time.seconds, roofline.seconds);
  EXPECT_GT(fp32.time.seconds, 0.0);
  // A 200-parameter model stays in sram_small, which h100 gives no time: compute-bound, and the
  // untimed level is named.
  EXPECT_EQ(fp32.time.bound_by, "alu");
  EXPECT_EQ(fp32.time.seconds, roofline.busy_s.at("alu"));
  EXPECT_NE(std::find(fp32.time.untimed.begin(), fp32.time.untimed.end(), "sram_small"),
            fp32.time.untimed.end());
  // 100 samples of mlp:8-16-3: 100 (16·9 + 3·17) MACs on 4 circuits at T*.
  const VariantRun& adiabatic = c.runs[1].variants[0];
  const double t_star =
      reversible::AdiabaticNodeModel::FromTable(Catalog().Get("adiabatic-cmos-7nm")).OptimalRampS();
  EXPECT_NEAR(adiabatic.time.busy_s.at("adiabatic_mac"),
              100.0 * (16 * 9 + 3 * 17) * t_star / 4,
              1e-9 * adiabatic.time.busy_s.at("adiabatic_mac"));
  EXPECT_FALSE(adiabatic.time.busy_s.contains("node"));
  const MethodRun& tngd = c.runs[2];
  EXPECT_EQ(tngd.fit.steps, 4);                                           // 256 / 64
  EXPECT_NEAR(tngd.train_time.busy_s.at("spu"), 4 * 20.0 * 1e-6, 1e-18);  // τ = 1 µs
  double sum = 0.0;
  for (const auto& [unit, busy] : tngd.train_time.busy_s) sum += busy;
  EXPECT_NEAR(tngd.train_time.seconds, sum, 1e-15 * sum);
}

// Issue 10, point 4: --seeds N reports each row's mean and sample sd across the seeds.
TEST(AddSeedSpread, MeanAndSampleSdOfEachRow) {
  std::vector<Comparison> all(3);
  const double accuracy[] = {0.80, 0.82, 0.84};
  for (int k = 0; k < 3; ++k) {
    all[k].runs.resize(1);
    all[k].runs[0].variants = {Row(accuracy[k], 2.0 + k, 100)};
  }
  Comparison first = all[0];
  AddSeedSpread(first, all);
  const VariantRun& row = first.runs[0].variants[0];
  EXPECT_EQ(row.seeds, 3);
  EXPECT_NEAR(row.accuracy_over_seeds.mean, 0.82, 1e-15);
  EXPECT_NEAR(row.accuracy_over_seeds.sd, 0.02, 1e-15);
  EXPECT_NEAR(row.joules_over_seeds.mean, 3.0, 1e-15);
  EXPECT_NEAR(row.joules_over_seeds.sd, 1.0, 1e-15);
  all[2].runs[0].variants.push_back(Row(0.5, 1.0, 100));
  EXPECT_THROW(AddSeedSpread(first, all), std::invalid_argument);
}

// Issue 10, point 2: the workload floor of a Fashion-MNIST image at 300 K, by hand: 784 bytes
// as stored, less log2 10 bits of answer, times kT ln 2.
TEST(WorkloadFloor, InputBitsLessTheAnswerTimesKTLn2) {
  const WorkloadFloor floor = ComputeWorkloadFloor(784 * 8.0, 10, Kelvin(300.0));
  EXPECT_DOUBLE_EQ(floor.answer_bits, std::log2(10.0));
  EXPECT_DOUBLE_EQ(floor.bits, 6272.0 - std::log2(10.0));
  const double kt_ln2 = 1.380649e-23 * 300.0 * std::log(2.0);
  EXPECT_NEAR(floor.joules / (floor.bits * kt_ln2), 1.0, 1e-12);
  EXPECT_TRUE(floor.known());
  EXPECT_EQ(floor.RatioJson(2.0 * floor.joules), 2.0);
  // Unknown input size: no floor, and a null ratio rather than a made-up one.
  const WorkloadFloor unknown = ComputeWorkloadFloor(0.0, 10, Kelvin(300.0));
  EXPECT_FALSE(unknown.known());
  EXPECT_TRUE(unknown.RatioJson(1.0).is_null());
  EXPECT_THROW(ComputeWorkloadFloor(100.0, 1, Kelvin(300.0)), std::invalid_argument);
  EXPECT_THROW(ComputeWorkloadFloor(-1.0, 10, Kelvin(300.0)), std::invalid_argument);
}

// The CSV beside results.json: a header, one row per variant, RFC 4180 quoting.
TEST(ComparisonCsv, OneRowPerVariantQuotedWhereNeeded) {
  Comparison c;
  c.scope = "chip";
  c.runs.resize(1);
  c.runs[0].info.name = "m";
  c.runs[0].info.substrate = "digital";
  c.runs[0].priced_with = "h100";
  c.runs[0].node = "a \"node\", with a comma";
  c.runs[0].variants = {Row(0.5, 2.0, 100)};
  c.runs[0].variants[0].evaluation.variant = "v";
  const std::string csv = ComparisonCsv(c);
  EXPECT_EQ(csv.rfind("method,variant,substrate,scope,priced_with,node,accuracy,", 0), 0u);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 2);
  EXPECT_NE(csv.find("m,v,digital,chip,h100,\"a \"\"node\"\", with a comma\",0.5,"),
            std::string::npos)
      << csv;
}

}  // namespace
}  // namespace landauer

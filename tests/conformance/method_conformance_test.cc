// Every registered Method on a tiny workload (the Method counterpart of the engine suite): the
// registered name is the described one; one seed gives one ledger; the thread count changes
// nothing; both phases price on every shipped base table (each with the method's device tables);
// bits are erased, exactly as the erasure convention derives them from the counted actions
// (energy/erasure.h, docs/ledger.md); no phase is priced below its Landauer floor. The suite
// enumerates the registry, so registering a method enrols it (toy_substrate_test registers its
// own).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "landauer/data/synthetic.h"
#include "landauer/energy/erasure.h"
#include "landauer/energy/hardware_catalog.h"
#include "landauer/methods/compare.h"
#include "landauer/methods/registry.h"
#include "registry_test_name.h"

namespace landauer {
namespace {

// A tiny workload and the smallest settings every method follows.
const TrainTest& TinyWorkload() {
  static const TrainTest data = MakeSynthetic(
      {.train_samples = 128, .test_samples = 64, .dimension = 8, .classes = 3}, /*seed=*/11);
  return data;
}

MethodSettings TinySettings() {
  return {.epochs = 1, .batch = 32, .learning_rate = 1e-2, .hidden = "16"};
}

// Base tables: the shipped tables of a digital processor (those that price an fp32 MAC), on which
// every method's digital work must price.
std::vector<std::string> BaseTables(const HardwareCatalog& catalog) {
  std::vector<std::string> names;
  for (const std::string& name : catalog.Names()) {
    if (catalog.Get(name).Find("alu", "fp32_mac") != nullptr) names.push_back(name);
  }
  return names;
}

MethodRun RunTiny(const std::string& name,
                  int threads,
                  const std::string& hardware = "cmos-45nm",
                  Scope scope = Scope::kCore) {
  static const HardwareCatalog catalog;
  CompareOptions options;
  options.methods = {name};
  options.settings = TinySettings();
  options.hardware = hardware;
  options.scope = scope;
  const ComparePlan plan = PlanComparison(options, catalog);
  const MethodContext context{.seed = 5, .threads = threads, .hardware = &catalog};
  return RunMethod(plan.methods.front(), TinyWorkload(), context);
}

class MethodConformanceSuite : public ::testing::TestWithParam<std::string> {};

TEST_P(MethodConformanceSuite, RunsDeterministicallyAndPricesOnEveryBaseTable) {
  const std::string& name = GetParam();
  const MethodRegistration registration = FindMethod(name);
  const MethodRun first = RunTiny(name, 1), again = RunTiny(name, 1),
                  two_threads = RunTiny(name, 2);

  EXPECT_EQ(first.info.name, name) << "Describe().name must equal the registered name";
  EXPECT_EQ(first.info.substrate, registration.info.substrate);
  EXPECT_FALSE(first.info.summary.empty());
  EXPECT_FALSE(first.info.erased_bits.empty());
  ASSERT_FALSE(first.variants.empty()) << name << " evaluated no variant";

  // One seed, one ledger; and no dependence on the thread count.
  for (const MethodRun* other : {&again, &two_threads}) {
    EXPECT_EQ(first.train_ledger.ToJson(), other->train_ledger.ToJson()) << name;
    ASSERT_EQ(first.variants.size(), other->variants.size());
    for (std::size_t v = 0; v < first.variants.size(); ++v) {
      const Evaluation& a = first.variants[v].evaluation;
      const Evaluation& b = other->variants[v].evaluation;
      EXPECT_EQ(a.variant, b.variant);
      EXPECT_EQ(a.accuracy, b.accuracy) << name << " " << a.variant;
      EXPECT_EQ(a.ledger.ToJson(), b.ledger.ToJson()) << name << " " << a.variant;
    }
  }
  EXPECT_EQ(first.fit.final_loss, two_threads.fit.final_loss);

  // Both phases price on every base table with the method's device tables; the Landauer floor
  // is positive and below the energy.
  const HardwareCatalog catalog;
  const std::vector<std::string> bases = BaseTables(catalog);
  ASSERT_GE(bases.size(), 3u) << "expected h100, a100 and cmos-45nm";
  for (const std::string& base : bases) {
    const EnergyTable table = catalog.Combined(base, registration.info.device_tables);
    std::vector<const Ledger*> ledgers = {&first.train_ledger};
    for (const VariantRun& variant : first.variants) ledgers.push_back(&variant.evaluation.ledger);
    for (const Ledger* ledger : ledgers) {
      EnergyReport report;
      ASSERT_NO_THROW(report = ledger->Price(table)) << name << " on " << table.name();
      EXPECT_GT(report.bits_erased, 0.0) << name << " on " << table.name();
      EXPECT_GT(report.energy_j, 0.0) << name << " on " << table.name();
      const Summary check = report.CheckAgainstFloor();
      EXPECT_TRUE(check.ok()) << name << " on " << table.name() << ": " << check.FullReport();
    }
  }
  // Every phase erases exactly what the convention derives from its actions (plus its logic
  // erasure): a method cannot count a write without its erased bits, or erased bits of its own.
  {
    std::vector<const Ledger*> ledgers = {&first.train_ledger};
    for (const VariantRun& variant : first.variants) ledgers.push_back(&variant.evaluation.ledger);
    for (const Ledger* ledger : ledgers) {
      for (const std::string& phase : ledger->phases()) {
        double expected = 0.0;
        ASSERT_NO_THROW(expected = ConventionErasedBits(*ledger, phase)) << name << " " << phase;
        EXPECT_NEAR(ledger->erased_bits(phase), expected, 1e-9 * expected) << name << " " << phase;
      }
    }
  }
  // Every phase has a modelled time on the substrate, or says which components lack a time.
  const auto timed = [&](const ModelledTime& time, const std::string& what) {
    EXPECT_TRUE(time.seconds > 0.0 || !time.untimed.empty()) << name << " " << what;
    EXPECT_FALSE(time.model.empty()) << name << " " << what;
  };
  timed(first.train_time, "train");
  for (const VariantRun& variant : first.variants) timed(variant.time, variant.evaluation.variant);
  EXPECT_TRUE(first.train_floor_check.ok()) << first.train_floor_check.FullReport();
  for (const VariantRun& variant : first.variants) {
    EXPECT_TRUE(variant.floor_check.ok()) << variant.floor_check.FullReport();
    EXPECT_EQ(variant.evaluation.samples, TinyWorkload().test.size());
    EXPECT_GE(variant.evaluation.accuracy, 0.0);
    EXPECT_LE(variant.evaluation.accuracy, 1.0);
  }
}

// At compare's default boundary, chip scope on h100: every method prices, its static power is
// charged over a positive modelled time, what lies outside the chip (HBM, links) is listed and
// not priced, and no phase falls below its floor.
TEST_P(MethodConformanceSuite, PricesAtChipScopeOnH100) {
  const std::string& name = GetParam();
  const MethodRun run = RunTiny(name, 1, "h100", Scope::kChip);
  EXPECT_GT(run.train_time.seconds, 0.0) << name;
  EXPECT_TRUE(run.train_floor_check.ok()) << run.train_floor_check.FullReport();
  for (const VariantRun& variant : run.variants) {
    EXPECT_EQ(variant.energy.scope, "chip");
    EXPECT_GT(variant.time.seconds, 0.0) << name;
    EXPECT_TRUE(variant.floor_check.ok()) << variant.floor_check.FullReport();
    const PhaseReport* inference = variant.energy.FindPhase("inference");
    ASSERT_NE(inference, nullptr);
    bool static_power = false;
    for (const PricedAction& action : inference->actions) {
      EXPECT_NE(action.scope, "system") << name << " priced " << action.component;
      static_power = static_power || action.component == "static";
    }
    EXPECT_TRUE(static_power) << name;
    for (const ExcludedAction& outside : inference->outside_scope) {
      EXPECT_EQ(outside.scope, "system") << name << " left out " << outside.component;
    }
    EXPECT_LE(variant.energy.bits_erased, variant.evaluation.ledger.total_erased_bits());
    EXPECT_GE(variant.energy.bits_erased, 0.0);
  }
}

TEST_P(MethodConformanceSuite, DeclaresItsParametersCompletely) {
  const MethodRegistration registration = FindMethod(GetParam());
  for (const ParamSpec& spec : registration.params) {
    EXPECT_FALSE(spec.doc.empty()) << GetParam() << "." << spec.key << " has no doc";
    EXPECT_FALSE(spec.Accepted().empty()) << GetParam() << "." << spec.key;
  }
  // The defaults resolve, and every value resolved is a declared key.
  const MethodParams params =
      ResolveParams(registration.info.name, registration.params, MethodSettings{}, {});
  EXPECT_EQ(params.values().size(), registration.params.size());
}

INSTANTIATE_TEST_SUITE_P(Registered,
                         MethodConformanceSuite,
                         ::testing::ValuesIn(MethodNames()),
                         testing::RegistryTestName());

}  // namespace
}  // namespace landauer

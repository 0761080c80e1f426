#include "landauer/energy/ledger.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "expect_near_rel.h"
#include "landauer/physics/bounds.h"

namespace landauer {
namespace {

EnergyTable TestTable() {
  return EnergyTable::Parse(R"(schema = "landauer.energy-table/1"
name = "t"
description = "test"
temperature = "300 K"
[[entry]]
component = "alu"
action = "fp32_mac"
energy = "4 pJ"
time = "1 ns"
source = "s"
assumption = false
[[entry]]
component = "dram"
action = "read_bit"
energy = "20 pJ"
source = "s"
assumption = true
)",
                            "t.toml");
}

TEST(Ledger, CountsAccumulatePerPhase) {
  Ledger ledger;
  ledger.Count("train", "alu", "fp32_mac", 10);
  ledger.Count("train", "alu", "fp32_mac", 5);
  ledger.Count("inference", "alu", "fp32_mac", 2);
  ledger.CountErasedBits("train", 64);
  EXPECT_EQ(ledger.count("train", "alu", "fp32_mac"), 15);
  EXPECT_EQ(ledger.count("inference", "alu", "fp32_mac"), 2);
  EXPECT_EQ(ledger.count("test", "alu", "fp32_mac"), 0);
  EXPECT_EQ(ledger.erased_bits("train"), 64);
  EXPECT_EQ(ledger.phases(), (std::vector<std::string>{"inference", "train"}));
}

TEST(Ledger, NamedActionsCountLikeTheirStrings) {
  constexpr Action kMac{"alu", "fp32_mac"};
  Ledger ledger;
  ledger.Count("train", kMac, 3.0);
  ledger.Count("train", "alu", "fp32_mac", 4.0);
  EXPECT_EQ(ledger.count("train", kMac.component, kMac.action), 7.0);
}

TEST(Ledger, RejectsNegativeCountsAndEmptyNames) {
  Ledger ledger;
  EXPECT_THROW(ledger.Count("train", "alu", "fp32_mac", -1), std::domain_error);
  EXPECT_THROW(ledger.Count("train", "alu", "fp32_mac", std::nan("")), std::domain_error);
  EXPECT_THROW(ledger.Count("", "alu", "fp32_mac"), std::invalid_argument);
  EXPECT_THROW(ledger.CountErasedBits("train", -1), std::domain_error);
}

TEST(Ledger, MergeAddsEveryCountAndBit) {
  Ledger a, b;
  a.Count("train", "alu", "fp32_mac", 1);
  a.CountErasedBits("train", 1);
  b.Count("train", "alu", "fp32_mac", 2);
  b.Count("train", "dram", "read_bit", 3);
  b.Count("inference", "alu", "fp32_mac", 4);
  b.CountErasedBits("inference", 5);
  a.Merge(b);
  EXPECT_EQ(a.count("train", "alu", "fp32_mac"), 3);
  EXPECT_EQ(a.count("train", "dram", "read_bit"), 3);
  EXPECT_EQ(a.count("inference", "alu", "fp32_mac"), 4);
  EXPECT_EQ(a.total_erased_bits(), 6);
  // Merging is the same as counting everything into one ledger.
  Ledger one;
  one.Count("train", "alu", "fp32_mac", 1);
  one.CountErasedBits("train", 1);
  one.Count("train", "alu", "fp32_mac", 2);
  one.Count("train", "dram", "read_bit", 3);
  one.Count("inference", "alu", "fp32_mac", 4);
  one.CountErasedBits("inference", 5);
  EXPECT_EQ(a.ToJson(), one.ToJson());
}

TEST(Ledger, MergeKeepsCompensation) {
  // 1e6 ranks each adding 1e-16 to a ledger that starts at 1: the merged count keeps them.
  Ledger total;
  total.Count("p", "c", "a", 1.0);
  Ledger part;
  for (int i = 0; i < 1000000; ++i) part.Count("p", "c", "a", 1e-16);
  total.Merge(part);
  EXPECT_NEAR(total.count("p", "c", "a"), 1.0 + 1e-10, 1e-15);
}

TEST(Ledger, PricesTotalsBreakdownAndLandauerFloor) {
  Ledger ledger;
  ledger.Count("train", "alu", "fp32_mac", 1e6);
  ledger.Count("train", "dram", "read_bit", 1e3);
  ledger.Count("inference", "alu", "fp32_mac", 1e3);
  ledger.CountErasedBits("train", 1e6);
  const EnergyReport report = ledger.Price(TestTable());
  EXPECT_NEAR_REL(report.energy_j, 1e6 * 4e-12 + 1e3 * 20e-12 + 1e3 * 4e-12, 1e-15);
  EXPECT_NEAR_REL(report.time_at_peak_s, (1e6 + 1e3) * 1e-9, 1e-15);
  const double kt_ln2 = physics::LandauerBound(Kelvin(300)).value();
  EXPECT_NEAR_REL(report.landauer_floor_j, 1e6 * kt_ln2, 1e-15);
  EXPECT_NEAR_REL(report.RatioToFloor(), report.energy_j / (1e6 * kt_ln2), 1e-15);
  EXPECT_TRUE(report.uses_assumptions);
  const auto breakdown = report.BreakdownByComponent();
  EXPECT_NEAR_REL(breakdown.at("alu"), 1.001e6 * 4e-12, 1e-15);
  EXPECT_NEAR_REL(breakdown.at("dram"), 1e3 * 20e-12, 1e-15);
  const PhaseReport* inference = report.FindPhase("inference");
  ASSERT_NE(inference, nullptr);
  EXPECT_EQ(inference->bits_erased, 0);
  EXPECT_TRUE(report.CheckAgainstFloor().ok());
  // JSON: a phase with no erased bits has a null ratio.
  const nlohmann::json json = report.ToJson();
  EXPECT_TRUE(json["phases"][0]["ratio_to_floor"].is_null());
  EXPECT_EQ(json["table"], "t");
  EXPECT_TRUE(json["phases"][0]["actions"][0]["time_at_peak_s"].is_number());
}

TEST(Ledger, NoErasedBitsMeansInfiniteRatio) {
  Ledger ledger;
  ledger.Count("train", "alu", "fp32_mac");
  EXPECT_EQ(ledger.Price(TestTable()).RatioToFloor(), std::numeric_limits<double>::infinity());
}

TEST(Ledger, EnergyBelowTheFloorIsReportedNotThrown) {
  Ledger ledger;
  ledger.Count("train", "alu", "fp32_mac", 1);  // 4 pJ
  ledger.CountErasedBits("train", 1e10);        // 2.9e-11 J floor
  const Summary summary = ledger.Price(TestTable()).CheckAgainstFloor();
  EXPECT_EQ(summary.termination, Termination::kBelowBound);
  EXPECT_NE(summary.FullReport().find("phase 'train'"), std::string::npos);
}

TEST(Ledger, UnpricedActionIsAnErrorNamingActionPhaseAndTable) {
  Ledger ledger;
  ledger.Count("inference", "adc", "convert_8b", 10);
  try {
    ledger.Price(TestTable());
    FAIL() << "expected MissingPriceError";
  } catch (const MissingPriceError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("(adc, convert_8b)"), std::string::npos) << message;
    EXPECT_NE(message.find("energy table 't'"), std::string::npos) << message;
    EXPECT_NE(message.find("phase 'inference'"), std::string::npos) << message;
  }
}

TEST(Ledger, JsonRoundTrip) {
  Ledger ledger;
  ledger.Count("train", "alu", "fp32_mac", 123.5);
  ledger.Count("inference", "dram", "read_bit", 7);
  ledger.CountErasedBits("train", 42);
  const nlohmann::json json = ledger.ToJson();
  EXPECT_EQ(json["schema"], "landauer.ledger/1");
  const Ledger back = Ledger::FromJson(nlohmann::json::parse(json.dump()));
  EXPECT_EQ(back.ToJson(), json);
  EXPECT_EQ(back.count("train", "alu", "fp32_mac"), 123.5);
  EXPECT_THROW(Ledger::FromJson({{"schema", "other"}}), std::invalid_argument);
  EXPECT_THROW(
      Ledger::FromJson({{"schema", "landauer.ledger/1"}, {"phases", {{"p", {{"actions", 3}}}}}}),
      std::invalid_argument);
}

TEST(Ledger, ExactJsonRestoresCompensatedTotalsBitForBit) {
  Ledger ledger;
  for (int i = 0; i < 1000; ++i) ledger.Count("run", "cell", "tau", 0.1 * (i % 7) + 1e-9);
  ledger.CountErasedBits("run", 0.3);
  ledger.CountErasedBits("run", 1e-17);
  const Ledger restored = Ledger::FromJson(ledger.ToJson(/*exact=*/true));
  // Continue both with the same counts: only an exact restore keeps them identical.
  Ledger a = ledger, b = restored;
  for (int i = 0; i < 1000; ++i) {
    a.Count("run", "cell", "tau", 0.1 * (i % 5));
    b.Count("run", "cell", "tau", 0.1 * (i % 5));
  }
  EXPECT_EQ(a.count("run", "cell", "tau"), b.count("run", "cell", "tau"));
  EXPECT_EQ(a.ToJson(true), b.ToJson(true));
  // Parts that do not add up to the count are refused.
  nlohmann::json bad = ledger.ToJson(true);
  bad["phases"]["run"]["actions"][0]["sum"] = 1.0;
  EXPECT_THROW(Ledger::FromJson(bad), std::invalid_argument);
}

}  // namespace
}  // namespace landauer

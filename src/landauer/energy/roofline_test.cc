#include "landauer/energy/roofline.h"

#include <gtest/gtest.h>

#include "landauer/energy/ledger.h"

namespace landauer {
namespace {

EnergyTable Table() {
  return EnergyTable::Parse(R"(schema = "landauer.energy-table/1"
name = "t"
description = "test"
temperature = "300 K"
[[entry]]
component = "alu"
action = "fp32_mac"
energy = "1 pJ"
time = "1 ns"
source = "test"
assumption = true
[[entry]]
component = "dram"
action = "read_bit"
energy = "1 pJ"
time = "0.1 ns"
source = "test"
assumption = true
[[entry]]
component = "sram_small"
action = "read_bit"
energy = "0.1 pJ"
source = "test"
assumption = true
)",
                            "t.toml",
                            "t");
}

// 100 MACs take 100 ns of compute; 2,000 DRAM bits take 200 ns: the phase is memory-bound.
TEST(Roofline, ThePhaseTakesItsBusiestUnit) {
  Ledger ledger;
  ledger.Count("p", "alu", "fp32_mac", 100);
  ledger.Count("p", "dram", "read_bit", 2000);
  ledger.Count("p", "sram_small", "read_bit", 5);
  const EnergyReport report = ledger.Price(Table());
  const ModelledTime time = Roofline(*report.FindPhase("p"));
  EXPECT_NEAR(time.seconds, 200e-9, 1e-21);
  EXPECT_EQ(time.bound_by, "dram");
  EXPECT_NEAR(time.busy_s.at("alu"), 100e-9, 1e-21);
  ASSERT_EQ(time.untimed.size(), 1u);
  EXPECT_EQ(time.untimed[0], "sram_small");
  const ModelledTime compute = Roofline(*report.FindPhase("p"), {"dram"});
  EXPECT_EQ(compute.bound_by, "alu");
  EXPECT_NEAR(compute.seconds, 100e-9, 1e-21);
  EXPECT_EQ(Roofline(PhaseReport{}).seconds, 0.0);
}

// Each part of a combined table keeps its static power, and both are charged over the modelled
// time at chip scope, none at core scope.
TEST(Roofline, StaticPowerOfEveryPartIsChargedOverTheModelledTime) {
  const auto table = [](const std::string& name, const std::string& watts) {
    return EnergyTable::Parse(R"(schema = "landauer.energy-table/1"
name = ")" + name + R"("
description = "test"
temperature = "300 K"
scope = "chip"
[[entry]]
component = ")" + name.substr(0, 3) +
                                  R"(_alu"
action = "fp32_mac"
energy = "1 pJ"
time = "1 ns"
source = "test"
assumption = true
[[entry]]
component = "static"
action = "second"
energy = ")" + watts + R"( J"
source = "test"
assumption = true
scope = "chip"
)",
                              name + ".toml",
                              name);
  };
  const EnergyTable both = EnergyTable::Combine(table("host", "2"), table("dev-1", "3"));
  ASSERT_NE(both.Find("static_dev_1", "second"), nullptr);
  EXPECT_EQ(both.Find("static_dev_1", "second")->scope, Scope::kChip);
  EXPECT_EQ(both.WhyNotAt(Scope::kChip), "");
  Ledger ledger;
  ledger.Count("p", "hos_alu", "fp32_mac", 100.0);  // 100 ns
  const ScopedPhase chip = PriceAtScope(ledger, "p", both, Scope::kChip);
  EXPECT_DOUBLE_EQ(chip.time.seconds, 100e-9);
  EXPECT_DOUBLE_EQ(chip.energy.energy_j, 100e-12 + (2.0 + 3.0) * 100e-9);
  EXPECT_DOUBLE_EQ(chip.energy.BreakdownByComponent().at("static_dev_1"), 3.0 * 100e-9);
  EXPECT_DOUBLE_EQ(PriceAtScope(ledger, "p", both, Scope::kCore).energy.energy_j, 100e-12);
}

}  // namespace
}  // namespace landauer

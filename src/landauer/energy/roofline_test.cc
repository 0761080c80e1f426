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

}  // namespace
}  // namespace landauer

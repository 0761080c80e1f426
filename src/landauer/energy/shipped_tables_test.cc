// Every table shipped in data/hardware loads, is sourced, and keeps the numbers the docs quote.
#include <gtest/gtest.h>

#include "expect_near_rel.h"
#include "landauer/energy/energy_table.h"
#include "landauer/physics/bounds.h"

namespace landauer {
namespace {

TEST(ShippedTables, AllLoadAndEveryEntryHasASource) {
  const std::string directory = HardwareDirectory();
  const std::vector<std::string> names = ListHardwareTables(directory);
  for (const char* required : {"a100", "brain", "cmos-45nm", "h100"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), required), names.end()) << required;
  }
  for (const std::string& name : names) {
    const EnergyTable table = LoadHardwareTable(name, directory);
    EXPECT_FALSE(table.entries().empty()) << name;
    for (const EnergyEntry& entry : table.entries()) {
      EXPECT_FALSE(entry.source.empty()) << name << " " << entry.component << "." << entry.action;
      // Nothing real is cheaper than erasing a bit.
      EXPECT_GT(entry.energy_j, physics::LandauerBound(table.temperature()).value())
          << name << " " << entry.component << "." << entry.action;
    }
  }
}

TEST(ShippedTables, PinnedReferenceNumbers) {
  const std::string directory = HardwareDirectory();
  const EnergyTable cmos = LoadHardwareTable("cmos-45nm", directory);
  EXPECT_DOUBLE_EQ(cmos.Price("alu", "fp32_mult").energy_j, 3.7e-12);  // Horowitz 2014
  EXPECT_DOUBLE_EQ(cmos.Price("alu", "fp32_add").energy_j, 0.9e-12);
  EXPECT_DOUBLE_EQ(cmos.Price("alu", "fp32_mac").energy_j, 4.6e-12);
  const EnergyTable h100 = LoadHardwareTable("h100", directory);
  // 700 W / 989.4 TFLOP/s = 0.7075 pJ per BF16 FLOP.
  EXPECT_NEAR_REL(h100.Price("alu", "bf16_mac").energy_j / 2, 0.7075e-12, 1e-4);
  EXPECT_NEAR_REL(
      h100.Price("alu", "bf16_mac").energy_j / *h100.Price("alu", "bf16_mac").time_s, 700, 1e-12);
  // The research note's ladder rung: an H100 BF16 FLOP is ~2.5e8 x kT ln 2.
  EXPECT_NEAR(
      h100.Price("alu", "bf16_mac").energy_j / 2 / physics::LandauerBound(Kelvin(300)).value(),
      2.46e8,
      0.01e8);
  const EnergyTable a100 = LoadHardwareTable("a100", directory);
  EXPECT_NEAR_REL(a100.Price("alu", "bf16_mac").energy_j / 2, 1.282e-12, 1e-3);
  const EnergyTable brain = LoadHardwareTable("brain", directory);
  EXPECT_EQ(brain.temperature().value(), 310.0);
  const EnergyEntry& event = brain.Price("synapse", "event");
  EXPECT_NEAR_REL(event.energy_j / *event.time_s, 12.0, 1e-12);  // 12 W whole brain
}

}  // namespace
}  // namespace landauer

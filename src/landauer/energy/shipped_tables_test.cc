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
  // Jouppi et al., ISCA 2021, Table 2, 7 nm: a BF16 MAC is a bf16 mult (0.21 pJ) and an fp32 add
  // (0.38 pJ); the time is the H100's 989.4 TFLOP/s dense, two FLOP per MAC.
  const EnergyTable h100 = LoadHardwareTable("h100", directory);
  EXPECT_NEAR_REL(h100.Price("alu", "bf16_mac").energy_j, 0.59e-12, 1e-12);
  EXPECT_NEAR_REL(*h100.Price("alu", "bf16_mac").time_s, 2.0 / 989.4e12, 1e-12);
  EXPECT_NEAR_REL(h100.Price("sram_small", "read_bit").energy_j, 8.5e-12 / 64, 1e-6);
  EXPECT_NEAR_REL(h100.Price("static", "second").energy_j, 70.0, 1e-12);
  const EnergyTable a100 = LoadHardwareTable("a100", directory);
  EXPECT_NEAR_REL(a100.Price("alu", "int8_mac").energy_j, 0.10e-12, 1e-12);   // 0.07 + 0.03 pJ
  EXPECT_NEAR_REL(a100.Price("dram", "read_bit").energy_j, 3.97e-12, 1e-12);  // O'Connor 2017
  const EnergyTable cmos7 = LoadHardwareTable("cmos-7nm", directory);
  EXPECT_NEAR_REL(cmos7.Price("alu", "fp32_mult").energy_j, 1.31e-12, 1e-12);
  EXPECT_NEAR_REL(cmos7.Price("alu", "int8_add").energy_j, 0.007e-12, 1e-12);
  const EnergyTable spu = LoadHardwareTable("spu", directory);
  EXPECT_NEAR_REL(spu.Price("adc", "convert_16b").energy_j, 292e-12, 1e-12);  // Murmann survey
  const EnergyTable brain = LoadHardwareTable("brain", directory);
  EXPECT_EQ(brain.temperature().value(), 310.0);
  const EnergyEntry& event = brain.Price("synapse", "event");
  EXPECT_NEAR_REL(event.energy_j / *event.time_s, 12.0, 1e-12);  // 12 W whole brain
}

// Issue 10, point 1: every shipped table declares its scope; the GPUs price at chip scope like
// any substrate, the bare-operation tables only at core, the whole-organ brain only at system.
TEST(ShippedTables, DeclareTheirScope) {
  const std::string directory = HardwareDirectory();
  for (const std::string& name : ListHardwareTables(directory)) {
    const EnergyTable table = LoadHardwareTable(name, directory);
    EXPECT_TRUE(table.scope().has_value()) << name;
    EXPECT_FALSE(table.node().empty()) << name;
    EXPECT_EQ(table.WhyNotAt(Scope::kCore), table.lumped() ? table.WhyNotAt(Scope::kCore) : "")
        << name;
  }
  for (const char* gpu : {"h100", "a100"}) {
    const EnergyTable table = LoadHardwareTable(gpu, directory);
    EXPECT_EQ(table.WhyNotAt(Scope::kChip), "") << gpu;
    EXPECT_EQ(table.WhyNotAt(Scope::kSystem), "") << gpu;
    EXPECT_EQ(table.Price("dram", "read_bit").scope, Scope::kSystem) << gpu;
    EXPECT_EQ(table.Price("sram_large", "read_bit").scope, Scope::kChip) << gpu;
    EXPECT_EQ(table.Price("alu", "int8_mac").scope, Scope::kCore) << gpu;
  }
  for (const char* bare : {"cmos-45nm", "cmos-7nm"}) {
    const std::string why = LoadHardwareTable(bare, directory).WhyNotAt(Scope::kChip);
    EXPECT_NE(why.find(std::string("table '") + bare + "' prices at most core scope"),
              std::string::npos)
        << why;
    EXPECT_NE(why.find("no static power"), std::string::npos) << why;
  }
  const EnergyTable brain = LoadHardwareTable("brain", directory);
  EXPECT_EQ(brain.WhyNotAt(Scope::kSystem), "");
  EXPECT_NE(brain.WhyNotAt(Scope::kChip).find("lumps everything up to system"), std::string::npos);
  // A combined table can price where all of its parts can.
  const EnergyTable combined = EnergyTable::Combine(LoadHardwareTable("h100", directory),
                                                    LoadHardwareTable("adiabatic-cmos", directory));
  EXPECT_EQ(combined.WhyNotAt(Scope::kChip), "");
  EXPECT_EQ(combined.node(), "TSMC 4N (priced with 7 nm operation energies) + 45 nm");
  // The base sets the boundary: the chip-scope adiabatic node prices at system scope as a device
  // beside h100 (it has nothing off chip; h100 prices the HBM), but not alone.
  const EnergyTable adiabatic = LoadHardwareTable("adiabatic-cmos-7nm", directory);
  EXPECT_EQ(EnergyTable::Combine(LoadHardwareTable("h100", directory), adiabatic)
                .WhyNotAt(Scope::kSystem),
            "");
  EXPECT_NE(adiabatic.WhyNotAt(Scope::kSystem)
                .find("'adiabatic-cmos-7nm' prices at most chip scope (it declares scope = "
                      "\"chip\"), not system"),
            std::string::npos)
      << adiabatic.WhyNotAt(Scope::kSystem);
}

// A table that declares core scope stays at core scope even with a static-power entry: the
// declaration, not the entries, says how far its prices reach.
TEST(EnergyTable, DeclaredScopeBoundsTheBaseTable) {
  const EnergyTable core = EnergyTable::Parse(
      R"(schema = "landauer.energy-table/1"
name = "t"
description = "core with a listed static power"
temperature = "300 K"
scope = "core"
[[entry]]
component = "alu"
action = "fp32_mac"
energy = "1 pJ"
source = "s"
assumption = true
[[entry]]
component = "static"
action = "second"
energy = "1 J"
source = "s"
assumption = true
scope = "chip"
)",
      "t.toml");
  EXPECT_EQ(core.WhyNotAt(Scope::kCore), "");
  EXPECT_NE(core.WhyNotAt(Scope::kChip).find("prices at most core scope (it declares"),
            std::string::npos)
      << core.WhyNotAt(Scope::kChip);
}

}  // namespace
}  // namespace landauer

#include "landauer/energy/hardware_catalog.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "landauer/core/errors.h"

namespace landauer {
namespace {

TEST(HardwareCatalog, LoadsEachTableOnceAndKeepsItsAddress) {
  const HardwareCatalog catalog;
  const EnergyTable& first = catalog.Get("h100");
  const EnergyTable& again = catalog.Get("h100");
  EXPECT_EQ(&first, &again);
  EXPECT_EQ(first.name(), "h100");
  EXPECT_EQ(catalog.directory(), HardwareDirectory());
}

TEST(HardwareCatalog, NamesAreTheShippedTables) {
  const HardwareCatalog catalog;
  const std::vector<std::string> names = catalog.Names();
  for (const char* name : {"a100", "adiabatic-cmos", "brain", "cmos-45nm", "h100", "spu"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  }
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
}

TEST(HardwareCatalog, UnknownNameListsTheKnownOnes) {
  const HardwareCatalog catalog;
  try {
    catalog.Get("tpu-v9");
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("unknown hardware 'tpu-v9'"), std::string::npos) << message;
    EXPECT_NE(message.find("cmos-45nm"), std::string::npos) << message;
  }
}

TEST(HardwareCatalog, CombinesDeviceTablesInOrder) {
  const HardwareCatalog catalog;
  const std::vector<std::string> devices = {"spu"};
  const EnergyTable table = catalog.Combined("cmos-45nm", devices);
  EXPECT_EQ(table.name(), "cmos-45nm+spu");
  EXPECT_NE(table.Find("alu", "fp32_mac"), nullptr);
  EXPECT_NE(table.Find("spu", "cell_tau"), nullptr);
  EXPECT_EQ(catalog.Combined("h100", {}).name(), "h100");
  // The brain is priced at 310 K, the SPU at 300 K: they do not combine.
  const std::vector<std::string> spu = {"spu"};
  EXPECT_THROW(catalog.Combined("brain", spu), std::invalid_argument);
}

// Issue 10: a method names its device once; it is priced at the base table's node family.
TEST(HardwareCatalog, ResolvesDeviceTablesToTheBaseTablesFamily) {
  const HardwareCatalog catalog;
  EXPECT_EQ(catalog.Get("h100").family(), "7nm");
  EXPECT_EQ(catalog.Get("cmos-45nm").family(), "45nm");
  EXPECT_EQ(catalog.DeviceTable("adiabatic-cmos", "7nm"), "adiabatic-cmos-7nm");
  EXPECT_EQ(catalog.DeviceTable("adiabatic-cmos", "45nm"), "adiabatic-cmos");  // no -45nm table
  EXPECT_EQ(catalog.DeviceTable("adiabatic-cmos", ""), "adiabatic-cmos");
  EXPECT_EQ(catalog.DeviceTable("spu", "7nm"), "spu");
  const std::vector<std::string> adiabatic = {"adiabatic-cmos"};
  const EnergyTable at_7nm = catalog.Combined("a100", adiabatic);
  EXPECT_EQ(at_7nm.name(), "a100+adiabatic-cmos-7nm");
  EXPECT_EQ(at_7nm.family(), "7nm");
  const EnergyTable at_45nm = catalog.Combined("cmos-45nm", adiabatic);
  EXPECT_EQ(at_45nm.name(), "cmos-45nm+adiabatic-cmos");
  EXPECT_EQ(at_45nm.family(), "45nm");
  // Tables of two families combine, and the family says so.
  EXPECT_EQ(EnergyTable::Combine(catalog.Get("h100"), catalog.Get("adiabatic-cmos")).family(),
            "7nm+45nm");
  // A table without a family (the analog SPU) leaves the base's.
  EXPECT_EQ(EnergyTable::Combine(catalog.Get("h100"), catalog.Get("spu")).family(), "7nm");
}

TEST(HardwareCatalog, ReadsItsOwnDirectoryAndTablePaths) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "landauer_catalog_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "tiny.toml")
      << "schema = \"landauer.energy-table/1\"\nname = \"tiny\"\n"
         "description = \"one entry\"\ntemperature = \"300 K\"\n"
         "reference = \"test\"\n[[entry]]\ncomponent = \"alu\"\n"
         "action = \"fp32_mac\"\nenergy = \"1 pJ\"\nsource = \"test\"\n"
         "assumption = true\n";
  const HardwareCatalog catalog(dir.string());
  EXPECT_EQ(catalog.Names(), std::vector<std::string>{"tiny"});
  EXPECT_EQ(catalog.Get("tiny").entries().size(), 1u);
  EXPECT_THROW(catalog.Get("h100"), InputError);
  const HardwareCatalog shipped;
  EXPECT_EQ(shipped.Get((dir / "tiny.toml").string()).name(), "tiny");
  fs::remove_all(dir);
}

TEST(HardwareCatalog, ConcurrentGetsShareOneTable) {
  const HardwareCatalog catalog;
  std::vector<const EnergyTable*> seen(8, nullptr);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([&, i] { seen[i] = &catalog.Get("a100"); });
  }
  for (std::thread& thread : threads) thread.join();
  for (const EnergyTable* table : seen) EXPECT_EQ(table, seen.front());
}

}  // namespace
}  // namespace landauer

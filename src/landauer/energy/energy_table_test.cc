#include "landauer/energy/energy_table.h"

#include <gtest/gtest.h>

#include <string>

#include "landauer/core/errors.h"

namespace landauer {
namespace {

constexpr const char* kHeader = R"(schema = "landauer.energy-table/1"
name = "test"
description = "a test table"
temperature = "300 K"
)";

constexpr const char* kGoodEntry = R"(
[[entry]]
component = "alu"
action = "fp32_mac"
energy = "4.6 pJ"
time = "1 ns"
source = "Horowitz ISSCC 2014"
assumption = true
note = "mult + add"
)";

TEST(EnergyTable, ParsesAValidTable) {
  const EnergyTable table =
      EnergyTable::Parse(std::string(kHeader) + kGoodEntry, "test.toml", "test");
  EXPECT_EQ(table.name(), "test");
  EXPECT_EQ(table.temperature().value(), 300.0);
  ASSERT_EQ(table.entries().size(), 1u);
  const EnergyEntry& entry = table.Price("alu", "fp32_mac");
  EXPECT_DOUBLE_EQ(entry.energy_j, 4.6e-12);
  ASSERT_TRUE(entry.time_s.has_value());
  EXPECT_DOUBLE_EQ(*entry.time_s, 1e-9);
  EXPECT_TRUE(entry.assumption);
  EXPECT_EQ(entry.note, "mult + add");
  EXPECT_EQ(entry.line, 6);
  EXPECT_EQ(table.Find("alu", "int8_mac"), nullptr);
}

// Parses `text` and returns the error message (empty if it parsed).
std::string ErrorOf(const std::string& text, const std::string& expected_name = "test") {
  try {
    EnergyTable::Parse(text, "tables/test.toml", expected_name);
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

std::string WithEntry(const std::string& entry) {
  return std::string(kHeader) + "\n[[entry]]\n" + entry;
}

constexpr const char* kEntryTail = "source = \"s\"\nassumption = false\n";

TEST(EnergyTable, MalformedTomlNamesFileAndLine) {
  const std::string message = ErrorOf(std::string(kHeader) + "[[entry]\ncomponent = \"alu\"\n");
  EXPECT_NE(message.find("tables/test.toml:5:"), std::string::npos) << message;
  EXPECT_NE(message.find("malformed TOML"), std::string::npos) << message;
}

TEST(EnergyTable, EntryWithoutSourceIsRejected) {
  const std::string message = ErrorOf(
      WithEntry("component = \"alu\"\naction = \"x\"\nenergy = \"1 pJ\"\nassumption = false\n"));
  EXPECT_NE(message.find("tables/test.toml:6:"), std::string::npos) << message;
  EXPECT_NE(message.find("missing key 'source'"), std::string::npos) << message;
  const std::string empty =
      ErrorOf(WithEntry("component = \"alu\"\naction = \"x\"\nenergy = \"1 pJ\"\nsource = \"  "
                        "\"\nassumption = false\n"));
  EXPECT_NE(empty.find("has an empty source"), std::string::npos) << empty;
  EXPECT_NE(empty.find(":10:"), std::string::npos) << empty;
}

TEST(EnergyTable, UnknownKeysAreRejectedWithTheirLine) {
  const std::string entry_key = ErrorOf(WithEntry(
      std::string("component = \"alu\"\naction = \"x\"\nenergy = \"1 pJ\"\nenrgy_j = 1.0\n") +
      kEntryTail));
  EXPECT_NE(entry_key.find(":10: unknown key 'enrgy_j'"), std::string::npos) << entry_key;
  const std::string top_key = ErrorOf(std::string(kHeader) + "vendor = \"x\"\n" + kGoodEntry);
  EXPECT_NE(top_key.find(":5: unknown key 'vendor' at the top level"), std::string::npos)
      << top_key;
}

TEST(EnergyTable, UnitsAndSignsAreValidated) {
  auto entry_with = [](const std::string& energy_line) {
    return WithEntry("component = \"alu\"\naction = \"x\"\n" + energy_line + kEntryTail);
  };
  EXPECT_NE(ErrorOf(entry_with("energy = \"1 pW\"\n")).find("is not an energy unit"),
            std::string::npos);
  EXPECT_NE(ErrorOf(entry_with("energy = \"1\"\n")).find("has no unit"), std::string::npos);
  EXPECT_NE(ErrorOf(entry_with("energy = 1.0\n")).find("must be a quoted energy"),
            std::string::npos);
  EXPECT_NE(ErrorOf(entry_with("energy = \"-1 pJ\"\n")).find("must be > 0 J"), std::string::npos);
  EXPECT_NE(ErrorOf(entry_with("energy = \"0 pJ\"\n")).find("must be > 0 J"), std::string::npos);
  EXPECT_NE(ErrorOf(entry_with("energy = \"1 pJ\"\ntime = \"-1 ns\"\n")).find("must be >= 0 s"),
            std::string::npos);
  EXPECT_NE(ErrorOf(entry_with("energy = \"1 pJ\"\ntime = \"1 pJ\"\n")).find("not a time unit"),
            std::string::npos);
  const std::string temperature = ErrorOf(
      std::string(kHeader).replace(std::string(kHeader).find("300 K"), 5, "-4 K") + kGoodEntry);
  EXPECT_NE(temperature.find(":4: temperature must be > 0 K"), std::string::npos) << temperature;
}

TEST(EnergyTable, StructuralErrors) {
  EXPECT_NE(ErrorOf(kHeader).find("missing key 'entry'"), std::string::npos);
  EXPECT_NE(ErrorOf(std::string(kHeader) + kGoodEntry, "other").find("differs from the file name"),
            std::string::npos);
  EXPECT_NE(ErrorOf(std::string(kHeader) + kGoodEntry + kGoodEntry)
                .find("duplicate entry (alu, fp32_mac)"),
            std::string::npos);
  EXPECT_NE(ErrorOf(WithEntry("component = \"ALU\"\naction = \"x\"\nenergy = \"1 pJ\"\n" +
                              std::string(kEntryTail)))
                .find("not a valid identifier"),
            std::string::npos);
  EXPECT_NE(
      ErrorOf(WithEntry("component = \"alu\"\naction = \"x\"\nenergy = \"1 pJ\"\nsource = \"s\"\n"
                        "assumption = \"no\"\n"))
          .find("must be true or false"),
      std::string::npos);
  std::string bad_schema = std::string(kHeader);
  bad_schema.replace(bad_schema.find("/1"), 2, "/9");
  EXPECT_NE(ErrorOf(bad_schema + kGoodEntry).find("unsupported schema"), std::string::npos);
  EXPECT_NE(ErrorOf(std::string(kHeader) + "family = \"7 nm\"\n" + kGoodEntry)
                .find(":5: family '7 nm' must be lower-case letters and digits"),
            std::string::npos);
  EXPECT_NE(ErrorOf(std::string(kHeader) + "family = \"\"\n" + kGoodEntry).find("family ''"),
            std::string::npos);
  EXPECT_EQ(EnergyTable::Parse(std::string(kHeader) + "family = \"5nm\"\n" + kGoodEntry, "t.toml")
                .family(),
            "5nm");
}

TEST(EnergyTable, MissingPriceNamesActionTableAndAlternatives) {
  const EnergyTable table =
      EnergyTable::Parse(std::string(kHeader) + kGoodEntry, "tables/test.toml");
  try {
    table.Price("alu", "int8_mac");
    FAIL() << "expected MissingPriceError";
  } catch (const MissingPriceError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find(
                  "energy table 'test' (tables/test.toml) has no price for action (alu, int8_mac)"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("it prices 'alu' actions: fp32_mac"), std::string::npos) << message;
  }
}

TEST(EnergyTable, UnknownHardwareNameListsTheKnownOnes) {
  try {
    LoadHardwareTable("h200", HardwareDirectory());
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("unknown hardware 'h200'"), std::string::npos) << message;
    EXPECT_NE(message.find("h100"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace landauer

namespace landauer {
namespace {

TEST(EnergyTable, UnicodeInDoubleQuotedStringsRoundTrips) {
  const std::string text =
      std::string(kHeader) +
      "# comment with µ and é\n[[entry]]\ncomponent = \"alu\"\naction = \"x\"\n"
      "energy = \"2 µJ\"\nsource = \"Mejía et al. — “quoted”\"\nassumption = false\n"
      "note = \"\"\"multi\nline τ = RC\"\"\"\"\n";
  const EnergyTable table = EnergyTable::Parse(text, "u.toml");
  const EnergyEntry& entry = table.Price("alu", "x");
  EXPECT_DOUBLE_EQ(entry.energy_j, 2e-6);
  EXPECT_EQ(entry.source, "Mejía et al. — “quoted”");
  EXPECT_EQ(entry.note, "multi\nline τ = RC\"");
  EXPECT_EQ(entry.line, 6);
}

TEST(EnergyTable, NonAsciiOutsideStringsLiteralsAndBadUtf8AreRejected) {
  EXPECT_NE(ErrorOf(std::string(kHeader) + "naïve = 1\n" + kGoodEntry).find("tables/test.toml:5:"),
            std::string::npos);
  EXPECT_NE(ErrorOf(std::string(kHeader) + "lit = 'µ'\n" + kGoodEntry)
                .find(":5: non-ASCII text in a literal"),
            std::string::npos);
  EXPECT_NE(
      ErrorOf(std::string(kHeader) + "bad = \"\xff\"\n" + kGoodEntry).find(":5: invalid UTF-8"),
      std::string::npos);
  EXPECT_NE(
      ErrorOf(std::string(kHeader) + "bad = \"\xed\xa0\x80\"\n" + kGoodEntry).find("invalid UTF-8"),
      std::string::npos);  // an encoded surrogate
}

// Regression: inputs the fuzzer found that drove Debian's toml++ 3.3.0 into
// __builtin_unreachable (undefined behaviour). They must now fail cleanly.
TEST(EnergyTable, FuzzRegressionTomlUnreachable) {
  const std::string first(
      "a = [12\xc6\xaf"
      "0&:3= [127\x1fP0&:32::0Z\ne = 0x1f\nf .\0\0\0\"\ndulti2::0Z\n",
      49);
  EXPECT_THROW(EnergyTable::Parse(first, "fuzz.toml"), InputError);
  const std::string second =
      "schema =7\"lajdauer.enernamegy\xd0\x8b"
      "able/2\"\x02name = \"x\"\n[[entpy]\n";
  EXPECT_THROW(EnergyTable::Parse(second, "fuzz.toml"), InputError);
}

}  // namespace
}  // namespace landauer

#include "landauer/report/text_table.h"

#include <gtest/gtest.h>

namespace landauer {
namespace {

TEST(TextTable, AlignsColumnsCountingUtf8CodePoints) {
  TextTable table({"name", "value"});
  table.SetAlignment(1, TextTable::Align::kRight);
  table.AddRow({"µ-thing", "1"});
  table.AddRow({"x", "100"});
  EXPECT_EQ(table.Render(),
            "name     value\n"
            "--------------\n"
            "µ-thing      1\n"
            "x          100\n");
}

TEST(FormatSi, PicksTheEngineeringPrefix) {
  EXPECT_EQ(FormatSi(2.8710e-21, "J"), "2.871 zJ");
  EXPECT_EQ(FormatSi(4.6e-12, "J"), "4.6 pJ");
  EXPECT_EQ(FormatSi(700, "W"), "700 W");
  EXPECT_EQ(FormatSi(2.0352e-3, "V"), "2.035 mV");
  EXPECT_EQ(FormatSi(0.0, "J"), "0 J");
}

}  // namespace
}  // namespace landauer

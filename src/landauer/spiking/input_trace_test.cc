#include "landauer/spiking/input_trace.h"

#include <gtest/gtest.h>

#include "landauer/core/errors.h"

namespace landauer::spiking {
namespace {

TEST(InputTrace, RowsColumnsHeadersAndComments) {
  const InputTrace t = ParseInputTrace("input,v,spike\n# a comment\n1,2,3\n\n4, 5 ,6\r\n", "t.csv");
  EXPECT_EQ(t.header, "input,v,spike");
  EXPECT_EQ(t.rows, (std::vector<std::vector<double>>{{1, 2, 3}, {4, 5, 6}}));
  EXPECT_EQ(ParseInputTrace("1,2,3\n4,5,6", "t.csv", {2, 0}).rows,
            (std::vector<std::vector<double>>{{3, 1}, {6, 4}}));
}

TEST(InputTrace, BadRowsAreRefusedWithFileAndLine) {
  const auto message = [](std::string_view text, const std::vector<int>& columns = {}) {
    try {
      ParseInputTrace(text, "t.csv", columns);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(message("1,2\n3,x\n").find("t.csv:2: field 2"), std::string::npos);
  EXPECT_NE(message("1,2\n3,nan\n").find("t.csv:2"), std::string::npos);
  EXPECT_NE(message("1,2\n3\n").find("t.csv:2: 1 fields where the first row has 2"),
            std::string::npos);
  EXPECT_NE(message("1,2\n", {3}).find("column 3"), std::string::npos);
  EXPECT_NE(message("").find("no rows"), std::string::npos);
  EXPECT_NE(message("a,b\n").find("no rows"), std::string::npos);
}

}  // namespace
}  // namespace landauer::spiking

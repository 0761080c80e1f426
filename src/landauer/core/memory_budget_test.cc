#include "landauer/core/memory_budget.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace landauer {
namespace {

class ScopedVariable {
 public:
  explicit ScopedVariable(const char* value) { ::setenv("LANDAUER_MEMORY_LIMIT", value, 1); }
  ~ScopedVariable() { ::unsetenv("LANDAUER_MEMORY_LIMIT"); }
};

TEST(MemoryBudget, TheMachineHasALimit) {
  const MemoryLimit limit = CurrentMemoryLimit();
  EXPECT_GT(limit.bytes, 1e8);  // any machine that runs the tests has more than 100 MB
  EXPECT_NO_THROW(CheckMemory("a small request", 1e6, "nothing"));
}

TEST(MemoryBudget, RefusesWithTheNeedTheLimitAndTheFix) {
  const ScopedVariable limit("1G");
  EXPECT_EQ(CurrentMemoryLimit().bytes, 1024.0 * 1024.0 * 1024.0);
  EXPECT_NO_THROW(CheckMemory("--dimension 100", 8e4, "use a smaller --dimension"));
  try {
    CheckMemory("--dimension 100000", 8e10, "use a smaller --dimension");
    FAIL() << "expected a refusal";
  } catch (const std::invalid_argument& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("--dimension 100000"), std::string::npos) << message;
    EXPECT_NE(message.find("80 GB"), std::string::npos) << message;
    EXPECT_NE(message.find("1.07 GB"), std::string::npos) << message;
    EXPECT_NE(message.find("LANDAUER_MEMORY_LIMIT"), std::string::npos) << message;
    EXPECT_NE(message.find("use a smaller --dimension"), std::string::npos) << message;
  }
}

TEST(MemoryBudget, ABadVariableIsRefusedNotIgnored) {
  for (const char* bad : {"lots", "-5G", "0", "nanG"}) {
    const ScopedVariable limit(bad);
    EXPECT_THROW(CurrentMemoryLimit(), std::invalid_argument) << bad;
  }
}

TEST(MemoryBudget, FormatsBytes) {
  EXPECT_EQ(FormatBytes(512), "512 B");
  EXPECT_EQ(FormatBytes(8e10), "80 GB");
  EXPECT_EQ(FormatBytes(1.5e6), "1.5 MB");
}

}  // namespace
}  // namespace landauer

#include "landauer/core/named_registry.h"

#include <gtest/gtest.h>

namespace landauer {
namespace {

TEST(NamedRegistry, BuiltInsFirstUseAddFindAndErrors) {
  int made = 0;
  NamedRegistry<int> registry("widget", [&made] {
    ++made;
    return std::vector<std::pair<std::string, int>>{{"b", 2}, {"a", 1}};
  });
  EXPECT_EQ(made, 0);  // made on first use
  EXPECT_EQ(registry.Names(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(made, 1);
  registry.Add("c", 3);
  EXPECT_EQ(registry.Find("c"), 3);
  EXPECT_EQ(registry.NamesWhere([](const int& v) { return v > 1; }),
            (std::vector<std::string>{"b", "c"}));
  try {
    registry.Add("a", 9);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& error) {
    EXPECT_EQ(std::string(error.what()), "a widget named 'a' is already registered");
  }
  try {
    registry.Find("z");
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& error) {
    EXPECT_EQ(std::string(error.what()), "unknown widget 'z'; registered widgets: a, b, c");
  }
  EXPECT_EQ(made, 1);
}

// Built-ins that fail to register (a duplicate) leave no half-filled registry: every call reports
// the failure.
TEST(NamedRegistry, FailedBuiltInsAreNotHalfRegistered) {
  NamedRegistry<int> registry("widget", [] {
    return std::vector<std::pair<std::string, int>>{{"a", 1}, {"a", 2}};
  });
  EXPECT_THROW(registry.Names(), std::invalid_argument);
  EXPECT_THROW(registry.Find("a"), std::invalid_argument);
}
}  // namespace
}  // namespace landauer

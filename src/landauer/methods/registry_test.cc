// The method registry: built-ins, the default set read without constructing anything, and the
// errors of a bad registration.
#include "landauer/methods/registry.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace landauer {
namespace {

MethodRegistration Dummy(const std::string& name) {
  return {
      {.name = name,
       .substrate = "test",
       .summary = "s",
       .erased_bits = "e",
       .in_default_set = false},
      {},
      [](const MethodParams&, const MethodContext&) -> std::unique_ptr<Method> { return nullptr; }};
}

TEST(MethodRegistry, ListsTheBuiltInsSortedAndTheDefaultSet) {
  const std::vector<std::string> names = MethodNames();
  for (const char* name : {"adiabatic-mlp", "digital-mlp", "tngd-mlp"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  }
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  const std::vector<std::string> defaults = DefaultMethodNames();
  EXPECT_NE(std::find(defaults.begin(), defaults.end(), "digital-mlp"), defaults.end());
  EXPECT_NE(std::find(defaults.begin(), defaults.end(), "adiabatic-mlp"), defaults.end());
  EXPECT_EQ(std::find(defaults.begin(), defaults.end(), "tngd-mlp"), defaults.end());
  EXPECT_EQ(FindMethod("tngd-mlp").info.device_tables, std::vector<std::string>{"spu"});
}

TEST(MethodRegistry, UnknownNameListsTheRegisteredOnes) {
  try {
    FindMethod("quantum-magic");
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("unknown method 'quantum-magic'"), std::string::npos) << message;
    EXPECT_NE(message.find("digital-mlp"), std::string::npos) << message;
  }
}

TEST(MethodRegistry, RefusesBadRegistrations) {
  EXPECT_THROW(RegisterMethod(Dummy("digital-mlp")), std::invalid_argument);  // taken
  EXPECT_THROW(RegisterMethod(Dummy("Bad Name")), std::invalid_argument);
  EXPECT_THROW(RegisterMethod(Dummy("a.b")), std::invalid_argument);  // '.' separates --param
  MethodRegistration no_factory = Dummy("registry-test-no-factory");
  no_factory.factory = nullptr;
  EXPECT_THROW(RegisterMethod(no_factory), std::invalid_argument);
  MethodRegistration twice = Dummy("registry-test-twice");
  twice.params = {{.key = "k", .type = ParamType::kInt, .default_value = "1", .doc = "d"},
                  {.key = "k", .type = ParamType::kInt, .default_value = "1", .doc = "d"}};
  EXPECT_THROW(RegisterMethod(twice), std::invalid_argument);
  MethodRegistration bad_default = Dummy("registry-test-bad-default");
  bad_default.params = {
      {.key = "k", .type = ParamType::kInt, .default_value = "x", .doc = "d", .min = 0}};
  EXPECT_THROW(RegisterMethod(bad_default), std::invalid_argument);
  // None of the refused names got in.
  const std::vector<std::string> names = MethodNames();
  for (const char* name : {"registry-test-twice", "registry-test-bad-default"}) {
    EXPECT_EQ(std::find(names.begin(), names.end(), name), names.end());
  }
  RegisterMethod(Dummy("registry-test-ok"));
  EXPECT_EQ(FindMethod("registry-test-ok").info.substrate, "test");
}

}  // namespace
}  // namespace landauer

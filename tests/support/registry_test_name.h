// tests/support/registry_test_name.h — gtest parameter names for suites that run every registered
// engine or method: a registry name with its '-' and '.' turned into '_' ("digital-mlp" →
// "digital_mlp"), which gtest accepts.
#ifndef LANDAUER_TESTS_SUPPORT_REGISTRY_TEST_NAME_H_
#define LANDAUER_TESTS_SUPPORT_REGISTRY_TEST_NAME_H_

#include <gtest/gtest.h>

#include <cctype>
#include <string>

namespace landauer::testing {

struct RegistryTestName {
  std::string operator()(const ::testing::TestParamInfo<std::string>& info) const {
    std::string name = info.param;
    for (char& c : name) {
      if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    return name;
  }
};

}  // namespace landauer::testing

#endif  // LANDAUER_TESTS_SUPPORT_REGISTRY_TEST_NAME_H_

// Every registered LinearEngine against the exact digital one (after ggml's test-backend-ops):
// its products at the tolerances registered with it, and, when it has a backward pass, the
// gradient mode. The suite enumerates the registry, so registering an engine enrols it; a test
// that registers its own engine and links this file runs it too (toy_substrate_test).
#include "landauer/nn/engine_conformance.h"

#include <gtest/gtest.h>

#include "landauer/nn/engine_registry.h"
#include "registry_test_name.h"

namespace landauer::nn {
namespace {

class EngineConformanceSuite : public ::testing::TestWithParam<std::string> {};

TEST_P(EngineConformanceSuite, ProductsMatchTheDigitalEngineWithinTheRegisteredTolerances) {
  const EngineRegistration registration = FindEngine(GetParam());
  for (const int threads : {1, 2}) {
    const std::unique_ptr<LinearEngine> engine = registration.factory({.threads = threads});
    ASSERT_NE(engine, nullptr);
    EXPECT_EQ(engine->Name(), registration.name) << "the registry key must be the engine's name";
    const ConformanceReport report = CheckEngineConformance(*engine, registration.tolerances);
    EXPECT_TRUE(report.passed) << GetParam() << " on " << threads << " thread(s):\n"
                               << report.Describe();
    EXPECT_GE(report.cases.size(), 5u);  // forward on every shape, at least
  }
}

TEST_P(EngineConformanceSuite, BackwardPassIsTheForwardsGradient) {
  const EngineRegistration registration = FindEngine(GetParam());
  const std::unique_ptr<LinearEngine> engine = registration.factory({.threads = 1});
  if (!engine->Capabilities().backward_input) {
    // Nothing to check: training through this engine runs the backward pass on the host
    // (ProgrammedNetwork), which the digital engine's own gradient mode covers.
    EXPECT_FALSE(engine->Capabilities().in_situ_update) << "in-situ updates need a backward pass";
    return;
  }
  const ConformanceReport report = CheckEngineGradient(*engine, registration.tolerances.gradient);
  EXPECT_TRUE(report.passed) << GetParam() << ":\n" << report.Describe();
}

TEST_P(EngineConformanceSuite, ResultsDoNotDependOnTheThreadCount) {
  const EngineRegistration registration = FindEngine(GetParam());
  const std::unique_ptr<LinearEngine> one = registration.factory({.threads = 1}),
                                      two = registration.factory({.threads = 2});
  MatrixF x(130, 300), w(200, 300);
  for (Eigen::Index i = 0; i < x.size(); ++i)
    x.data()[i] = static_cast<float>((i * 7919 % 1000) / 500.0 - 1.0);
  for (Eigen::Index i = 0; i < w.size(); ++i)
    w.data()[i] = static_cast<float>((i * 104729 % 1000) / 500.0 - 1.0);
  MatrixF y1, y2;
  one->Program(w, {})->Forward(x, y1);
  two->Program(w, {})->Forward(x, y2);
  ASSERT_EQ(y1.rows(), y2.rows());
  EXPECT_TRUE((y1.array() == y2.array()).all()) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Registered,
                         EngineConformanceSuite,
                         ::testing::ValuesIn(EngineNames()),
                         testing::RegistryTestName());

}  // namespace
}  // namespace landauer::nn

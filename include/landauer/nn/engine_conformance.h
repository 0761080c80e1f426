// landauer/nn/engine_conformance.h — run any LinearEngine against the exact digital one.
//
// After ggml's test-backend-ops: each product (Forward, BackwardInput, WeightGradient) is run on
// seeded random matrices of several shapes by the engine under test and by DigitalEngine, and
// compared by normalised mean squared error,
//   nmse = Σ (y − y_ref)² / Σ y_ref²,
// which must not exceed the engine's documented tolerance for that product. Every new engine
// (analog, optical, ...) adds a test that calls CheckEngineConformance with its tolerances.
//
//   ConformanceReport r = CheckEngineConformance(engine, {.forward = 1e-3});
//   EXPECT_TRUE(r.passed) << r.Describe();
#ifndef LANDAUER_NN_ENGINE_CONFORMANCE_H_
#define LANDAUER_NN_ENGINE_CONFORMANCE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "landauer/nn/linear_engine.h"

namespace landauer::nn {

struct ConformanceTolerances {
  double forward = 1e-7;          // max nmse of Y = X Wᵀ
  double backward_input = 1e-7;   // max nmse of dX = dY W
  double weight_gradient = 1e-7;  // max nmse of dW = dYᵀ X
};

struct ConformanceCase {
  std::string product;  // "forward", "backward_input", "weight_gradient"
  int batch = 0, in = 0, out = 0;
  double nmse = 0.0;
  double tolerance = 0.0;
  bool passed = false;
};

struct ConformanceReport {
  std::vector<ConformanceCase> cases;
  bool passed = true;
  std::string Describe() const;  // one line per case
};

// Shapes cover a single sample, odd sizes and the block boundaries of DigitalEngine.
ConformanceReport CheckEngineConformance(LinearEngine& engine,
                                         const ConformanceTolerances& tolerances,
                                         std::uint64_t seed = 0);

// nmse(a, ref) = ‖a − ref‖² / ‖ref‖² (‖a‖² when ref is zero).
double NormalizedMse(const MatrixF& a, const MatrixF& reference);

}  // namespace landauer::nn

#endif  // LANDAUER_NN_ENGINE_CONFORMANCE_H_

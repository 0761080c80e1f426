// landauer/nn/engine_conformance.h — run any LinearEngine against the exact digital one.
//
// After ggml's test-backend-ops: each product an engine runs (Forward always; BackwardInput and
// WeightGradient where its capabilities say so) is run on seeded random matrices of several shapes
// by the engine under test and by DigitalEngine, and compared by normalised mean squared error,
//   nmse = Σ (y − y_ref)² / Σ y_ref²,
// which must not exceed the engine's declared tolerance for that product. Engines with a backward
// pass are also checked in gradient mode (Ceres' gradient checker): on a small tanh MLP, the
// directional derivative gᵀv of the loss, with g back-propagated through the engine's own
// products, must match central differences of the loss computed with the engine's forward pass.
//
// Every registered engine runs both (engine_registry.h; tests/conformance/), so none can skip it:
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
  // Gradient mode: max |gᵀv − (L(θ+εv) − L(θ−εv))/2ε| / (|gᵀv| + 1e-3) over random unit v. The
  // float32 central difference alone is good to a few 1e-4 on the test network.
  double gradient = 5e-3;
};

struct ConformanceCase {
  std::string product;  // "forward", "backward_input", "weight_gradient", "gradient"
  int batch = 0, in = 0, out = 0;
  double nmse = 0.0;  // gradient mode: the relative error of the directional derivative
  double tolerance = 0.0;
  bool passed = false;
};

struct ConformanceReport {
  std::vector<ConformanceCase> cases;
  bool passed = true;
  std::string Describe() const;  // one line per case
};

// Products against DigitalEngine. Shapes cover a single sample, odd sizes and the block boundaries
// of DigitalEngine. Products the engine's capabilities exclude are not run.
ConformanceReport CheckEngineConformance(LinearEngine& engine,
                                         const ConformanceTolerances& tolerances,
                                         std::uint64_t seed = 0);

// Gradient mode (engines whose capabilities include backward_input): four random directions on
// an mlp:6-5-4 tanh network and a batch of 8.
ConformanceReport CheckEngineGradient(LinearEngine& engine,
                                      double tolerance,
                                      std::uint64_t seed = 0);

// nmse(a, ref) = ‖a − ref‖² / ‖ref‖² (‖a‖² when ref is zero).
double NormalizedMse(const MatrixF& a, const MatrixF& reference);

}  // namespace landauer::nn

#endif  // LANDAUER_NN_ENGINE_CONFORMANCE_H_

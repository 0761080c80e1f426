// landauer/nn/linear_engine.h — the seam between a layer and the physics that multiplies.
//
// A Dense layer never multiplies by itself: it asks a LinearEngine. The digital engine is exact
// float32; quantised, analog-crossbar and optical engines add their conversions, noise and
// precision limits behind the same products, so one model runs on any substrate:
//
//   Forward         Y  = X Wᵀ      X: batch × in,   W: out × in,  Y: batch × out
//   BackwardInput   dX = dY W      dY: batch × out,               dX: batch × in
//   WeightGradient  dW = dYᵀ X                                    dW: out × in
//
// Weights are *programmed* once per update, not once per product (after ggml's backend buffers and
// aihwkit's tiles): Program() returns the weights as the device holds them — a view for the
// digital engine (free, zero copy), rounded values for a quantised engine, conductances with their
// device-to-device variation for a crossbar — and Forward/BackwardInput run on that. Programming
// is where a device pays for writing its weights: Program() counts those actions into the context's
// ledger. nn::ProgrammedNetwork (programmed_network.h) programs a whole MLP after every optimizer
// step; nn::Train and nn::Evaluate use it.
//
//   DigitalEngine engine(threads);
//   std::unique_ptr<ProgrammedWeights> w = engine.Program(weights, {.layer = 0});
//   w->Forward(x, y);
//
// Capabilities (ggml's supports_op): an engine says which products it runs. The caller runs the
// others digitally on the host's float32 weights; a product an engine does not claim is never
// called on it. The cost of the products an engine runs is the cost model it makes
// (MakeCostModel, cost_model.h): the engine's substrate owns its joules.
//
// Contracts, for every engine:
//   * All matrices are row-major float32. Outputs (y, dx) are resized by the engine; dw is a view
//     of the right shape. Inputs and outputs never alias.
//   * Results are deterministic for a given seed and programming history, and never depend on the
//     thread count.
//   * A programmed object may keep a view of `w` (DigitalEngine does; WeightsView binds only to
//     storage) and may refer to its engine: `w` must stay alive and in place, and the engine
//     alive, while it is used. It holds the weights of one update: program again after each.
//   * Engines may keep state between calls (e.g. a read-noise counter), so an engine and its
//     programmed weights are used from one thread at a time.
//   * Every registered engine passes the conformance suite (engine_registry.h,
//     engine_conformance.h) against DigitalEngine at the tolerances declared with it.
#ifndef LANDAUER_NN_LINEAR_ENGINE_H_
#define LANDAUER_NN_LINEAR_ENGINE_H_

#include <Eigen/Core>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "landauer/core/matrix.h"

namespace landauer {
class Ledger;
}

namespace landauer::nn {

using ConstMatrixRef = Eigen::Ref<const MatrixF>;
using MatrixRef = Eigen::Ref<MatrixF>;

struct MlpSpec;
class CostModel;

// What an engine runs itself (ggml's supports_op). Forward is always supported.
struct EngineCapabilities {
  bool backward_input = false;   // dX = dY W on the programmed weights
  bool weight_gradient = false;  // dW = dYᵀ X
  bool in_situ_update = false;   // the device applies W ← W − η dW itself (pulsed crossbars)
};

// The weights an engine is programmed with: a view of row-major float32 storage the caller owns —
// a MatrixF, or a Map of one such as Mlp::Weight(l). It cannot bind to an expression or a
// temporary (converting those would need a copy that dies with the call), so an engine may keep
// the view; passing one is a compile error.
class WeightsView {
 public:
  WeightsView(const MatrixF& w) : ref_(w) {}  // NOLINT(google-explicit-constructor)
  WeightsView(const Eigen::Map<const MatrixF>& w)
      : ref_(w) {}                                        // NOLINT(google-explicit-constructor)
  WeightsView(const Eigen::Map<MatrixF>& w) : ref_(w) {}  // NOLINT(google-explicit-constructor)
  WeightsView(MatrixF&&) = delete;
  template <typename Expression>
  WeightsView(const Expression&) = delete;
  const ConstMatrixRef& ref() const { return ref_; }
  Eigen::Index rows() const { return ref_.rows(); }  // out
  Eigen::Index cols() const { return ref_.cols(); }  // in

 private:
  ConstMatrixRef ref_;
};

// Where a layer is programmed: which layer, how often before, and where to count the cost.
struct ProgramContext {
  int layer = 0;             // layer index: engines derive per-layer random streams from it
  std::int64_t update = 0;   // times this layer was programmed before (0 = the first time)
  Ledger* ledger = nullptr;  // programming actions are counted here; nullptr: not counted
  std::string_view phase;    // the ledger phase ("train", "inference")
};

// A layer's weights as the device holds them.
class ProgrammedWeights {
 public:
  virtual ~ProgrammedWeights() = default;
  virtual Eigen::Index rows() const = 0;  // out
  virtual Eigen::Index cols() const = 0;  // in
  // Y = X Wᵀ (x: batch × cols(); y resized to batch × rows()).
  virtual void Forward(const ConstMatrixRef& x, MatrixF& y) = 0;
  // dX = dY W (dy: batch × rows(); dx resized to batch × cols()). Only for engines whose
  // Capabilities().backward_input is true; the default throws std::logic_error.
  virtual void BackwardInput(const ConstMatrixRef& dy, MatrixF& dx);
};

class LinearEngine {
 public:
  virtual ~LinearEngine() = default;
  // A short name for reports ("digital-fp32", "int8", ...); the registry key (engine_registry.h).
  virtual std::string Name() const = 0;
  virtual EngineCapabilities Capabilities() const = 0;
  // Programs `w` (out × in) for `context.layer`, counting what programming costs.
  virtual std::unique_ptr<ProgrammedWeights> Program(const WeightsView& w,
                                                     const ProgramContext& context) = 0;
  // dW = dYᵀ X into `dw` (out × in), overwriting every entry (Mlp does not zero the gradient
  // first). Only when Capabilities().weight_gradient; the default throws std::logic_error.
  virtual void WeightGradient(const ConstMatrixRef& dy, const ConstMatrixRef& x, MatrixRef dw);
  // The actions one forward and backward pass of `spec` costs on this engine. Default: the
  // digital processor in fp32 (nn::DigitalCostModel).
  virtual std::unique_ptr<CostModel> MakeCostModel(const MlpSpec& spec) const;
};

// Exact float32 products with Eigen's GEMM, split into fixed blocks of output columns that run in
// parallel. The blocks depend only on the matrix shapes, never on `threads`, and each output
// element is reduced by one GEMM call, so results are bit-identical for any thread count.
// Programming is a view of the caller's weights: nothing is copied and nothing is counted.
class DigitalEngine final : public LinearEngine {
 public:
  explicit DigitalEngine(int threads = 1);
  std::string Name() const override { return "digital-fp32"; }
  EngineCapabilities Capabilities() const override;
  std::unique_ptr<ProgrammedWeights> Program(const WeightsView& w,
                                             const ProgramContext& context) override;
  void WeightGradient(const ConstMatrixRef& dy, const ConstMatrixRef& x, MatrixRef dw) override;
  // The products themselves, on weights the caller holds (the programmed view calls these).
  void Forward(const ConstMatrixRef& x, const ConstMatrixRef& w, MatrixF& y) const;
  void BackwardInput(const ConstMatrixRef& dy, const ConstMatrixRef& w, MatrixF& dx) const;
  int threads() const { return threads_; }

 private:
  int threads_;
};

}  // namespace landauer::nn

#endif  // LANDAUER_NN_LINEAR_ENGINE_H_

// landauer/nn/linear_engine.h — the seam between a layer and the physics that multiplies.
//
// A Dense layer never multiplies by itself: it asks a LinearEngine. The digital engine is exact
// float32; quantised, analog-crossbar and optical engines add their conversions, noise and
// precision limits behind the same three products, so one model runs on any substrate:
//
//   Forward         Y  = X Wᵀ      X: batch × in,   W: out × in,  Y: batch × out
//   BackwardInput   dX = dY W      dY: batch × out,               dX: batch × in
//   WeightGradient  dW = dYᵀ X                                    dW: out × in
//
// All matrices are row-major float32. Engines are deterministic for a given seed and never depend
// on the thread count. Every engine must pass the conformance harness (engine_conformance.h)
// against DigitalEngine at its documented tolerance.
#ifndef LANDAUER_NN_LINEAR_ENGINE_H_
#define LANDAUER_NN_LINEAR_ENGINE_H_

#include <Eigen/Core>
#include <string>

#include "landauer/core/matrix.h"

namespace landauer::nn {

using ConstMatrixRef = Eigen::Ref<const MatrixF>;
using MatrixRef = Eigen::Ref<MatrixF>;

class LinearEngine {
 public:
  virtual ~LinearEngine() = default;
  // A short name for reports ("digital-fp32", "int8", ...).
  virtual std::string Name() const = 0;
  virtual void Forward(const ConstMatrixRef& x, const ConstMatrixRef& w, MatrixF& y) = 0;
  virtual void BackwardInput(const ConstMatrixRef& dy, const ConstMatrixRef& w, MatrixF& dx) = 0;
  virtual void WeightGradient(const ConstMatrixRef& dy, const ConstMatrixRef& x, MatrixRef dw) = 0;
};

// Exact float32 products with Eigen's GEMM, split into fixed blocks of output columns that run in
// parallel. The blocks depend only on the matrix shapes, never on `threads`, and each output
// element is reduced by one GEMM call, so results are bit-identical for any thread count.
class DigitalEngine final : public LinearEngine {
 public:
  explicit DigitalEngine(int threads = 1);
  std::string Name() const override { return "digital-fp32"; }
  void Forward(const ConstMatrixRef& x, const ConstMatrixRef& w, MatrixF& y) override;
  void BackwardInput(const ConstMatrixRef& dy, const ConstMatrixRef& w, MatrixF& dx) override;
  void WeightGradient(const ConstMatrixRef& dy, const ConstMatrixRef& x, MatrixRef dw) override;
  int threads() const { return threads_; }

 private:
  int threads_;
};

}  // namespace landauer::nn

#endif  // LANDAUER_NN_LINEAR_ENGINE_H_

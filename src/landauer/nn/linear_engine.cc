#include "landauer/nn/linear_engine.h"

#include <algorithm>
#include <stdexcept>

#include "landauer/core/check.h"
#include "landauer/core/parallel.h"
#include "landauer/nn/digital_cost.h"

namespace landauer::nn {
namespace {

// Output columns per parallel block. Fixed, so block boundaries never depend on the thread count.
constexpr Eigen::Index kColumnBlock = 64;

// Runs body(first_col, cols) over fixed column blocks of an output with `columns` columns.
template <typename Body>
void ForColumnBlocks(Eigen::Index columns, double macs, int threads, Body body) {
  if (macs < kMinParallelWork || columns <= kColumnBlock) {
    body(0, columns);
    return;
  }
  const Eigen::Index blocks = (columns + kColumnBlock - 1) / kColumnBlock;
  ParallelFor(0, blocks, threads, [&](std::int64_t lo, std::int64_t hi) {
    for (std::int64_t block = lo; block < hi; ++block) {
      const Eigen::Index first = block * kColumnBlock;
      body(first, std::min(kColumnBlock, columns - first));
    }
  });
}

// DigitalEngine's programmed weights: a view of the caller's matrix (no copy, no cost).
class DigitalWeights final : public ProgrammedWeights {
 public:
  DigitalWeights(const DigitalEngine& engine, const ConstMatrixRef& w)
      : engine_(engine),
        view_(Eigen::Map<const MatrixF, 0, Eigen::OuterStride<>>(
            w.data(), w.rows(), w.cols(), Eigen::OuterStride<>(w.outerStride()))) {}
  Eigen::Index rows() const override { return view_.rows(); }
  Eigen::Index cols() const override { return view_.cols(); }
  void Forward(const ConstMatrixRef& x, MatrixF& y) override { engine_.Forward(x, view_, y); }
  void BackwardInput(const ConstMatrixRef& dy, MatrixF& dx) override {
    engine_.BackwardInput(dy, view_, dx);
  }

 private:
  const DigitalEngine& engine_;
  ConstMatrixRef view_;
};

}  // namespace

void ProgrammedWeights::BackwardInput(const ConstMatrixRef& /*dy*/, MatrixF& /*dx*/) {
  throw std::logic_error(
      "ProgrammedWeights::BackwardInput called on an engine without backward_input capability");
}

void LinearEngine::WeightGradient(const ConstMatrixRef& /*dy*/,
                                  const ConstMatrixRef& /*x*/,
                                  MatrixRef /*dw*/) {
  throw std::logic_error("LinearEngine::WeightGradient called on engine '" + Name() +
                         "', which has no weight_gradient capability");
}

std::unique_ptr<CostModel> LinearEngine::MakeCostModel(const MlpSpec& spec) const {
  return std::make_unique<DigitalCostModel>(spec, Precision::kFp32);
}

DigitalEngine::DigitalEngine(int threads) : threads_(ResolveThreads(threads)) {}

EngineCapabilities DigitalEngine::Capabilities() const {
  return {.backward_input = true, .weight_gradient = true, .in_situ_update = false};
}

std::unique_ptr<ProgrammedWeights> DigitalEngine::Program(const WeightsView& w,
                                                          const ProgramContext& /*context*/) {
  return std::make_unique<DigitalWeights>(*this, w.ref());
}

void DigitalEngine::Forward(const ConstMatrixRef& x, const ConstMatrixRef& w, MatrixF& y) const {
  LANDAUER_CHECK(x.cols() == w.cols())
      << "Forward: x has " << x.cols() << " columns, w " << w.cols();
  y.resize(x.rows(), w.rows());
  const double macs = static_cast<double>(x.rows()) * x.cols() * w.rows();
  ForColumnBlocks(w.rows(), macs, threads_, [&](Eigen::Index first, Eigen::Index count) {
    y.middleCols(first, count).noalias() = x * w.middleRows(first, count).transpose();
  });
}

void DigitalEngine::BackwardInput(const ConstMatrixRef& dy,
                                  const ConstMatrixRef& w,
                                  MatrixF& dx) const {
  LANDAUER_CHECK(dy.cols() == w.rows())
      << "BackwardInput: dy has " << dy.cols() << " columns, w " << w.rows() << " rows";
  dx.resize(dy.rows(), w.cols());
  const double macs = static_cast<double>(dy.rows()) * dy.cols() * w.cols();
  ForColumnBlocks(w.cols(), macs, threads_, [&](Eigen::Index first, Eigen::Index count) {
    dx.middleCols(first, count).noalias() = dy * w.middleCols(first, count);
  });
}

void DigitalEngine::WeightGradient(const ConstMatrixRef& dy,
                                   const ConstMatrixRef& x,
                                   MatrixRef dw) {
  LANDAUER_CHECK(dy.rows() == x.rows() && dw.rows() == dy.cols() && dw.cols() == x.cols())
      << "WeightGradient: shape mismatch";
  const double macs = static_cast<double>(dy.rows()) * dy.cols() * x.cols();
  // Blocks of dW rows (output units): each reduces over the whole batch in one GEMM.
  if (macs < kMinParallelWork || dw.rows() <= kColumnBlock) {
    dw.noalias() = dy.transpose() * x;
    return;
  }
  const Eigen::Index blocks = (dw.rows() + kColumnBlock - 1) / kColumnBlock;
  ParallelFor(0, blocks, threads_, [&](std::int64_t lo, std::int64_t hi) {
    for (std::int64_t block = lo; block < hi; ++block) {
      const Eigen::Index first = block * kColumnBlock;
      const Eigen::Index count = std::min(kColumnBlock, dw.rows() - first);
      dw.middleRows(first, count).noalias() = dy.middleCols(first, count).transpose() * x;
    }
  });
}

}  // namespace landauer::nn

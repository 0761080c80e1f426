#include "landauer/nn/linear_engine.h"

#include <algorithm>

#include "landauer/core/check.h"
#include "landauer/core/parallel.h"

namespace landauer::nn {
namespace {

// Output columns per parallel block. Fixed, so block boundaries never depend on the thread count.
constexpr Eigen::Index kColumnBlock = 64;
// Below this many multiply-adds a product runs as one block (threading would cost more).
constexpr double kParallelMinMacs = 2.0e5;

// Runs body(first_col, cols) over fixed column blocks of an output with `columns` columns.
template <typename Body>
void ForColumnBlocks(Eigen::Index columns, double macs, int threads, Body body) {
  if (macs < kParallelMinMacs || columns <= kColumnBlock) {
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

}  // namespace

DigitalEngine::DigitalEngine(int threads) : threads_(ResolveThreads(threads)) {}

void DigitalEngine::Forward(const ConstMatrixRef& x, const ConstMatrixRef& w, MatrixF& y) {
  LANDAUER_CHECK(x.cols() == w.cols())
      << "Forward: x has " << x.cols() << " columns, w " << w.cols();
  y.resize(x.rows(), w.rows());
  const double macs = static_cast<double>(x.rows()) * x.cols() * w.rows();
  ForColumnBlocks(w.rows(), macs, threads_, [&](Eigen::Index first, Eigen::Index count) {
    y.middleCols(first, count).noalias() = x * w.middleRows(first, count).transpose();
  });
}

void DigitalEngine::BackwardInput(const ConstMatrixRef& dy, const ConstMatrixRef& w, MatrixF& dx) {
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
  if (macs < kParallelMinMacs || dw.rows() <= kColumnBlock) {
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

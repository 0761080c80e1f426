// landauer/core/matrix.h — the dense matrix types shared by data, nn and the substrates.
//
// Row-major float32: one sample per row, so a mini-batch is a contiguous block of rows and
// Y = X Wᵀ maps a batch of inputs to a batch of outputs. Double precision is used where the
// physics needs it (thermodynamic linear algebra), with the `d` suffix.
#ifndef LANDAUER_CORE_MATRIX_H_
#define LANDAUER_CORE_MATRIX_H_

#include <Eigen/Core>
#include <algorithm>
#include <cstdint>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

#include "landauer/core/float_bits.h"

namespace landauer {

using MatrixF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using VectorF = Eigen::VectorXf;
using MatrixD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using VectorD = Eigen::VectorXd;

// A float buffer aligned like Eigen's own storage (64 bytes with AVX-512). Buffers that Eigen maps
// must use it: Eigen's vectorised reductions start at the first aligned element, so the summation
// order — and the rounding — of a product over a mapped buffer depends on the buffer's address
// modulo the alignment. With aligned storage and fixed offsets that address is the same on every
// run, which keeps results bit-reproducible across processes and thread counts.
using AlignedFloats = std::vector<float, Eigen::aligned_allocator<float>>;
// An allocator whose construct() default-initialises: resizing a std::vector with it leaves the
// new floats unwritten, for buffers that are filled whole right after (std::vector<float> would
// first zero them: a memset of every buffer every time it is made).
template <typename T, typename Base = std::allocator<T>>
class DefaultInitAllocator : public Base {
 public:
  template <typename U>
  struct rebind {
    using other =
        DefaultInitAllocator<U, typename std::allocator_traits<Base>::template rebind_alloc<U>>;
  };
  using Base::Base;
  template <typename U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    std::allocator_traits<Base>::construct(
        static_cast<Base&>(*this), p, std::forward<Args>(args)...);
  }
};
using UninitializedFloats = std::vector<float, DefaultInitAllocator<float>>;

// Floats per alignment unit: offsets into an AlignedFloats that Eigen maps are multiples of this.
inline constexpr std::int64_t kAlignFloats = EIGEN_MAX_ALIGN_BYTES / sizeof(float) > 0
                                                 ? EIGEN_MAX_ALIGN_BYTES / sizeof(float)
                                                 : 1;

// Whether every element of `m` is finite. Eigen's allFinite() on a row-major Ref walks it column
// by column, one scalar at a time; this reads each row once, as integers (float_bits.h: a max that
// vectorises).
inline bool AllFinite(const Eigen::Ref<const MatrixF>& m) {
  std::uint32_t largest = 0;
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    const float* row = m.data() + r * m.outerStride();
    for (Eigen::Index c = 0; c < m.cols(); ++c) largest = std::max(largest, MagnitudeBits(row[c]));
    if (largest >= kNonFiniteBits) return false;
  }
  return true;
}

}  // namespace landauer

#endif  // LANDAUER_CORE_MATRIX_H_

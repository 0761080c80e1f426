// landauer/core/check.h — tier 1 of error handling: programmer bugs.
//
// A failed check means landauer itself is wrong (an invariant broke); no user input may reach it.
// It prints the file, the line, the failed condition and any streamed context, then aborts.
//
//   LANDAUER_CHECK(rows == cols) << "matrix must be square, got " << rows << "x" << cols;
//   LANDAUER_DCHECK(index < size);   // hot loops; compiled only with LANDAUER_ENABLE_DCHECKS
//
// LANDAUER_CHECK is always on: it guards boundaries between components and costs a branch.
// LANDAUER_DCHECK is on in the `dev` and `relassert` presets and compiles away in `release`.
// Bad *input* is not a bug: validate it with the helpers in argument_checks.h, which throw.
// (Ceres internal/ceres/problem_impl.cc CHECK; ggml GGML_ASSERT; DuckDB D_ASSERT.)
#ifndef LANDAUER_CORE_CHECK_H_
#define LANDAUER_CORE_CHECK_H_

#include <sstream>

namespace landauer::internal {

// Collects the streamed context; its destructor reports and aborts.
class CheckFailure {
 public:
  CheckFailure(const char* file, int line, const char* condition);
  [[noreturn]] ~CheckFailure();
  CheckFailure(const CheckFailure&) = delete;
  CheckFailure& operator=(const CheckFailure&) = delete;

  template <typename T>
  CheckFailure& operator<<(const T& value) {
    message_ << value;
    return *this;
  }

 private:
  const char* file_;
  int line_;
  const char* condition_;
  std::ostringstream message_;
};

// Lets `LANDAUER_CHECK(c) << x` be a single expression of type void.
struct Voidify {
  void operator&(CheckFailure&) {}
};

}  // namespace landauer::internal

#define LANDAUER_CHECK(condition)                 \
  (condition) ? (void)0                           \
              : ::landauer::internal::Voidify() & \
                    ::landauer::internal::CheckFailure(__FILE__, __LINE__, #condition)

#ifdef LANDAUER_ENABLE_DCHECKS
#define LANDAUER_DCHECK(condition) LANDAUER_CHECK(condition)
#else
// Type-checks the condition and the streamed context without evaluating either.
#define LANDAUER_DCHECK(condition) \
  while (false) LANDAUER_CHECK(condition)
#endif

#endif  // LANDAUER_CORE_CHECK_H_

// landauer/core/parallel.h — deterministic data parallelism.
//
// ParallelFor splits [begin, end) into `threads` contiguous chunks and runs them with OpenMP.
// The chunking depends only on (begin, end, threads), and callers must make each index's result
// independent of the chunk it lands in (write to disjoint outputs; reduce afterwards in a fixed
// order). That is how landauer keeps results independent of the thread count.
//
//   ParallelFor(0, n, threads, [&](int64_t lo, int64_t hi) {
//     for (int64_t i = lo; i < hi; ++i) y[i] = f(x[i]);
//   });
#ifndef LANDAUER_CORE_PARALLEL_H_
#define LANDAUER_CORE_PARALLEL_H_

#include <cstdint>
#include <functional>

namespace landauer {

// 0 means "all hardware threads"; negative values are rejected (std::domain_error).
int ResolveThreads(int requested);

void ParallelFor(std::int64_t begin,
                 std::int64_t end,
                 int threads,
                 const std::function<void(std::int64_t, std::int64_t)>& body);

}  // namespace landauer

#endif  // LANDAUER_CORE_PARALLEL_H_

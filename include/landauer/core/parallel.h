// landauer/core/parallel.h — deterministic data parallelism.
//
// ParallelFor runs body(lo, hi) over sub-ranges of [begin, end) on up to `threads` threads: the
// caller and helpers from one process-wide pool. Threads claim indices one at a time, so callers
// make each index a block of work (e.g. 64 output columns) and make each index's result
// independent of which thread runs it and of which indices share a call (write to disjoint
// outputs; reduce afterwards in a fixed order). That is how landauer keeps results independent of
// the thread count.
//
// Waiting is passive: between loops the helpers sleep on a condition variable after a few
// yields, so a core that another process holds is not fought for, and a descheduled thread delays
// only the block it holds while the others take the rest (docs/threads.md has the measurements).
// A ParallelFor inside a body, or while another thread's loop holds the pool, runs inline.
//
//   ParallelFor(0, n, threads, [&](int64_t lo, int64_t hi) {
//     for (int64_t i = lo; i < hi; ++i) y[i] = f(x[i]);
//   });
#ifndef LANDAUER_CORE_PARALLEL_H_
#define LANDAUER_CORE_PARALLEL_H_

#include <cstdint>
#include <functional>

namespace landauer {

// The cores this process may run on (its CPU affinity mask, so `taskset` and cpusets count).
int AvailableCores();

// 0 means one thread per available core; negative values are rejected (std::domain_error).
int ResolveThreads(int requested);

void ParallelFor(std::int64_t begin,
                 std::int64_t end,
                 int threads,
                 const std::function<void(std::int64_t, std::int64_t)>& body);

// Loops with less work than this (multiply-adds, or element operations of similar cost) run on
// the caller alone: a hand-off to the pool costs a few microseconds, and far more when another
// process holds a core.
inline constexpr double kMinParallelWork = 2.0e5;

// As above, with `work` the loop's estimated total work in the units of kMinParallelWork.
void ParallelFor(std::int64_t begin,
                 std::int64_t end,
                 int threads,
                 double work,
                 const std::function<void(std::int64_t, std::int64_t)>& body);

}  // namespace landauer

#endif  // LANDAUER_CORE_PARALLEL_H_

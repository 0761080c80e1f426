#include "landauer/core/parallel.h"

#include <omp.h>

#include <algorithm>
#include <exception>
#include <stdexcept>
#include <string>
#include <thread>

namespace landauer {

int ResolveThreads(int requested) {
  if (requested < 0) {
    throw std::domain_error("ResolveThreads: threads = " + std::to_string(requested) +
                            " is invalid; use 0 (all hardware threads) or a positive count.");
  }
  if (requested == 0) return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return requested;
}

void ParallelFor(std::int64_t begin,
                 std::int64_t end,
                 int threads,
                 const std::function<void(std::int64_t, std::int64_t)>& body) {
  if (end <= begin) return;
  const std::int64_t count = end - begin;
  const int workers = static_cast<int>(std::min<std::int64_t>(ResolveThreads(threads), count));
  if (workers == 1) {
    body(begin, end);
    return;
  }
  // Exceptions must not escape an OpenMP region: keep the first and rethrow after the join.
  std::exception_ptr failure;
#pragma omp parallel for num_threads(workers) schedule(static, 1)
  for (int worker = 0; worker < workers; ++worker) {
    const std::int64_t lo = begin + count * worker / workers;
    const std::int64_t hi = begin + count * (worker + 1) / workers;
    try {
      body(lo, hi);
    } catch (...) {
#pragma omp critical(landauer_parallel_for_failure)
      if (!failure) failure = std::current_exception();
    }
  }
  if (failure) std::rethrow_exception(failure);
}

}  // namespace landauer

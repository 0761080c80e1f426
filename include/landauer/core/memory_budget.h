// landauer/core/memory_budget.h — refuse a request that cannot fit in memory, before allocating.
//
//   CheckMemory("--dimension 100000", 3 * 8.0 * 1e10,
//               "use --dimension <= 30000 or set LANDAUER_MEMORY_LIMIT");
//   // throws InputError: "--dimension 100000 needs 240 GB of memory, more than the limit of
//   //   24 GB (the machine's physical memory). Fix: use --dimension <= 30000 or ..."
//
// A size read from a file or a flag (a matrix dimension, an IDX header, a .mtx size line) is
// priced here before anything is allocated, so an impossible request is refused at once with the
// size, the need and the limit — never a std::bad_alloc after minutes of work, nor the OOM killer.
//
// The limit is, in this order: $LANDAUER_MEMORY_LIMIT (bytes, or a number with the suffix K, M, G
// or T for powers of 1024: "8G"), else the smaller of the machine's physical memory and the
// cgroup (container) limit. Estimates count the large arrays of a request, not every small one,
// so a request near the limit may still fail; the guard is for the orders of magnitude.
#ifndef LANDAUER_CORE_MEMORY_BUDGET_H_
#define LANDAUER_CORE_MEMORY_BUDGET_H_

#include <string>
#include <string_view>

namespace landauer {

struct MemoryLimit {
  double bytes = 0.0;
  std::string source;  // "LANDAUER_MEMORY_LIMIT", "physical memory" or "cgroup memory.max"
};

// The limit in force now (read from the environment and the system on every call: cheap).
// Throws InputError if $LANDAUER_MEMORY_LIMIT is set but not a positive size.
MemoryLimit CurrentMemoryLimit();

// Throws InputError naming `what` unless `bytes` fits within CurrentMemoryLimit(). `bytes` is a
// double so that products of sizes cannot overflow before they are checked.
void CheckMemory(std::string_view what, double bytes, std::string_view fix);

// "1.5 GB", "240 MB", "512 B": decimal units, three significant digits.
std::string FormatBytes(double bytes);

}  // namespace landauer

#endif  // LANDAUER_CORE_MEMORY_BUDGET_H_

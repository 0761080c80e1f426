#include "landauer/core/parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <vector>

namespace landauer {
namespace {

TEST(ParallelFor, CoversEveryIndexOnceForAnyThreadCount) {
  for (int threads : {1, 2, 3, 8}) {
    std::vector<int> hits(1001, 0);
    ParallelFor(0, 1001, threads, [&](std::int64_t lo, std::int64_t hi) {
      for (std::int64_t i = lo; i < hi; ++i) ++hits[i];
    });
    for (int h : hits) ASSERT_EQ(h, 1) << threads << " threads";
  }
  bool called = false;
  ParallelFor(5, 5, 2, [&](std::int64_t, std::int64_t) { called = true; });
  EXPECT_FALSE(called);
}

TEST(ParallelFor, RethrowsTheWorkersException) {
  EXPECT_THROW(ParallelFor(0,
                           100,
                           2,
                           [](std::int64_t lo, std::int64_t) {
                             if (lo > 0) throw std::runtime_error("worker failed");
                           }),
               std::runtime_error);
  EXPECT_THROW(ResolveThreads(-1), std::domain_error);
  EXPECT_GE(ResolveThreads(0), 1);
}

}  // namespace
}  // namespace landauer

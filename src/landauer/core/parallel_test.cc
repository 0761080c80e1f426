#include "landauer/core/parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
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
                           [](std::int64_t lo, std::int64_t hi) {
                             if (lo <= 50 && 50 < hi) throw std::runtime_error("worker failed");
                           }),
               std::runtime_error);
  EXPECT_THROW(ResolveThreads(-1), std::domain_error);
  EXPECT_GE(ResolveThreads(0), 1);
}

TEST(ParallelFor, NestedLoopsRunInlineAndCoverEveryIndex) {
  std::vector<std::atomic<int>> hits(40 * 30);
  ParallelFor(0, 40, 2, [&](std::int64_t lo, std::int64_t hi) {
    for (std::int64_t i = lo; i < hi; ++i) {
      ParallelFor(0, 30, 2, [&](std::int64_t a, std::int64_t b) {
        for (std::int64_t j = a; j < b; ++j) hits[i * 30 + j].fetch_add(1);
      });
    }
  });
  for (const auto& h : hits) ASSERT_EQ(h.load(), 1);
}

TEST(ParallelFor, ManyBackToBackLoopsFromTwoCallersStayCorrect) {
  // Two threads share the pool: one of them runs inline whenever the other holds it.
  auto run = [](std::int64_t offset) {
    std::int64_t total = 0;
    for (int round = 0; round < 2000; ++round) {
      std::vector<std::int64_t> out(17, 0);
      ParallelFor(offset, offset + 17, 3, [&](std::int64_t lo, std::int64_t hi) {
        for (std::int64_t i = lo; i < hi; ++i) out[i - offset] = i;
      });
      for (std::int64_t v : out) total += v;
    }
    return total;
  };
  std::int64_t a = 0;
  std::thread other([&] { a = run(100); });
  const std::int64_t b = run(-5);
  other.join();
  EXPECT_EQ(a, 2000 * (17 * 100 + 136));
  EXPECT_EQ(b, 2000 * (17 * -5 + 136));
}

TEST(ParallelFor, AvailableCoresFollowsTheAffinityMask) {
  EXPECT_GE(AvailableCores(), 1);
  EXPECT_EQ(ResolveThreads(0), AvailableCores());
  EXPECT_EQ(ResolveThreads(3), 3);
}

}  // namespace
}  // namespace landauer

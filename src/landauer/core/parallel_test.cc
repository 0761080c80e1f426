#include "landauer/core/parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
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

// A helper that the OS deschedules while it holds a block makes the caller wait: a stall, after
// which the pool backs off to the caller alone. The back-off grows with each stall up to 8,192
// loops; this drives it there, then checks that coarse loops (10 ms each, where 8,192 loops would
// take 80 s) run in parallel again after about the one-second bound of parallel.cc.
TEST(ParallelFor, BackOffAfterStallsEndsWithinAboutASecondForCoarseLoops) {
  using Clock = std::chrono::steady_clock;
  const auto caller = std::this_thread::get_id();
  // Eight blocks. The pool hands them out one at a time; a loop that runs inline (backed off)
  // gets the whole range in one call, which sleeps `inline_time`. In the pool, the caller's
  // blocks take 0.2 ms each, so a helper wakes before they are gone, and a helper's block takes
  // `helper_block`: with 5 ms the caller waits for it, which is a stall.
  struct Outcome {
    bool parallel = false;
    bool helped = false;
  };
  auto loop = [&](std::chrono::microseconds helper_block, std::chrono::microseconds inline_time) {
    std::atomic<bool> parallel{false};
    std::atomic<bool> helped{false};
    ParallelFor(0, 8, 2, [&](std::int64_t lo, std::int64_t hi) {
      if (hi - lo > 1) {
        std::this_thread::sleep_for(inline_time);
      } else if (std::this_thread::get_id() == caller) {
        parallel = true;
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      } else {
        helped = true;
        std::this_thread::sleep_for(helper_block);
      }
    });
    return Outcome{parallel.load(), helped.load()};
  };
  // Skipped loops return at once here, so the ~12 stalls that reach the largest back-off take
  // 16 + 32 + ... + 8,192 skipped loops but only about 12 × 5 ms of sleep.
  int stalls = 0;
  for (int i = 0; i < 100000 && stalls < 12; ++i) {
    if (loop(std::chrono::microseconds(5000), std::chrono::microseconds(0)).helped) ++stalls;
  }
  ASSERT_EQ(stalls, 12) << "a helper seldom joined: the pool did not run in parallel";
  // Now coarse loops (10 ms inline) without stalls: the pool is backed off for thousands of
  // loops, but must try the helpers again about a second after the last stall.
  const auto start = Clock::now();
  bool recovered = false;
  while (!recovered && Clock::now() - start < std::chrono::seconds(10)) {
    recovered = loop(std::chrono::microseconds(200), std::chrono::milliseconds(10)).parallel;
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  EXPECT_TRUE(recovered) << "still on the caller alone after " << seconds << " s";
  EXPECT_GT(seconds, 0.5) << "the back-off ended before its time bound";
}

TEST(ParallelFor, AvailableCoresFollowsTheAffinityMask) {
  EXPECT_GE(AvailableCores(), 1);
  EXPECT_EQ(ResolveThreads(0), AvailableCores());
  EXPECT_EQ(ResolveThreads(3), 3);
}

}  // namespace
}  // namespace landauer

#include "landauer/reversible/pebbling.h"

#include <gtest/gtest.h>

#include <cmath>

namespace landauer::reversible {
namespace {

TEST(Pebbling, Bennett1989Takes3ToTheKMovesWithKPlus1Pebbles) {
  std::int64_t three_k = 1;
  for (int k = 0; k <= 10; ++k, three_k *= 3) {
    const PebbleSchedule s = Bennett1989Schedule(k);
    EXPECT_EQ(s.steps, 1 << k);
    EXPECT_EQ(s.time(), three_k) << "k = " << k;
    EXPECT_EQ(s.peak_pebbles, k + 1) << "k = " << k;
    EXPECT_EQ(MinimumMoves(1 << k, k + 1), three_k)
        << "the recursion is optimal with k + 1 pebbles";
  }
}

TEST(Pebbling, Bennett1973IsLinearTimeLinearSpace) {
  const PebbleSchedule s = Bennett1973Schedule(100);
  EXPECT_EQ(s.time(), 199);
  EXPECT_EQ(ValidateSchedule(s), 100);
}

TEST(Pebbling, BoundedScheduleTradesTimeForSpace) {
  const int steps = 100;
  std::int64_t previous = INT64_MAX;
  for (int pebbles = 8; pebbles <= 100;
       pebbles += 3) {  // 2^(8-1) = 128 >= 100: the fewest that work
    const PebbleSchedule s = BoundedSchedule(steps, pebbles);
    EXPECT_LE(s.peak_pebbles, pebbles);
    EXPECT_LE(s.time(), previous);
    EXPECT_GE(s.time(), 2 * steps - 1);  // never better than Bennett 1973
    previous = s.time();
  }
  EXPECT_EQ(BoundedSchedule(steps, steps).time(), 2 * steps - 1);
  EXPECT_THROW(BoundedSchedule(steps, 7), std::invalid_argument);  // 2^6 = 64 < 100
  EXPECT_EQ(MinimumMoves(steps, 7), -1);
  // Small cases by hand. 2 steps, 2 pebbles: +1 +2 -1. 3 steps with 2 pebbles is impossible: after
  // +1 +2 -1 +3, removing 2 needs 1 pebbled again, a third pebble. With 3: +1, (+2 +3 -2), -1.
  EXPECT_EQ(MinimumMoves(2, 2), 3);
  EXPECT_EQ(MinimumMoves(3, 2), -1);
  EXPECT_EQ(MinimumMoves(3, 3), 5);
}

TEST(Pebbling, ValidatorRejectsIllegalMoves) {
  PebbleSchedule s{"bad", 3, 0, {{1, true}, {3, true}}};
  EXPECT_THROW(ValidateSchedule(s), std::logic_error);
  PebbleSchedule leftover{"leftover", 2, 0, {{1, true}, {2, true}}};
  EXPECT_THROW(ValidateSchedule(leftover), std::logic_error);
}

}  // namespace
}  // namespace landauer::reversible

// landauer/reversible/pebbling.h — trading time for space when a long computation is reversed.
//
// The reversible pebble game on a chain of T steps (Bennett, "Time/space trade-offs for reversible
// computation", SIAM J. Comput. 18, 1989; Levin & Sherman; Knill, arXiv math/9508218): step i can
// be computed (a pebble placed) or uncomputed (removed) only while step i − 1 holds a pebble; the
// input, step 0, always does. A pebble is one stored intermediate state (space); a move is one
// stage run forwards or backwards (time). The game ends with a pebble on step T only.
//
// Strategies:
//   * Bennett 1973: compute all T steps, then uncompute 1 … T − 1: 2T − 1 moves, T pebbles.
//   * Bennett 1989 (recursive): 2^k steps with k + 1 pebbles in exactly 3^k moves, i.e. time
//     T^log2(3) ≈ T^1.585 and space O(log T).
//   * Bounded (Knill's recursion, the optimal split strategy): the fewest moves reaching step T
//     with at most P pebbles, C(n, p) = min_m [2 C(m, p − 1) + C(n − m, p − 1)], C(1, p) = 1;
//     feasible iff T ≤ 2^(P−1). (2^P − 1 is reachable only if pebbles may be left behind; here
//     the game ends clean, since every leftover pebble is garbage to erase.)
// Every schedule is checked by replaying it (ValidateSchedule).
#ifndef LANDAUER_REVERSIBLE_PEBBLING_H_
#define LANDAUER_REVERSIBLE_PEBBLING_H_

#include <cstdint>
#include <string>
#include <vector>

namespace landauer::reversible {

struct PebbleMove {
  int step = 0;       // 1 … T
  bool place = true;  // false: remove
};

struct PebbleSchedule {
  std::string strategy;
  int steps = 0;
  int peak_pebbles = 0;  // the most pebbles on the chain at once (the input not counted)
  std::vector<PebbleMove> moves;
  std::int64_t time() const { return static_cast<std::int64_t>(moves.size()); }
};

PebbleSchedule Bennett1973Schedule(int steps);
// 2^k steps with k + 1 pebbles; k in [0, 20].
PebbleSchedule Bennett1989Schedule(int k);
// The fewest moves for `steps` steps with at most `pebbles` pebbles. Throws std::invalid_argument
// if steps > 2^(pebbles − 1) (impossible) or steps > 4096 (the O(T² P) table would be too large).
PebbleSchedule BoundedSchedule(int steps, int pebbles);
// The minimum number of moves alone (no schedule); -1 if infeasible.
std::int64_t MinimumMoves(int steps, int pebbles);

// The strategies for reversing a chain of `steps` stages, side by side: Bennett 1973; Bennett
// 1989 when `steps` is a power of two; and the bounded strategy with `pebbles` pebbles (0: the
// fewest that can do it, ⌈log2 steps⌉ + 1).
std::vector<PebbleSchedule> CompareStrategies(int steps, int pebbles = 0);

// Replays the schedule; throws std::logic_error on an illegal move or a wrong final state.
// Returns the peak pebble count.
int ValidateSchedule(const PebbleSchedule& schedule);

}  // namespace landauer::reversible

#endif  // LANDAUER_REVERSIBLE_PEBBLING_H_

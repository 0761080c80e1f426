#include "landauer/reversible/pebbling.h"

#include <fmt/format.h>

#include <limits>
#include <stdexcept>

namespace landauer::reversible {
namespace {

constexpr std::int64_t kInfinite = std::numeric_limits<std::int64_t>::max() / 4;

// Moves that pebble step `offset + n` starting from a pebble on `offset`, using `split` to choose
// the intermediate step; `reverse` emits the mirror image (which removes that pebble).
template <typename Split>
void Emit(
    int offset, int n, int p, bool reverse, const Split& split, std::vector<PebbleMove>& out) {
  if (n == 1) {
    out.push_back({offset + 1, !reverse});
    return;
  }
  const int m = split(n, p);
  if (!reverse) {
    Emit(offset, m, p - 1, false, split, out);
    Emit(offset + m, n - m, p - 1, false, split, out);
    Emit(offset, m, p - 1, true, split, out);
  } else {  // the same moves in reverse order, each undone
    Emit(offset, m, p - 1, false, split, out);
    Emit(offset + m, n - m, p - 1, true, split, out);
    Emit(offset, m, p - 1, true, split, out);
  }
}

struct Table {
  int steps, pebbles;
  std::vector<std::int64_t> cost;  // (n, p) → moves
  std::vector<int> best;           // (n, p) → split
  std::size_t At(int n, int p) const {
    return static_cast<std::size_t>(n) * static_cast<std::size_t>(pebbles + 1) +
           static_cast<std::size_t>(p);
  }
};

Table Solve(int steps, int pebbles) {
  if (steps < 1 || pebbles < 1)
    throw std::invalid_argument("pebbling: steps and pebbles must be >= 1");
  if (steps > 4096)
    throw std::invalid_argument(
        fmt::format("pebbling: {} steps exceeds the 4096 the table allows", steps));
  pebbles = std::min(pebbles, steps);  // more pebbles than steps never help
  Table t{
      steps,
      pebbles,
      std::vector<std::int64_t>(
          static_cast<std::size_t>(steps + 1) * static_cast<std::size_t>(pebbles + 1), kInfinite),
      std::vector<int>(static_cast<std::size_t>(steps + 1) * static_cast<std::size_t>(pebbles + 1),
                       0)};
  for (int p = 1; p <= pebbles; ++p) {
    t.cost[t.At(1, p)] = 1;
    for (int n = 2; n <= steps; ++n) {
      std::int64_t best = kInfinite;
      int best_m = 0;
      for (int m = 1; m < n; ++m) {
        const std::int64_t left = t.cost[t.At(m, p - 1)], right = t.cost[t.At(n - m, p - 1)];
        if (left >= kInfinite || right >= kInfinite) continue;
        const std::int64_t total = 2 * left + right;
        if (total < best) {
          best = total;
          best_m = m;
        }
      }
      t.cost[t.At(n, p)] = best;
      t.best[t.At(n, p)] = best_m;
    }
  }
  return t;
}

}  // namespace

PebbleSchedule Bennett1973Schedule(int steps) {
  if (steps < 1) throw std::invalid_argument("Bennett1973Schedule: steps must be >= 1");
  PebbleSchedule s{"bennett-1973", steps, 0, {}};
  for (int i = 1; i <= steps; ++i) s.moves.push_back({i, true});
  for (int i = steps - 1; i >= 1; --i) s.moves.push_back({i, false});
  s.peak_pebbles = steps;
  return s;
}

PebbleSchedule Bennett1989Schedule(int k) {
  if (k < 0 || k > 20)
    throw std::invalid_argument(fmt::format("Bennett1989Schedule: k = {} is outside [0, 20]", k));
  PebbleSchedule s{"bennett-1989", 1 << k, k + 1, {}};
  Emit(
      0, 1 << k, k + 1, false, [](int n, int) { return n / 2; }, s.moves);
  s.peak_pebbles = ValidateSchedule(s);
  return s;
}

std::int64_t MinimumMoves(int steps, int pebbles) {
  if (steps < 1 || pebbles < 1 || (pebbles < 31 && steps > (1 << (pebbles - 1)))) return -1;
  const Table t = Solve(steps, pebbles);
  const std::int64_t c = t.cost[t.At(steps, t.pebbles)];
  return c >= kInfinite ? -1 : c;
}

PebbleSchedule BoundedSchedule(int steps, int pebbles) {
  if (pebbles >= 1 && pebbles < 31 && steps > (1 << (pebbles - 1))) {
    throw std::invalid_argument(
        fmt::format("pebbling: {} steps cannot be reversed with {} pebbles (at most 2^(P-1) = {} "
                    "steps); give more pebbles",
                    steps,
                    pebbles,
                    1 << (pebbles - 1)));
  }
  const Table t = Solve(steps, pebbles);
  PebbleSchedule s{fmt::format("bounded-{}", pebbles), steps, 0, {}};
  Emit(
      0, steps, t.pebbles, false, [&](int n, int p) { return t.best[t.At(n, p)]; }, s.moves);
  s.peak_pebbles = ValidateSchedule(s);
  return s;
}

int ValidateSchedule(const PebbleSchedule& schedule) {
  std::vector<char> pebbled(static_cast<std::size_t>(schedule.steps + 1), 0);
  pebbled[0] = 1;
  int count = 0, peak = 0;
  for (std::size_t i = 0; i < schedule.moves.size(); ++i) {
    const PebbleMove& m = schedule.moves[i];
    if (m.step < 1 || m.step > schedule.steps || !pebbled[static_cast<std::size_t>(m.step - 1)] ||
        pebbled[static_cast<std::size_t>(m.step)] == m.place) {
      throw std::logic_error(fmt::format("{}: illegal move {} ({} step {})",
                                         schedule.strategy,
                                         i,
                                         m.place ? "place on" : "remove from",
                                         m.step));
    }
    pebbled[static_cast<std::size_t>(m.step)] = m.place;
    count += m.place ? 1 : -1;
    peak = std::max(peak, count);
  }
  for (int i = 1; i <= schedule.steps; ++i) {
    if (pebbled[static_cast<std::size_t>(i)] != (i == schedule.steps)) {
      throw std::logic_error(
          fmt::format("{}: ends with step {} {}",
                      schedule.strategy,
                      i,
                      pebbled[static_cast<std::size_t>(i)] ? "still pebbled" : "unpebbled"));
    }
  }
  return peak;
}

std::vector<PebbleSchedule> CompareStrategies(int steps, int pebbles) {
  std::vector<PebbleSchedule> schedules = {Bennett1973Schedule(steps)};
  int k = 0;
  while ((1 << k) < steps) ++k;
  if ((1 << k) == steps) schedules.push_back(Bennett1989Schedule(k));
  schedules.push_back(BoundedSchedule(steps, pebbles > 0 ? pebbles : k + 1));
  return schedules;
}

}  // namespace landauer::reversible

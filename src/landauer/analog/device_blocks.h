// src/landauer/analog/device_blocks.h — what the analog sources share (private to analog/): the
// input check that throws, and the loop over arrays of devices in fixed blocks with their own
// random substreams.
#ifndef LANDAUER_ANALOG_DEVICE_BLOCKS_H_
#define LANDAUER_ANALOG_DEVICE_BLOCKS_H_

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "landauer/core/parallel.h"
#include "landauer/core/rng.h"

namespace landauer::analog {

// Bad input: std::invalid_argument with `message` (which names the field, value and unit).
inline void Require(bool ok, const std::string& message) {
  if (!ok) throw std::invalid_argument(message);
}

// Devices [0, n) in blocks of kRngFillBlock: block b is handled as body(begin, count, rng) with
// rng = stream.Substream(b), blocks spread over `threads`, so the result does not depend on the
// thread count. `work_per_device` sizes the loop for ParallelFor.
template <typename Body>
void ForDeviceBlocks(
    std::size_t n, int threads, const Rng& stream, double work_per_device, Body body) {
  const auto blocks = static_cast<std::int64_t>((n + kRngFillBlock - 1) / kRngFillBlock);
  ParallelFor(0,
              blocks,
              threads,
              work_per_device * static_cast<double>(n),
              [&](std::int64_t lo, std::int64_t hi) {
                for (std::int64_t b = lo; b < hi; ++b) {
                  Rng rng = stream.Substream(static_cast<std::uint64_t>(b));
                  const std::size_t begin = static_cast<std::size_t>(b) * kRngFillBlock;
                  body(begin, std::min(n, begin + kRngFillBlock) - begin, rng);
                }
              });
}

}  // namespace landauer::analog

#endif  // LANDAUER_ANALOG_DEVICE_BLOCKS_H_

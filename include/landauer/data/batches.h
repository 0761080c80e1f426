// landauer/data/batches.h — mini-batches in a seeded order, shared by every training loop.
//
//   const Rng shuffle(seed, "sparse.train", "shuffle");
//   const std::vector<std::int64_t> order = ShuffledOrder(shuffle, epoch, train.size());
//   GatherRows(train, std::span(order).subspan(first, rows), x, y);
//
// Epoch e visits the samples in the Fisher–Yates order drawn from root.Substream(e): for i from
// n − 1 down to 1, swap positions i and UniformInt(i + 1). The same seed gives the same order on
// every machine and thread count.
#ifndef LANDAUER_DATA_BATCHES_H_
#define LANDAUER_DATA_BATCHES_H_

#include <cstdint>
#include <span>
#include <vector>

#include "landauer/core/matrix.h"
#include "landauer/core/rng.h"
#include "landauer/data/dataset.h"

namespace landauer {

std::vector<std::int64_t> ShuffledOrder(const Rng& root, std::uint64_t epoch, std::int64_t n);

// The samples `rows` (indices into `data`) into x (rows × features) and y, resized.
void GatherRows(const Dataset& data,
                std::span<const std::int64_t> rows,
                MatrixF& x,
                std::vector<std::int32_t>& y);

}  // namespace landauer

#endif  // LANDAUER_DATA_BATCHES_H_

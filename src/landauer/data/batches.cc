#include "landauer/data/batches.h"

#include <numeric>
#include <utility>

namespace landauer {

std::vector<std::int64_t> ShuffledOrder(const Rng& root, std::uint64_t epoch, std::int64_t n) {
  std::vector<std::int64_t> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  Rng rng = root.Substream(epoch);
  for (std::int64_t i = n - 1; i > 0; --i) {
    std::swap(order[static_cast<std::size_t>(i)],
              order[rng.UniformInt(static_cast<std::uint64_t>(i + 1))]);
  }
  return order;
}

void GatherRows(const Dataset& data,
                std::span<const std::int64_t> rows,
                MatrixF& x,
                std::vector<std::int32_t>& y) {
  const auto n = static_cast<Eigen::Index>(rows.size());
  x.resize(n, data.features.cols());
  y.resize(rows.size());
  for (Eigen::Index r = 0; r < n; ++r) {
    const std::int64_t i = rows[static_cast<std::size_t>(r)];
    x.row(r) = data.features.row(i);
    y[static_cast<std::size_t>(r)] = data.labels[static_cast<std::size_t>(i)];
  }
}

}  // namespace landauer

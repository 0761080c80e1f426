#include "landauer/reversible/revnet.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "landauer/core/rng.h"
#include "landauer/data/workload.h"

namespace landauer::reversible {
namespace {

struct Batch {
  Eigen::MatrixXd x;
  std::vector<std::int32_t> y;
};

Batch RandomBatch(int features, int n, int classes, std::uint64_t seed) {
  Batch b;
  Rng rng(seed, "test", "revnet");
  b.x.resize(features, n);
  for (Eigen::Index i = 0; i < b.x.size(); ++i) b.x.data()[i] = rng.Normal();
  for (int j = 0; j < n; ++j)
    b.y.push_back(static_cast<std::int32_t>(rng.UniformInt(static_cast<std::uint64_t>(classes))));
  return b;
}

TEST(RevNet, ReconstructsExactlyAtAnyDepth) {
  const Batch b = RandomBatch(12, 32, 3, 1);
  for (int blocks : {1, 16, 128})
    EXPECT_TRUE(RevNet(12, 8, blocks, 3, 2).CheckReconstruction(b.x)) << blocks;
}

TEST(RevNet, ReconstructingBackpropGivesTheStoredActivationGradientBitForBit) {
  const Batch b = RandomBatch(12, 32, 3, 3);
  RevNet net(12, 8, 10, 3, 4);
  RevNetParameters g_rec, g_store;
  const double l1 = net.LossAndGradient(b.x, b.y, g_rec, Backward::kReconstruct);
  const double l2 = net.LossAndGradient(b.x, b.y, g_store, Backward::kStore);
  EXPECT_EQ(l1, l2);
  const std::vector<double*> a = g_rec.Pointers(), c = g_store.Pointers();
  ASSERT_EQ(a.size(), c.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    ASSERT_EQ(std::memcmp(a[i], c[i], sizeof(double)), 0) << "parameter " << i;
}

TEST(RevNet, GradientMatchesFiniteDifferences) {
  const Batch b = RandomBatch(6, 20, 3, 5);
  RevNet net(6, 4, 3, 3, 6, /*radix_bits=*/40);  // a fine grid: rounding far below the FD step
  RevNetParameters g;
  net.LossAndGradient(b.x, b.y, g, Backward::kReconstruct);
  std::vector<double*> w = net.parameters().Pointers(), gp = g.Pointers();
  RevNetParameters scratch;
  const double h = 1e-5;
  for (std::size_t i = 0; i < w.size(); i += 5) {
    const double saved = *w[i];
    *w[i] = saved + h;
    const double plus = net.LossAndGradient(b.x, b.y, scratch, Backward::kReconstruct);
    *w[i] = saved - h;
    const double minus = net.LossAndGradient(b.x, b.y, scratch, Backward::kReconstruct);
    *w[i] = saved;
    EXPECT_NEAR(*gp[i], (plus - minus) / (2 * h), 1e-6) << "parameter " << i;
  }
}

TEST(RevNet, ActivationMemoryIsFlatInDepthOnlyWhenReconstructing) {
  const Batch b = RandomBatch(12, 64, 3, 7);
  std::vector<std::int64_t> reconstruct, store;
  for (int blocks : {2, 8, 32}) {
    RevNet net(12, 16, blocks, 3, 8);
    RevNetParameters g;
    MemoryMeter m1, m2;
    net.LossAndGradient(b.x, b.y, g, Backward::kReconstruct, &m1);
    net.LossAndGradient(b.x, b.y, g, Backward::kStore, &m2);
    EXPECT_EQ(m1.current, 0);
    EXPECT_EQ(m2.current, 0);
    reconstruct.push_back(m1.peak);
    store.push_back(m2.peak);
  }
  EXPECT_EQ(reconstruct[0], reconstruct[2]);
  const std::int64_t state_bytes = 2 * 16 * 64 * 8;
  EXPECT_EQ(store[2] - store[1], 24 * state_bytes);  // one stored state per block
  EXPECT_EQ(store[1] - store[0], 6 * state_bytes);
}

TEST(RevNet, TrainsOnDigits) {
  WorkloadOptions options;
  options.data = "digits";
  const TrainTest data = LoadWorkload(options);
  const Eigen::MatrixXd x = data.train.features.transpose().cast<double>();
  const Eigen::MatrixXd x_test = data.test.features.transpose().cast<double>();
  RevNet net(static_cast<int>(data.train.dimension()), 16, 6, data.train.num_classes, 9);
  RevNetParameters g;
  const Eigen::Index n = x.cols(), batch = 64;
  for (int epoch = 0; epoch < 8; ++epoch) {
    for (Eigen::Index start = 0; start + batch <= n; start += batch) {
      const std::vector<std::int32_t> y(data.train.labels.begin() + start,
                                        data.train.labels.begin() + start + batch);
      net.LossAndGradient(x.middleCols(start, batch), y, g, Backward::kReconstruct);
      net.parameters().AddScaled(g, -0.2);
    }
  }
  EXPECT_GT(net.Accuracy(x_test, data.test.labels), 0.9);
}

}  // namespace
}  // namespace landauer::reversible

#include "landauer/reversible/revnet_cost.h"

#include <gtest/gtest.h>

#include "landauer/core/rng.h"
#include "landauer/energy/erasure.h"
#include "landauer/energy/hardware_catalog.h"
#include "landauer/energy/roofline.h"

namespace landauer::reversible {
namespace {

// The cost model's memory levels follow the peak the network itself holds.
TEST(RevNetCost, PeakActivationBytesIsTheMeters) {
  Rng rng(3, "test", "revnet_cost");
  Eigen::MatrixXd x(12, 40);
  for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = rng.Normal();
  std::vector<std::int32_t> y(40);
  for (std::size_t j = 0; j < y.size(); ++j) y[j] = static_cast<std::int32_t>(j % 3);
  for (const int blocks : {0, 1, 5}) {
    const RevNet net(12, 8, blocks, 3, 4);
    const RevNetShape shape{.inputs = 12, .half_width = 8, .blocks = blocks, .classes = 3};
    EXPECT_EQ(shape.Parameters(), net.parameters().size());
    for (const Backward mode : {Backward::kReconstruct, Backward::kStore}) {
      RevNetParameters g;
      MemoryMeter meter;
      net.LossAndGradient(x, y, g, mode, &meter);
      EXPECT_EQ(shape.PeakActivationBytes(40, mode), meter.peak) << blocks;
    }
  }
}

// MACs by hand for a tiny net, and the erased bits follow the written convention.
TEST(RevNetCost, CountsTheStepByHandAndByTheConvention) {
  const RevNetShape shape{.inputs = 4, .half_width = 2, .blocks = 1, .classes = 3};
  const double b = 5, m = 2, d = 4, c = 3, n = 2 * m * (d + 1) + 2 * m * (m + 1) + c * (2 * m + 1);
  for (const Backward mode : {Backward::kReconstruct, Backward::kStore}) {
    Ledger ledger;
    CountRevNetStep(ledger, "train", shape, 5, mode);
    const bool rec = mode == Backward::kReconstruct;
    // forward: embed + quantise, 2 branches (dequantise, layer, quantise), head (dequantise,
    // layer); backward: head, 2 branches (dequantise, layer, [quantise], dW, dX), embedding; SGD.
    const double macs =
        b * 2 * m * (d + 1) + 2 * b * m + 2 * (2 * b * m + b * m * (m + 1)) + 2 * b * m +
        b * c * (2 * m + 1) + b * c * (2 * m + 1) + b * 2 * m * c +
        2 * (b * m + b * m * (m + 1) + (rec ? b * m : 0) + b * m * (m + 1) + b * m * m) +
        b * 2 * m * (d + 1) + n;
    EXPECT_DOUBLE_EQ(ledger.count("train", "alu", "fp32_mac"), macs);
    EXPECT_DOUBLE_EQ(ledger.count("train", "alu", "int32_add"), (rec ? 2 : 1) * 2 * 2 * b * m);
    EXPECT_DOUBLE_EQ(ledger.erased_bits("train"), ConventionErasedBits(ledger, "train"));
    EXPECT_GT(ledger.erased_bits("train"), 0.0);
  }
}

// The RevNet story in joules: storing every block's input spills a deep net's activations to
// DRAM, which reconstruction avoids at the price of a little arithmetic.
TEST(RevNetCost, DeepStoredActivationsSpillToDramAndCostMore) {
  const HardwareCatalog catalog;
  const EnergyTable& h100 = catalog.Get("h100");
  const RevNetShape deep{.inputs = 64, .half_width = 32, .blocks = 32, .classes = 10};
  const RevNetShape shallow{.inputs = 64, .half_width = 32, .blocks = 1, .classes = 10};
  const auto price = [&](const RevNetShape& shape, Backward mode, Scope scope) {
    Ledger ledger;
    CountRevNetStep(ledger, "train", shape, 64, mode);
    EXPECT_EQ(ledger.count("train", "dram", "write_bit") > 0.0,
              mode == Backward::kStore && shape.blocks == 32);
    return PriceAtScope(ledger, "train", h100, scope);
  };
  const ScopedPhase stored = price(deep, Backward::kStore, Scope::kSystem);
  const ScopedPhase rebuilt = price(deep, Backward::kReconstruct, Scope::kSystem);
  EXPECT_GT(stored.energy.energy_j, 1.5 * rebuilt.energy.energy_j);
  // Shallow, nothing spills: reconstruction's quantise-and-subtract and storing's SRAM round trip
  // cost about the same (within 2 %).
  const double shallow_stored = price(shallow, Backward::kStore, Scope::kChip).energy.energy_j;
  EXPECT_NEAR(price(shallow, Backward::kReconstruct, Scope::kChip).energy.energy_j,
              shallow_stored,
              0.02 * shallow_stored);
  // At chip scope static power over the roofline time is part of the bill.
  const PhaseReport& phase = *rebuilt.energy.FindPhase("train");
  EXPECT_GT(rebuilt.time.seconds, 0.0);
  bool has_static = false;
  for (const PricedAction& action : phase.actions) has_static |= action.component == "static";
  EXPECT_TRUE(has_static);
}

}  // namespace
}  // namespace landauer::reversible

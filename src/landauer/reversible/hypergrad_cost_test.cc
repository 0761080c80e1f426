#include "landauer/reversible/hypergrad_cost.h"

#include <gtest/gtest.h>

#include "landauer/energy/erasure.h"
#include "landauer/energy/hardware_catalog.h"
#include "landauer/energy/roofline.h"

namespace landauer::reversible {
namespace {

// A 3-2-2 MLP: N = 2·4 + 2·3 = 14 parameters, F = 14 MACs per sample forward, K = 14 + 4.
TEST(HypergradCost, CountsAMetaIterationByHandAndByTheConvention) {
  const HypergradShape shape{
      .widths = {3, 2, 2}, .iterations = 5, .batch = 4, .validation_samples = 6};
  EXPECT_EQ(shape.Parameters(), 14);
  EXPECT_EQ(shape.Groups(), 4);
  const double n = 14, f = 14, k = 18, t = 5, b = 4, v = 6;
  const double buffer_bits = 64.0 * n;  // two 32-bit limbs per parameter at the end: L̄ = 1
  Ledger reversed;
  CountMetaIteration(reversed, "meta", shape, buffer_bits, Trajectory::kReversed);
  // forward gradients, validation, reverse gradients with HVP, per-step fixed point (2 n forward
  // and back), bookkeeping (5 n per reverse step), Adam (5 T G).
  EXPECT_DOUBLE_EQ(
      reversed.count("meta", "alu", "fp64_mac"),
      t * b * (f + k) + v * (f + k) + 3 * t * b * (f + k) + 2 * t * 2 * n + 5 * t * n + 5 * t * 4);
  // Per parameter and step, each way: 4 + 2(L̄ + 1) multiplies with L̄ = 1.
  EXPECT_DOUBLE_EQ(reversed.count("meta", "alu", "int32_mult"), 2 * t * n * 8);
  EXPECT_DOUBLE_EQ(reversed.count("meta", "alu", "int32_add"), 2 * t * n * (4 + 4));
  EXPECT_DOUBLE_EQ(reversed.erased_bits("meta"), ConventionErasedBits(reversed, "meta"));

  Ledger stored;
  CountMetaIteration(stored, "meta", shape, buffer_bits, Trajectory::kStored);
  EXPECT_DOUBLE_EQ(stored.count("meta", "alu", "int32_mult"), 0.0);
  EXPECT_DOUBLE_EQ(
      stored.count("meta", "alu", "fp64_mac"),
      t * b * (f + k) + v * (f + k) + 3 * t * b * (f + k) + 3 * t * n + 5 * t * n + 5 * t * 4);
  EXPECT_DOUBLE_EQ(stored.erased_bits("meta"), ConventionErasedBits(stored, "meta"));
}

// The trajectory of a long run spills to DRAM, the buffers (a fraction of a bit per parameter per
// step) do not: at system scope storing costs more than reversing.
TEST(HypergradCost, AStoredTrajectorySpillsToDram) {
  const HypergradShape shape{
      .widths = {64, 50, 50, 10}, .iterations = 100, .batch = 100, .validation_samples = 500};
  const double buffer_bits = 0.16 * 100 * static_cast<double>(shape.Parameters()) * 2;
  Ledger reversed, stored;
  CountMetaIteration(reversed, "meta", shape, buffer_bits, Trajectory::kReversed);
  CountMetaIteration(stored, "meta", shape, buffer_bits, Trajectory::kStored);
  EXPECT_EQ(reversed.count("meta", "dram", "write_bit"), 0.0);
  EXPECT_DOUBLE_EQ(stored.count("meta", "dram", "write_bit"),
                   128.0 * static_cast<double>(shape.Parameters()) * 100);
  const HardwareCatalog catalog;
  const EnergyTable& h100 = catalog.Get("h100");
  EXPECT_GT(PriceAtScope(stored, "meta", h100, Scope::kSystem).energy.energy_j,
            PriceAtScope(reversed, "meta", h100, Scope::kSystem).energy.energy_j);
  EXPECT_THROW(CountMetaIteration(reversed, "meta", {.widths = {3}}, 0.0, Trajectory::kStored),
               std::invalid_argument);
}

}  // namespace
}  // namespace landauer::reversible

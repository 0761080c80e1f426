#include "landauer/sparse/sparse_cost.h"

#include <gtest/gtest.h>

#include "landauer/energy/erasure.h"
#include "landauer/energy/hardware_catalog.h"

namespace landauer::sparse {
namespace {

// One layer 3 → 2 with 4 connections, a batch of 2: every count by hand (sparse_cost.h).
TEST(SparseCost, ForwardCountsByHand) {
  const SparseCostModel cost(SparseShape{.widths = {3, 2}, .nonzeros = {4}});
  Ledger ledger;
  cost.CountForward(ledger, "inference", 2);
  EXPECT_EQ(ledger.count("inference", "alu", "fp32_mac"), 2.0 * (4 + 2));
  // 64·4 + 64·3 CSR bits, 32·2·3 inputs, 32·2·4 gathered: all in the 32 KiB SRAM.
  EXPECT_EQ(ledger.count("inference", "sram_small", "read_bit"), 448.0 + 192.0 + 256.0);
  EXPECT_EQ(ledger.count("inference", "sram_small", "write_bit"), 32.0 * 2 * 2);
  // Erased: the outputs written and a 32-bit accumulator per MAC.
  EXPECT_EQ(ledger.erased_bits("inference"), 128.0 + 32.0 * 12);
  EXPECT_EQ(ConventionErasedBits(ledger, "inference"), ledger.erased_bits("inference"));
}

TEST(SparseCost, BackwardAndSgdCountsByHand) {
  const SparseCostModel cost(SparseShape{.widths = {3, 2, 2}, .nonzeros = {4, 3}});
  Ledger ledger;
  cost.CountBackward(ledger, "train", 2);
  // Layer 0: weight gradient only, 2·(4 + 2); layer 1: input gradient 2·3 and weight gradient
  // 2·(3 + 2).
  EXPECT_EQ(ledger.count("train", "alu", "fp32_mac"), 12.0 + 6.0 + 10.0);
  Ledger sgd;
  cost.CountSgdStep(sgd, "train");
  EXPECT_EQ(sgd.count("train", "alu", "fp32_mac"), 4.0 * (7 + 4));
  EXPECT_EQ(sgd.count("train", "sram_small", "read_bit"), 96.0 * 11);
  EXPECT_EQ(sgd.count("train", "sram_small", "write_bit"), 64.0 * 11);
  EXPECT_EQ(ConventionErasedBits(ledger, "train"), ledger.erased_bits("train"));
}

// Forward energy per sample of LeNet-300-100 at batch 1000 on the H100 table, truly sparse at a
// uniform density against dense.
double CsrJoules(const EnergyTable& table, double density) {
  const nn::MlpSpec spec{{784, 300, 100, 10}};
  SparseShape shape{.widths = spec.widths, .nonzeros = {}};
  const std::vector<double> d = LayerDensities(spec, density, Distribution::kUniform);
  for (int l = 0; l < 3; ++l) {
    shape.nonzeros.push_back(std::llround(d[l] * spec.widths[l] * spec.widths[l + 1]));
  }
  Ledger ledger;
  SparseCostModel(shape).CountForward(ledger, "inference", 1000);
  return ledger.Price(table).energy_j / 1000.0;
}

// The ledger shows where sparsity stops saving energy: at 5 % the CSR kernel is cheaper than the
// dense layer; at density 1 it is dearer (its gathers and index reads); the crossover lies in
// between, on every digital table shipped (where depends on the price of a cache read against a
// MAC: 0.21 on the 7 nm tables, 0.10 on Horowitz's 45 nm, whose 1 MB SRAM read of a float is 11
// MACs).
TEST(SparseCost, TheLedgerShowsTheEnergyCrossover) {
  const HardwareCatalog catalog;
  for (const char* name : {"h100", "a100", "cmos-45nm", "cmos-7nm"}) {
    const EnergyTable& table = catalog.Get(name);
    Ledger dense;
    CountDenseMaskedForward(dense, "inference", {784, 300, 100, 10}, 1000);
    const double dense_j = dense.Price(table).energy_j / 1000.0;
    EXPECT_LT(CsrJoules(table, 0.05), dense_j) << name;
    EXPECT_GT(CsrJoules(table, 1.0), dense_j) << name;
    double lo = 0.05, hi = 1.0;
    for (int i = 0; i < 40; ++i) {
      const double mid = (lo + hi) / 2;
      (CsrJoules(table, mid) < dense_j ? lo : hi) = mid;
    }
    std::printf("%s: energy crossover at density %.3f\n", name, lo);
    EXPECT_GT(lo, 0.05) << name;
    EXPECT_LT(lo, 1.0) << name;
  }
}

// Every action the substrate counts, topology work included, has a price in every digital table.
TEST(SparseCost, EveryActionIsPricedOnEveryDigitalTable) {
  Ledger ledger;
  const std::vector<int> widths = {784, 300, 100, 10};
  const SparseCostModel cost(SparseShape{.widths = widths, .nonzeros = {11760, 1500, 50}});
  cost.CountForward(ledger, "train", 100);
  cost.CountBackward(ledger, "train", 100);
  cost.CountSgdStep(ledger, "train");
  const SparseWork work{.dense_gradient_macs = 1e9,
                        .dense_products = 10,
                        .dense_gradient_rows = 1000,
                        .dense_momentum_updates = 1e7,
                        .comparisons = 1e6,
                        .scanned_positions = 1e6,
                        .rewired_read = 1e4,
                        .rewired_written = 1.1e4,
                        .random_draws = 1e3};
  CountTopologyWork(ledger, "train", widths, 100, work);
  CountDenseMaskedTrainingStep(ledger, "train", widths, 100);
  EXPECT_EQ(ConventionErasedBits(ledger, "train"), ledger.erased_bits("train"));
  const HardwareCatalog catalog;
  for (const char* name : {"h100", "a100", "cmos-45nm", "cmos-7nm"}) {
    EXPECT_NO_THROW(ledger.Price(catalog.Get(name))) << name;
  }
}

}  // namespace
}  // namespace landauer::sparse

#include "landauer/nn/digital_cost.h"

#include <gtest/gtest.h>

namespace landauer::nn {
namespace {

TEST(DigitalCost, ForwardCountsMacsTrafficAndErasedBits) {
  const MlpSpec spec = MlpSpec::Parse("mlp:10-20-5");
  DigitalCostModel cost(spec, Precision::kFp32);
  Ledger ledger;
  cost.CountForward(ledger, "inference", 4);
  // MACs: 4·20·11 + 4·5·21 = 880 + 420.
  EXPECT_EQ(ledger.count("inference", "alu", "fp32_mac"), 1300);
  // 325 parameters × 32 bits = 10,400 bits ≤ 32 KiB: weights in sram_small; read once per batch.
  EXPECT_EQ(ledger.count("inference", "sram_small", "read_bit"), 325 * 32 + 4 * (10 + 20) * 32);
  EXPECT_EQ(ledger.count("inference", "sram_small", "write_bit"), 4 * (20 + 5) * 32);
  // Erased (energy/erasure.h): the activations written, and each MAC's 32-bit accumulator.
  EXPECT_EQ(ledger.erased_bits("inference"), 4 * (20 + 5) * 32 + 1300 * 32);
  EXPECT_EQ(cost.num_parameters(), 325);
}

TEST(DigitalCost, LevelsFollowSizeAndPrecision) {
  // 784-256-256-10: 269,322 parameters. fp32 (8.6 Mbit) exceeds 1 MiB -> dram; int8 fits
  // sram_large.
  const MlpSpec spec = MlpSpec::Parse("mlp:784-256-256-10");
  Ledger fp32, int8;
  DigitalCostModel(spec, Precision::kFp32).CountForward(fp32, "i", 1);
  DigitalCostModel(spec, Precision::kInt8).CountForward(int8, "i", 1);
  EXPECT_EQ(fp32.count("i", "dram", "read_bit"), 269322.0 * 32);
  EXPECT_EQ(int8.count("i", "sram_large", "read_bit"), 269322.0 * 8);
  EXPECT_EQ(int8.count("i", "alu", "int8_mac"), 269322.0);
  EXPECT_EQ(int8.count("i", "alu", "fp32_mac"),
            784.0 + 256 + 256 + 256 + 256 + 10);  // (de)quantisation
  MemoryLevels levels;
  EXPECT_EQ(levels.LevelFor(1), "sram_small");
  EXPECT_EQ(levels.LevelFor(32.0 * 1024 * 8 + 1), "sram_large");
  EXPECT_EQ(levels.LevelFor(1e9), "dram");
}

TEST(DigitalCost, BackwardAndOptimizer) {
  const MlpSpec spec = MlpSpec::Parse("mlp:10-20-5");
  DigitalCostModel cost(spec, Precision::kFp32);
  Ledger ledger;
  cost.CountBackward(ledger, "train", 4);
  // dW, db: 4·20·11 + 4·5·21; dX only for layer 1: 4·5·20.
  EXPECT_EQ(ledger.count("train", "alu", "fp32_mac"), 880 + 420 + 400);
  cost.CountOptimizerStep(ledger, "train", 5, 2);
  EXPECT_EQ(ledger.count("train", "alu", "fp32_mac"), 1700 + 325 * 5);
  EXPECT_EQ(PrecisionFromString("bf16"), Precision::kBf16);
  EXPECT_THROW(PrecisionFromString("fp64"), std::invalid_argument);
}

}  // namespace
}  // namespace landauer::nn

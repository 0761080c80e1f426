#include "landauer/energy/erasure.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "landauer/nn/digital_cost.h"

namespace landauer {
namespace {

TEST(Erasure, TheConventionPerAction) {
  EXPECT_EQ(ErasedBitsPerAction("dram", "write_bit"), 1.0);
  EXPECT_EQ(ErasedBitsPerAction("register", "write_bit"), 1.0);
  EXPECT_EQ(ErasedBitsPerAction("sram_small", "read_bit"), 0.0);
  EXPECT_EQ(ErasedBitsPerAction("alu", "int8_mac"), 32.0);  // the int32 accumulator
  EXPECT_EQ(ErasedBitsPerAction("alu", "bf16_mac"), 32.0);
  EXPECT_EQ(ErasedBitsPerAction("alu", "fp64_mac"), 64.0);
  EXPECT_EQ(ErasedBitsPerAction("alu", "int8_add"), 8.0);
  EXPECT_EQ(ErasedBitsPerAction("alu", "fp16_mult"), 16.0);
  EXPECT_EQ(ErasedBitsPerAction("adc", "convert_12b"), 12.0);
  EXPECT_EQ(ErasedBitsPerAction("dac", "convert_16b"), 16.0);
  EXPECT_EQ(ErasedBitsPerAction("link", "bit"), 1.0);
  EXPECT_EQ(ErasedBitsPerAction("spu", "cell_tau"), 0.0);
  EXPECT_EQ(ErasedBitsPerAction("node", "adiabatic_transition_1ns"), 0.0);
  EXPECT_FALSE(ErasedBitsPerAction("alu", "int4_mac"));
  EXPECT_FALSE(ErasedBitsPerAction("adc", "convert_b"));
  EXPECT_FALSE(ErasedBitsPerAction("adc", "convert_0b"));
  EXPECT_FALSE(ErasedBitsPerAction("synapse", "event"));
  // Static power erases nothing, the base table's and a device part's alike.
  EXPECT_EQ(ErasedBitsPerAction("static", "second"), 0.0);
  EXPECT_EQ(ErasedBitsPerAction("static_spu", "second"), 0.0);
  EXPECT_FALSE(ErasedBitsPerAction("static_spu", "joule"));
  // A memory of any component: written bits erase, reads do not.
  EXPECT_EQ(ErasedBitsPerAction("node", "write_bit"), 1.0);
  EXPECT_EQ(ErasedBitsPerAction("synapse", "read_bit"), 0.0);
  // The built-in rows cannot be registered again, prefix rows included.
  EXPECT_THROW(RegisterErasureRule("static_mine", [](std::string_view) { return 0.0; }),
               std::logic_error);
  EXPECT_THROW(RegisterErasureRule("adc", [](std::string_view) { return 0.0; }), std::logic_error);
}

TEST(Erasure, ConventionSumsActionsAndLogicAndRefusesTheUncovered) {
  Ledger ledger;
  CountWithErasure(ledger, "p", "alu", "fp32_mac", 10.0);
  CountWithErasure(ledger, "p", "dram", "write_bit", 7.0);
  ledger.Count("p", "dram", "read_bit", 100.0);
  ledger.CountLogicErasedBits("p", 5.0);
  EXPECT_EQ(ledger.erased_bits("p"), 320.0 + 7.0 + 5.0);
  EXPECT_EQ(ledger.logic_erased_bits("p"), 5.0);
  EXPECT_EQ(ConventionErasedBits(ledger, "p"), ledger.erased_bits("p"));
  // A method that counts a write without its erasure breaks the convention, and the check sees it.
  ledger.Count("p", "sram_large", "write_bit", 3.0);
  EXPECT_EQ(ConventionErasedBits(ledger, "p"), ledger.erased_bits("p") + 3.0);
  ledger.Count("p", "synapse", "event", 1.0);
  EXPECT_THROW(ConventionErasedBits(ledger, "p"), std::invalid_argument);
  EXPECT_THROW(CountWithErasure(ledger, "p", "synapse", "event", 1.0), std::invalid_argument);
  // The logic part survives the JSON round trip, exactly.
  Ledger logic;
  logic.CountLogicErasedBits("q", 0.1);
  logic.CountLogicErasedBits("q", 0.2);
  const Ledger back = Ledger::FromJson(logic.ToJson(/*exact=*/true));
  EXPECT_EQ(back.logic_erased_bits("q"), logic.logic_erased_bits("q"));
  EXPECT_EQ(back.erased_bits("q"), logic.erased_bits("q"));
}

// The digital int8 forward pass of mlp:4-3-2 on one sample, counted by hand from the convention:
// 15 + 8 MACs (bias included) with 32-bit accumulators, 3 + 2 int8 activations written, and
// (4 + 3) + (3 + 2) fp32 quantisation MACs.
TEST(Erasure, DigitalInt8InferenceByHand) {
  const nn::DigitalCostModel model(nn::MlpSpec::Parse("mlp:4-3-2"), nn::Precision::kInt8);
  Ledger ledger;
  model.CountForward(ledger, "inference", 1);
  EXPECT_EQ(ledger.erased_bits("inference"), (15 + 8) * 32.0 + (3 + 2) * 8.0 + (7 + 5) * 32.0);
  EXPECT_EQ(ConventionErasedBits(ledger, "inference"), ledger.erased_bits("inference"));
}

}  // namespace
}  // namespace landauer

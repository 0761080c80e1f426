#include "landauer/spiking/spiking_cost.h"

#include <gtest/gtest.h>

#include "landauer/energy/energy_report.h"
#include "landauer/energy/energy_table.h"
#include "landauer/energy/erasure.h"
#include "landauer/energy/roofline.h"
#include "landauer/nn/digital_cost.h"

namespace landauer::spiking {
namespace {

EnergyTable Table(const std::string& name) { return LoadHardwareTable(name, HardwareDirectory()); }

// Each event is one chip action, with the bits the convention says it erases.
TEST(SpikingCost, AChipCountsOneActionPerEvent) {
  Ledger ledger;
  CountOnNeuromorphicChip(
      ledger, "inference", {.synaptic_events = 1000, .neuron_updates = 50, .spikes = 7});
  EXPECT_EQ(ledger.count("inference", "neuromorphic", "synaptic_event"), 1000);
  EXPECT_EQ(ledger.count("inference", "neuromorphic", "neuron_update"), 50);
  EXPECT_EQ(ledger.count("inference", "neuromorphic", "spike"), 7);
  EXPECT_EQ(ledger.erased_bits("inference"), 32.0 * 1000 + 32.0 * 50 + 33.0 * 7);
  // Loihi, core scope: 23.6 pJ per op, 81 pJ per update (Davies 2018, Table 2).
  const EnergyReport core = ledger.Price(Table("loihi"), Scope::kCore);
  EXPECT_NEAR(core.energy_j, 1000 * 23.6e-12 + 50 * 81e-12, 1e-18);
}

// The digital count: an accumulate, a weight read and the accumulator's read and write per
// synaptic event; the propagator's arithmetic and the state per update; bits per spike.
TEST(SpikingCost, TheDigitalCountIsTheDocumentedArithmetic) {
  const SpikingShape shape{.neuron = {.model = NeuronModel::kLif}, .weights = 1000, .neurons = 100};
  Ledger ledger;
  CountOnDigital(
      ledger, "inference", {.synaptic_events = 10, .neuron_updates = 4, .spikes = 2}, shape);
  EXPECT_EQ(ledger.count("inference", "alu", "fp32_add"), 10 + 4 * 3);
  EXPECT_EQ(ledger.count("inference", "alu", "fp32_mult"), 4 * 2);
  // 1000 weights × 32 bits and 100 states × 32 bits fit the 32 KiB SRAM.
  EXPECT_EQ(ledger.count("inference", "sram_small", "read_bit"), 10 * 32.0 * 2 + 4 * 32.0);
  EXPECT_EQ(ledger.count("inference", "sram_small", "write_bit"), 10 * 32.0 + 4 * 32.0 + 2 * 33.0);
  EXPECT_EQ(UpdateOps({.model = NeuronModel::kCubaLif}).mults, 3);
  EXPECT_EQ(UpdateOps({.model = NeuronModel::kCubaLif, .tau_syn_inh = 1e-2}).state_words, 3);
}

// The same network can be cheaper or dearer than its ANN (spikingjelly#348 measured the second):
// a 784-800-10 MLP's MACs against its SNN's accumulates on the same 45 nm table. Sparse activity
// over a few steps wins; dense activity over many steps loses.
TEST(SpikingCost, AnSnnIsCheaperThanItsAnnWhenSparseAndDearerWhenNot) {
  const EnergyTable cmos = Table("cmos-45nm");
  Ledger ann;
  nn::DigitalCostModel(nn::MlpSpec{.widths = {784, 800, 10}}, nn::Precision::kFp32)
      .CountForward(ann, "inference", 1);
  const double ann_j = ann.Price(cmos, Scope::kCore).energy_j;
  const SpikingShape shape{
      .neuron = {.model = NeuronModel::kLif}, .weights = 784.0 * 800 + 800 * 10, .neurons = 810};
  const auto snn_j = [&](double steps, double input_rate, double hidden_rate) {
    const SpikingWork work{
        .synaptic_events = steps * (784 * input_rate * 800 + 800 * hidden_rate * 10),
        .neuron_updates = steps * 810,
        .spikes = steps * (800 * hidden_rate + 10 * 0.1)};
    Ledger snn;
    CountSpiking(snn, "inference", work, shape, cmos);
    return snn.Price(cmos, Scope::kCore).energy_j;
  };
  EXPECT_LT(snn_j(4, 0.02, 0.02), 0.5 * ann_j);
  EXPECT_GT(snn_j(100, 0.3, 0.2), 2.0 * ann_j);
  // On Loihi the sparse SNN costs about as many 23.6 pJ events as it has.
  Ledger chip;
  CountSpiking(chip,
               "inference",
               {.synaptic_events = 1e5, .neuron_updates = 1e4, .spikes = 1e3},
               shape,
               Table("loihi"));
  EXPECT_EQ(chip.count("inference", "alu", "fp32_add"), 0.0);
  EXPECT_GT(chip.Price(Table("loihi"), Scope::kCore).energy_j, 1e5 * 23.6e-12);
}

// Every shipped chip table prices every chip action at the scope it declares: Loihi's and
// TrueNorth's and SpiNNaker's at chip scope, SpiNNaker 2's processing element at core scope.
TEST(SpikingCost, EveryChipTablePricesEveryChipAction) {
  Ledger ledger;
  CountOnNeuromorphicChip(ledger, "run", {.synaptic_events = 1, .neuron_updates = 1, .spikes = 1});
  for (const char* name : {"loihi", "truenorth", "spinnaker", "spinnaker2"}) {
    const EnergyTable table = Table(name);
    EXPECT_TRUE(IsNeuromorphic(table)) << name;
    ASSERT_TRUE(table.scope().has_value()) << name;
    const ScopedPhase priced = PriceAtScope(ledger, "run", table, *table.scope());
    EXPECT_GT(priced.energy.energy_j, 0.0) << name;
    EXPECT_EQ(priced.energy.bits_erased, 32.0 + 32.0 + 33.0) << name;
  }
  EXPECT_FALSE(IsNeuromorphic(Table("cmos-45nm")));
}

}  // namespace
}  // namespace landauer::spiking

#include "landauer/reversible/adiabatic.h"

#include <gtest/gtest.h>

#include <cmath>

#include "landauer/physics/bounds.h"
#include "landauer/reversible/adiabatic_cost.h"
#include "landauer/reversible/arithmetic.h"

namespace landauer::reversible {
namespace {

EnergyTable Shipped() { return LoadHardwareTable("adiabatic-cmos", HardwareDirectory()); }

TEST(Adiabatic, NodeModelMatchesTheClosedForms) {
  const AdiabaticNodeModel m = AdiabaticNodeModel::FromTable(Shipped());
  const double c = 1e-15, v = 0.9, rc = 10e-12;
  EXPECT_NEAR(m.conventional_transition_j, 0.5 * c * v * v, 1e-21);
  EXPECT_NEAR(m.rc_s, rc, 1e-18);
  EXPECT_NEAR(m.ramp_factor, 1.0, 1e-9);
  EXPECT_NEAR(m.leakage_w, 9e-9, 1e-15);
  // Slow ramps: (RC/T) C V^2. Fast ramps: the step-charging limit C V^2 / 2.
  EXPECT_NEAR(m.AdiabaticTransitionJ(1e-6) / (rc / 1e-6 * c * v * v), 1.0, 1e-4);
  EXPECT_NEAR(m.AdiabaticTransitionJ(1e-15) / (0.5 * c * v * v), 1.0, 1e-3);
  // T* and E_min (Paul et al. 2000), and that T* minimises transition + leakage (T >> RC form).
  EXPECT_NEAR(m.OptimalRampS(), std::sqrt(rc * c * v * v / 9e-9), 1e-15);
  EXPECT_NEAR(m.MinimumNodeEnergyJ(), 2.0 * std::sqrt(rc * c * v * v * 9e-9), 1e-24);
  auto energy = [&](double t) { return rc / t * c * v * v + 9e-9 * t; };
  const double t_star = m.OptimalRampS();
  EXPECT_NEAR(energy(t_star), m.MinimumNodeEnergyJ(), 1e-24);
  EXPECT_GT(energy(0.9 * t_star), energy(t_star));
  EXPECT_GT(energy(1.1 * t_star), energy(t_star));
  EXPECT_NEAR(m.resonator_cycle_j / (2 * std::numbers::pi / 100 * 0.5 * c * v * v),
              1.0,
              1e-3);  // table: 4 digits
}

TEST(Adiabatic, MacSweepPricesThroughTheLedgerAndCrossesOver) {
  const KernelActivity mac = MeasureKernel("mac:8", Mac(8), 1);
  EXPECT_GT(mac.conventional_transitions, 0.1 * static_cast<double>(mac.conventional_nodes));
  EXPECT_LT(mac.conventional_transitions, 0.9 * static_cast<double>(mac.conventional_nodes));
  EXPECT_EQ(mac.reversible_bits_erased, 32.0);  // a, b and acc are discarded after each MAC
  const EnergyTable table = Shipped();
  const EnergySweep sweep = SweepClock(mac, table, 1e-11, 1e-6, 51);
  ASSERT_EQ(sweep.points.size(), 51u);
  const AdiabaticNodeModel& m = sweep.model;
  for (const SweepPoint& p : sweep.points) {
    const double conventional =
        mac.conventional_transitions * m.conventional_transition_j +
        static_cast<double>(mac.conventional_nodes) * m.leakage_w * p.period_s;
    const double adiabatic =
        static_cast<double>(mac.reversible_gates) *
        (m.AdiabaticTransitionJ(p.period_s) + m.leakage_w * p.period_s + m.resonator_cycle_j);
    EXPECT_NEAR(p.conventional_j / conventional, 1.0, 1e-12);
    EXPECT_NEAR(p.adiabatic_j / adiabatic, 1.0, 1e-12);
    EXPECT_NEAR(p.adiabatic_floor_j, 32 * physics::LandauerBound(Kelvin{300.0}).value(), 1e-30);
  }
  // Fast clocks favour conventional logic (the ramp cannot be slow), slow clocks too (leakage of a
  // circuit with more gates); adiabatic wins in between, so the sweep crosses twice.
  EXPECT_LT(sweep.points.front().conventional_j, sweep.points.front().adiabatic_j);
  EXPECT_LT(sweep.points.back().conventional_j, sweep.points.back().adiabatic_j);
  ASSERT_EQ(sweep.crossovers_s.size(), 2u);
  EXPECT_LT(sweep.crossovers_s[0], m.OptimalRampS());
  EXPECT_GT(sweep.crossovers_s[1], m.OptimalRampS());
  EXPECT_THROW(SweepClock(mac, table, 0.0, 1e-6, 5), std::invalid_argument);
  // Issue 10, point 8: the crossovers were interpolated between printed points and moved with
  // --points (535 ps at 9 points, 435 ps at 1,000). Solved, they are the same at any count, and
  // both styles cost the same there.
  for (int points : {2, 9, 1000}) {
    const EnergySweep other = SweepClock(mac, table, 1e-11, 1e-6, points);
    ASSERT_EQ(other.crossovers_s.size(), 2u) << points;
    for (std::size_t i = 0; i < 2; ++i) {
      EXPECT_NEAR(other.crossovers_s[i] / sweep.crossovers_s[i], 1.0, 1e-12) << points;
      const SweepPoint at =
          SweepClock(mac, table, other.crossovers_s[i], other.crossovers_s[i], 1).points.front();
      EXPECT_NEAR(at.adiabatic_j / at.conventional_j, 1.0, 1e-9) << points;
    }
  }
}

// The substrate's vocabulary is priced by its shipped table, and the MLP cost model runs exactly
// the forward MACs on the reversible circuit: the digital int8 model's counts, less its int8 MACs,
// plus the circuit's node actions and its erased operands.
TEST(AdiabaticCost, TheTablePricesEveryActionAndTheMacModelReplacesOnlyTheMacs) {
  const EnergyTable table = Shipped();
  for (const Action& action : AdiabaticActions()) {
    EXPECT_NE(table.Find(action.component, action.action), nullptr) << action.action;
  }
  const nn::MlpSpec spec = nn::MlpSpec::Parse("mlp:4-3-2");
  const KernelActivity mac = MeasureKernel("mac:8", Mac(8), 1);
  const AdiabaticNodeModel node = AdiabaticNodeModel::FromTable(table);
  const AdiabaticMacCostModel adiabatic(spec, mac, node);
  const nn::DigitalCostModel digital(spec, nn::Precision::kInt8);
  Ledger a, d;
  adiabatic.CountForward(a, "inference", 5);
  digital.CountForward(d, "inference", 5);
  const double macs = 5.0 * (3 * (4 + 1) + 2 * (3 + 1));  // the bias is one more MAC
  EXPECT_EQ(d.count("inference", "alu", "int8_mac"), macs);
  EXPECT_EQ(a.count("inference", "alu", "int8_mac"), 0.0);
  EXPECT_EQ(a.count("inference", "alu", "fp32_mac"), d.count("inference", "alu", "fp32_mac"));
  EXPECT_EQ(a.count("inference", "sram_small", "read_bit"),
            d.count("inference", "sram_small", "read_bit"));
  EXPECT_DOUBLE_EQ(a.count("inference", "resonator", "node_cycle"),
                   macs * static_cast<double>(mac.reversible_gates));
  EXPECT_DOUBLE_EQ(
      a.count("inference", "node", "leakage_1ns"),
      macs * static_cast<double>(mac.reversible_gates) * node.OptimalRampS() / kReferenceRampS);
  // The digital MACs' 32-bit accumulators are replaced by the circuit's 32 discarded garbage bits
  // per MAC (a, b and the 16-bit acc), counted as logic erasure.
  EXPECT_DOUBLE_EQ(a.erased_bits("inference"), d.erased_bits("inference"));
  EXPECT_DOUBLE_EQ(a.logic_erased_bits("inference"), 32.0 * macs);
}

}  // namespace
}  // namespace landauer::reversible

// The SPU's counted actions (thermo/spu_cost.h): what a TLA run and its time add up to, and that
// the shipped `spu` table prices every action the substrate can count.
#include "landauer/thermo/spu_cost.h"

#include <gtest/gtest.h>

#include "landauer/energy/hardware_catalog.h"
#include "landauer/thermo/tla_run.h"

namespace landauer::thermo {
namespace {

TEST(SpuCost, TheShippedTablePricesEveryAction) {
  const HardwareCatalog catalog;
  const EnergyTable& spu = catalog.Get("spu");
  for (const auto& [component, action] : SpuActions()) {
    EXPECT_NE(spu.Find(component, action), nullptr) << component << "." << action;
  }
  EXPECT_EQ(ConvertAction(16), "convert_16b");
  EXPECT_EQ(PricedBits(0), 16);
  EXPECT_EQ(PricedBits(8), 8);
}

TEST(SpuCost, ATlaRunCountsProgrammingRunAndReadOut) {
  SpuParams params;
  params.dimension = 4;
  params.coupling_bits = 10;
  params.dac_bits = 0;  // ideal: priced as 16
  params.adc_bits = 8;
  TlaResult result;
  result.chains = 3;
  result.samples = 50;
  result.analog_time_tau = 25.0;
  const Ledger ledger = CountTlaRun(params, result, /*programs_rhs=*/true);
  const double d = 4;
  EXPECT_DOUBLE_EQ(ledger.count("program", "link", "bit"), d * d * 10 + d * 16);
  EXPECT_DOUBLE_EQ(ledger.count("program", "dac", "convert_16b"), d);
  // Erased (energy/erasure.h): every bit received, and each DAC's programmed 16-bit value.
  EXPECT_DOUBLE_EQ(ledger.erased_bits("program"), d * d * 10 + d * 16 + d * 16);
  EXPECT_DOUBLE_EQ(ledger.count("run", "spu", "cell_tau"), d * 3 * 25.0);
  // Each chain's d² coupling resistors: written once, then carrying signal for the run.
  EXPECT_DOUBLE_EQ(ledger.count("program", "spu", "resistor_write"), d * d * 3);
  EXPECT_DOUBLE_EQ(ledger.count("run", "spu", "resistor_tau"), d * d * 3 * 25.0);
  EXPECT_DOUBLE_EQ(ledger.count("read", "adc", "convert_8b"), d * 3 * 50);
  EXPECT_DOUBLE_EQ(ledger.count("read", "link", "bit"), d * 3 * 50 * 8);
  EXPECT_DOUBLE_EQ(ledger.erased_bits("read"), d * 3 * 50 * 8 + d * 3 * 50 * 8);  // link + ADC
  // Without b, nothing goes through the DAC.
  EXPECT_EQ(CountTlaRun(params, result, false).count("program", "dac", "convert_16b"), 0.0);
  const Ledger priced_on = ledger;
  EXPECT_NO_THROW(priced_on.Price(HardwareCatalog().Get("spu")));
}

// The device is sampled while it runs: the analog time and the read-out overlap (max, not sum).
// Ideal couplings and DACs go over the link at 16 bits, as the energy counts them.
TEST(SpuCost, DeviceTimeIsProgrammingThenAnalogOrReadOutThenDelay) {
  SpuParams params;
  params.dimension = 4;
  params.tau_s = 2e-6;
  params.sample_rate_hz = 1e6;
  params.delay_s = 3e-6;
  const Spu spu(params);
  TlaResult result;
  result.analog_time_tau = 100;
  result.samples = 40;
  EXPECT_DOUBLE_EQ(spu.ProgrammingSeconds(), (4 * 4 * 16 + 4 * 16) / 50e9);
  EXPECT_DOUBLE_EQ(TlaDeviceSeconds(spu, result), spu.ProgrammingSeconds() + 100 * 2e-6 + 3e-6);
  result.samples = 400;  // 400 µs of read-out outlast 200 µs of analog time
  EXPECT_DOUBLE_EQ(TlaDeviceSeconds(spu, result), spu.ProgrammingSeconds() + 400 / 1e6 + 3e-6);
}

// TNGD App. C: digital roofline, link, converters and analog time in sequence, one model for
// `train --optimizer tngd` and compare's tngd-mlp.
TEST(SpuCost, TngdTrainingTimeSumsDigitalLinkAndAnalogTime) {
  Ledger ledger;
  ledger.Count("train", "alu", "fp32_mac", 1e6);
  ledger.Count("train", "sram_small", "read_bit", 1e3);
  ledger.Count("train", "link", "bit", 5e5);
  ledger.Count("train", "adc", "convert_16b", 10);
  ledger.Count("train", "spu", "cell_tau", 100);
  const HardwareCatalog catalog;
  const std::vector<std::string> devices = {"spu"};
  const EnergyTable table = catalog.Combined("h100", devices);
  const EnergyReport report = ledger.Price(table);
  const ModelledTime time = TngdTrainingTime(*report.FindPhase("train"), 10, 5e-5);
  EXPECT_DOUBLE_EQ(time.busy_s.at("digital"), 1e6 * *table.Price("alu", "fp32_mac").time_s);
  EXPECT_DOUBLE_EQ(time.busy_s.at("link"), 5e5 * 20e-12);
  EXPECT_DOUBLE_EQ(time.busy_s.at("spu"), 10 * 5e-5);
  EXPECT_DOUBLE_EQ(time.seconds,
                   time.busy_s.at("digital") + time.busy_s.at("link") + time.busy_s.at("spu") +
                       (time.busy_s.contains("adc") ? time.busy_s.at("adc") : 0.0));
  EXPECT_EQ(time.bound_by, "spu");
  // The digital memory the table gives no time, and the SPU's converters if untimed, are named.
  EXPECT_NE(std::find(time.untimed.begin(), time.untimed.end(), "sram_small"), time.untimed.end());
}

TEST(TlaRun, SolveMatchesItsReferenceAndCountsTheDevice) {
  ColMatrixD a(3, 3);
  a << 4, 1, 0, 1, 3, 0.5, 0, 0.5, 2;
  SpuParams params;
  params.step_tau = 0.5;
  TlaOptions options;
  options.seed = 2;
  const TlaRun run = RunTla(TlaProblem::kSolve, a, Eigen::VectorXd::Ones(3), params, options);
  EXPECT_LT(run.relative_error, 0.05);
  EXPECT_GT(run.ledger.count("run", "spu", "cell_tau"), 0.0);
  EXPECT_GT(run.device_seconds, 0.0);
  EXPECT_EQ(TlaProblemFromString("logdet"), TlaProblem::kLogDet);
  EXPECT_THROW(TlaProblemFromString("eig"), std::invalid_argument);
}

TEST(TlaRun, RefusesAMatrixThatIsNotSpdAndAMismatchedRightHandSide) {
  ColMatrixD indefinite(2, 2);
  indefinite << 1, 2, 2, 1;
  EXPECT_THROW(RunTla(TlaProblem::kInverse, indefinite, {}, SpuParams{}, TlaOptions{}),
               std::invalid_argument);
  ColMatrixD spd = ColMatrixD::Identity(3, 3);
  EXPECT_THROW(RunTla(TlaProblem::kSolve, spd, Eigen::VectorXd::Ones(2), SpuParams{}, TlaOptions{}),
               std::invalid_argument);
}
}  // namespace
}  // namespace landauer::thermo

#include "landauer/analog/analog_engine.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>

#include "landauer/analog/analog_cost.h"
#include "landauer/energy/ledger.h"
#include "landauer/nn/engine_conformance.h"
#include "random_matrix.h"

namespace landauer::analog {
namespace {

MatrixF Random(int rows, int cols, std::uint64_t seed) {
  return RandomMatrix(rows, cols, seed, "test");
}

// The default PCM engine passes the conformance suite at its declared tolerance.
TEST(AnalogEngine, PassesConformance) {
  AnalogEngine engine({});
  const nn::ConformanceReport report =
      nn::CheckEngineConformance(engine, AnalogEngine::kTolerances, 3);
  EXPECT_TRUE(report.passed) << report.Describe();
}

// A day after programming PCM conductances have drifted down by ((t + t₀)/t₀)^(−ν), ν ≈ 0.05:
// outputs shrink by about a third. Global drift compensation restores their scale.
TEST(AnalogEngine, DriftCompensationRestoresTheOutputScale) {
  const MatrixF w = Random(64, 256, 1), x = Random(256, 256, 2);
  const MatrixF exact = x * w.transpose();
  for (const bool compensate : {false, true}) {
    AnalogEngineOptions o;
    o.read_time_s = 86400.0;
    o.drift_compensation = compensate;
    AnalogEngine engine(o);
    auto programmed = engine.Program(w, {.layer = 0});
    MatrixF y;
    programmed->Forward(x, y);
    const double ratio = y.cwiseAbs().sum() / exact.cwiseAbs().sum();
    if (compensate) {
      EXPECT_NEAR(ratio, 1.0, 0.05);
    } else {
      EXPECT_NEAR(ratio, std::pow(86420.0 / 20.0, -0.05), 0.06);
    }
  }
}

// With counting on, Program counts the programming and Forward every read into the ledger of the
// programming context; the converters take the tiles' bits.
TEST(AnalogEngine, CountsWhatTheTilesDo) {
  const MatrixF w = Random(300, 600, 3), x = Random(10, 600, 4);
  AnalogEngineOptions o;
  o.tile.adc_bits = 6;
  AnalogEngine engine(o);
  Ledger ledger;
  auto programmed = engine.Program(w, {.layer = 0, .ledger = &ledger, .phase = "inference"});
  EXPECT_EQ(ledger.count("inference", "crossbar", "program_pulse"), 2.0 * 300 * 600 * 10);
  MatrixF y;
  programmed->Forward(x, y);
  // 3 row tiles × 2 column tiles, each read once per sample (no clipping at these sizes).
  EXPECT_EQ(engine.work().reads, 60.0 + engine.work().rereads);
  EXPECT_EQ(ledger.count("inference", "adc", "convert_6b"), engine.work().adc_conversions);
  EXPECT_EQ(ledger.count("inference", "dac", "convert_8b"),
            engine.work().dac_conversions + 2.0 * 300 * 600);
  EXPECT_GT(ledger.count("inference", "crossbar", "read_us_pulse"), 0.0);
  // A chip deployed once and read many times: programming is not counted again.
  o.count_programming = false;
  AnalogEngine reader(o);
  Ledger reads;
  auto again = reader.Program(w, {.layer = 0, .ledger = &reads, .phase = "inference"});
  again->Forward(x, y);
  EXPECT_EQ(reads.count("inference", "crossbar", "program_pulse"), 0.0);
  EXPECT_EQ(reads.count("inference", "adc", "convert_6b"), reader.work().adc_conversions);
}

// Weights with a NaN are refused with the layer named, with one slice and with two.
TEST(AnalogEngine, RefusesNonFiniteWeightsNamingTheLayer) {
  MatrixF w = Random(6, 9, 9);
  w(4, 7) = std::nanf("");
  for (const int slices : {1, 2}) {
    AnalogEngineOptions o;
    o.tile.slices = slices;
    AnalogEngine engine(o);
    try {
      engine.Program(w, {.layer = 2});
      FAIL() << slices << " slices";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("layer 2"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("not all finite"), std::string::npos) << e.what();
    }
  }
}

TEST(AnalogEngine, RefusesAReadBeforeProgramming) {
  AnalogEngineOptions o;
  o.read_time_s = -1.0;
  EXPECT_THROW(AnalogEngine engine(o), std::invalid_argument);
}

}  // namespace
}  // namespace landauer::analog

namespace landauer::analog {
namespace {

// Two bit slices of 4 bits on ideal devices with ideal converters compute the product of the
// 8-bit-quantised weights, and every slice is read by its own ADCs: twice the conversions.
TEST(AnalogEngine, BitSlicesReadTheQuantisedWeightsOncePerSlice) {
  const MatrixF w = Random(20, 50, 5), x = Random(7, 50, 6);
  AnalogEngineOptions o;
  o.device = DeviceParams::Preset("ideal");
  o.tile = {.dac_bits = 0, .adc_bits = 0, .out_bound = 1e6, .out_noise = 0.0, .slices = 1};
  AnalogEngine one(o);
  o.tile.slices = 2;
  o.tile.slice_bits = 4;
  AnalogEngine two(o);
  MatrixF y1, y2;
  one.Program(w, {.layer = 0})->Forward(x, y1);
  two.Program(w, {.layer = 0})->Forward(x, y2);
  MatrixF quantised = w;
  for (int j = 0; j < 20; ++j) {
    const float s = w.row(j).cwiseAbs().maxCoeff();
    for (int i = 0; i < 50; ++i)
      quantised(j, i) = std::nearbyint(w(j, i) / s * 255.0f) * s / 255.0f;
  }
  EXPECT_LT((y2 - x * quantised.transpose()).norm() / y2.norm(), 1e-5);
  EXPECT_LT((y1 - x * w.transpose()).norm() / y1.norm(), 1e-5);
  EXPECT_EQ(two.work().adc_conversions, 2.0 * one.work().adc_conversions);
  EXPECT_EQ(two.work().devices_programmed, 2.0 * one.work().devices_programmed);
}

}  // namespace
}  // namespace landauer::analog

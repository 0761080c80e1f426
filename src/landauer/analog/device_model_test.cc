#include "landauer/analog/device_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <span>
#include <stdexcept>
#include <vector>

namespace landauer::analog {
namespace {

double Mean(std::span<const float> v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

double Sd(std::span<const float> v) {
  const double m = Mean(v);
  double s = 0.0;
  for (const float x : v) s += (x - m) * (x - m);
  return std::sqrt(s / static_cast<double>(v.size() - 1));
}

// The PCM model's closed forms at a few targets (aihwkit PCMLikeNoiseModel, g_max = 25 µS).
TEST(DeviceModel, PcmFormulasMatchTheFit) {
  const DeviceModel pcm(DeviceParams::Preset("pcm"));
  EXPECT_NEAR(pcm.ProgrammingSigma(0.0), 0.26348, 1e-12);
  EXPECT_NEAR(pcm.ProgrammingSigma(25.0), 0.26348 + 1.9650 - 1.1731, 1e-12);
  EXPECT_NEAR(pcm.ProgrammingSigma(12.5), 0.26348 + 1.9650 * 0.5 - 1.1731 * 0.25, 1e-12);
  // μ_ν and σ_ν clip at both ends.
  EXPECT_NEAR(pcm.DriftMean(25.0), 0.049, 1e-12);
  EXPECT_NEAR(pcm.DriftMean(25.0 * std::exp(-4.0)), 0.0155 * 4.0 + 0.0244, 1e-12);
  EXPECT_NEAR(pcm.DriftMean(1e-9), 0.1, 1e-12);
  EXPECT_NEAR(pcm.DriftSigma(25.0), 0.008, 1e-12);
  EXPECT_NEAR(pcm.DriftSigma(1e-9), 0.045, 1e-12);
  // σ_R: Q_s √ln((t + t₀ + t_r)/(2 t_r)), Q_s = 0.0088/ĝ^0.65 capped at 0.2.
  const double t = 3600.0, q = 0.0088 / std::pow(0.4, 0.65);
  EXPECT_NEAR(pcm.ReadSigma(10.0, t), q * std::sqrt(std::log((t + 20.0 + 250e-9) / 500e-9)), 1e-12);
  EXPECT_NEAR(
      pcm.ReadSigma(1e-6, t) / std::sqrt(std::log((t + 20.0 + 250e-9) / 500e-9)), 0.2, 1e-12);
  // σ_P scales with g_max from its 25 µS reference.
  DeviceParams p = DeviceParams::Preset("pcm");
  p.g_max_us = 50.0;
  EXPECT_NEAR(DeviceModel(p).ProgrammingSigma(50.0), 2.0 * (0.26348 + 1.9650 - 1.1731), 1e-12);
}

// Many devices programmed to one target: their mean is the target and their spread σ_P.
TEST(DeviceModel, ProgrammedDevicesAverageToTheTarget) {
  const DeviceModel pcm(DeviceParams::Preset("pcm"));
  for (const float target : {5.0f, 12.5f, 25.0f}) {
    const std::vector<float> targets(20000, target);
    const ProgrammedDevices d = pcm.Program(targets, Rng(1, "test", "d2d"));
    const double sigma = pcm.ProgrammingSigma(target);
    EXPECT_NEAR(Mean(d.g_us), target, 4.0 * sigma / std::sqrt(20000.0)) << target;
    EXPECT_NEAR(Sd(d.g_us), sigma, 0.03 * sigma) << target;
  }
}

// Without read noise each device drifts exactly as g_P ((t + t₀)/t₀)^(−ν), and ν has the fitted
// mean and spread.
TEST(DeviceModel, DriftFollowsItsPowerLaw) {
  DeviceParams p = DeviceParams::Preset("pcm");
  p.read_noise_scale = 0.0;
  const DeviceModel pcm(p);
  const float target = 25.0f * std::exp(-3.0f);  // μ_ν = 0.0709, σ_ν = 0.0316 (unclipped)
  const std::vector<float> targets(20000, target);
  const ProgrammedDevices d = pcm.Program(targets, Rng(2, "test", "d2d"));
  for (const double t : {0.0, 1.0, 3600.0, 86400.0, 3.15e7}) {
    std::vector<float> g(targets.size());
    pcm.Read(targets, d, t, Rng(3, "test", "c2c"), g);
    for (std::size_t i = 0; i < g.size(); i += 997) {
      EXPECT_NEAR(g[i], d.g_us[i] * std::pow((t + 20.0) / 20.0, -d.nu[i]), 1e-5 * d.g_us[i] + 1e-6);
    }
  }
  EXPECT_NEAR(Mean(d.nu), pcm.DriftMean(target), 0.002);
  EXPECT_NEAR(Sd(d.nu), pcm.DriftSigma(target), 0.002);
  EXPECT_NEAR(pcm.DriftMean(target), 0.0155 * 3.0 + 0.0244, 1e-6);
}

// Read noise has the fitted relative spread, and is drawn fresh from the c2c stream.
TEST(DeviceModel, ReadNoiseHasItsSpread) {
  DeviceParams p = DeviceParams::Preset("pcm");
  p.prog_noise_scale = 0.0;
  p.drift_scale = 0.0;
  const DeviceModel pcm(p);
  const std::vector<float> targets(20000, 10.0f);
  const ProgrammedDevices d = pcm.Program(targets, Rng(4, "test", "d2d"));
  std::vector<float> g(targets.size());
  pcm.Read(targets, d, 86400.0, Rng(5, "test", "c2c"), g);
  EXPECT_NEAR(Mean(g), 10.0, 0.01);
  EXPECT_NEAR(Sd(g) / 10.0, pcm.ReadSigma(10.0, 86400.0), 0.03 * pcm.ReadSigma(10.0, 86400.0));
}

// ReRAM: σ at 1 s and 1 day is the fitted polynomial (µS at 40 µS), its read keeps each device's
// programming error and widens the spread to the fitted one; reads beyond 2 days are refused.
TEST(DeviceModel, ReramRelaxesToTheFittedSpread) {
  const DeviceModel reram(DeviceParams::Preset("reram"));
  EXPECT_NEAR(reram.ProgrammingSigma(20.0),
              0.348 + 16.030 * 0.5 - 43.853 * 0.25 + 45.393 * 0.125 - 16.815 * 0.0625,
              1e-9);
  const std::vector<float> targets(20000, 20.0f);
  const ProgrammedDevices d = reram.Program(targets, Rng(6, "test", "d2d"));
  std::vector<float> g(targets.size());
  reram.Read(targets, d, 86400.0, Rng(7, "test", "c2c"), g);
  EXPECT_NEAR(
      Sd(g), reram.RelaxationSigma(20.0, 86400.0), 0.03 * reram.RelaxationSigma(20.0, 86400.0));
  EXPECT_THROW(reram.Read(targets, d, 3 * 86400.0, Rng(7, "test", "c2c"), g),
               std::invalid_argument);
}

TEST(DeviceModel, BadInputIsRefusedByName) {
  const auto message = [](const auto& f) {
    try {
      f();
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(message([] { DeviceParams::Preset("flash"); }).find("flash"), std::string::npos);
  DeviceParams p;
  p.g_max_us = -5.0;
  EXPECT_NE(message([&] { DeviceModel m(p); }).find("g_max = -5 µS"), std::string::npos);
  const DeviceModel pcm(DeviceParams::Preset("pcm"));
  EXPECT_NE(message([&] { pcm.CheckReadTime(-1.0, "drift time"); }).find("drift time = -1 s"),
            std::string::npos);
  EXPECT_NE(message([&] { pcm.CheckReadTime(1e10, "drift time"); }).find("retention"),
            std::string::npos);
}

}  // namespace
}  // namespace landauer::analog

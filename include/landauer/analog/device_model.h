// landauer/analog/device_model.h — what a resistive memory device does to the conductance it is
// asked to hold: programming noise, drift and read noise, as statistical models fitted to
// measured devices.
//
//   DeviceParams p = DeviceParams::Preset("pcm");          // or "reram", "ideal"
//   DeviceModel pcm(p);
//   ProgrammedDevices d = pcm.Program(targets, d2d);        // targets in µS, 0 … g_max
//   pcm.Read(targets, d, /*t=*/3600.0, c2c, conductances);  // one hour after programming
//
// PCM ("pcm"): the statistical model IBM calibrated on a million phase-change devices
// (Nandakumar et al., ICECS 2019; Joshi et al., Nat. Commun. 11:2473, 2020, Methods), as
// aihwkit's PCMLikeNoiseModel implements it. With g_T the target in µS and ĝ = g_T / g_max:
//   programming   g_P = g_T + σ_P(ĝ) z,  σ_P = max(0.26348 + 1.9650 ĝ − 1.1731 ĝ², 0) µS
//                 (fitted at g_max = 25 µS; scaled by g_max / 25 µS), clipped at 0
//   drift         g_D(t) = g_P ((t + t₀) / t₀)^(−ν),  t the time since programming, t₀ = 20 s the
//                 first read; ν ~ |N(μ_ν, σ_ν)| per device, drawn once at programming, with
//                 μ_ν = clip(−0.0155 ln ĝ + 0.0244, 0.049, 0.1),
//                 σ_ν = clip(−0.0125 ln ĝ − 0.0059, 0.008, 0.045)   (ĝ floored at 1e-7)
//   read noise    g(t) = g_D + |g_D| σ_R z',  σ_R = Q_s √(ln((t + t₀ + t_r) / (2 t_r))),
//                 Q_s = min(0.0088 / max(|g_P| / g_max, 1e-3)^0.65, 0.2), t_r = 250 ns: the 1/f
//                 noise accumulated since programming (S_G/G² = Q/f), clipped at 0.
//   Traps (from aihwkit): Q_s uses the programmed g_P, not the target (aihwkit#436); t counts from
//   the end of programming and the first read is at t₀, so t = 0 already carries read noise; the
//   clip at 0 makes a device programmed to 0 µS read about +0.1 µS on average.
//
// ReRAM ("reram"): aihwkit's ReRamWan2022NoiseModel, a fourth-order polynomial fit of the
// deviation from target against ĝ read from Wan et al., "A compute-in-memory chip based on
// resistive random-access memory", Nature 608:504, 2022, at three times after programming:
// σ_t(ĝ) = Σ_k c_k(t) ĝ^k µS (fitted at g_max = 40 µS) for t ∈ {1 s, 1 day, 2 days}, interpolated
// linearly in ln t between them (the 1 s fit below 1 s). Here
//   programming   g_P = max(g_T + prog_noise_scale · σ_1s(ĝ) z, 0)
//   read at t     g(t) = max(g_P + read_noise_scale · √(σ_t² − σ_1s²) z', 0)
// so each device keeps its programming error and the spread at each fitted time is the fitted
// one. aihwkit instead draws afresh from the target at each time, g(t) = g_T + σ_t z, with one
// noise_scale for both; its default also ignores its own 40 µS reference (it scales by
// g_max/g_max), where σ here scales with g_max / 40 µS. ReRAM does not drift as a power law; its
// conductance relaxes, and the data end at 2 days, which is this preset's retention: a later read
// is refused. There is no separate read-noise data (Wan et al. report about 1 %; set the tile's
// output noise for it).
//
// "ideal": g = g_T at every t (a noiseless crossbar, for closed-form tests).
//
// Every device's randomness comes from the caller's streams: programming (σ_P and ν) from a
// device-to-device stream, read noise from a cycle-to-cycle one; devices are drawn in blocks of
// kRngFillBlock (core/rng.h), each from its own substreams, so results do not depend on the
// thread count. Reprogramming
// starts again from the targets (Program never reads old state), so noise never compounds
// (MemTorch#119).
#ifndef LANDAUER_ANALOG_DEVICE_MODEL_H_
#define LANDAUER_ANALOG_DEVICE_MODEL_H_

#include <span>
#include <string>
#include <vector>

#include "landauer/core/matrix.h"
#include "landauer/core/rng.h"

namespace landauer::analog {

enum class DeviceKind { kPcm, kReram, kIdeal };

// A device's parameters: validated, then immutable (SUBSTRATES.md §1). Preset() fills them.
struct DeviceParams {
  DeviceKind kind = DeviceKind::kPcm;
  double g_max_us = 25.0;            // µS, the conductance |w|max maps to
  double t0_s = 20.0;                // s, first read after programming (PCM drift reference)
  double t_read_s = 250e-9;          // s, read integration time of the 1/f fit
  double prog_noise_scale = 1.0;     // multiplies σ_P (0: exact programming)
  double read_noise_scale = 1.0;     // multiplies σ_R
  double drift_scale = 1.0;          // multiplies ν (0: no drift)
  double retention_s = 3.156e8;      // s, longest time after programming a read is modelled
  double endurance_cycles = 1e8;     // programmings a device survives
  int write_verify_iterations = 10;  // program-and-verify pulses per device (cost only)

  // "pcm", "reram" or "ideal"; throws std::invalid_argument listing them for another name.
  static DeviceParams Preset(const std::string& name);
  static const char* Name(DeviceKind kind);
  // Throws std::invalid_argument naming the field, its value and unit.
  void Validate() const;
};

// The state programming leaves in each device: its conductance and its drift exponent.
struct ProgrammedDevices {
  UninitializedFloats g_us;  // g_P, µS
  std::vector<float> nu;     // ν (PCM programmed with drift; empty otherwise)
  bool drift = true;         // false: ν was not drawn, so only reads at t = 0 are defined
};

class DeviceModel {
 public:
  explicit DeviceModel(const DeviceParams& params);  // validates

  // σ_P at target g (µS), before prog_noise_scale; for ReRAM σ at 1 s.
  double ProgrammingSigma(double g_us) const;
  // μ_ν and σ_ν at target g (PCM; zeros otherwise), before drift_scale.
  double DriftMean(double g_us) const;
  double DriftSigma(double g_us) const;
  // The read noise's relative σ_R at time t after programming, for a device programmed to g_P.
  double ReadSigma(double g_prog_us, double t_s) const;
  // ReRAM: σ_t at target g (µS), t in [0, 2 days]; t below 1 s uses the 1 s fit.
  double RelaxationSigma(double g_us, double t_s) const;

  // Programs every target (µS, 0 … g_max), drawing from `d2d`: σ_P's normals from its substreams
  // 2β (block β of kRngFillBlock devices), ν's from 2β + 1, so that leaving out the drift
  // (drift = false, for devices read only at t = 0, as in hardware-aware training) changes no
  // programmed conductance.
  ProgrammedDevices Program(std::span<const float> targets,
                            const Rng& d2d,
                            int threads = 1,
                            bool drift = true) const;
  // The conductances (µS) at t seconds after programming, drawing read noise from `c2c`. Throws
  // std::invalid_argument for t < 0 or beyond the retention.
  void Read(std::span<const float> targets,
            const ProgrammedDevices& devices,
            double t_s,
            const Rng& c2c,
            std::span<float> out,
            int threads = 1) const;
  // The mean conductance at t of a device programmed exactly to g_P with exponent ν (no noise):
  // g_P ((t + t₀)/t₀)^(−ν) for PCM, g_P otherwise.
  double Drifted(double g_prog_us, double nu, double t_s) const;
  // Throws std::invalid_argument naming `what` when t is negative or beyond the retention.
  void CheckReadTime(double t_s, const char* what) const;

  const DeviceParams& params() const { return params_; }

 private:
  DeviceParams params_;
};

}  // namespace landauer::analog

#endif  // LANDAUER_ANALOG_DEVICE_MODEL_H_

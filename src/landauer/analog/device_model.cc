#include "landauer/analog/device_model.h"

#include <fmt/format.h>

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

#include "device_blocks.h"
#include "landauer/core/float_math.h"

namespace landauer::analog {
namespace {

// aihwkit PCMLikeNoiseModel: σ_P polynomial in ĝ, µS at g_max = 25 µS.
constexpr std::array<double, 3> kPcmProgramming = {0.26348, 1.9650, -1.1731};
constexpr double kPcmReferenceUs = 25.0;

// aihwkit ReRamWan2022NoiseModel: σ_t polynomial in ĝ (constant term first), µS at g_max = 40 µS,
// at 1 s, 1 day and 2 days after programming.
struct ReramFit {
  double t_s;
  std::array<double, 5> c;
};
constexpr std::array<ReramFit, 3> kReram = {{
    {1.0, {0.348, 16.030, -43.853, 45.393, -16.815}},
    {86400.0, {0.701, 22.086, -50.773, 47.095, -16.458}},
    {172800.0, {0.782, 20.274, -43.507, 37.062, -11.934}},
}};
constexpr double kReramReferenceUs = 40.0;

double Polynomial(std::span<const double> c, double x) {
  double y = 0.0;
  for (std::size_t k = c.size(); k-- > 0;) y = y * x + c[k];
  return y;
}

using ArrayMap = Eigen::Map<Eigen::ArrayXf>;
using ConstArrayMap = Eigen::Map<const Eigen::ArrayXf>;

void Normals(Rng& rng, std::size_t n, Eigen::ArrayXf& z) {
  z.resize(static_cast<Eigen::Index>(n));
  FillStandardNormalFloat(rng, {z.data(), n});
}

template <std::size_t N>
Eigen::ArrayXf PolynomialOf(const std::array<double, N>& c, const Eigen::ArrayXf& x) {
  Eigen::ArrayXf y = Eigen::ArrayXf::Constant(x.size(), static_cast<float>(c[N - 1]));
  for (std::size_t k = N - 1; k-- > 0;) y = y * x + static_cast<float>(c[k]);
  return y;
}

// The ReRAM fit's interval for t: σ_t = (1 − w) σ_k + w σ_{k+1} (w = 0 at or below 1 s and
// beyond the last fitted time, where σ_k alone holds).
std::pair<std::size_t, double> ReramInterval(double t_s) {
  if (t_s <= kReram.front().t_s) return {0, 0.0};
  for (std::size_t k = 1; k < kReram.size(); ++k) {
    if (t_s <= kReram[k].t_s) {
      return {k - 1,
              std::log(t_s / kReram[k - 1].t_s) / std::log(kReram[k].t_s / kReram[k - 1].t_s)};
    }
  }
  return {kReram.size() - 1, 0.0};
}

// σ (µS) of the ReRAM fit between fitted times k and k + 1 at weight w, for ĝ = gh; `scale` is
// g_max / 40 µS.
Eigen::ArrayXf ReramSigma(const Eigen::ArrayXf& gh, std::size_t k, float w, float scale) {
  Eigen::ArrayXf s = PolynomialOf(kReram[k].c, gh).max(0.0f);
  if (w > 0.0f) s = (1.0f - w) * s + w * PolynomialOf(kReram[k + 1].c, gh).max(0.0f);
  return s * scale;
}

}  // namespace

DeviceParams DeviceParams::Preset(const std::string& name) {
  DeviceParams p;
  if (name == "pcm") return p;
  if (name == "reram") {
    p.kind = DeviceKind::kReram;
    p.g_max_us = kReramReferenceUs;
    p.retention_s = kReram.back().t_s;
    p.endurance_cycles = 1e6;
    return p;
  }
  if (name == "ideal") {
    p.kind = DeviceKind::kIdeal;
    p.prog_noise_scale = p.read_noise_scale = p.drift_scale = 0.0;
    p.write_verify_iterations = 1;
    return p;
  }
  throw std::invalid_argument(
      fmt::format("device = '{}' is not a device preset; use pcm, reram or ideal", name));
}

const char* DeviceParams::Name(DeviceKind kind) {
  switch (kind) {
    case DeviceKind::kPcm:
      return "pcm";
    case DeviceKind::kReram:
      return "reram";
    case DeviceKind::kIdeal:
      return "ideal";
  }
  return "?";
}

void DeviceParams::Validate() const {
  const auto positive = [](double v, const char* field, const char* unit) {
    Require(v > 0.0 && std::isfinite(v),
            fmt::format("device: {} = {} {} must be finite and > 0", field, v, unit));
  };
  const auto non_negative = [](double v, const char* field) {
    Require(v >= 0.0 && std::isfinite(v),
            fmt::format("device: {} = {} must be finite and >= 0", field, v));
  };
  positive(g_max_us, "g_max", "µS");
  positive(t0_s, "t0", "s");
  positive(t_read_s, "t_read", "s");
  positive(retention_s, "retention", "s");
  positive(endurance_cycles, "endurance", "cycles");
  non_negative(prog_noise_scale, "prog_noise_scale");
  non_negative(read_noise_scale, "read_noise_scale");
  non_negative(drift_scale, "drift_scale");
  Require(write_verify_iterations >= 1 && write_verify_iterations <= 1000,
          fmt::format("device: write_verify_iterations = {} pulses must be in [1, 1000]",
                      write_verify_iterations));
  if (kind == DeviceKind::kReram) {
    Require(retention_s <= kReram.back().t_s,
            fmt::format("device: retention = {} s is beyond the ReRAM data (Wan et al. 2022), "
                        "which end at {} s (2 days)",
                        retention_s,
                        kReram.back().t_s));
  }
}

DeviceModel::DeviceModel(const DeviceParams& params) : params_(params) { params_.Validate(); }

double DeviceModel::ProgrammingSigma(double g_us) const {
  const double g = g_us / params_.g_max_us;
  switch (params_.kind) {
    case DeviceKind::kPcm:
      return std::max(Polynomial(kPcmProgramming, g), 0.0) * params_.g_max_us / kPcmReferenceUs;
    case DeviceKind::kReram:
      return RelaxationSigma(g_us, 0.0);
    case DeviceKind::kIdeal:
      return 0.0;
  }
  return 0.0;
}

double DeviceModel::RelaxationSigma(double g_us, double t_s) const {
  const double g = g_us / params_.g_max_us;
  const auto sigma = [&](const ReramFit& fit) {
    return std::max(Polynomial(fit.c, g), 0.0) * params_.g_max_us / kReramReferenceUs;
  };
  const auto [k, w] = ReramInterval(t_s);
  return w > 0.0 ? (1.0 - w) * sigma(kReram[k]) + w * sigma(kReram[k + 1]) : sigma(kReram[k]);
}

double DeviceModel::DriftMean(double g_us) const {
  if (params_.kind != DeviceKind::kPcm) return 0.0;
  const double g = std::max(std::abs(g_us / params_.g_max_us), 1e-7);
  return std::clamp(-0.0155 * std::log(g) + 0.0244, 0.049, 0.1);
}

double DeviceModel::DriftSigma(double g_us) const {
  if (params_.kind != DeviceKind::kPcm) return 0.0;
  const double g = std::max(std::abs(g_us / params_.g_max_us), 1e-7);
  return std::clamp(-0.0125 * std::log(g) - 0.0059, 0.008, 0.045);
}

double DeviceModel::ReadSigma(double g_prog_us, double t_s) const {
  if (params_.kind != DeviceKind::kPcm) return 0.0;
  const double q = std::min(
      0.0088 / std::pow(std::max(std::abs(g_prog_us) / params_.g_max_us, 1e-3), 0.65), 0.2);
  const double t = t_s + params_.t0_s;
  return q * std::sqrt(std::log((t + params_.t_read_s) / (2.0 * params_.t_read_s)));
}

double DeviceModel::Drifted(double g_prog_us, double nu, double t_s) const {
  if (params_.kind != DeviceKind::kPcm || t_s <= 0.0) return g_prog_us;
  return g_prog_us * std::pow((t_s + params_.t0_s) / params_.t0_s, -nu);
}

void DeviceModel::CheckReadTime(double t_s, const char* what) const {
  Require(t_s >= 0.0 && std::isfinite(t_s),
          fmt::format("{} = {} s is before programming; it must be >= 0 s (the time since the "
                      "weights were programmed)",
                      what,
                      t_s));
  Require(t_s <= params_.retention_s,
          fmt::format("{} = {} s is beyond the {} device's retention of {} s; use a shorter time",
                      what,
                      t_s,
                      DeviceParams::Name(params_.kind),
                      params_.retention_s));
}

ProgrammedDevices DeviceModel::Program(std::span<const float> targets,
                                       const Rng& d2d,
                                       int threads,
                                       bool drift) const {
  ProgrammedDevices out;
  out.g_us.resize(targets.size());
  // ν only where the devices drift (PCM, read after t = 0); empty otherwise.
  if (params_.kind == DeviceKind::kPcm && drift) out.nu.assign(targets.size(), 0.0f);
  out.drift = drift;
  const DeviceParams& p = params_;
  const float g_max = static_cast<float>(p.g_max_us);
  // Block β draws σ_P's normals from substream 2β and ν's from 2β + 1 of `d2d`.
  ForDeviceBlocks(targets.size(), threads, d2d, 20.0, [&](std::size_t begin, std::size_t n, Rng&) {
    const std::uint64_t block = begin / kRngFillBlock;
    thread_local Eigen::ArrayXf z_prog, z_nu;
    Rng prog_rng = d2d.Substream(2 * block);
    Normals(prog_rng, n, z_prog);
    const float* g = targets.data() + begin;
    float* programmed = out.g_us.data() + begin;
    const float noise_scale = static_cast<float>(p.prog_noise_scale), inv_g_max = 1.0f / g_max;
    if (p.kind == DeviceKind::kPcm) {
      // σ_P = max(c₀ + c₁ ĝ + c₂ ĝ², 0) · g_max / 25 µS (a loop that vectorises).
      const float c0 = static_cast<float>(kPcmProgramming[0]),
                  c1 = static_cast<float>(kPcmProgramming[1]),
                  c2 = static_cast<float>(kPcmProgramming[2]), unit = g_max / kPcmReferenceUs;
      const float* zs = z_prog.data();
      for (std::size_t i = 0; i < n; ++i) {
        const float gh = g[i] * inv_g_max;
        const float sigma = std::max((c2 * gh + c1) * gh + c0, 0.0f) * unit;
        programmed[i] = std::max(g[i] + noise_scale * sigma * zs[i], 0.0f);
      }
    } else {
      const ConstArrayMap gm(g, static_cast<Eigen::Index>(n));
      Eigen::ArrayXf sigma = Eigen::ArrayXf::Zero(static_cast<Eigen::Index>(n));  // ideal
      if (p.kind == DeviceKind::kReram) {
        sigma = ReramSigma(gm / g_max, 0, 0.0f, g_max / kReramReferenceUs);
      }
      ArrayMap(programmed, static_cast<Eigen::Index>(n)) =
          (gm + noise_scale * sigma * z_prog).max(0.0f);
    }
    if (p.kind == DeviceKind::kPcm && drift) {
      Rng nu_rng = d2d.Substream(2 * block + 1);
      Normals(nu_rng, n, z_nu);
      // ν = |N(µ(ĝ), σ(ĝ))|, µ and σ linear in ln ĝ (aihwkit's PCMLikeNoiseModel), clamped.
      const float* zs = z_nu.data();
      float* nu = out.nu.data() + begin;
      const float scale = static_cast<float>(p.drift_scale);
      for (std::size_t i = 0; i < n; ++i) {
        const float lg = LogFloat(std::max(std::abs(g[i] * inv_g_max), 1e-7f));
        const float mu = std::clamp(-0.0155f * lg + 0.0244f, 0.049f, 0.1f);
        const float sd = std::clamp(-0.0125f * lg - 0.0059f, 0.008f, 0.045f);
        nu[i] = scale * std::abs(mu + sd * zs[i]);
      }
    }
  });
  return out;
}

void DeviceModel::Read(std::span<const float> targets,
                       const ProgrammedDevices& devices,
                       double t_s,
                       const Rng& c2c,
                       std::span<float> out,
                       int threads) const {
  CheckReadTime(t_s, "read time");
  if (devices.g_us.size() != targets.size() || out.size() != targets.size()) {
    throw std::invalid_argument(fmt::format("device read: {} targets, {} devices, {} outputs",
                                            targets.size(),
                                            devices.g_us.size(),
                                            out.size()));
  }
  const DeviceParams& p = params_;
  if (p.kind == DeviceKind::kIdeal) {
    std::copy(devices.g_us.begin(), devices.g_us.end(), out.begin());
    return;
  }
  if (p.kind == DeviceKind::kPcm && t_s > 0.0 &&
      (!devices.drift || devices.nu.size() != targets.size())) {
    throw std::logic_error(
        fmt::format("device read: PCM devices read at t = {} s need a drift exponent each ({} "
                    "for {} devices; programmed with drift = {})",
                    t_s,
                    devices.nu.size(),
                    targets.size(),
                    devices.drift));
  }
  const float g_max = static_cast<float>(p.g_max_us);
  const float read = static_cast<float>(p.read_noise_scale);
  // PCM: the drift's log-time and the 1/f noise's √ln factor are the same for every device.
  const float drift_log = t_s > 0.0 ? static_cast<float>(std::log((t_s + p.t0_s) / p.t0_s)) : 0.0f;
  const float noise_time =
      static_cast<float>(std::sqrt(std::log((t_s + p.t0_s + p.t_read_s) / (2.0 * p.t_read_s))));
  ForDeviceBlocks(
      targets.size(), threads, c2c, 20.0, [&](std::size_t begin, std::size_t n, Rng& rng) {
        thread_local Eigen::ArrayXf z;
        Normals(rng, n, z);
        const auto size = static_cast<Eigen::Index>(n);
        if (p.kind == DeviceKind::kPcm) {
          // g = g_prog (t/t0)^−ν, then the 1/f read noise of relative size
          // q = min(0.0088 / max(|g_prog|/g_max, 1e-3)^0.65, 0.2) (LogFloat, ExpFloat: a loop
          // that vectorises). ν exists where the devices drift (checked above).
          const float* gp = devices.g_us.data() + begin;
          const float* nu = drift_log == 0.0f ? nullptr : devices.nu.data() + begin;
          const float* zs = z.data();
          float* result = out.data() + begin;
          const float inv_g_max = 1.0f / g_max, amplitude = read * noise_time;
          const auto read_one = [&](std::size_t i, float g) {
            const float gh = std::max(std::abs(gp[i]) * inv_g_max, 1e-3f);
            const float q = std::min(0.0088f * ExpFloat(-0.65f * LogFloat(gh)), 0.2f);
            result[i] = std::max(g + std::abs(g) * amplitude * q * zs[i], 0.0f);
          };
          if (nu == nullptr) {
            for (std::size_t i = 0; i < n; ++i) read_one(i, gp[i]);
          } else {
            for (std::size_t i = 0; i < n; ++i) read_one(i, gp[i] * ExpFloat(-drift_log * nu[i]));
          }
        } else {
          // The relaxation adds variance to the programmed state: σ_t² − σ_1s², independent of the
          // programming draw, so every device keeps its programming error and the spread at each
          // fitted time is the measured one.
          const Eigen::ArrayXf gh = ConstArrayMap(targets.data() + begin, size) / g_max;
          const auto [k, w] = ReramInterval(t_s);
          const float scale = g_max / kReramReferenceUs;
          const Eigen::ArrayXf s1 = ReramSigma(gh, 0, 0.0f, scale),
                               st = ReramSigma(gh, k, static_cast<float>(w), scale);
          const ConstArrayMap g_prog(devices.g_us.data() + begin, size);
          ArrayMap(out.data() + begin, size) =
              (g_prog + read * (st.square() - s1.square()).max(0.0f).sqrt() * z).max(0.0f);
        }
      });
}

}  // namespace landauer::analog

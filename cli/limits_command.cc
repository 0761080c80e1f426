// `landauer limits` — every physical bound for one temperature, error probability and time,
// plus "the ladder": reference operations from the energy tables as multiples of kT ln 2.
#include <fmt/format.h>

#include <cmath>
#include <memory>
#include <stdexcept>
#include <vector>

#include "commands.h"
#include "landauer/core/quantity.h"
#include "landauer/energy/reference_ladder.h"
#include "landauer/physics/bounds.h"
#include "landauer/physics/constants.h"
#include "landauer/physics/noise.h"
#include "landauer/report/text_table.h"

namespace landauer::cli {
namespace {

struct LimitsOptions {
  CommonOptions common;
  double temperature_k = 300.0;
  double error_probability = 1e-9;
  double time_s = 1.0;  // bead-model timescale: optical-trap erasures take seconds
  double well_separation_m = 1e-6;
  double particle_radius_m = 1e-6;
  double viscosity_pa_s = 1e-3;
  double finite_time_coefficient_j_s = -1.0;  // < 0 (not given): derive from the bead model
  double capacitance_f = 1e-15;
  double resistance_ohm = 1e3;
  double current_a = 1e-6;
  double bandwidth_hz = 1e9;
};

void RunLimits(const LimitsOptions& options, const HardwareCatalog& catalog) {
  using namespace physics;
  const Kelvin temperature(options.temperature_k);
  // Each quantity is computed from a few flags; inputs that over- or underflow a double are
  // reported against those flags, not the library function that noticed.
  const auto from = [](const char* flags, auto compute) {
    try {
      const auto value = compute();
      if (std::isfinite(value.value())) return value;
    } catch (const std::domain_error&) {
    }
    throw std::domain_error(fmt::format(
        "limits: {} give a result a double cannot hold (it overflows or underflows). Fix: use "
        "less extreme values",
        flags));
  };
  const Joules kt = from("--temperature", [&] { return ThermalEnergy(temperature); });
  const Joules landauer = from("--temperature", [&] { return LandauerBound(temperature); });
  const Joules partial = from("--temperature and --error-probability", [&] {
    return PartialErasureBound(temperature, options.error_probability);
  });
  const Joules barrier = from("--temperature and --error-probability", [&] {
    return RetentionBarrier(temperature, options.error_probability);
  });
  const bool coefficient_given = options.finite_time_coefficient_j_s >= 0.0;
  const JouleSeconds coefficient =
      coefficient_given
          ? JouleSeconds(options.finite_time_coefficient_j_s)
          : from("--temperature, --viscosity, --particle-radius and --well-separation", [&] {
              const SquareMetersPerSecond diffusion = StokesEinsteinDiffusion(
                  temperature, options.viscosity_pa_s, Meters(options.particle_radius_m));
              return OptimalTransportErasureCoefficient(
                  temperature, Meters(options.well_separation_m), diffusion);
            });
  const Joules finite = from("--temperature, --time and the finite-time coefficient", [&] {
    return FiniteTimeErasureBound(temperature, Seconds(options.time_s), coefficient);
  });
  const Volts ktc_v = from("--temperature and --capacitance", [&] {
    return KtcNoiseVoltage(temperature, Farads(options.capacitance_f));
  });
  const Coulombs ktc_q = from("--temperature and --capacitance", [&] {
    return KtcNoiseCharge(temperature, Farads(options.capacitance_f));
  });
  const Volts johnson = from("--temperature, --resistance and --bandwidth", [&] {
    return JohnsonNoiseVoltage(
        temperature, Ohms(options.resistance_ohm), Hertz(options.bandwidth_hz));
  });
  const Amperes shot = from("--current and --bandwidth", [&] {
    return ShotNoiseCurrent(Amperes(options.current_a), Hertz(options.bandwidth_hz));
  });

  nlohmann::json json = {
      {"command", "limits"},
      {"temperature_k", options.temperature_k},
      {"thermal_energy_j", kt.value()},
      {"landauer_bound_j", landauer.value()},
      {"landauer_bound_ev", landauer.value() / kElectronVoltJ},
      {"error_probability", options.error_probability},
      {"partial_erasure_bound_j", partial.value()},
      {"retention_barrier_j", barrier.value()},
      {"retention_barrier_kt", barrier / kt},
      {"time_s", options.time_s},
      {"finite_time_coefficient_j_s", coefficient.value()},
      {"finite_time_coefficient_source",
       coefficient_given ? "--finite-time-coefficient" : "optimal transport, overdamped bead"},
      {"finite_time_bound_j", finite.value()},
      {"capacitance_f", options.capacitance_f},
      {"ktc_noise_v_rms", ktc_v.value()},
      {"ktc_noise_charge_c_rms", ktc_q.value()},
      {"resistance_ohm", options.resistance_ohm},
      {"bandwidth_hz", options.bandwidth_hz},
      {"johnson_noise_v_rms", johnson.value()},
      {"current_a", options.current_a},
      {"shot_noise_a_rms", shot.value()},
  };

  TextTable bounds({"bound", "value", "× kT ln 2", "formula"});
  bounds.SetAlignment(1, TextTable::Align::kRight);
  bounds.SetAlignment(2, TextTable::Align::kRight);
  auto multiple = [&](Joules e) { return fmt::format("{:.4g}", e / landauer); };
  bounds.AddRow({"thermal energy kT", FormatSi(kt.value(), "J"), multiple(kt), "k T"});
  bounds.AddRow(
      {"Landauer bound", FormatSi(landauer.value(), "J"), "1", "k T ln 2 (Landauer 1961)"});
  bounds.AddRow({fmt::format("partial erasure, p = {:g}", options.error_probability),
                 FormatSi(partial.value(), "J"),
                 multiple(partial),
                 "k T [ln 2 + p ln p + (1-p) ln(1-p)]"});
  bounds.AddRow(
      {fmt::format("finite time, tau = {:g} s", options.time_s),
       FormatSi(finite.value(), "J"),
       multiple(finite),
       fmt::format("k T ln 2 + C/tau, C = {:.3g} J s (Proesmans 2020)", coefficient.value())});
  bounds.AddRow({fmt::format("retention barrier, p = {:g}", options.error_probability),
                 FormatSi(barrier.value(), "J"),
                 multiple(barrier),
                 fmt::format("k T ln(1/p) = {:.3g} kT", barrier / kt)});

  TextTable noise({"noise", "rms", "formula"});
  noise.SetAlignment(1, TextTable::Align::kRight);
  noise.AddRow({fmt::format("kT/C on {:g} F", options.capacitance_f),
                FormatSi(ktc_v.value(), "V"),
                "sqrt(k T / C)"});
  noise.AddRow({fmt::format("kTC charge on {:g} F", options.capacitance_f),
                FormatSi(ktc_q.value(), "C"),
                "sqrt(k T C)"});
  noise.AddRow(
      {fmt::format("Johnson, {:g} ohm, {:g} Hz", options.resistance_ohm, options.bandwidth_hz),
       FormatSi(johnson.value(), "V"),
       "sqrt(4 k T R df)"});
  noise.AddRow({fmt::format("shot, {:g} A, {:g} Hz", options.current_a, options.bandwidth_hz),
                FormatSi(shot.value(), "A"),
                "sqrt(2 q I df)"});

  // The ladder (sorted by energy) and brain versus GPU, both from the tables.
  TextTable ladder({"operation", "energy", "× kT ln 2", "table", "source"});
  ladder.SetAlignment(1, TextTable::Align::kRight);
  ladder.SetAlignment(2, TextTable::Align::kRight);
  ladder.AddRow(
      {"Landauer bound (1 bit erased)", FormatSi(landauer.value(), "J"), "1", "-", "physics"});
  nlohmann::json ladder_json = nlohmann::json::array();
  for (const LadderRung& rung : ReferenceLadder(catalog)) {
    const double ratio = rung.energy_j / landauer.value();
    ladder.AddRow({rung.label,
                   FormatSi(rung.energy_j, "J"),
                   fmt::format("{:.3g}", ratio),
                   rung.table,
                   (rung.assumption ? "[assumption] " : "") + rung.source});
    ladder_json.push_back({{"label", rung.label},
                           {"table", rung.table},
                           {"component", rung.component},
                           {"action", rung.action},
                           {"scale", rung.scale},
                           {"energy_j", rung.energy_j},
                           {"multiple_of_landauer", ratio},
                           {"assumption", rung.assumption},
                           {"source", rung.source}});
  }
  json["ladder"] = std::move(ladder_json);
  const BrainVersusGpu versus_gpu = CompareBrainWithGpu(catalog);
  json["brain_vs_gpu"] = versus_gpu.ToJson();
  RequireFiniteResults(json, "limits", "the inputs overflow a double", "use less extreme values");

  std::string human = fmt::format("Physical limits at T = {:g} K\n\n", options.temperature_k);
  human += bounds.Render() + "\n" + noise.Render() + "\n";
  human += fmt::format("The ladder: reference operations as multiples of k T ln 2 at {:g} K\n\n",
                       options.temperature_k);
  human += ladder.Render() + "\n";
  human += "Brain versus GPU\n\n";
  TextTable versus({"", "brain", "H100 (BF16)", "ratio"});
  for (std::size_t c = 1; c < 4; ++c) versus.SetAlignment(c, TextTable::Align::kRight);
  const BrainVersusGpu& v = versus_gpu;
  versus.AddRow({"energy per op",
                 FormatSi(v.brain_energy_per_event_j, "J"),
                 FormatSi(v.gpu_energy_per_mac_j, "J"),
                 fmt::format("GPU {:.3g}x", v.gpu_energy_per_mac_j / v.brain_energy_per_event_j)});
  versus.AddRow({"ops per second",
                 fmt::format("{:.3g}", v.brain_events_per_s),
                 fmt::format("{:.3g}", v.gpu_macs_per_s),
                 fmt::format("brain {:.3g}x", v.brain_events_per_s / v.gpu_macs_per_s)});
  versus.AddRow({"power",
                 FormatSi(v.brain_power_w, "W"),
                 FormatSi(v.gpu_power_w, "W"),
                 fmt::format("GPU {:.3g}x", v.gpu_power_w / v.brain_power_w)});
  human += versus.Render() + "Assumptions:\n";
  for (const std::string& line : v.assumptions) human += "  - " + line + "\n";
  Emit(options.common, std::move(json), human);
}

}  // namespace

void AddLimitsCommand(CLI::App& app, CliEnvironment& environment, std::vector<Command>& commands) {
  auto [options, command] = AddCommand<LimitsOptions>(
      app,
      commands,
      "limits",
      "Physical bounds (Landauer, partial and finite-time erasure, retention barrier, "
      "thermal and shot noise) and the ladder of reference operations",
      [&environment](LimitsOptions& o) { RunLimits(o, environment.catalog()); });
  AddNumber(*command,
            "--temperature",
            options->temperature_k,
            "Temperature in kelvin",
            Positive("a temperature in kelvin", "--temperature 300"));
  AddNumber(*command,
            "--error-probability",
            options->error_probability,
            "Residual error probability p of the erased or stored bit, in (0, 0.5]",
            Between(0.0,
                    Bound::kOpen,
                    0.5,
                    Bound::kClosed,
                    "an error probability",
                    "--error-probability 1e-9"));
  AddNumber(*command,
            "--time",
            options->time_s,
            "Erasure time tau in seconds (finite-time bound)",
            Positive("a time in seconds", "--time 1"));
  AddNumber(*command,
            "--finite-time-coefficient",
            options->finite_time_coefficient_j_s,
            "C in the finite-time bound, J s (default: optimal-transport value for the bead "
            "model below)",
            NonNegative("a coefficient in J s", "--finite-time-coefficient 1e-21"),
            /*show_default=*/false);
  AddNumber(*command,
            "--well-separation",
            options->well_separation_m,
            "Bead model: distance between the two wells, m",
            Positive("a well separation in metres", "--well-separation 1e-6"));
  AddNumber(*command,
            "--particle-radius",
            options->particle_radius_m,
            "Bead model: particle radius for Stokes-Einstein diffusion, m",
            Positive("a radius in metres", "--particle-radius 1e-6"));
  AddNumber(*command,
            "--viscosity",
            options->viscosity_pa_s,
            "Bead model: fluid viscosity, Pa s",
            Positive("a viscosity in Pa s", "--viscosity 1e-3"));
  AddNumber(*command,
            "--capacitance",
            options->capacitance_f,
            "Capacitance for kT/C noise, F",
            Positive("a capacitance in farads", "--capacitance 1e-15"));
  AddNumber(*command,
            "--resistance",
            options->resistance_ohm,
            "Resistance for Johnson noise, ohm",
            Positive("a resistance in ohms", "--resistance 1000"));
  AddNumber(*command,
            "--current",
            options->current_a,
            "DC current for shot noise, A",
            Positive("a current in amperes", "--current 1e-6"));
  AddNumber(*command,
            "--bandwidth",
            options->bandwidth_hz,
            "Noise bandwidth, Hz",
            Positive("a bandwidth in hertz", "--bandwidth 1e9"));
}

}  // namespace landauer::cli

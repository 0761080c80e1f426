// `landauer limits` — every physical bound for one temperature, error probability and time,
// plus "the ladder": reference operations from the energy tables as multiples of kT ln 2.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>
#include <vector>

#include "cli_common.h"
#include "landauer/core/check.h"
#include "landauer/core/quantity.h"
#include "landauer/energy/energy_table.h"
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
  double finite_time_coefficient_j_s = -1.0;  // < 0: derive from the particle model
  double capacitance_f = 1e-15;
  double resistance_ohm = 1e3;
  double current_a = 1e-6;
  double bandwidth_hz = 1e9;
};

// One rung of the ladder: a priced action from a shipped table, scaled (e.g. ½ MAC = 1 FLOP).
struct Rung {
  const char* label;
  const char* table;
  const char* component;
  const char* action;
  double scale;
};

constexpr Rung kLadder[] = {
    {"H100 FP8 FLOP (1/2 MAC)", "h100", "alu", "fp8_mac", 0.5},
    {"H100 BF16 FLOP (1/2 MAC)", "h100", "alu", "bf16_mac", 0.5},
    {"A100 BF16 FLOP (1/2 MAC)", "a100", "alu", "bf16_mac", 0.5},
    {"45 nm int8 MAC", "cmos-45nm", "alu", "int8_mac", 1.0},
    {"45 nm fp32 MAC", "cmos-45nm", "alu", "fp32_mac", 1.0},
    {"45 nm register bit read", "cmos-45nm", "register", "read_bit", 1.0},
    {"45 nm 32 KB SRAM bit read", "cmos-45nm", "sram_small", "read_bit", 1.0},
    {"45 nm DRAM bit read", "cmos-45nm", "dram", "read_bit", 1.0},
    {"H100 HBM3 bit read", "h100", "dram", "read_bit", 1.0},
    {"brain synaptic event", "brain", "synapse", "event", 1.0},
    {"brain transmitted bit", "brain", "axon", "bit_transmitted", 1.0},
};

const EnergyTable& CachedTable(std::map<std::string, EnergyTable>& cache, const std::string& name) {
  auto it = cache.find(name);
  if (it == cache.end()) it = cache.emplace(name, LoadHardwareTable(name, HardwareDir())).first;
  return it->second;
}

void RunLimits(const LimitsOptions& options) {
  using namespace physics;
  const Kelvin temperature(options.temperature_k);
  const Joules kt = ThermalEnergy(temperature);
  const Joules landauer = LandauerBound(temperature);
  const Joules partial = PartialErasureBound(temperature, options.error_probability);
  const Joules barrier = RetentionBarrier(temperature, options.error_probability);
  const SquareMetersPerSecond diffusion = StokesEinsteinDiffusion(
      temperature, options.viscosity_pa_s, Meters(options.particle_radius_m));
  const bool coefficient_given = options.finite_time_coefficient_j_s >= 0.0;
  const JouleSeconds coefficient =
      coefficient_given ? JouleSeconds(options.finite_time_coefficient_j_s)
                        : OptimalTransportErasureCoefficient(
                              temperature, Meters(options.well_separation_m), diffusion);
  const Joules finite = FiniteTimeErasureBound(temperature, Seconds(options.time_s), coefficient);
  const Volts ktc_v = KtcNoiseVoltage(temperature, Farads(options.capacitance_f));
  const Coulombs ktc_q = KtcNoiseCharge(temperature, Farads(options.capacitance_f));
  const Volts johnson =
      JohnsonNoiseVoltage(temperature, Ohms(options.resistance_ohm), Hertz(options.bandwidth_hz));
  const Amperes shot = ShotNoiseCurrent(Amperes(options.current_a), Hertz(options.bandwidth_hz));

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

  // The ladder, ordered by energy.
  std::map<std::string, EnergyTable> tables;
  struct PricedRung {
    const Rung* rung;
    double energy_j;
    const EnergyEntry* entry;
  };
  std::vector<PricedRung> rungs;
  for (const Rung& rung : kLadder) {
    const EnergyEntry& entry = CachedTable(tables, rung.table).Price(rung.component, rung.action);
    rungs.push_back({&rung, entry.energy_j * rung.scale, &entry});
  }
  std::sort(rungs.begin(), rungs.end(), [](const PricedRung& a, const PricedRung& b) {
    return a.energy_j < b.energy_j;
  });
  TextTable ladder({"operation", "energy", "× kT ln 2", "table", "source"});
  ladder.SetAlignment(1, TextTable::Align::kRight);
  ladder.SetAlignment(2, TextTable::Align::kRight);
  ladder.AddRow(
      {"Landauer bound (1 bit erased)", FormatSi(landauer.value(), "J"), "1", "-", "physics"});
  nlohmann::json ladder_json = nlohmann::json::array();
  for (const PricedRung& priced : rungs) {
    const double ratio = priced.energy_j / landauer.value();
    ladder.AddRow({priced.rung->label,
                   FormatSi(priced.energy_j, "J"),
                   fmt::format("{:.3g}", ratio),
                   priced.rung->table,
                   (priced.entry->assumption ? "[assumption] " : "") + priced.entry->source});
    ladder_json.push_back({{"label", priced.rung->label},
                           {"table", priced.rung->table},
                           {"component", priced.rung->component},
                           {"action", priced.rung->action},
                           {"scale", priced.rung->scale},
                           {"energy_j", priced.energy_j},
                           {"multiple_of_landauer", ratio},
                           {"assumption", priced.entry->assumption},
                           {"source", priced.entry->source}});
  }
  json["ladder"] = std::move(ladder_json);

  // Brain versus GPU, both from the tables; each side's power = energy per op / time per op.
  const EnergyEntry& event = CachedTable(tables, "brain").Price("synapse", "event");
  const EnergyEntry& mac = CachedTable(tables, "h100").Price("alu", "bf16_mac");
  LANDAUER_CHECK(event.time_s && mac.time_s) << "shipped tables lost their time columns";
  const double brain_rate = 1.0 / *event.time_s, gpu_rate = 1.0 / *mac.time_s;
  const double brain_power = event.energy_j * brain_rate, gpu_power = mac.energy_j * gpu_rate;
  const nlohmann::json assumptions = {
      "one synaptic event is counted as one multiply-accumulate (MAC = 2 FLOP)",
      "brain: whole-organ 12 W for 3.6e15 synaptic events per second (planetanalog); Cannell's "
      "estimate (1e13 events per joule) is 30x less efficient",
      "GPU: H100 SXM5 board power (700 W TDP) at peak dense BF16 throughput, i.e. full utilisation",
      "neither side is charged for cooling, host, network or data-centre overhead",
  };
  json["brain_vs_gpu"] = {
      {"brain_energy_per_event_j", event.energy_j},
      {"brain_events_per_s", brain_rate},
      {"brain_power_w", brain_power},
      {"gpu_energy_per_mac_j", mac.energy_j},
      {"gpu_macs_per_s", gpu_rate},
      {"gpu_power_w", gpu_power},
      {"energy_per_op_ratio_gpu_over_brain", mac.energy_j / event.energy_j},
      {"throughput_ratio_brain_over_gpu", brain_rate / gpu_rate},
      {"power_ratio_gpu_over_brain", gpu_power / brain_power},
      {"assumptions", assumptions},
  };

  std::string human = fmt::format("Physical limits at T = {:g} K\n\n", options.temperature_k);
  human += bounds.Render() + "\n" + noise.Render() + "\n";
  human += fmt::format("The ladder: reference operations as multiples of k T ln 2 at {:g} K\n\n",
                       options.temperature_k);
  human += ladder.Render() + "\n";
  human += "Brain versus GPU\n\n";
  TextTable versus({"", "brain", "H100 (BF16)", "ratio"});
  for (std::size_t c = 1; c < 4; ++c) versus.SetAlignment(c, TextTable::Align::kRight);
  versus.AddRow({"energy per op",
                 FormatSi(event.energy_j, "J"),
                 FormatSi(mac.energy_j, "J"),
                 fmt::format("GPU {:.3g}x", mac.energy_j / event.energy_j)});
  versus.AddRow({"ops per second",
                 fmt::format("{:.3g}", brain_rate),
                 fmt::format("{:.3g}", gpu_rate),
                 fmt::format("brain {:.3g}x", brain_rate / gpu_rate)});
  versus.AddRow({"power",
                 FormatSi(brain_power, "W"),
                 FormatSi(gpu_power, "W"),
                 fmt::format("GPU {:.3g}x", gpu_power / brain_power)});
  human += versus.Render() + "Assumptions:\n";
  for (const auto& line : assumptions) human += "  - " + line.get<std::string>() + "\n";
  Emit(options.common, std::move(json), human);
}

}  // namespace

void RegisterLimitsCommand(CLI::App& app, std::vector<Command>& commands) {
  auto options = std::make_shared<LimitsOptions>();
  CLI::App* command = app.add_subcommand(
      "limits",
      "Physical bounds (Landauer, partial and finite-time erasure, retention barrier, "
      "thermal and shot noise) and the ladder of reference operations");
  AddCommonOptions(*command, options->common);
  command->add_option("--temperature", options->temperature_k, "Temperature in kelvin")
      ->check(PositiveNumber("temperature in kelvin", "--temperature 300"))
      ->capture_default_str();
  command
      ->add_option("--error-probability",
                   options->error_probability,
                   "Residual error probability p of the erased or stored bit, in (0, 0.5]")
      ->check(NumberInLeftOpenInterval(0.0, 0.5, "error probability", "--error-probability 1e-9"))
      ->capture_default_str();
  command->add_option("--time", options->time_s, "Erasure time tau in seconds (finite-time bound)")
      ->check(PositiveNumber("time in seconds", "--time 1"))
      ->capture_default_str();
  command
      ->add_option("--finite-time-coefficient",
                   options->finite_time_coefficient_j_s,
                   "C in the finite-time bound, J s (default: optimal-transport value for the "
                   "bead model below)")
      ->check(CLI::NonNegativeNumber);
  command
      ->add_option("--well-separation",
                   options->well_separation_m,
                   "Bead model: distance between the two wells, m")
      ->check(PositiveNumber("well separation in metres", "--well-separation 1e-6"))
      ->capture_default_str();
  command
      ->add_option("--particle-radius",
                   options->particle_radius_m,
                   "Bead model: particle radius for Stokes-Einstein diffusion, m")
      ->check(PositiveNumber("radius in metres", "--particle-radius 1e-6"))
      ->capture_default_str();
  command->add_option("--viscosity", options->viscosity_pa_s, "Bead model: fluid viscosity, Pa s")
      ->check(PositiveNumber("viscosity in Pa s", "--viscosity 1e-3"))
      ->capture_default_str();
  command->add_option("--capacitance", options->capacitance_f, "Capacitance for kT/C noise, F")
      ->check(PositiveNumber("capacitance in farads", "--capacitance 1e-15"))
      ->capture_default_str();
  command->add_option("--resistance", options->resistance_ohm, "Resistance for Johnson noise, ohm")
      ->check(PositiveNumber("resistance in ohms", "--resistance 1000"))
      ->capture_default_str();
  command->add_option("--current", options->current_a, "DC current for shot noise, A")
      ->check(PositiveNumber("current in amperes", "--current 1e-6"))
      ->capture_default_str();
  command->add_option("--bandwidth", options->bandwidth_hz, "Noise bandwidth, Hz")
      ->check(PositiveNumber("bandwidth in hertz", "--bandwidth 1e9"))
      ->capture_default_str();
  commands.push_back({command, [options] { RunLimits(*options); }});
}

}  // namespace landauer::cli

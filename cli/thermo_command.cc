// `landauer thermo solve|inverse|logdet|expm` — thermodynamic linear algebra on a simulated SPU.
#include <fmt/format.h>

#include <Eigen/Cholesky>
#include <memory>
#include <unsupported/Eigen/MatrixFunctions>

#include "commands.h"
#include "landauer/core/errors.h"
#include "landauer/core/parallel.h"
#include "landauer/energy/energy_table.h"
#include "landauer/energy/ledger.h"
#include "landauer/report/text_table.h"
#include "landauer/thermo/linear_algebra.h"
#include "landauer/thermo/matrix_market.h"
#include "landauer/thermo/tla_run.h"

namespace landauer::cli {
namespace {

using thermo::ColMatrixD;

struct ThermoCliOptions {
  CommonOptions common;
  std::string problem;  // solve, inverse, logdet, expm
  std::string matrix_path, rhs_path;
  int dimension = 8;
  double condition = 10.0;
  thermo::SpuParams spu;
  std::string order = "first", integrator = "exact";
  thermo::TlaOptions tla;
  std::string hardware = "spu";
};

nlohmann::json MatrixJson(const ColMatrixD& m) {
  if (m.cols() == 1) return std::vector<double>(m.data(), m.data() + m.rows());
  nlohmann::json rows = nlohmann::json::array();
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    std::vector<double> row(static_cast<std::size_t>(m.cols()));
    for (Eigen::Index j = 0; j < m.cols(); ++j) row[static_cast<std::size_t>(j)] = m(i, j);
    rows.push_back(row);
  }
  return rows;
}

void RunThermo(ThermoCliOptions options, CliEnvironment& environment) {
  options.spu.order = thermo::SpuOrderFromString(options.order);
  options.spu.integrator = thermo::IntegratorFromString(options.integrator);
  options.tla.seed = options.common.seed;
  options.tla.threads = ResolveThreads(options.common.threads);
  ColMatrixD a;
  std::string origin;
  if (!options.matrix_path.empty()) {
    a = thermo::ReadMatrixMarket(options.matrix_path);
    origin = options.matrix_path;
  } else {
    a = thermo::RandomSpdMatrix(options.dimension, options.condition, options.common.seed);
    origin = fmt::format("random SPD (d = {}, condition {}, seed {})",
                         options.dimension,
                         options.condition,
                         options.common.seed);
  }
  thermo::CheckSymmetricPositiveDefinite(a, origin);
  const auto d = static_cast<int>(a.rows());
  Eigen::VectorXd b;
  if (options.problem == "solve") {
    if (!options.rhs_path.empty()) {
      b = thermo::ReadVector(options.rhs_path);
      if (b.size() != d) {
        throw InputError(options.rhs_path,
                         0,
                         fmt::format("{} numbers for a {}x{} matrix", b.size(), d, d),
                         "write one number per row of the matrix");
      }
    } else {
      b = Eigen::VectorXd::Ones(d);
    }
  } else if (!options.rhs_path.empty()) {
    throw std::invalid_argument("--rhs only applies to 'thermo solve'");
  }
  // The table first: a bad --hardware is reported before the device runs.
  const EnergyTable& table = environment.catalog().Get(options.hardware);
  const thermo::TlaRun run =
      thermo::RunTla(thermo::TlaProblemFromString(options.problem), a, b, options.spu, options.tla);
  const thermo::TlaResult& result = run.result;
  const ColMatrixD& reference = run.reference;
  const double relative_error = run.relative_error, device_seconds = run.device_seconds;
  const EnergyReport energy = run.ledger.Price(table);
  nlohmann::json trace = nlohmann::json::array();
  TextTable table_trace({"analog time (tau)", "relative error"});
  table_trace.SetAlignment(0, TextTable::Align::kRight);
  table_trace.SetAlignment(1, TextTable::Align::kRight);
  for (const thermo::TracePoint& point : result.trace) {
    trace.push_back(
        {{"analog_time_tau", point.analog_time_tau}, {"relative_error", point.relative_error}});
    table_trace.AddRow({fmt::format("{:.1f}", point.analog_time_tau),
                        fmt::format("{:.3e}", point.relative_error)});
  }
  const bool scalar = options.problem == "logdet";
  nlohmann::json json = {
      {"command", "thermo " + options.problem},
      {"matrix", origin},
      {"dimension", d},
      {"estimate", scalar ? nlohmann::json(result.estimate(0, 0)) : MatrixJson(result.estimate)},
      {"stderr",
       scalar ? nlohmann::json(result.stderr_estimate(0, 0)) : MatrixJson(result.stderr_estimate)},
      {"reference", scalar ? nlohmann::json(reference(0, 0)) : MatrixJson(reference)},
      {"relative_error", relative_error},
      {"analog_time_tau", result.analog_time_tau},
      {"burn_in_tau", result.burn_in_tau},
      {"sample_tau", result.sample_tau},
      {"chains", result.chains},
      {"device_seconds", device_seconds},
      {"trace", trace},
      {"spu",
       {{"order", options.order},
        {"integrator", options.integrator},
        {"kappa0", options.spu.kappa0},
        {"step_tau", options.spu.step_tau},
        {"tau_s", options.spu.tau_s},
        {"coupling_bits", options.spu.coupling_bits},
        {"dac_bits", options.spu.dac_bits},
        {"adc_bits", options.spu.adc_bits}}},
      {"energy", energy.ToJson()},
  };
  TextTable summary({"quantity", "value"});
  summary.SetAlignment(1, TextTable::Align::kRight);
  if (scalar) {
    summary.AddRow(
        {"estimate",
         fmt::format("{:.6g} ± {:.2g}", result.estimate(0, 0), result.stderr_estimate(0, 0))});
    summary.AddRow({"exact (Eigen)", fmt::format("{:.6g}", reference(0, 0))});
  }
  summary.AddRow({"relative error", fmt::format("{:.3e}", relative_error)});
  summary.AddRow({"mean standard error", fmt::format("{:.3e}", result.stderr_estimate.mean())});
  summary.AddRow(
      {"analog time",
       fmt::format("{:.1f} tau (burn-in {:.1f})", result.analog_time_tau, result.burn_in_tau)});
  summary.AddRow({"device time", FormatSi(device_seconds, "s")});
  summary.AddRow({"energy", FormatSi(energy.energy_j, "J")});
  summary.AddRow({"energy / Landauer floor", fmt::format("{:.3g}", energy.RatioToFloor())});
  std::string human =
      fmt::format("thermo {} on {}: {} chains, {} SPU, {} integrator, step {} tau\n\n",
                  options.problem,
                  origin,
                  result.chains,
                  options.order,
                  options.integrator,
                  options.spu.step_tau);
  human += "Error against analog time\n\n" + table_trace.Render() + "\n" + summary.Render();
  Emit(options.common, std::move(json), human);
}

}  // namespace

void AddThermoCommand(CLI::App& app, CliEnvironment& environment, std::vector<Command>& commands) {
  CLI::App* thermo =
      app.add_subcommand("thermo", "Thermodynamic linear algebra on a simulated SPU");
  thermo->require_subcommand(1);
  for (const char* problem : {"solve", "inverse", "logdet", "expm"}) {
    auto defaults = std::make_shared<ThermoCliOptions>();
    defaults->problem = problem;
    defaults->spu.dac_bits = 16;
    defaults->spu.adc_bits = 16;
    const std::string what = std::string(problem) == "solve"  ? "A^-1 b"
                             : std::string(problem) == "expm" ? "exp(-A lag)"
                                                              : problem;
    auto [options, command] = AddCommand<ThermoCliOptions>(
        *thermo,
        commands,
        problem,
        fmt::format("Estimate {} of an SPD matrix by letting the SPU relax", what),
        [&environment](ThermoCliOptions& o) { RunThermo(o, environment); },
        defaults);
    command
        ->add_option("--matrix",
                     options->matrix_path,
                     "Matrix Market file (default: a seeded random SPD matrix)")
        ->check(CLI::ExistingFile);
    if (std::string(problem) == "solve") {
      command
          ->add_option(
              "--rhs", options->rhs_path, "Right-hand side, one number per line (default: ones)")
          ->check(CLI::ExistingFile);
    }
    if (std::string(problem) == "expm") {
      command
          ->add_option("--lag",
                       options->tla.lag_tau,
                       "Lag l in tau: estimates exp(-A l); a multiple of --step")
          ->check(PositiveNumber("lag in tau", "--lag 1"))
          ->capture_default_str();
    }
    command->add_option("--dimension", options->dimension, "Random matrix: dimension")
        ->check(PositiveNumber("dimension", "--dimension 8"))
        ->capture_default_str();
    command
        ->add_option("--condition",
                     options->condition,
                     "Random matrix: condition number (eigenvalues in [1/c, 1])")
        ->check(CLI::Range(1.0, 1e12))
        ->capture_default_str();
    command->add_option("--kappa0", options->spu.kappa0, "Noise variance kappa0")
        ->check(PositiveNumber("noise variance", "--kappa0 1"))
        ->capture_default_str();
    command
        ->add_option("--step", options->spu.step_tau, "Integration step and sampling interval, tau")
        ->check(PositiveNumber("step in tau", "--step 0.5"))
        ->capture_default_str();
    command
        ->add_option(
            "--chains", options->tla.chains, "Independent chains (devices or repeated runs)")
        ->check(PositiveNumber("chain count", "--chains 16"))
        ->capture_default_str();
    command->add_option(
        "--burn-in", options->tla.burn_in_tau, "Burn-in, tau (default 10 / lambda_min)");
    command->add_option(
        "--time", options->tla.sample_tau, "Sampling window, tau (default 1000 / lambda_min)");
    command->add_option("--batches", options->tla.batches, "Segments for batch-means error bars")
        ->check(CLI::Range(2, 100000))
        ->capture_default_str();
    command->add_option("--order", options->order, "first (overdamped) or second (underdamped RLC)")
        ->capture_default_str();
    command->add_option("--damping", options->spu.damping, "Second order: damping gamma, 1/tau")
        ->capture_default_str();
    command->add_option("--integrator", options->integrator, "exact or euler-maruyama")
        ->capture_default_str();
    command
        ->add_option(
            "--coupling-bits", options->spu.coupling_bits, "Coupling precision (0 = ideal)")
        ->capture_default_str();
    command
        ->add_option(
            "--dac-bits", options->spu.dac_bits, "DAC precision for b (0 = ideal; priced as 16)")
        ->capture_default_str();
    command
        ->add_option(
            "--adc-bits", options->spu.adc_bits, "ADC read-out precision (0 = ideal; priced as 16)")
        ->capture_default_str();
    command->add_option("--tau-seconds", options->spu.tau_s, "tau = RC in seconds (TNGD: 1e-6)")
        ->capture_default_str();
    AddHardwareOption(*command, options->hardware, "Energy table of the device and its link");
  }
}

}  // namespace landauer::cli

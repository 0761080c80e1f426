// `landauer thermo solve|inverse|logdet|expm` — thermodynamic linear algebra on a simulated SPU.
#include <fmt/format.h>

#include <Eigen/Cholesky>
#include <memory>
#include <unsupported/Eigen/MatrixFunctions>

#include "commands.h"
#include "landauer/core/errors.h"
#include "landauer/core/memory_budget.h"
#include "landauer/core/parallel.h"
#include "landauer/energy/energy_table.h"
#include "landauer/energy/ledger.h"
#include "landauer/report/text_table.h"
#include "landauer/thermo/linear_algebra.h"
#include "landauer/thermo/matrix_market.h"
#include "landauer/thermo/spu_cost.h"
#include "landauer/thermo/tla_run.h"
#include "paths.h"
#include "thermo_options.h"

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
  // The SPU is priced with its host link by default: the device and how it is reached are the
  // system this command runs; --scope chip leaves the link out.
  std::string scope = "system";
  bool allow_long_run = false;
  CLI::Option* dimension_option = nullptr;  // to refuse --dimension/--condition with --matrix
  CLI::Option* condition_option = nullptr;
};

// Refuses a run whose estimate does not fit the memory or, without --allow-long-run, the work
// limit; says which flags shrink it.
void CheckWork(const ThermoCliOptions& options, const thermo::TlaWork& work, int d) {
  const std::string what = fmt::format("thermo {} on a {}x{} matrix", options.problem, d, d);
  CheckMemory(what,
              work.bytes,
              "use a smaller matrix" +
                  std::string(options.problem == "solve" ? "" : " or fewer --batches"));
  if (work.steps > kMaxIntegrationSteps) {
    throw InputError(
        what,
        0,
        fmt::format("{:.3g} integration steps per chain is more than any run can take", work.steps),
        "shorten --time or --burn-in, or raise --step");
  }
  if (options.allow_long_run || work.multiply_adds <= kInteractiveWorkLimit) return;
  const std::string run =
      work.steps > 0
          ? fmt::format("{:.3g} integration steps x {} chains", work.steps, options.tla.chains)
          : "the dense set-up (eigendecompositions, the exact answer)";
  throw InputError(
      what,
      0,
      fmt::format("{} is about {:.2g} multiply-adds, more than the {:.0e} landauer runs without "
                  "--allow-long-run (hours on a workstation)",
                  run,
                  work.multiply_adds,
                  kInteractiveWorkLimit),
      "shorten --time or --burn-in, raise --step, use fewer --chains or a smaller matrix; or "
      "pass --allow-long-run to run it anyway");
}

void RunThermo(ThermoCliOptions options, CliEnvironment& environment) {
  // Everything that can be checked cheaply is checked before the matrix is built or decomposed.
  const thermo::TlaProblem problem = thermo::TlaProblemFromString(options.problem);
  options.spu.order =
      WithFlag("--order", [&] { return thermo::SpuOrderFromString(options.order); });
  options.spu.integrator =
      WithFlag("--integrator", [&] { return thermo::IntegratorFromString(options.integrator); });
  if (problem == thermo::TlaProblem::kExpm && options.spu.order != thermo::SpuOrder::kFirst) {
    throw std::invalid_argument(
        "--order second with thermo expm: the positions of second-order cells do not decay as "
        "exp(-A lag), so their autocovariance does not give it; use --order first");
  }
  if (problem == thermo::TlaProblem::kExpm) {
    const double steps = options.tla.lag_tau / options.spu.step_tau;
    if (std::abs(steps - std::round(steps)) > 1e-9 * std::max(1.0, steps) ||
        std::round(steps) < 1) {
      throw std::invalid_argument(fmt::format(
          "--lag {} is not a whole multiple of --step {} (the device is read once per step); use "
          "e.g. --lag {:g}",
          options.tla.lag_tau,
          options.spu.step_tau,
          std::max(1.0, std::round(steps)) * options.spu.step_tau));
    }
  }
  if (problem != thermo::TlaProblem::kSolve && !(options.spu.kappa0 > 0.0)) {
    throw std::invalid_argument(fmt::format(
        "--kappa0 0 with thermo {}: it reads A off the noise's covariance; only thermo solve "
        "runs the noiseless device",
        options.problem));
  }
  options.tla.seed = options.common.seed;
  options.tla.threads = ResolveThreads(options.common.threads);
  if (!options.rhs_path.empty() && problem != thermo::TlaProblem::kSolve) {
    throw std::invalid_argument("--rhs only applies to 'thermo solve'");
  }
  if (!options.matrix_path.empty() &&
      (options.dimension_option->count() > 0 || options.condition_option->count() > 0)) {
    throw std::invalid_argument(
        "--dimension and --condition describe the random matrix; with --matrix FILE the matrix "
        "is the file's: drop them");
  }
  const EnergyTable& table = environment.catalog().Get(options.hardware);
  const Scope scope = CheckedScope(options.scope, table);
  ColMatrixD a;
  std::string origin;
  if (!options.matrix_path.empty()) {
    a = thermo::ReadMatrixMarket(options.matrix_path);  // checks the memory its size line asks
    origin = options.matrix_path;
  } else {
    // The random matrix's QR and products hold about five d x d matrices.
    const double d = options.dimension;
    CheckWork(
        options,
        thermo::EstimateTla(problem, options.dimension, std::nullopt, options.spu, options.tla),
        options.dimension);
    CheckMemory(fmt::format("--dimension {}", options.dimension),
                5.0 * 8.0 * d * d,
                "use a smaller --dimension");
    a = thermo::RandomSpdMatrix(options.dimension, options.condition, options.common.seed);
    origin = fmt::format("random SPD (d = {}, condition {}, seed {})",
                         options.dimension,
                         options.condition,
                         options.common.seed);
  }
  const auto d = static_cast<int>(a.rows());
  options.spu.dimension = d;
  options.spu.Validate();
  // The device's actions must all be priced before it runs: count a one-step rehearsal.
  {
    thermo::TlaResult rehearsal;
    rehearsal.chains = options.tla.chains, rehearsal.samples = 1, rehearsal.analog_time_tau = 1.0;
    thermo::CountTlaRun(options.spu, rehearsal, problem == thermo::TlaProblem::kSolve)
        .Price(table, scope);
  }
  CheckWork(options, thermo::EstimateTla(problem, d, std::nullopt, options.spu, options.tla), d);
  if (problem == thermo::TlaProblem::kSolve || problem == thermo::TlaProblem::kExpm) {
    thermo::CheckStable(a, origin);
    if (options.spu.order == thermo::SpuOrder::kSecond && !thermo::IsSymmetric(a)) {
      throw InputError(origin,
                       0,
                       "second-order cells need a symmetric A (their stability and relaxation "
                       "rate are derived for one)",
                       "use --order first for a non-symmetric A");
    }
  } else {
    thermo::CheckSymmetricPositiveDefinite(a, origin);
  }
  Eigen::VectorXd b;
  if (problem == thermo::TlaProblem::kSolve) {
    if (!options.rhs_path.empty()) {
      b = ReadRightHandSide(options.rhs_path, d);
    } else {
      b = Eigen::VectorXd::Ones(d);
    }
  }
  // The schedule's defaults scale with 1 / lambda_min: now the whole run can be priced.
  options.tla.lambda_min = thermo::SlowestDriftRate(a);
  CheckWork(options,
            thermo::EstimateTla(problem, d, options.tla.lambda_min, options.spu, options.tla),
            d);
  options.tla.progress = environment.progress();
  // The device can still refuse what it was given (an Euler-Maruyama step beyond stability, a
  // coupling quantised until the matrix is no longer definite): say which flags set it.
  const auto device_flags = [&] {
    std::string flags = fmt::format("--step {:g} --integrator {} --order {}",
                                    options.spu.step_tau,
                                    options.integrator,
                                    options.order);
    if (options.spu.coupling_bits > 0) {
      flags += fmt::format(
          " --coupling-bits {} (quantised couplings can make the programmed "
          "matrix indefinite; raise the bits)",
          options.spu.coupling_bits);
    }
    return flags;
  };
  thermo::TlaRun run;
  try {
    run = thermo::RunTla(problem, a, b, options.spu, options.tla);
  } catch (const std::domain_error& error) {
    throw std::domain_error(
        fmt::format("thermo {} with {}: {}", options.problem, device_flags(), error.what()));
  } catch (const std::invalid_argument& error) {
    throw std::invalid_argument(
        fmt::format("thermo {} with {}: {}", options.problem, device_flags(), error.what()));
  }
  const thermo::TlaResult& result = run.result;
  const ColMatrixD& reference = run.reference;
  const double relative_error = run.relative_error, device_seconds = run.device_seconds;
  const EnergyReport energy = run.ledger.Price(table, scope);
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
      {"segment_correlation_times", result.segment_correlation_times},
      {"warnings", result.warnings},
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
  RequireFiniteResults(json,
                       "thermo " + options.problem,
                       "the sampled covariance of a batch is singular or too noisy to invert",
                       "raise --time or --chains, or lower --batches");
  TextTable summary({"quantity", "value"});
  summary.SetAlignment(1, TextTable::Align::kRight);
  if (scalar) {
    summary.AddRow(
        {"estimate",
         fmt::format("{:.6g} ± {:.2g}", result.estimate(0, 0), result.stderr_estimate(0, 0))});
    summary.AddRow({"exact (Eigen)", fmt::format("{:.6g}", reference(0, 0))});
  }
  summary.AddRow(
      {"relative error ‖estimate − exact‖ / ‖exact‖", fmt::format("{:.3e}", relative_error)});
  summary.AddRow({"standard error, mean over entries (absolute)",
                  fmt::format("{:.3e}", result.stderr_estimate.mean())});
  summary.AddRow(
      {"analog time",
       fmt::format("{:.1f} tau (burn-in {:.1f})", result.analog_time_tau, result.burn_in_tau)});
  summary.AddRow({"device time", FormatSi(device_seconds, "s")});
  summary.AddRow(
      {fmt::format("energy ({} scope)", ToString(scope)), FormatSi(energy.energy_j, "J")});
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
  if (options.problem == "solve") {
    // The answer itself: x = A⁻¹ b, entry by entry (all of it is in --json).
    constexpr Eigen::Index kShown = 12;
    TextTable x({"i", "x (SPU)", "± standard error", "x (exact, Eigen)"});
    for (int c = 0; c < 4; ++c) x.SetAlignment(c, TextTable::Align::kRight);
    const Eigen::Index n = result.estimate.rows();
    for (Eigen::Index i = 0; i < std::min(n, kShown); ++i) {
      x.AddRow({std::to_string(i),
                fmt::format("{:.6g}", result.estimate(i, 0)),
                fmt::format("{:.2g}", result.stderr_estimate(i, 0)),
                fmt::format("{:.6g}", reference(i, 0))});
    }
    human += "\nx = A⁻¹ b" +
             (n > kShown ? fmt::format(" (first {} of {} entries; --json has all)", kShown, n)
                         : std::string()) +
             "\n\n" + x.Render();
  }
  for (const std::string& warning : result.warnings) human += "\nwarning: " + warning + "\n";
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
    AsInputFile(command->add_option("--matrix",
                                    options->matrix_path,
                                    "Matrix Market file (default: a seeded random SPD matrix)"));
    if (std::string(problem) == "solve") {
      AsInputFile(command->add_option(
          "--rhs", options->rhs_path, "Right-hand side, one number per line (default: ones)"));
    }
    if (std::string(problem) == "expm") {
      AddNumber(*command,
                "--lag",
                options->tla.lag_tau,
                "Lag l in tau: estimates exp(-A l); a multiple of --step",
                Positive("a lag in tau", "--lag 1"));
    }
    options->dimension_option = AddNumber(*command,
                                          "--dimension",
                                          options->dimension,
                                          "Random matrix: dimension",
                                          Count(1, 100000, "a matrix dimension", "--dimension 8"));
    options->condition_option = AddNumber(
        *command,
        "--condition",
        options->condition,
        "Random matrix: condition number (eigenvalues in [1/c, 1])",
        Between(1.0, Bound::kClosed, 1e12, Bound::kClosed, "a condition number", "--condition 10"));
    AddNumber(*command,
              "--kappa0",
              options->spu.kappa0,
              "Noise variance kappa0 (0: the noiseless device, solve only)",
              NonNegative("a noise variance", "--kappa0 1"));
    AddNumber(*command,
              "--step",
              options->spu.step_tau,
              "Integration step and sampling interval, tau",
              Positive("a step in tau", "--step 0.5"));
    AddNumber(*command,
              "--chains",
              options->tla.chains,
              "Independent chains (devices or repeated runs)",
              Count(1, 1000000, "a number of chains", "--chains 16"));
    AddNumber(*command,
              "--burn-in",
              options->tla.burn_in_tau,
              "Burn-in, tau (default 10 / the slowest relaxation rate: lambda_min(A), or about "
              "lambda_min / damping for second-order cells)",
              NonNegative("a burn-in in tau", "--burn-in 100"),
              /*show_default=*/false);
    AddNumber(*command,
              "--time",
              options->tla.sample_tau,
              "Sampling window, tau (default 1000 / the slowest relaxation rate)",
              Positive("a sampling window in tau", "--time 1000"),
              /*show_default=*/false);
    AddNumber(*command,
              "--batches",
              options->tla.batches,
              "Segments for batch-means error bars",
              Count(2, 100000, "a number of batches", "--batches 20"));
    command->add_option("--order", options->order, "first (overdamped) or second (underdamped RLC)")
        ->capture_default_str();
    AddNumber(*command,
              "--damping",
              options->spu.damping,
              "Second order: damping gamma, 1/tau",
              Positive("a damping rate in 1/tau", "--damping 1"));
    command->add_option("--integrator", options->integrator, "exact or euler-maruyama")
        ->capture_default_str();
    AddSpuConverterOptions(*command, options->spu);
    AddNumber(*command,
              "--tau-seconds",
              options->spu.tau_s,
              "tau = RC in seconds (TNGD: 1e-6)",
              Positive("a time constant in seconds", "--tau-seconds 1e-6"));
    command->add_flag("--allow-long-run",
                      options->allow_long_run,
                      "Run even when the estimated work exceeds the limit for an interactive run");
    AddHardwareOption(*command, options->hardware, "Energy table of the device and its link");
    command
        ->add_option("--scope",
                     options->scope,
                     "System boundary of the energy: chip (the device, its converters) or system "
                     "(+ its host link)")
        ->capture_default_str();
  }
  AddThermoProcessCommands(*thermo, environment, commands);
}

}  // namespace landauer::cli

// `landauer thermo lyapunov|sample|calibrate` — the SPU as a stochastic process: the stationary
// covariance of any stable drift, recorded trajectories, and calibrating a device from one.
#include <fmt/format.h>

#include <cmath>
#include <optional>

#include "commands.h"
#include "landauer/core/errors.h"
#include "landauer/core/memory_budget.h"
#include "landauer/core/parallel.h"
#include "landauer/report/text_table.h"
#include "landauer/thermo/linear_algebra.h"
#include "landauer/thermo/matrix_market.h"
#include "landauer/thermo/ou_inference.h"
#include "landauer/thermo/spu_cost.h"
#include "landauer/thermo/trace_file.h"
#include "paths.h"
#include "thermo_options.h"

namespace landauer::cli {
namespace {

using thermo::ColMatrixD;

// Refuses a run of more than 10¹⁴ multiply-adds (hours), as `thermo solve` does without
// --allow-long-run, or of more than 2^53 steps: each step costs about 2d² + d per chain.
void CheckSteps(double steps, int chains, double d, const std::string& fix) {
  const double work = steps * chains * (2.0 * d * d + d);
  if (!(steps <= kMaxIntegrationSteps) || !(work <= kInteractiveWorkLimit)) {
    throw std::invalid_argument(fmt::format(
        "{:.3g} integration steps x {} chains is about {:.2g} multiply-adds, beyond the 1e14 an "
        "interactive run allows; {}",
        steps,
        chains,
        work,
        fix));
  }
}

// ---- thermo lyapunov -------------------------------------------------------------------------

struct LyapunovOptions {
  CommonOptions common;
  std::string matrix_path, diffusion_path;
  double kappa0 = 1.0, step_tau = 0.1;
  thermo::TlaOptions tla;
};

void RunLyapunov(LyapunovOptions options) {
  const ColMatrixD m = thermo::ReadMatrixMarket(options.matrix_path);
  thermo::CheckStable(m, options.matrix_path);
  const Eigen::Index d = m.rows();
  ColMatrixD diffusion = 2.0 * options.kappa0 * ColMatrixD::Identity(d, d);
  if (!options.diffusion_path.empty()) {
    diffusion = thermo::ReadMatrixMarket(options.diffusion_path);
    if (diffusion.rows() != d || diffusion.cols() != d) {
      throw InputError(
          options.diffusion_path,
          0,
          fmt::format("D is {}x{} for a {}x{} drift", diffusion.rows(), diffusion.cols(), d, d),
          "give a d x d symmetric positive-semidefinite diffusion matrix");
    }
    if (!thermo::IsDiffusionMatrix(diffusion)) {
      throw InputError(options.diffusion_path,
                       0,
                       "D is not symmetric positive semidefinite",
                       "a diffusion matrix is B B^T: symmetric, with no negative eigenvalue");
    }
  }
  CheckMemory(
      fmt::format("thermo lyapunov on a {}x{} drift", d, d),
      8.0 * (12.0 * static_cast<double>(d * d) + static_cast<double>(d) * options.tla.chains +
             2.0 * options.tla.batches * static_cast<double>(d * d)),
      "use a smaller matrix or fewer --batches");
  options.tla.seed = options.common.seed;
  options.tla.threads = ResolveThreads(options.common.threads);
  {
    const thermo::TlaSchedule s =
        thermo::PlanSchedule(options.tla, thermo::SlowestDriftRate(m), options.step_tau);
    CheckSteps(static_cast<double>(s.burn_in_steps + s.sample_steps),
               options.tla.chains,
               static_cast<double>(d),
               "shorten --time or --burn-in, raise --step or use fewer --chains");
  }
  // The exact answer: the transition covariance Q(t) from z = 0 tends to Σ∞ as e^{−2 rate t}.
  const double rate = thermo::SlowestDriftRate(m);
  const ColMatrixD reference =
      thermo::OuTransitionLaw(
          m, Eigen::VectorXd::Zero(d), diffusion, 40.0 / rate, Eigen::VectorXd::Zero(d))
          .covariance;
  const thermo::TlaResult result =
      thermo::ThermoLyapunov(m, diffusion, options.step_tau, options.tla, reference);
  const double error = (result.estimate - reference).norm() / std::max(reference.norm(), 1e-300);
  nlohmann::json json = {
      {"command", "thermo lyapunov"},
      {"matrix", options.matrix_path},
      {"diffusion",
       options.diffusion_path.empty()
           ? nlohmann::json(fmt::format("2 kappa0 I, kappa0 = {}", options.kappa0))
           : nlohmann::json(options.diffusion_path)},
      {"dimension", d},
      {"estimate", MatrixJson(result.estimate)},
      {"stderr", MatrixJson(result.stderr_estimate)},
      {"reference", MatrixJson(reference)},
      {"relative_error", error},
      {"analog_time_tau", result.analog_time_tau},
      {"burn_in_tau", result.burn_in_tau},
      {"sample_tau", result.sample_tau},
      {"chains", result.chains},
      {"segment_correlation_times", result.segment_correlation_times},
      {"warnings", result.warnings}};
  RequireFiniteResults(
      json, "thermo lyapunov", "the run produced no finite covariance", "raise --time or --chains");
  TextTable summary({"quantity", "value"});
  summary.SetAlignment(1, TextTable::Align::kRight);
  summary.AddRow({"relative error ‖Σ̂ − Σ‖ / ‖Σ‖", fmt::format("{:.3e}", error)});
  summary.AddRow(
      {"standard error, mean over entries", fmt::format("{:.3e}", result.stderr_estimate.mean())});
  summary.AddRow(
      {"analog time",
       fmt::format("{:.1f} tau (burn-in {:.1f})", result.analog_time_tau, result.burn_in_tau)});
  std::string human = fmt::format(
      "thermo lyapunov: M Sigma + Sigma M^T = D for {} ({}x{}), {} chains, exact integrator, step "
      "{} tau\n\n{}",
      options.matrix_path,
      d,
      d,
      result.chains,
      options.step_tau,
      summary.Render());
  for (const std::string& warning : result.warnings) human += "\nwarning: " + warning + "\n";
  Emit(options.common, std::move(json), human);
}

// ---- thermo sample ---------------------------------------------------------------------------

struct SampleOptions {
  CommonOptions common;
  std::string matrix_path, rhs_path, out;
  thermo::SpuParams spu;
  std::string integrator = "exact";
  int chains = 1;
  double burn_in_tau = 0.0, time_tau = 100.0;
  std::string hardware = "spu", scope = "system";
};

void RunSample(SampleOptions options, CliEnvironment& environment) {
  options.spu.integrator =
      WithFlag("--integrator", [&] { return thermo::IntegratorFromString(options.integrator); });
  const EnergyTable& table = environment.catalog().Get(options.hardware);
  const Scope scope = CheckedScope(options.scope, table);
  const ColMatrixD a = thermo::ReadMatrixMarket(options.matrix_path);
  thermo::CheckStable(a, options.matrix_path);
  const Eigen::Index d = a.rows();
  const Eigen::VectorXd b =
      options.rhs_path.empty() ? Eigen::VectorXd::Zero(d) : ReadRightHandSide(options.rhs_path, d);
  const double samples = std::ceil(options.time_tau / options.spu.step_tau - 1e-9);
  const double burn_in_steps = std::ceil(options.burn_in_tau / options.spu.step_tau - 1e-9);
  if (samples < 2) {
    throw std::invalid_argument(fmt::format(
        "--time {} with --step {}: fewer than two samples per chain; record at least two steps",
        options.time_tau,
        options.spu.step_tau));
  }
  CheckSteps(burn_in_steps + samples,
             options.chains,
             static_cast<double>(d),
             "shorten --time or --burn-in, raise --step or use fewer --chains");
  // Held as doubles and written as text: per number up to 25 characters, plus the row's chain
  // and time (~25 more), with the string's growth.
  CheckMemory(
      fmt::format(
          "thermo sample: {:.0f} samples x {} chains x {} cells", samples, options.chains, d),
      samples * options.chains * (8.0 * static_cast<double>(d) + 2.0 * (25.0 * d + 25.0)),
      "shorten --time, raise --step or use fewer --chains");
  options.spu.dimension = static_cast<int>(d);
  options.spu.Validate();
  thermo::Spu spu(options.spu);
  spu.Program(a, b, options.chains);
  Rng rng(options.common.seed, "thermo.sample", "noise");
  const int threads = ResolveThreads(options.common.threads);
  spu.Run(options.burn_in_tau, rng, nullptr, threads, nullptr);
  // One read-out per step after the burn-in, as the device's ADC takes them.
  thermo::Trace trace;
  trace.step_tau = options.spu.step_tau;
  trace.start_tau = spu.analog_time_tau() + options.spu.step_tau;
  // What calibration needs to know about how the trace was made.
  trace.notes = {{"integrator", options.integrator},
                 {"drift", thermo::IsSymmetric(a) ? "symmetric" : "general"}};
  const auto columns = static_cast<Eigen::Index>(samples);
  trace.chains.assign(static_cast<std::size_t>(options.chains), ColMatrixD(d, columns));
  Eigen::Index k = 0;
  auto record = [&](const ColMatrixD& x) {
    if (k >= columns) return;  // a rounding of the duration can add a step: never write past
    for (int c = 0; c < options.chains; ++c)
      trace.chains[static_cast<std::size_t>(c)].col(k) = x.col(c);
    ++k;
  };
  spu.Run(static_cast<double>(columns) * options.spu.step_tau, rng, record, threads, nullptr);
  if (k != columns) throw std::logic_error("thermo sample: the device ran fewer steps than asked");
  thermo::WriteTrace(options.out, trace);
  thermo::TlaResult counted;
  counted.chains = options.chains;
  counted.samples = columns;
  counted.analog_time_tau = spu.analog_time_tau();
  const EnergyReport energy =
      thermo::CountTlaRun(spu.params(), counted, !options.rhs_path.empty()).Price(table, scope);
  nlohmann::json json = {{"command", "thermo sample"},
                         {"matrix", options.matrix_path},
                         {"out", options.out},
                         {"dimension", d},
                         {"chains", options.chains},
                         {"samples_per_chain", columns},
                         {"step_tau", options.spu.step_tau},
                         {"start_tau", trace.start_tau},
                         {"kappa0", options.spu.kappa0},
                         {"integrator", options.integrator},
                         {"device_seconds", thermo::TlaDeviceSeconds(spu, counted)},
                         {"energy", energy.ToJson()}};
  const std::string human = fmt::format(
      "thermo sample: {} chains x {} samples of {} cells, every {} tau from t = {} tau, written "
      "to {}\ndevice energy ({} scope): {}\n",
      options.chains,
      columns,
      d,
      options.spu.step_tau,
      trace.start_tau,
      options.out,
      ToString(scope),
      FormatSi(energy.energy_j, "J"));
  Emit(options.common, std::move(json), human);
}

// ---- thermo calibrate ------------------------------------------------------------------------

struct CalibrateOptions {
  CommonOptions common;
  std::string trace_path, matrix_path, rhs_path;
  double kappa0 = -1.0;  // < 0: not given
  int blocks = 10;
};

void RunCalibrate(CalibrateOptions options) {
  const thermo::Trace trace = thermo::ReadTrace(options.trace_path);
  if (!(trace.step_tau > 0.0)) {
    throw InputError(options.trace_path,
                     0,
                     "every chain has a single sample",
                     "record at least two samples per chain (thermo sample --time)");
  }
  // The fit assumes exact transitions of a symmetric drift: refuse traces that say otherwise.
  const auto note = [&](const std::string& key) {
    const auto it = trace.notes.find(key);
    return it == trace.notes.end() ? std::string() : it->second;
  };
  if (!note("integrator").empty() && note("integrator") != "exact") {
    throw InputError(options.trace_path,
                     0,
                     fmt::format("the trace was made with the {} integrator", note("integrator")),
                     "calibration fits exact transitions: record with thermo sample --integrator "
                     "exact");
  }
  if (!note("drift").empty() && note("drift") != "symmetric") {
    throw InputError(options.trace_path,
                     0,
                     "the trace's device had a non-symmetric A",
                     "calibration fits a first-order SPU, whose A is symmetric");
  }
  thermo::SpuCalibration fit;
  try {
    fit = thermo::CalibrateSpu(trace.chains, trace.step_tau, options.blocks);
  } catch (const std::invalid_argument& error) {
    throw InputError(options.trace_path, 0, error.what());
  }
  const Eigen::Index d = fit.a.rows();
  nlohmann::json json = {{"command", "thermo calibrate"},
                         {"trace", options.trace_path},
                         {"dimension", d},
                         {"step_tau", trace.step_tau},
                         {"transitions", fit.transitions},
                         {"blocks", fit.blocks},
                         {"a", MatrixJson(fit.a)},
                         {"a_stderr", MatrixJson(fit.a_stderr)},
                         {"b", MatrixJson(fit.b)},
                         {"b_stderr", MatrixJson(fit.b_stderr)},
                         {"kappa0", fit.kappa0},
                         {"kappa0_stderr", fit.kappa0_stderr},
                         {"log_likelihood", fit.log_likelihood}};
  TextTable table({"parameter", "calibrated", "± standard error", "programmed", "z"});
  for (int c = 1; c < 5; ++c) table.SetAlignment(c, TextTable::Align::kRight);
  // The programmed values, when given, are what the calibration is judged against.
  ColMatrixD a_true;
  Eigen::VectorXd b_true;
  if (!options.matrix_path.empty()) {
    a_true = thermo::ReadMatrixMarket(options.matrix_path);
    if (a_true.rows() != d || a_true.cols() != d) {
      throw InputError(
          options.matrix_path,
          0,
          fmt::format("A is {}x{}, the trace has {} cells", a_true.rows(), a_true.cols(), d),
          "give the matrix the traced device was programmed with");
    }
    b_true = options.rhs_path.empty() ? Eigen::VectorXd::Zero(d)
                                      : ReadRightHandSide(options.rhs_path, d);
  }
  nlohmann::json z = nlohmann::json::object();
  auto row = [&](const std::string& name, double value, double error, std::optional<double> truth) {
    std::string zs = "";
    if (truth) {
      const double score = error > 0 ? (value - *truth) / error : 0.0;
      z[name] = score;
      zs = fmt::format("{:+.2f}", score);
    }
    table.AddRow({name,
                  fmt::format("{:.6g}", value),
                  fmt::format("{:.2g}", error),
                  truth ? fmt::format("{:.6g}", *truth) : "",
                  zs});
  };
  for (Eigen::Index i = 0; i < d; ++i) {
    for (Eigen::Index j = 0; j < d; ++j) {
      row(fmt::format("A[{},{}]", i, j),
          fit.a(i, j),
          fit.a_stderr(i, j),
          a_true.size() ? std::optional(a_true(i, j)) : std::nullopt);
    }
  }
  for (Eigen::Index i = 0; i < d; ++i) {
    row(fmt::format("b[{}]", i),
        fit.b[i],
        fit.b_stderr[i],
        b_true.size() ? std::optional(b_true[i]) : std::nullopt);
  }
  row("kappa0",
      fit.kappa0,
      fit.kappa0_stderr,
      options.kappa0 >= 0 ? std::optional(options.kappa0) : std::nullopt);
  if (!z.empty()) json["z"] = z;
  RequireFiniteResults(json,
                       "thermo calibrate",
                       "the fit is not finite",
                       "record a longer trace with thermo sample");
  Emit(options.common,
       std::move(json),
       fmt::format("thermo calibrate {}: {} transitions of {} cells every {} tau; block-jackknife "
                   "error bars over {} blocks; log-likelihood {:.6g}\n\n{}",
                   options.trace_path,
                   fit.transitions,
                   d,
                   trace.step_tau,
                   fit.blocks,
                   fit.log_likelihood,
                   table.Render()));
}

}  // namespace

void AddThermoProcessCommands(CLI::App& thermo,
                              CliEnvironment& environment,
                              std::vector<Command>& commands) {
  {
    auto [options, command] = AddCommand<LyapunovOptions>(
        thermo,
        commands,
        "lyapunov",
        "Solve M Sigma + Sigma M^T = D for any stable M from the stationary covariance of dz = "
        "-M z ds + B dW",
        [](LyapunovOptions& o) { RunLyapunov(o); });
    AsInputFile(command->add_option("--matrix", options->matrix_path, "Drift M, Matrix Market")
                    ->required());
    AsInputFile(command->add_option(
        "--diffusion", options->diffusion_path, "Diffusion D, Matrix Market (default 2 kappa0 I)"));
    AddNumber(*command,
              "--kappa0",
              options->kappa0,
              "Noise variance for the default D",
              Positive("a noise variance", "--kappa0 1"));
    AddNumber(*command,
              "--step",
              options->step_tau,
              "Sampling interval, tau",
              Positive("a step in tau", "--step 0.1"));
    AddNumber(*command,
              "--chains",
              options->tla.chains,
              "Independent chains",
              Count(1, 1000000, "a number of chains", "--chains 16"));
    AddNumber(*command,
              "--burn-in",
              options->tla.burn_in_tau,
              "Burn-in, tau (default 10 / the slowest decay rate)",
              NonNegative("a burn-in in tau", "--burn-in 100"),
              /*show_default=*/false);
    AddNumber(*command,
              "--time",
              options->tla.sample_tau,
              "Sampling window, tau (default 1000 / the slowest decay rate)",
              Positive("a sampling window in tau", "--time 1000"),
              /*show_default=*/false);
    AddNumber(*command,
              "--batches",
              options->tla.batches,
              "Segments for batch-means error bars",
              Count(2, 100000, "a number of batches", "--batches 20"));
  }
  {
    auto [options, command] = AddCommand<SampleOptions>(
        thermo,
        commands,
        "sample",
        "Run a first-order SPU programmed with A (and b) and write its trajectories as a trace",
        [&environment](SampleOptions& o) { RunSample(o, environment); });
    AsInputFile(command->add_option("--matrix", options->matrix_path, "A, Matrix Market (stable)")
                    ->required());
    AsInputFile(
        command->add_option("--rhs", options->rhs_path, "b, one number per line (default 0)"));
    AsOutputFile(
        command->add_option("--out", options->out, "The trace file to write (CSV)")->required());
    AddNumber(*command,
              "--kappa0",
              options->spu.kappa0,
              "Noise variance (0: noiseless)",
              NonNegative("a noise variance", "--kappa0 1"));
    AddNumber(*command,
              "--step",
              options->spu.step_tau,
              "Integration step and sampling interval, tau",
              Positive("a step in tau", "--step 0.1"));
    AddNumber(*command,
              "--chains",
              options->chains,
              "Independent chains",
              Count(1, 100000, "a number of chains", "--chains 4"));
    AddNumber(*command,
              "--burn-in",
              options->burn_in_tau,
              "Time run before recording, tau",
              NonNegative("a burn-in in tau", "--burn-in 10"));
    AddNumber(*command,
              "--time",
              options->time_tau,
              "Time recorded, tau",
              Positive("a time in tau", "--time 100"));
    command->add_option("--integrator", options->integrator, "exact or euler-maruyama")
        ->capture_default_str();
    AddSpuConverterOptions(*command, options->spu);
    AddHardwareOption(*command, options->hardware, "Energy table of the device and its link");
    command->add_option("--scope", options->scope, "System boundary of the energy: chip or system")
        ->capture_default_str();
  }
  {
    auto [options, command] = AddCommand<CalibrateOptions>(
        thermo,
        commands,
        "calibrate",
        "Fit a first-order SPU's A, b and kappa0 to a recorded trace, with error bars",
        [](CalibrateOptions& o) { RunCalibrate(o); });
    AsInputFile(command->add_option("trace", options->trace_path, "The trace (thermo sample --out)")
                    ->required());
    AsInputFile(command->add_option(
        "--matrix", options->matrix_path, "The A the device was programmed with, to compare"));
    AsInputFile(command->add_option("--rhs", options->rhs_path, "The b it was programmed with"))
        ->needs("--matrix");
    AddNumber(*command,
              "--kappa0",
              options->kappa0,
              "The kappa0 it ran with, to compare",
              NonNegative("a noise variance", "--kappa0 1"),
              /*show_default=*/false);
    AddNumber(*command,
              "--blocks",
              options->blocks,
              "Jackknife blocks",
              Count(2, 1000, "a number of blocks", "--blocks 10"));
  }
}

}  // namespace landauer::cli

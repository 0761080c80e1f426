// `landauer train` — train the digital MLP on a workload and price it with an energy table.
#include <fmt/format.h>

#include <memory>

#include "commands.h"
#include "landauer/methods/training_run.h"
#include "landauer/report/text_table.h"
#include "paths.h"

namespace landauer::cli {
namespace {

struct TrainCliOptions {
  CommonOptions common;
  TrainingJob job;
  std::string scope = "chip";
};

void RunTrain(TrainCliOptions options, CliEnvironment& environment) {
  options.job.scope = WithFlag("--scope", [&] { return ScopeFromString(options.scope); });
  const TrainingJob& job = options.job;
  const TrainingRun run = RunTraining(job, environment.Context(options.common));
  if (run.trained.stopped_early) return;
  const bool natural =
      job.optimizer == "tngd" || job.optimizer == "ngd" || job.optimizer == "ngd-cg";
  const EnergyReport& report = run.report;
  const PhaseReport* train_phase = report.FindPhase("train");
  const PhaseReport* inference_phase = report.FindPhase("inference");
  const double train_j = train_phase ? train_phase->energy_j : 0.0;
  const double inference_j_per_sample =
      inference_phase ? inference_phase->energy_j / static_cast<double>(run.test.samples) : 0.0;
  const double samples_per_second =
      run.trained.train_seconds > 0
          ? static_cast<double>(run.trained.samples) / run.trained.train_seconds
          : 0.0;

  nlohmann::json epochs = nlohmann::json::array();
  for (const nn::EpochStats& e : run.trained.epochs) {
    epochs.push_back({{"epoch", e.epoch},
                      {"loss", e.loss},
                      {"train_accuracy", e.train_accuracy},
                      {"seconds", e.seconds},
                      {"samples_per_second", e.samples_per_second}});
  }
  nlohmann::json breakdown = nlohmann::json::object();
  for (const auto& [component, joules] : report.BreakdownByComponent())
    breakdown[component] = joules;
  const nlohmann::json validation_accuracy =
      run.validation_accuracy ? nlohmann::json(*run.validation_accuracy) : nlohmann::json(nullptr);
  const std::string optimizer = natural ? job.base_optimizer : job.optimizer;
  nlohmann::json json = {
      {"command", "train"},
      {"data", job.workload.data},
      {"model", run.spec.ToString()},
      {"activation", job.activation},
      {"optimizer", job.optimizer},
      {"base_optimizer", natural ? nlohmann::json(optimizer) : nlohmann::json(nullptr)},
      {"learning_rate", job.train.optimizer.learning_rate},
      {"optimizer_options",
       {{"momentum", job.train.optimizer.momentum},
        {"beta1", job.train.optimizer.beta1},
        {"beta2", job.train.optimizer.beta2},
        {"epsilon", job.train.optimizer.epsilon},
        {"weight_decay", job.train.optimizer.weight_decay}}},
      {"epochs", job.train.epochs},
      {"batch", job.train.batch},
      {"threads", run.threads},
      {"hardware", run.table},
      {"train_samples", run.train_samples},
      {"test_samples", run.test_samples},
      {"test_accuracy", run.test.accuracy},
      {"validation_accuracy", validation_accuracy},
      {"validation_samples", run.validation_samples},
      {"test_loss", run.test.loss},
      {"train_seconds", run.trained.train_seconds},
      {"train_samples_per_second", samples_per_second},
      {"epoch_stats", epochs},
      {"energy",
       {{"train_j_total", train_j},
        {"train_j_per_sample",
         train_j / static_cast<double>(std::max<std::int64_t>(1, run.trained.samples))},
        {"inference_j_per_sample", inference_j_per_sample},
        {"landauer_floor_j", report.landauer_floor_j},
        {"ratio_to_floor",
         report.landauer_floor_j > 0 ? nlohmann::json(report.RatioToFloor())
                                     : nlohmann::json(nullptr)},
        {"breakdown_j", breakdown},
        {"report", report.ToJson()}}},
  };

  TextTable summary({"quantity", "value"});
  summary.SetAlignment(1, TextTable::Align::kRight);
  summary.AddRow({"test accuracy", fmt::format("{:.2f} %", 100.0 * run.test.accuracy)});
  if (run.validation_accuracy) {
    summary.AddRow(
        {"validation accuracy", fmt::format("{:.2f} %", 100.0 * *run.validation_accuracy)});
  }
  summary.AddRow({"modelled training time (substrate)", FormatSi(run.train_time.seconds, "s")});
  summary.AddRow({"modelled time per inference",
                  FormatSi(run.inference_time.seconds /
                               static_cast<double>(std::max<std::int64_t>(1, run.test.samples)),
                           "s")});
  summary.AddRow({"host training time", fmt::format("{:.2f} s", run.trained.train_seconds)});
  summary.AddRow({"host throughput", fmt::format("{:.0f} samples/s", samples_per_second)});
  summary.AddRow({"energy per training sample",
                  FormatSi(json["energy"]["train_j_per_sample"].get<double>(), "J")});
  summary.AddRow({"energy per inference", FormatSi(inference_j_per_sample, "J")});
  summary.AddRow({"training energy", FormatSi(train_j, "J")});
  summary.AddRow({"Landauer floor (train + test)", FormatSi(report.landauer_floor_j, "J")});
  summary.AddRow({"energy / floor", fmt::format("{:.3g}", report.RatioToFloor())});
  TextTable parts({"component", "energy", "share"});
  parts.SetAlignment(1, TextTable::Align::kRight);
  parts.SetAlignment(2, TextTable::Align::kRight);
  for (const auto& [component, joules] : report.BreakdownByComponent()) {
    parts.AddRow({component,
                  FormatSi(joules, "J"),
                  fmt::format("{:.1f} %", 100.0 * joules / report.energy_j)});
  }
  json["loss_per_step"] = run.trained.step_losses;
  if (job.optimizer == "tngd") {
    const thermo::TngdOptions& t = job.tngd;
    json["tngd"] = {{"init", job.tngd_init},
                    {"analog_time_tau", t.analog_time_tau},
                    {"delay_tau", t.delay_tau},
                    {"step_tau", t.step_tau},
                    {"damping", job.damping},
                    {"kappa0", t.kappa0},
                    {"tau_s", job.tau_s}};
  }
  const double steps = static_cast<double>(std::max<std::int64_t>(1, run.trained.steps));
  json["scope"] = ToString(job.scope);
  json["modelled_time"] = {{"train", run.train_time.ToJson()},
                           {"train_s_per_step", run.train_time.seconds / steps},
                           {"inference", run.inference_time.ToJson()},
                           {"inference_s_per_sample",
                            run.inference_time.seconds /
                                static_cast<double>(std::max<std::int64_t>(1, run.test.samples))}};
  std::string human = fmt::format(
      "{} on {} ({} train / {} test), {} x{} epochs, batch {}, {} thread(s), priced on {} at {} "
      "scope\n\n",
      run.spec.ToString(),
      job.workload.data,
      run.train_samples,
      run.test_samples,
      natural ? job.optimizer + " + " + optimizer : job.optimizer,
      job.train.epochs,
      job.train.batch,
      run.threads,
      run.table,
      ToString(job.scope));
  human += summary.Render() + "\nEnergy by component (train + test inference)\n\n" + parts.Render();
  if (report.uses_assumptions) {
    human +=
        "\nSome priced entries are assumptions: see 'landauer hardware show " + run.table + "'.\n";
  }
  Emit(options.common, std::move(json), human);
}

}  // namespace

void AddTrainCommand(CLI::App& app, CliEnvironment& environment, std::vector<Command>& commands) {
  auto [options, command] = AddCommand<TrainCliOptions>(
      app,
      commands,
      "train",
      "Train the digital MLP (Adam, SGD, or natural gradients: exact, CG or TNGD on an SPU) and "
      "price it with an energy table",
      [&environment](TrainCliOptions& o) { RunTrain(o, environment); });
  TrainingJob& job = options->job;
  AddWorkloadOptions(*command, job.workload);
  command->add_option("--model",
                      job.model,
                      "Network, mlp:IN-HIDDEN...-OUT (default mlp:IN-256-256-OUT, IN and OUT from "
                      "--data)");
  command->add_option("--activation", job.activation, "relu, tanh or gelu")->capture_default_str();
  command
      ->add_option("--optimizer",
                   job.optimizer,
                   "adam, sgd, or a natural gradient: tngd (SPU), ngd (exact), ngd-cg")
      ->capture_default_str();
  command
      ->add_option("--base-optimizer",
                   job.base_optimizer,
                   "For tngd/ngd/ngd-cg: sgd, or adam (the TNGD-Adam hybrid)")
      ->capture_default_str();
  AddNumber(*command,
            "--damping",
            job.damping,
            "Natural gradient: damping lambda",
            Positive("a damping", "--damping 0.01"));
  AddNumber(*command,
            "--analog-time",
            job.tngd.analog_time_tau,
            "TNGD: analog time t per iteration, tau",
            NonNegative("an analog time in tau", "--analog-time 20"));
  AddNumber(*command,
            "--delay",
            job.tngd.delay_tau,
            "TNGD: delay t_d, tau",
            NonNegative("a delay in tau", "--delay 1"));
  command
      ->add_option("--tngd-init",
                   job.tngd_init,
                   "TNGD: where the device starts each step: warm (the previous state, Alg. 1) or "
                   "gradient (the current gradient; t = 0 is then SGD)")
      ->capture_default_str();
  AddNumber(*command,
            "--tngd-step",
            job.tngd.step_tau,
            "TNGD: Euler-Maruyama step, tau (0 = exact transitions)",
            NonNegative("a step in tau (0 = exact)", "--tngd-step 0.05"));
  AddNumber(*command,
            "--kappa0",
            job.tngd.kappa0,
            "TNGD: SPU noise variance",
            NonNegative("a noise variance", "--kappa0 1e-4"));
  AddNumber(*command,
            "--cg-iterations",
            job.cg_iterations,
            "NGD-CG: iterations",
            Count(1, 100000, "a number of CG iterations", "--cg-iterations 10"));
  AddNumber(*command,
            "--coupling-bits",
            job.tngd.coupling_bits,
            "TNGD: bits of the programmed Jacobian and loss-Hessian values (0 = ideal; small nets "
            "only)",
            BitsOrIdeal(2, 24, "a coupling precision in bits (0 = ideal)", "--coupling-bits 8"));
  AsInputOrName(command->add_option(
                    "--device-hardware", job.device_hardware, "TNGD: energy table of the SPU"))
      ->capture_default_str();
  AddNumber(*command,
            "--tau-seconds",
            job.tau_s,
            "TNGD: the SPU's tau = RC in seconds (time model)",
            Positive("a time constant in seconds", "--tau-seconds 1e-6"));
  AddLearningRateOption(*command, job.train.optimizer.learning_rate);
  AddNumber(*command,
            "--momentum",
            job.train.optimizer.momentum,
            "SGD momentum in [0, 1)",
            Between(0.0, Bound::kClosed, 1.0, Bound::kOpen, "a momentum", "--momentum 0.9"));
  AddNumber(*command,
            "--beta1",
            job.train.optimizer.beta1,
            "Adam beta1 in [0, 1)",
            Between(0.0, Bound::kClosed, 1.0, Bound::kOpen, "a decay rate", "--beta1 0.9"));
  AddNumber(*command,
            "--beta2",
            job.train.optimizer.beta2,
            "Adam beta2 in [0, 1)",
            Between(0.0, Bound::kClosed, 1.0, Bound::kOpen, "a decay rate", "--beta2 0.999"));
  AddNumber(*command,
            "--adam-epsilon",
            job.train.optimizer.epsilon,
            "Adam epsilon",
            Positive("an epsilon", "--adam-epsilon 1e-8"));
  AddNumber(*command,
            "--weight-decay",
            job.train.optimizer.weight_decay,
            "L2 weight decay",
            NonNegative("a weight decay", "--weight-decay 1e-4"));
  AddEpochsOption(*command, job.train.epochs);
  AddBatchOption(*command, job.train.batch);
  AddNumber(*command,
            "--eval-batch",
            job.eval_batch,
            "Batch size for inference on the test set",
            Count(1, 2147483647, "a batch size", "--eval-batch 1000"));
  AddHardwareOption(*command, job.hardware, "Energy table of the digital processor");
  command
      ->add_option("--scope",
                   options->scope,
                   "System boundary of the energy: core, chip (+ on-chip memory, static power over "
                   "the modelled time) or system (+ off-chip memory)")
      ->capture_default_str();
  AddNumber(*command,
            "--validation-fraction",
            job.validation_fraction,
            "Hold this fraction of the training split out for validation accuracy (0 = off)",
            Between(0.0,
                    Bound::kClosed,
                    0.9,
                    Bound::kClosed,
                    "a validation fraction (0 = off)",
                    "--validation-fraction 0.1"));
  AsOutputFile(command->add_option("--checkpoint",
                                   job.train.checkpoint_path,
                                   "Write an atomic checkpoint here at each epoch end"));
  AddNumber(*command,
            "--checkpoint-every",
            job.train.checkpoint_every,
            "Also checkpoint every N steps (0 = only at epoch ends)",
            Count(0, 1000000000000000000, "a number of steps", "--checkpoint-every 100"));
  command->add_flag("--resume", job.train.resume, "Continue from --checkpoint if it exists");
  AddNumber(*command,
            "--stop-after-steps",
            job.train.stop_after_steps,
            "Checkpoint and stop after this many steps (simulates an interrupted run)",
            Count(0, 1000000000000000000, "a number of steps", "--stop-after-steps 100"),
            /*show_default=*/false);
}

}  // namespace landauer::cli

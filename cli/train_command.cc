// `landauer train` — train the digital MLP on a workload and price it with an energy table.
#include <fmt/format.h>

#include <memory>

#include "cli_common.h"
#include "landauer/core/progress.h"
#include "landauer/data/transforms.h"
#include "landauer/data/workload.h"
#include "landauer/energy/energy_table.h"
#include "landauer/energy/ledger.h"
#include "landauer/nn/digital_cost.h"
#include "landauer/nn/mlp.h"
#include "landauer/nn/natural_gradient.h"
#include "landauer/nn/trainer.h"
#include "landauer/report/text_table.h"

namespace landauer::cli {
namespace {

struct TrainCliOptions {
  CommonOptions common;
  WorkloadOptions workload;
  std::string model = "mlp:784-256-256-10";
  std::string activation = "relu";
  std::string hardware = "h100";
  nn::TrainOptions train;
  int eval_batch = 1000;
  double validation_fraction = 0.0;  // held out of the training split for validation accuracy
  nn::NaturalGradientOptions natural;
  std::string base_optimizer = "sgd";
  std::string device_hardware = "spu";
  double tau_s = 1e-6;  // the SPU's RC time constant, for the time model
};

// TNGD App. C's time model per training step: the digital work and the link transfers at the
// tables' peak rates (their `time` entries), plus the analog time (t + t_d) τ.
nlohmann::json TimeModel(const EnergyReport& report, std::int64_t steps, double analog_s_per_step) {
  double digital_s = 0.0, link_s = 0.0;
  if (const PhaseReport* train = report.FindPhase("train")) {
    for (const PricedAction& action : train->actions) {
      (action.component == "link" ? link_s : digital_s) += action.time_at_peak_s;
    }
  }
  const double n = static_cast<double>(std::max<std::int64_t>(1, steps));
  return {
      {"digital_s_per_step", digital_s / n},
      {"link_s_per_step", link_s / n},
      {"analog_s_per_step", analog_s_per_step},
      {"total_s_per_step", digital_s / n + link_s / n + analog_s_per_step},
      {"basis",
       "table peak rates (time entries) for digital and link actions; (t + t_d) tau for the SPU; "
       "actions without a time entry (converters, SRAM) add nothing"}};
}

void RunTrain(TrainCliOptions options) {
  options.workload.seed = options.common.seed;
  options.train.seed = options.common.seed;
  options.train.threads = options.common.threads;
  const std::string requested = options.train.optimizer.name;
  const bool natural = requested == "tngd" || requested == "ngd" || requested == "ngd-cg";
  if (natural) {
    options.natural.method = requested;
    options.natural.seed = options.common.seed;
    options.train.natural_gradient = std::make_shared<nn::NaturalGradient>(options.natural);
    options.train.optimizer.name = options.base_optimizer;  // SGD, or Adam for the TNGD-Adam hybrid
  }
  options.train.Validate();
  const nn::MlpSpec spec = nn::MlpSpec::Parse(options.model);
  const nn::Activation activation = nn::ActivationFromString(options.activation);
  EnergyTable table = LoadHardwareTable(options.hardware, HardwareDir());
  if (requested == "tngd")
    table = EnergyTable::Combine(table, LoadHardwareTable(options.device_hardware, HardwareDir()));
  TrainTest data = LoadWorkload(options.workload);
  Dataset validation;
  if (options.validation_fraction > 0.0) {
    TrainTest fit_validation =
        SplitTrainTest(data.train, options.validation_fraction, options.common.seed);
    data.train = std::move(fit_validation.train);
    validation = std::move(fit_validation.test);
  }
  if (spec.widths.front() != data.train.dimension() ||
      spec.widths.back() < data.train.num_classes) {
    throw std::invalid_argument(fmt::format(
        "--model {} does not fit --data {}: it has {} features and {} classes; use e.g. --model "
        "mlp:{}-256-256-{}",
        options.model,
        options.workload.data,
        data.train.dimension(),
        data.train.num_classes,
        data.train.dimension(),
        data.train.num_classes));
  }

  nn::Mlp model(spec, activation);
  model.Initialize(options.common.seed);
  nn::DigitalEngine engine(options.common.threads);
  const nn::DigitalCostModel cost(spec, nn::Precision::kFp32);
  Ledger ledger;
  const std::int64_t steps_per_epoch =
      (data.train.size() + options.train.batch - 1) / options.train.batch;
  ProgressReporter progress("train", steps_per_epoch * options.train.epochs);
  const nn::TrainResult trained =
      nn::Train(model, data.train, options.train, engine, &cost, &ledger, &progress);
  if (trained.stopped_early) {
    progress.Finish(fmt::format(
        "stopped after step {} (checkpoint {})", trained.steps, options.train.checkpoint_path));
    return;
  }
  progress.Finish();
  const nn::EvalResult eval =
      nn::Evaluate(model, data.test, options.eval_batch, engine, &cost, &ledger, "inference");
  nlohmann::json validation_accuracy = nullptr;
  if (validation.size() > 0) {
    validation_accuracy =
        nn::Evaluate(model, validation, options.eval_batch, engine, nullptr, nullptr, "validation")
            .accuracy;
  }
  const EnergyReport report = ledger.Price(table);
  const PhaseReport* train_phase = report.FindPhase("train");
  const PhaseReport* inference_phase = report.FindPhase("inference");
  const double train_j = train_phase ? train_phase->energy_j : 0.0;
  const double inference_j_per_sample =
      inference_phase ? inference_phase->energy_j / static_cast<double>(eval.samples) : 0.0;
  const double samples_per_second =
      trained.train_seconds > 0 ? static_cast<double>(trained.samples) / trained.train_seconds
                                : 0.0;

  nlohmann::json epochs = nlohmann::json::array();
  for (const nn::EpochStats& e : trained.epochs) {
    epochs.push_back({{"epoch", e.epoch},
                      {"loss", e.loss},
                      {"train_accuracy", e.train_accuracy},
                      {"seconds", e.seconds},
                      {"samples_per_second", e.samples_per_second}});
  }
  nlohmann::json breakdown = nlohmann::json::object();
  for (const auto& [component, joules] : report.BreakdownByComponent())
    breakdown[component] = joules;
  nlohmann::json json = {
      {"command", "train"},
      {"data", options.workload.data},
      {"model", spec.ToString()},
      {"activation", options.activation},
      {"optimizer", requested},
      {"base_optimizer",
       natural ? nlohmann::json(options.train.optimizer.name) : nlohmann::json(nullptr)},
      {"learning_rate", options.train.optimizer.learning_rate},
      {"epochs", options.train.epochs},
      {"batch", options.train.batch},
      {"threads", engine.threads()},
      {"hardware", table.name()},
      {"train_samples", data.train.size()},
      {"test_samples", data.test.size()},
      {"test_accuracy", eval.accuracy},
      {"validation_accuracy", validation_accuracy},
      {"validation_samples", validation.size()},
      {"test_loss", eval.loss},
      {"train_seconds", trained.train_seconds},
      {"train_samples_per_second", samples_per_second},
      {"epoch_stats", epochs},
      {"energy",
       {{"train_j_total", train_j},
        {"train_j_per_sample",
         train_j / static_cast<double>(std::max<std::int64_t>(1, trained.samples))},
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
  summary.AddRow({"test accuracy", fmt::format("{:.2f} %", 100.0 * eval.accuracy)});
  if (!validation_accuracy.is_null()) {
    summary.AddRow({"validation accuracy",
                    fmt::format("{:.2f} %", 100.0 * validation_accuracy.get<double>())});
  }
  summary.AddRow({"training time", fmt::format("{:.2f} s", trained.train_seconds)});
  summary.AddRow({"throughput", fmt::format("{:.0f} samples/s", samples_per_second)});
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
  json["loss_per_step"] = trained.step_losses;
  double analog_s_per_step = 0.0;
  if (requested == "tngd") {
    const nn::NaturalGradientOptions& n = options.natural;
    analog_s_per_step = (n.analog_time_tau + n.delay_tau) * options.tau_s;
    json["tngd"] = {{"analog_time_tau", n.analog_time_tau},
                    {"delay_tau", n.delay_tau},
                    {"step_tau", n.step_tau},
                    {"damping", n.damping},
                    {"kappa0", n.kappa0},
                    {"tau_s", options.tau_s}};
  }
  json["time_model"] = TimeModel(report, trained.steps, analog_s_per_step);
  std::string human = fmt::format(
      "{} on {} ({} train / {} test), {} x{} epochs, batch {}, {} thread(s), priced on {}\n\n",
      spec.ToString(),
      options.workload.data,
      data.train.size(),
      data.test.size(),
      natural ? requested + " + " + options.train.optimizer.name : requested,
      options.train.epochs,
      options.train.batch,
      engine.threads(),
      table.name());
  human += summary.Render() + "\nEnergy by component (train + test inference)\n\n" + parts.Render();
  if (report.uses_assumptions)
    human += "\nSome priced entries are assumptions: see 'landauer hardware show " + table.name() +
             "'.\n";
  Emit(options.common, std::move(json), human);
}

}  // namespace

void AddWorkloadOptions(CLI::App& command, WorkloadOptions& workload) {
  command
      .add_option(
          "--data", workload.data, "fashion-mnist, digits, synthetic, or an MNIST-format directory")
      ->capture_default_str();
  command
      .add_option(
          "--pca", workload.pca, "Project inputs onto this many principal components (0 = off)")
      ->check(CLI::NonNegativeNumber);
  command.add_flag(
      "--binarize", workload.binarize, "Threshold pixels at 0.5 instead of standardising");
  command
      .add_option(
          "--max-train", workload.max_train, "Use only the first N training samples (0 = all)")
      ->check(CLI::NonNegativeNumber);
  command
      .add_option("--max-test", workload.max_test, "Use only the first N test samples (0 = all)")
      ->check(CLI::NonNegativeNumber);
}

void RegisterTrainCommand(CLI::App& app, std::vector<Command>& commands) {
  auto options = std::make_shared<TrainCliOptions>();
  CLI::App* command =
      app.add_subcommand("train", "Train the digital MLP and price it with an energy table");
  AddCommonOptions(*command, options->common);
  AddWorkloadOptions(*command, options->workload);
  command->add_option("--model", options->model, "Network, mlp:IN-HIDDEN...-OUT")
      ->capture_default_str();
  command->add_option("--activation", options->activation, "relu, tanh or gelu")
      ->capture_default_str();
  command
      ->add_option("--optimizer",
                   options->train.optimizer.name,
                   "adam, sgd, or a natural gradient: tngd (SPU), ngd (exact), ngd-cg")
      ->capture_default_str();
  command
      ->add_option("--base-optimizer",
                   options->base_optimizer,
                   "For tngd/ngd/ngd-cg: sgd, or adam (the TNGD-Adam hybrid)")
      ->capture_default_str();
  command->add_option("--damping", options->natural.damping, "Natural gradient: damping lambda")
      ->capture_default_str();
  command
      ->add_option("--analog-time",
                   options->natural.analog_time_tau,
                   "TNGD: analog time t per iteration, tau")
      ->capture_default_str();
  command->add_option("--delay", options->natural.delay_tau, "TNGD: delay t_d, tau")
      ->capture_default_str();
  command
      ->add_option("--tngd-step",
                   options->natural.step_tau,
                   "TNGD: Euler-Maruyama step, tau (0 = exact transitions)")
      ->capture_default_str();
  command->add_option("--kappa0", options->natural.kappa0, "TNGD: SPU noise variance")
      ->capture_default_str();
  command->add_option("--cg-iterations", options->natural.cg_iterations, "NGD-CG: iterations")
      ->capture_default_str();
  command
      ->add_option("--coupling-bits",
                   options->natural.coupling_bits,
                   "TNGD: bits of the programmed Jacobian and loss-Hessian values (0 = ideal; "
                   "small nets only)")
      ->capture_default_str();
  command
      ->add_option("--device-hardware", options->device_hardware, "TNGD: energy table of the SPU")
      ->capture_default_str();
  command
      ->add_option(
          "--tau-seconds", options->tau_s, "TNGD: the SPU's tau = RC in seconds (time model)")
      ->check(PositiveNumber("time constant in seconds", "--tau-seconds 1e-6"))
      ->capture_default_str();
  command->add_option("--lr", options->train.optimizer.learning_rate, "Learning rate")
      ->check(PositiveNumber("learning rate", "--lr 1e-3"))
      ->capture_default_str();
  command->add_option("--momentum", options->train.optimizer.momentum, "SGD momentum in [0, 1)")
      ->capture_default_str();
  command->add_option("--weight-decay", options->train.optimizer.weight_decay, "L2 weight decay")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--epochs", options->train.epochs, "Passes over the training set")
      ->check(PositiveNumber("number of epochs", "--epochs 5"))
      ->capture_default_str();
  command->add_option("--batch", options->train.batch, "Mini-batch size")
      ->check(PositiveNumber("batch size", "--batch 128"))
      ->capture_default_str();
  command
      ->add_option("--eval-batch", options->eval_batch, "Batch size for inference on the test set")
      ->check(PositiveNumber("batch size", "--eval-batch 1000"))
      ->capture_default_str();
  command
      ->add_option(
          "--hardware", options->hardware, "Energy table (landauer hardware list) or a .toml path")
      ->capture_default_str();
  command
      ->add_option("--validation-fraction",
                   options->validation_fraction,
                   "Hold this fraction of the training split out for validation accuracy (0 = off)")
      ->check(CLI::Range(0.0, 0.9));
  command->add_option("--checkpoint",
                      options->train.checkpoint_path,
                      "Write an atomic checkpoint here at each epoch end");
  command
      ->add_option(
          "--checkpoint-every", options->train.checkpoint_every, "Also checkpoint every N steps")
      ->check(CLI::NonNegativeNumber);
  command->add_flag("--resume", options->train.resume, "Continue from --checkpoint if it exists");
  command
      ->add_option("--stop-after-steps",
                   options->train.stop_after_steps,
                   "Checkpoint and stop after this many steps (simulates an interrupted run)")
      ->check(CLI::NonNegativeNumber);
  commands.push_back({command, [options] { RunTrain(*options); }});
}

}  // namespace landauer::cli

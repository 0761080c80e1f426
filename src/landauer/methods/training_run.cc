#include "landauer/methods/training_run.h"

#include <fmt/format.h>

#include <cmath>
#include <memory>
#include <stdexcept>

#include "landauer/core/argument_checks.h"
#include "landauer/core/parallel.h"
#include "landauer/core/progress.h"
#include "landauer/data/transforms.h"
#include "landauer/energy/hardware_catalog.h"
#include "landauer/nn/natural_gradient.h"

namespace landauer {

TrainingRun RunTraining(const TrainingJob& job, const MethodContext& context) {
  if (context.hardware == nullptr)
    throw std::invalid_argument("RunTraining needs a hardware catalog");
  nn::TrainOptions options = job.train;
  options.seed = context.seed;
  options.threads = context.threads;
  const bool tngd = job.optimizer == "tngd";
  const bool natural = tngd || job.optimizer == "ngd" || job.optimizer == "ngd-cg";
  // The job's names, checked first and named by their flags (every front end spells them so).
  if (!natural && job.optimizer != "adam" && job.optimizer != "sgd") {
    throw std::invalid_argument(
        fmt::format("--optimizer '{}': choose adam, sgd, or a natural gradient: tngd, ngd, ngd-cg",
                    job.optimizer));
  }
  if (job.base_optimizer != "adam" && job.base_optimizer != "sgd") {
    throw std::invalid_argument(
        fmt::format("--base-optimizer '{}': choose sgd or adam", job.base_optimizer));
  }
  try {
    nn::ActivationFromString(job.activation);
  } catch (const std::invalid_argument& error) {
    throw std::invalid_argument(std::string("--activation: ") + error.what());
  }
  if (job.validation_fraction < 0.0 || job.validation_fraction >= 1.0) {
    throw std::invalid_argument(
        fmt::format("--validation-fraction {}: hold out a fraction in [0, 1) (0 = off)",
                    job.validation_fraction));
  }
  if (job.tngd.coupling_bits > 0 && !tngd) {
    throw std::invalid_argument(
        "--coupling-bits: coupling_bits applies to tngd only (ngd and ngd-cg are digital)");
  }
  thermo::TngdInit tngd_init = thermo::TngdInit::kWarm;
  try {
    tngd_init = thermo::TngdInitFromString(job.tngd_init);
  } catch (const std::invalid_argument& error) {
    throw std::invalid_argument(std::string("--tngd-init: ") + error.what());
  }
  if (tngd_init == thermo::TngdInit::kGradient && !tngd) {
    throw std::invalid_argument(
        "--tngd-init gradient: the init applies to tngd only (ngd and ngd-cg have no device "
        "state)");
  }
  if (tngd_init == thermo::TngdInit::kGradient && job.tngd.delay_tau > 0.0) {
    throw std::invalid_argument(fmt::format(
        "--delay {} with --tngd-init gradient: the device restarts from the new gradient at "
        "upload, which discards what the delay computed; use --tngd-init warm or --delay 0",
        job.tngd.delay_tau));
  }
  // A fresh direction transform (it holds state: TNGD's device and its delayed batch).
  const auto make_direction = [&]() -> std::shared_ptr<nn::DirectionTransform> {
    if (tngd) {
      thermo::TngdOptions tngd_options = job.tngd;
      tngd_options.damping = job.damping;
      tngd_options.seed = context.seed;
      tngd_options.init = tngd_init;
      return std::make_shared<thermo::Tngd>(tngd_options);
    }
    if (natural) {
      return std::make_shared<nn::NaturalGradient>(
          nn::NaturalGradientOptions{.method = nn::NaturalGradientMethodFromString(job.optimizer),
                                     .damping = job.damping,
                                     .cg_iterations = job.cg_iterations});
    }
    return nullptr;
  };
  options.direction = make_direction();
  options.optimizer.name = natural ? job.base_optimizer : job.optimizer;
  options.Validate();
  CheckPositive("RunTraining", "eval_batch", job.eval_batch, "samples");
  CheckPositive("RunTraining", "tau_s", job.tau_s, "s");
  TrainingRun run;
  const bool infer_model = job.model.empty();
  if (!infer_model) {
    try {
      run.spec = nn::MlpSpec::Parse(job.model);
    } catch (const std::invalid_argument& error) {
      throw std::invalid_argument(std::string("--model: ") + error.what());
    }
    nn::CheckTrainingMemory(run.spec, 1, "--model " + job.model);  // the model, before the data
  }
  const nn::Activation activation = nn::ActivationFromString(job.activation);
  const std::vector<std::string> devices =
      tngd ? std::vector<std::string>{job.device_hardware} : std::vector<std::string>{};
  const EnergyTable table = context.hardware->Combined(job.hardware, devices);
  run.table = table.name();
  table.RequireScope(job.scope);

  WorkloadOptions workload = job.workload;
  workload.seed = context.seed;
  TrainTest data = LoadWorkload(workload);
  Dataset validation;
  if (job.validation_fraction > 0.0) {
    const double held_out =
        std::round(job.validation_fraction * static_cast<double>(data.train.size()));
    if (held_out < 1.0 || held_out >= static_cast<double>(data.train.size())) {
      throw std::invalid_argument(fmt::format(
          "--validation-fraction {} holds out {} of the {} training samples; hold out at least "
          "one and keep at least one",
          job.validation_fraction,
          held_out,
          data.train.size()));
    }
    TrainTest fit_validation = SplitTrainTest(data.train, job.validation_fraction, context.seed);
    data.train = std::move(fit_validation.train);
    validation = std::move(fit_validation.test);
  }
  if (infer_model) {
    run.spec = nn::MlpSpec::Parse(
        fmt::format("mlp:{}-256-256-{}", data.train.dimension(), data.train.num_classes));
  }
  const std::string model_name = run.spec.ToString();
  if (run.spec.widths.front() != data.train.dimension() ||
      run.spec.widths.back() < data.train.num_classes) {
    throw std::invalid_argument(fmt::format(
        "--model {} does not fit --data {}: it has {} features and {} classes; use e.g. --model "
        "mlp:{}-256-256-{}",
        model_name,
        workload.data,
        data.train.dimension(),
        data.train.num_classes,
        data.train.dimension(),
        data.train.num_classes));
  }
  run.train_samples = data.train.size();
  run.test_samples = data.test.size();
  run.validation_samples = validation.size();
  nn::CheckTrainingMemory(run.spec,
                          std::min<std::int64_t>(job.train.batch, data.train.size()),
                          fmt::format("--model {} with --batch {}", model_name, job.train.batch));

  // Every action the run will count must have a price in `table`: rehearse one step of training
  // and a small evaluation and price them, before the expensive part (issue 11, class 10).
  {
    const auto head = [](const Dataset& d, std::int64_t count) {
      std::vector<std::int64_t> rows(static_cast<std::size_t>(std::min(count, d.size())));
      for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<std::int64_t>(i);
      return d.Subset(rows);
    };
    nn::TrainOptions rehearsal = options;
    rehearsal.epochs = 1;
    rehearsal.checkpoint_path.clear();
    rehearsal.resume = false;
    rehearsal.stop_after_steps = -1;
    rehearsal.direction = make_direction();
    nn::Mlp rehearsal_model(run.spec, activation);
    rehearsal_model.Initialize(context.seed);
    nn::DigitalEngine rehearsal_engine(1);
    const std::unique_ptr<nn::CostModel> rehearsal_cost = rehearsal_engine.MakeCostModel(run.spec);
    Ledger rehearsal_ledger;
    try {
      nn::Train(rehearsal_model,
                head(data.train, std::min(options.batch, 64)),
                rehearsal,
                rehearsal_engine,
                rehearsal_cost.get(),
                &rehearsal_ledger,
                nullptr);
      nn::Evaluate(rehearsal_model,
                   head(data.test, 16),
                   job.eval_batch,
                   rehearsal_engine,
                   rehearsal_cost.get(),
                   &rehearsal_ledger,
                   "inference");
    } catch (const std::exception&) {
      // Anything but a missing price is the real run's to report, on the real data (a check may
      // depend on the batch, e.g. TNGD's Euler-Maruyama stability).
    }
    rehearsal_ledger.Price(table);
  }

  nn::Mlp model(run.spec, activation);
  model.Initialize(context.seed);
  nn::DigitalEngine engine(context.threads);
  run.threads = engine.threads();
  const std::unique_ptr<nn::CostModel> cost = engine.MakeCostModel(run.spec);
  Ledger ledger;
  {
    ProgressTask progress(context.progress, "train", nn::TrainingSteps(data.train.size(), options));
    run.trained = nn::Train(model, data.train, options, engine, cost.get(), &ledger, &progress);
    progress.End(run.trained.stopped_early ? fmt::format("stopped after step {} (checkpoint {})",
                                                         run.trained.steps,
                                                         options.checkpoint_path)
                                           : "");
  }
  if (run.trained.stopped_early) return run;
  run.test =
      nn::Evaluate(model, data.test, job.eval_batch, engine, cost.get(), &ledger, "inference");
  if (validation.size() > 0) {
    run.validation_accuracy =
        nn::Evaluate(model, validation, job.eval_batch, engine, nullptr, nullptr, "validation")
            .accuracy;
  }
  // Time from every unit (a memory outside the boundary still takes time); energy at the scope,
  // with static power over the modelled times, as compare prices its rows.
  const EnergyReport every_unit = ledger.Price(table);
  if (const PhaseReport* train = every_unit.FindPhase("train")) {
    run.train_time =
        tngd ? thermo::TngdTrainingTime(*train,
                                        run.trained.steps,
                                        (job.tngd.analog_time_tau + job.tngd.delay_tau) * job.tau_s)
             : Roofline(*train);
  }
  if (const PhaseReport* inference = every_unit.FindPhase("inference")) {
    run.inference_time = Roofline(*inference);
  }
  AddStaticPower(ledger, "train", run.train_time.seconds, table, job.scope);
  AddStaticPower(ledger, "inference", run.inference_time.seconds, table, job.scope);
  run.report = ledger.Price(table, job.scope);
  return run;
}

}  // namespace landauer

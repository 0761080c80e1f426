// landauer/methods/training_run.h — `landauer train` as one library call: an MLP trained with
// every knob (optimizer, natural gradients on a digital processor or an SPU, checkpoints,
// validation), evaluated, and priced.
//
//   TrainingJob job;  job.workload.data = "digits";  job.model = "mlp:64-32-10";
//   job.optimizer = "tngd";  job.tngd.analog_time_tau = 20;
//   TrainingRun run = RunTraining(job, context);      // context: seed, threads, progress, tables
//   run.test.accuracy;  run.report.energy_j;  run.train_time.seconds;
//
// Everything that can be checked is checked before the data is loaded and before training (exit
// code 2 in the CLI). The training runs on the exact digital engine, counted by its cost model;
// a natural gradient counts its own work (nn/natural_gradient.h, thermo/tngd.h) and TNGD's device
// is priced with `device_hardware` combined with `hardware`.
#ifndef LANDAUER_METHODS_TRAINING_RUN_H_
#define LANDAUER_METHODS_TRAINING_RUN_H_

#include <cstdint>
#include <optional>
#include <string>

#include "landauer/data/workload.h"
#include "landauer/energy/energy_report.h"
#include "landauer/methods/method.h"
#include "landauer/nn/mlp.h"
#include "landauer/nn/trainer.h"
#include "landauer/thermo/spu_cost.h"
#include "landauer/thermo/tngd.h"

namespace landauer {

struct TrainingJob {
  WorkloadOptions workload;  // its seed is the context's
  // mlp:IN-HIDDEN...-OUT; empty: mlp:IN-256-256-OUT with IN and OUT from the workload, as
  // compare's default --hidden 256,256.
  std::string model;
  std::string activation = "relu";
  // adam or sgd; or a natural gradient — tngd (an SPU), ngd (exact), ngd-cg — stepped along by
  // `base_optimizer`.
  std::string optimizer = "adam";
  std::string base_optimizer = "sgd";  // sgd, or adam (the TNGD-Adam hybrid)
  // Epochs, batch, the optimizer's settings (the name is set from the fields above), checkpoints.
  nn::TrainOptions train;
  double damping = 0.01;     // natural gradients: λ
  int cg_iterations = 10;    // ngd-cg
  thermo::TngdOptions tngd;  // tngd: analog time, delay, step, κ₀, coupling bits (λ, the seed
                             // and the init are taken from `damping`, the context and below)
  std::string tngd_init = "warm";  // tngd: warm or gradient (thermo/tngd.h)
  int eval_batch = 1000;
  double validation_fraction = 0.0;     // held out of the training split for validation accuracy
  std::string hardware = "h100";        // the digital table
  std::string device_hardware = "spu";  // tngd: the device's table
  double tau_s = 1e-6;                  // tngd: the SPU's τ = RC, for the time model
  // The system boundary of the energy (energy/scope.h), as `compare --scope`: at chip and system
  // scope the tables' static power is charged over the modelled times.
  Scope scope = Scope::kChip;
};

struct TrainingRun {
  nn::MlpSpec spec;
  std::int64_t train_samples = 0, test_samples = 0, validation_samples = 0;
  int threads = 1;  // resolved
  nn::TrainResult trained;
  // When trained.stopped_early (job.train.stop_after_steps), nothing below is set.
  nn::EvalResult test;
  std::optional<double> validation_accuracy;
  std::string table;    // the pricing table's name, e.g. "h100+spu"
  EnergyReport report;  // phases "train" and "inference", at job.scope
  // Modelled time on the substrate: the roofline of the training (TNGD: App. C,
  // thermo::TngdTrainingTime) and of the test-set inference (energy/roofline.h).
  ModelledTime train_time, inference_time;
};

// Throws std::invalid_argument / std::domain_error / InputError for bad options, tables or data.
TrainingRun RunTraining(const TrainingJob& job, const MethodContext& context);

}  // namespace landauer

#endif  // LANDAUER_METHODS_TRAINING_RUN_H_

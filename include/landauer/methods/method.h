// landauer/methods/method.h — an algorithm on a simulated substrate, comparable with all others.
//
// `landauer compare` runs every registered method (registry.h) on one workload through one
// interface:
//
//   MethodContext context{.seed = 0, .threads = 2, .progress = &terminal, .hardware = &catalog};
//   std::unique_ptr<Method> m = CreateMethod("digital-mlp", params, context);
//   Ledger train_ledger;
//   FitSummary fit = m->Fit(split.train, train_ledger);        // counts into phase "train"
//   std::vector<Evaluation> results = m->Evaluate(split.test); // one per inference variant
//
// Methods count actions; the caller prices them with the run's table combined with the method's
// device tables (compare.h). Everything a method needs from its environment — the seed, the
// threads, where to report progress, where the energy tables are, work it may share with other
// methods of the same run — comes in its MethodContext; its own knobs come as declared, validated
// parameters (method_params.h). Describe() states, among other things, how the method counts
// erased bits for the Landauer floor.
#ifndef LANDAUER_METHODS_METHOD_H_
#define LANDAUER_METHODS_METHOD_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "landauer/data/dataset.h"
#include "landauer/energy/ledger.h"
#include "landauer/energy/roofline.h"

namespace landauer {

class HardwareCatalog;  // energy/hardware_catalog.h
class ProgressSink;     // core/progress.h
class SharedWork;       // methods/shared_work.h

struct MethodInfo {
  // The registry name, e.g. "digital-mlp".
  std::string name = {};
  // The kind of computer: "digital", "thermodynamic", "reversible", ...
  std::string substrate = {};
  // One sentence.
  std::string summary = {};
  // How bits erased are counted (docs/ledger.md).
  std::string erased_bits = {};
  // Run by `compare` without --methods.
  bool in_default_set = true;
  // Tables combined with the run's table (e.g. "spu"): names or .toml paths.
  std::vector<std::string> device_tables = {};
};

// What every method gets from the run that creates it. The pointers are borrowed: they outlive
// the method.
struct MethodContext {
  std::uint64_t seed = 0;                     // the run seed; every random stream derives from it
  int threads = 0;                            // worker threads (0: all); results never depend on it
  ProgressSink* progress = nullptr;           // null: quiet (core/progress.h)
  const HardwareCatalog* hardware = nullptr;  // energy tables, for device physics read from them
  // The table this run is priced with (compare: the base table combined with the method's device
  // tables at the base's node family), for device physics read from it; or null (read `hardware`).
  const EnergyTable* priced_with = nullptr;
  SharedWork* shared = nullptr;  // work shared within one run (shared_work.h); or null
};

struct EpochPoint {
  int epoch = 0;
  double loss = 0.0;            // mean training loss
  double train_accuracy = 0.0;  // on the batches as trained
};

struct FitSummary {
  double seconds = 0.0;           // host wall time of the training loop
  std::int64_t samples = 0;       // training samples processed
  std::int64_t steps = 0;         // optimizer steps
  double final_loss = 0.0;        // mean training loss of the last epoch
  std::vector<EpochPoint> curve;  // per epoch, for the report's training curves
};

// The batch every method evaluates in (and the routing group of a mixture of experts): inference
// energy counts weight reads per batch, so rows are comparable only at one batch. Front ends that
// report a method's inference numbers outside `compare` use it too.
inline constexpr int kEvaluationBatch = 1000;

struct Evaluation {
  std::string variant;  // "fp32", "bf16", "int8", ...
  double accuracy = 0.0;
  std::int64_t samples = 0;
  double seconds = 0.0;  // host wall time
  Ledger ledger;         // phase "inference", over all `samples`
  // What the substrate wants a reader to see beside accuracy and joules, in the order given:
  // (name with its unit, value), e.g. {"density", 0.05}, {"active_macs_per_inference", 13310}.
  // Written to results.json ("metrics") and listed under compare's table.
  std::vector<std::pair<std::string, double>> metrics = {};
};

class Method {
 public:
  virtual ~Method() = default;
  // Static facts about the method; equal to its registration's (the conformance suite checks).
  virtual MethodInfo Describe() const = 0;
  // Trains on `train`, counting every action into `ledger` under phase "train" (and the bits it
  // erases). Called once, before Evaluate. Throws std::invalid_argument for data the method
  // cannot take (e.g. too many features for its substrate), before the expensive part.
  virtual FitSummary Fit(const Dataset& train, Ledger& ledger) = 0;
  // Evaluates the trained model on `test`: one Evaluation per inference variant, each with its own
  // ledger (phase "inference") over all test samples. Requires Fit; may be called more than once
  // and gives the same result each time.
  virtual std::vector<Evaluation> Evaluate(const Dataset& test) = 0;
  // The modelled time on the substrate of a priced phase: training (`variant` empty) or one
  // variant's inference over all its test samples. The default is the roofline of the table's
  // rates (energy/roofline.h); a substrate with its own time model overrides it and says so in
  // ModelledTime::model. Requires Fit.
  virtual ModelledTime ModelTime(const PhaseReport& phase, const std::string& variant) const {
    (void)variant;
    return Roofline(phase);
  }
};

}  // namespace landauer

#endif  // LANDAUER_METHODS_METHOD_H_

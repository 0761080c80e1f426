// landauer/methods/method.h — an algorithm on a simulated substrate, comparable with all others.
//
// `landauer compare` runs every registered method on one workload through one interface:
//
//   std::unique_ptr<Method> m = CreateMethod("digital-mlp", options);
//   Ledger train_ledger;
//   FitSummary fit = m->Fit(split.train, train_ledger);        // counts into phase "train"
//   std::vector<Evaluation> results = m->Evaluate(split.test); // one per inference variant
//
// Each Evaluation carries its own inference ledger (phase "inference"), so variants of one trained
// model (fp32, bf16, int8, ...) are priced separately. Methods count actions; the caller prices
// them with the chosen energy table. Describe() states, among other things, how the method counts
// erased bits for the Landauer floor.
#ifndef LANDAUER_METHODS_METHOD_H_
#define LANDAUER_METHODS_METHOD_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "landauer/core/progress.h"
#include "landauer/data/dataset.h"
#include "landauer/energy/ledger.h"

namespace landauer {

struct MethodInfo {
  std::string name;                        // registry name, e.g. "digital-mlp"
  std::string substrate;                   // "digital", "thermodynamic", ...
  std::string summary;                     // one sentence
  std::string erased_bits;                 // how bits erased are counted
  bool in_default_set = true;              // run by `compare` without --methods
  std::vector<std::string> device_tables;  // tables combined with the run's table (e.g. "spu")
};

struct MethodOptions {
  std::uint64_t seed = 0;
  int threads = 0;
  int epochs = 5;
  int batch = 128;
  double learning_rate = 1e-3;
  std::string hidden = "256-256";  // hidden widths of MLP methods
  bool show_progress = true;
  std::string hardware_dir;  // where device tables live (empty: HardwareDirectory())
};

struct FitSummary {
  double seconds = 0.0;
  std::int64_t samples = 0;
  double final_loss = 0.0;
};

struct Evaluation {
  std::string variant;  // "fp32", "bf16", "int8", ...
  double accuracy = 0.0;
  std::int64_t samples = 0;
  double seconds = 0.0;
  Ledger ledger;  // phase "inference", over all `samples`
};

class Method {
 public:
  virtual ~Method() = default;
  virtual MethodInfo Describe() const = 0;
  virtual FitSummary Fit(const Dataset& train, Ledger& ledger) = 0;
  virtual std::vector<Evaluation> Evaluate(const Dataset& test) = 0;
};

using MethodFactory = std::function<std::unique_ptr<Method>(const MethodOptions&)>;

// Adds a method; throws std::invalid_argument if the name is taken.
void RegisterMethod(const std::string& name, MethodFactory factory);
// Registered names, sorted (the built-in methods are always registered).
std::vector<std::string> MethodNames();
// The names `compare` runs by default (MethodInfo::in_default_set).
std::vector<std::string> DefaultMethodNames();
// Throws std::invalid_argument listing the registered names for an unknown name.
std::unique_ptr<Method> CreateMethod(const std::string& name, const MethodOptions& options);

}  // namespace landauer

#endif  // LANDAUER_METHODS_METHOD_H_

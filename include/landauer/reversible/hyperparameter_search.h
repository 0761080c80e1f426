// landauer/reversible/hyperparameter_search.h — learning a learning-rate schedule by running
// training backwards (Maclaurin et al. 2015, §3.1 "learning rate schedules").
//
// The hyperparameters are log α_{t,g}: one learning rate per iteration t and parameter group g
// (each layer's weights and biases). Each meta-iteration trains from the same initial weights
// with reversible SGD on a fresh seeded minibatch order, takes the validation loss f(w_T), runs
// training backwards for ∂f/∂α (ReversibleSgd), and takes an Adam step on log α
// (∂f/∂log α = α ∂f/∂α). Every meta-iteration records whether the reversal was bit-exact and the
// buffer's bits per parameter per step.
#ifndef LANDAUER_REVERSIBLE_HYPERPARAMETER_SEARCH_H_
#define LANDAUER_REVERSIBLE_HYPERPARAMETER_SEARCH_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "landauer/core/progress.h"
#include "landauer/data/dataset.h"

namespace landauer::reversible {

struct HypergradOptions {
  std::string hidden = "50-50";  // hidden widths
  int iterations = 100;          // SGD steps per training run (T)
  int batch = 100;
  int meta_iterations = 20;
  double meta_learning_rate = 0.04;  // Adam step on log α
  double gamma = 0.9;
  double initial_learning_rate = 0.5;
  double init_scale = 1.0;           // weights N(0, scale² / fan_in)
  double validation_fraction = 0.3;  // of the training set
  std::uint64_t seed = 0;
  void Validate() const;
  // The MLP's widths: inputs, the hidden widths, classes.
  std::vector<int> Widths(int inputs, int classes) const;
};

struct MetaIteration {
  double validation_loss = 0.0;  // f(w_T) before this meta-step
  double train_loss = 0.0;       // last minibatch loss of the run
  double buffer_bits_per_parameter_step = 0.0;
  double buffer_growth_per_parameter_step = 0.0;  // over the run's second half
  std::int64_t buffer_bits_allocated = 0;
  bool exact_reversal = false;
  double forward_seconds = 0.0;
  double reverse_seconds = 0.0;
  double hypergradient_norm = 0.0;
};

struct HypergradReport {
  std::vector<std::string> group_names;  // "W1", "b1", …
  std::vector<double> initial_schedule;  // iterations × groups
  std::vector<double> learned_schedule;
  std::vector<MetaIteration> meta;
  double initial_validation_loss = 0.0, learned_validation_loss = 0.0;
  double initial_test_accuracy = 0.0, learned_test_accuracy = 0.0;
  std::int64_t parameters = 0;
  std::vector<int> widths;  // the MLP's: inputs, hidden…, classes
  std::int64_t train_samples = 0, validation_samples = 0, test_samples = 0;
  nlohmann::json ToJson(const HypergradOptions& options) const;
};

HypergradReport RunHyperparameterSearch(const TrainTest& data,
                                        const HypergradOptions& options,
                                        ProgressSink* progress = nullptr);

}  // namespace landauer::reversible

#endif  // LANDAUER_REVERSIBLE_HYPERPARAMETER_SEARCH_H_

// landauer/nn/optimizer.h — first-order optimizers on the flat parameter vector.
//
//   SGD with momentum (PyTorch convention, dampening 0):
//     b ← μ b + (g + λθ);   θ ← θ − η b
//   Adam (Kingma & Ba 2015, arXiv:1412.6980), with bias correction:
//     m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  θ ← θ − η m̂ / (√v̂ + ε),
//     m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ)
//
//   auto opt = MakeOptimizer({.name = "adam", .learning_rate = 1e-3}, n);
//   opt->Step(params, grads, threads);
//
// The update is elementwise, so splitting it across threads cannot change the result.
// State() exposes every buffer and counter for checkpoints (checkpoint.h).
#ifndef LANDAUER_NN_OPTIMIZER_H_
#define LANDAUER_NN_OPTIMIZER_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace landauer::nn {

struct OptimizerOptions {
  std::string name = "adam";    // "sgd" or "adam"
  double learning_rate = 1e-3;  // η > 0
  double momentum = 0.9;        // SGD μ in [0, 1)
  double beta1 = 0.9;           // Adam β₁ in [0, 1)
  double beta2 = 0.999;         // Adam β₂ in [0, 1)
  double epsilon = 1e-8;        // Adam ε > 0
  double weight_decay = 0.0;    // λ ≥ 0 (L2, added to the gradient)

  // Throws std::domain_error / std::invalid_argument naming the bad field.
  void Validate() const;
};

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  virtual void Step(std::span<float> parameters, std::span<const float> gradient, int threads) = 0;
  // Every state buffer, in a fixed order, for checkpoints.
  virtual std::vector<std::vector<float>*> StateBuffers() = 0;
  std::int64_t steps() const { return steps_; }
  void set_steps(std::int64_t steps) { steps_ = steps; }
  const OptimizerOptions& options() const { return options_; }
  // η for the steps that follow (a schedule's step); throws std::domain_error unless η is finite
  // and > 0. The moments and the step count are kept.
  void set_learning_rate(double learning_rate);
  // Arithmetic operations per parameter per step, for the energy ledger (counted as fp32 MACs).
  virtual int MacsPerParameter() const = 0;

 protected:
  explicit Optimizer(OptimizerOptions options) : options_(std::move(options)) {}
  OptimizerOptions options_;
  std::int64_t steps_ = 0;
};

std::unique_ptr<Optimizer> MakeOptimizer(const OptimizerOptions& options, std::int64_t parameters);

}  // namespace landauer::nn

#endif  // LANDAUER_NN_OPTIMIZER_H_

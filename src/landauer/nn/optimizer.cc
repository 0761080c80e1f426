#include "landauer/nn/optimizer.h"

#include <cmath>
#include <stdexcept>

#include "landauer/core/argument_checks.h"
#include "landauer/core/check.h"
#include "landauer/core/parallel.h"

namespace landauer::nn {
namespace {

constexpr std::int64_t kElementBlock = 1 << 15;

template <typename Body>
void ForElements(std::int64_t n, int threads, Body body) {
  const std::int64_t blocks = (n + kElementBlock - 1) / kElementBlock;
  const double work = 8.0 * static_cast<double>(n);  // an update is a handful of operations
  ParallelFor(0, blocks, threads, work, [&](std::int64_t lo, std::int64_t hi) {
    body(lo * kElementBlock, std::min(n, hi * kElementBlock));
  });
}

class Sgd final : public Optimizer {
 public:
  Sgd(OptimizerOptions options, std::int64_t n)
      : Optimizer(std::move(options)), velocity_(static_cast<std::size_t>(n), 0.0f) {}

  void Step(std::span<float> theta, std::span<const float> g, int threads) override {
    LANDAUER_CHECK(theta.size() == velocity_.size() && g.size() == theta.size())
        << "Sgd: size mismatch";
    const auto lr = static_cast<float>(options_.learning_rate);
    const auto mu = static_cast<float>(options_.momentum);
    const auto decay = static_cast<float>(options_.weight_decay);
    ForElements(static_cast<std::int64_t>(theta.size()),
                threads,
                [&, lr, mu, decay](std::int64_t lo, std::int64_t hi) {
                  // The scalars captured by value and the buffers as local pointers: through
                  // references GCC reloads them every element and does not vectorise the loop.
                  float* w = theta.data();
                  const float* grads = g.data();
                  float* velocity = velocity_.data();
                  for (std::int64_t i = lo; i < hi; ++i) {
                    const float grad = grads[i] + decay * w[i];
                    velocity[i] = mu * velocity[i] + grad;
                    w[i] -= lr * velocity[i];
                  }
                });
    ++steps_;
  }
  std::vector<std::vector<float>*> StateBuffers() override { return {&velocity_}; }
  int MacsPerParameter() const override { return 2; }

 private:
  std::vector<float> velocity_;
};

class Adam final : public Optimizer {
 public:
  Adam(OptimizerOptions options, std::int64_t n)
      : Optimizer(std::move(options)),
        m_(static_cast<std::size_t>(n), 0.0f),
        v_(static_cast<std::size_t>(n), 0.0f) {}

  void Step(std::span<float> theta, std::span<const float> g, int threads) override {
    LANDAUER_CHECK(theta.size() == m_.size() && g.size() == theta.size()) << "Adam: size mismatch";
    ++steps_;
    const double t = static_cast<double>(steps_);
    const auto b1 = static_cast<float>(options_.beta1), b2 = static_cast<float>(options_.beta2);
    const double correction1 = 1.0 - std::pow(options_.beta1, t);
    const double correction2 = 1.0 - std::pow(options_.beta2, t);
    const auto step_size = static_cast<float>(options_.learning_rate / correction1);
    const auto inv_sqrt_c2 = static_cast<float>(1.0 / std::sqrt(correction2));
    const auto eps = static_cast<float>(options_.epsilon);
    const auto decay = static_cast<float>(options_.weight_decay);
    ForElements(static_cast<std::int64_t>(theta.size()),
                threads,
                [&, b1, b2, step_size, inv_sqrt_c2, eps, decay](std::int64_t lo, std::int64_t hi) {
                  float* w = theta.data();  // as in Sgd::Step, so that the loop vectorises
                  const float* grads = g.data();
                  float* m = m_.data();
                  float* v = v_.data();
                  for (std::int64_t i = lo; i < hi; ++i) {
                    const float grad = grads[i] + decay * w[i];
                    m[i] = b1 * m[i] + (1.0f - b1) * grad;
                    v[i] = b2 * v[i] + (1.0f - b2) * grad * grad;
                    w[i] -= step_size * m[i] / (std::sqrt(v[i]) * inv_sqrt_c2 + eps);
                  }
                });
  }
  std::vector<std::vector<float>*> StateBuffers() override { return {&m_, &v_}; }
  int MacsPerParameter() const override { return 5; }

 private:
  std::vector<float> m_, v_;
};

}  // namespace

void Optimizer::set_learning_rate(double learning_rate) {
  CheckPositive("Optimizer", "learning_rate", learning_rate, "");
  options_.learning_rate = learning_rate;
}

void OptimizerOptions::Validate() const {
  if (name != "sgd" && name != "adam") {
    throw std::invalid_argument("unknown optimizer '" + name + "'; choose sgd or adam");
  }
  CheckPositive("Optimizer", "learning_rate", learning_rate, "");
  CheckInInterval("Optimizer", "momentum", momentum, "", 0.0, Bound::kClosed, 1.0, Bound::kOpen);
  CheckInInterval("Optimizer", "beta1", beta1, "", 0.0, Bound::kClosed, 1.0, Bound::kOpen);
  CheckInInterval("Optimizer", "beta2", beta2, "", 0.0, Bound::kClosed, 1.0, Bound::kOpen);
  CheckPositive("Optimizer", "epsilon", epsilon, "");
  CheckNonNegative("Optimizer", "weight_decay", weight_decay, "");
}

std::unique_ptr<Optimizer> MakeOptimizer(const OptimizerOptions& options, std::int64_t parameters) {
  options.Validate();
  if (options.name == "sgd") return std::make_unique<Sgd>(options, parameters);
  return std::make_unique<Adam>(options, parameters);
}

}  // namespace landauer::nn

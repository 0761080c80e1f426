#include "landauer/reversible/reversible_sgd.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <stdexcept>

namespace landauer::reversible {

void SgdSchedule::Validate() const {
  if (iterations < 1 || groups < 1)
    throw std::invalid_argument("SgdSchedule: iterations and groups must be >= 1");
  if (learning_rate.size() !=
      static_cast<std::size_t>(iterations) * static_cast<std::size_t>(groups)) {
    throw std::invalid_argument(
        fmt::format("SgdSchedule: {} learning rates for {} iterations x {} groups",
                    learning_rate.size(),
                    iterations,
                    groups));
  }
  for (double a : learning_rate) {
    if (!std::isfinite(a)) throw std::domain_error("SgdSchedule: a learning rate is not finite");
  }
}

ReversibleSgd::ReversibleSgd(std::vector<int> group_of_parameter,
                             SgdSchedule schedule,
                             int radix_bits)
    : group_(std::move(group_of_parameter)),
      schedule_(std::move(schedule)),
      gamma_(Rational::FromGamma(schedule_.gamma)),
      radix_bits_(radix_bits) {
  schedule_.Validate();
  for (int g : group_) {
    if (g < 0 || g >= schedule_.groups) {
      throw std::invalid_argument(
          fmt::format("ReversibleSgd: parameter group {} outside [0, {})", g, schedule_.groups));
    }
  }
}

std::vector<double> ReversibleSgd::Forward(std::span<const double> w0,
                                           std::span<const double> v0,
                                           const GradientFunction& gradient) {
  const std::size_t n = group_.size();
  if (w0.size() != n || v0.size() != n)
    throw std::invalid_argument("ReversibleSgd::Forward: size mismatch");
  const auto start = std::chrono::steady_clock::now();
  w_ = std::make_unique<ExactVector>(w0, radix_bits_);
  v_ = std::make_unique<ExactVector>(v0, radix_bits_);
  w0_raw_ = w_->raw();
  v0_raw_ = v_->raw();
  const double one_minus_gamma = 1.0 - gamma_.value();
  std::vector<double> w(n), g(n), step(n);
  half_buffer_bits_ = 0.0;
  for (int t = 0; t < schedule_.iterations; ++t) {
    if (t == schedule_.iterations / 2) half_buffer_bits_ = v_->BufferBits();
    w_->Values(w);
    gradient(t, w, g);
    v_->Multiply(gamma_);
    for (std::size_t i = 0; i < n; ++i) step[i] = one_minus_gamma * g[i];
    v_->Sub(step);
    for (std::size_t i = 0; i < n; ++i) step[i] = schedule_.at(t, group_[i]) * v_->Value(i);
    w_->Add(step);
  }
  forward_done_ = true;
  forward_seconds_ =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return w_->Values();
}

Hypergradient ReversibleSgd::Reverse(std::span<const double> d_final_weights,
                                     const GradientHvpFunction& gradient_hvp) {
  if (!forward_done_) throw std::logic_error("ReversibleSgd::Reverse called before Forward");
  const std::size_t n = group_.size();
  if (d_final_weights.size() != n)
    throw std::invalid_argument("ReversibleSgd::Reverse: size mismatch");
  const auto start = std::chrono::steady_clock::now();
  const double gamma = gamma_.value(), one_minus_gamma = 1.0 - gamma;
  Hypergradient h;
  h.d_learning_rate.assign(schedule_.learning_rate.size(), 0.0);
  h.d_gamma.assign(static_cast<std::size_t>(schedule_.iterations), 0.0);
  std::vector<double> dw(d_final_weights.begin(), d_final_weights.end()), dv(n, 0.0);
  std::vector<double> w(n), v_next(n), g(n), hvp(n), step(n);
  for (int t = schedule_.iterations - 1; t >= 0; --t) {
    v_->Values(v_next);  // v_{t+1}
    for (std::size_t i = 0; i < n; ++i) {
      h.d_learning_rate[static_cast<std::size_t>(t) * static_cast<std::size_t>(schedule_.groups) +
                        static_cast<std::size_t>(group_[i])] += dw[i] * v_next[i];
      step[i] = schedule_.at(t, group_[i]) * v_next[i];
    }
    w_->Sub(step);  // w_t, exactly
    w_->Values(w);
    for (std::size_t i = 0; i < n; ++i) dv[i] += schedule_.at(t, group_[i]) * dw[i];
    gradient_hvp(t, w, dv, g, hvp);
    for (std::size_t i = 0; i < n; ++i) step[i] = one_minus_gamma * g[i];
    v_->Add(step);
    v_->Divide(gamma_);  // v_t, exactly
    double d_gamma = 0.0;
    for (std::size_t i = 0; i < n; ++i) d_gamma += dv[i] * (v_->Value(i) + g[i]);
    h.d_gamma[static_cast<std::size_t>(t)] = d_gamma;
    for (std::size_t i = 0; i < n; ++i) {
      dw[i] -= one_minus_gamma * hvp[i];
      dv[i] *= gamma;
    }
  }
  h.d_initial_weights = std::move(dw);
  h.d_initial_velocity = std::move(dv);
  h.exact_reversal = w_->raw() == w0_raw_ && v_->raw() == v0_raw_ && v_->BuffersEmpty();
  h.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  forward_done_ = false;
  return h;
}

double ReversibleSgd::buffer_bits() const { return v_ ? v_->BufferBits() : 0.0; }
std::int64_t ReversibleSgd::buffer_bits_allocated() const {
  return v_ ? v_->BufferBitsAllocated() : 0;
}

double ReversibleSgd::BufferGrowthPerParameterStep() const {
  const int second_half = schedule_.iterations - schedule_.iterations / 2;
  return (buffer_bits() - half_buffer_bits_) / (static_cast<double>(group_.size()) * second_half);
}

double ReversibleSgd::BufferBitsPerParameterStep() const {
  return buffer_bits() / (static_cast<double>(group_.size()) * schedule_.iterations);
}

}  // namespace landauer::reversible

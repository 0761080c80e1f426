#include "landauer/spiking/projection.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace landauer::spiking {
namespace {

constexpr int kMaxDelaySteps = std::numeric_limits<std::uint16_t>::max();

void CheckSizes(std::int64_t pre, std::int64_t post) {
  constexpr std::int64_t kMax = std::numeric_limits<std::int32_t>::max();
  if (pre < 0 || post < 0 || pre > kMax || post > kMax) {
    throw std::invalid_argument(fmt::format(
        "projection: {} sources and {} targets; each must be in 0 … 2^31 − 1", pre, post));
  }
}

void CheckDelay(int delay_steps) {
  if (delay_steps < 1 || delay_steps > kMaxDelaySteps) {
    throw std::invalid_argument(
        fmt::format("projection: delay of {} steps; accepted: 1 … {} (1 is the next step)",
                    delay_steps,
                    kMaxDelaySteps));
  }
}

}  // namespace

InputRing::InputRing(std::int64_t size, int slots) : size_(size), slots_(slots) {
  if (size < 0 || slots < 1) {
    throw std::invalid_argument(fmt::format("input ring of {} × {}", size, slots));
  }
  values_.assign(static_cast<std::size_t>(size) * static_cast<std::size_t>(slots), 0.0);
}

std::span<double> InputRing::at(std::int64_t step) {
  const auto slot = static_cast<std::size_t>(step % slots_);
  return {values_.data() + slot * static_cast<std::size_t>(size_), static_cast<std::size_t>(size_)};
}

void InputRing::Clear(std::int64_t step) {
  const std::span<double> values = at(step);
  std::fill(values.begin(), values.end(), 0.0);
}

Projection Projection::Dense(std::int64_t pre,
                             std::int64_t post,
                             std::vector<double> weights,
                             int delay_steps) {
  CheckSizes(pre, post);
  CheckDelay(delay_steps);
  if (std::ssize(weights) != pre * post) {
    throw std::invalid_argument(fmt::format("dense projection {} → {}: {} weights, expected {}",
                                            pre,
                                            post,
                                            weights.size(),
                                            pre * post));
  }
  Projection p;
  p.pre_ = pre;
  p.post_ = post;
  p.dense_ = true;
  p.delay_ = p.max_delay_ = delay_steps;
  p.weights_ = std::move(weights);
  return p;
}

Projection Projection::Sparse(std::int64_t pre,
                              std::int64_t post,
                              std::vector<std::int64_t> row_start,
                              std::vector<std::int32_t> targets,
                              std::vector<double> weights,
                              int delay_steps,
                              std::vector<std::uint16_t> delays) {
  CheckSizes(pre, post);
  CheckDelay(delay_steps);
  const auto nnz = std::ssize(targets);
  if (std::ssize(row_start) != pre + 1 || row_start.front() != 0 || row_start.back() != nnz ||
      !std::is_sorted(row_start.begin(), row_start.end())) {
    throw std::invalid_argument(fmt::format(
        "sparse projection {} → {}: row_start must hold {} non-decreasing offsets from 0 to {}",
        pre,
        post,
        pre + 1,
        nnz));
  }
  if (std::ssize(weights) != nnz || (!delays.empty() && std::ssize(delays) != nnz)) {
    throw std::invalid_argument(
        fmt::format("sparse projection: {} targets, {} weights and {} delays (expected {} or 0)",
                    nnz,
                    weights.size(),
                    delays.size(),
                    nnz));
  }
  for (std::int64_t s = 0; s < nnz; ++s) {
    if (targets[s] < 0 || targets[s] >= post) {
      throw std::invalid_argument(fmt::format(
          "sparse projection: synapse {} targets neuron {} of {}", s, targets[s], post));
    }
  }
  // Targets ascending within each source's row: delivery then adds in one fixed order, the same
  // as a dense projection's.
  for (std::int64_t j = 0; j < pre; ++j) {
    for (std::int64_t s = row_start[j] + 1; s < row_start[j + 1]; ++s) {
      if (targets[s] < targets[s - 1]) {
        throw std::invalid_argument(fmt::format(
            "sparse projection: the targets of source {} are not in ascending order", j));
      }
    }
  }
  Projection p;
  p.pre_ = pre;
  p.post_ = post;
  p.delay_ = p.max_delay_ = delay_steps;
  if (!delays.empty()) {
    const auto [low, high] = std::minmax_element(delays.begin(), delays.end());
    CheckDelay(*low);
    p.max_delay_ = *high;
    if (*low == *high) {
      p.delay_ = *low;
      delays.clear();
    }
  }
  p.row_start_ = std::move(row_start);
  p.targets_ = std::move(targets);
  p.weights_ = std::move(weights);
  p.delays_ = std::move(delays);
  return p;
}

Projection Projection::FixedProbability(
    std::int64_t pre, std::int64_t post, double p, double weight, int delay_steps, const Rng& rng) {
  CheckSizes(pre, post);
  if (!(p >= 0.0 && p <= 1.0)) {
    throw std::invalid_argument(
        fmt::format("projection: connection probability {}; accepted: 0 … 1", p));
  }
  std::vector<std::int64_t> row_start(static_cast<std::size_t>(pre) + 1, 0);
  std::vector<std::int32_t> targets;
  targets.reserve(static_cast<std::size_t>(
      std::min(static_cast<double>(pre) * static_cast<double>(post) * p * 1.05 + 16, 1e8)));
  const double log_q = std::log1p(-p);  // log(1 − p); −∞ at p = 1
  for (std::int64_t j = 0; j < pre; ++j) {
    if (p > 0.0) {
      Rng row = rng.Substream(static_cast<std::uint64_t>(j));
      std::int64_t k = -1;
      while (true) {
        // The gap to the next connected target: Geometric(p) on {0, 1, …}.
        const double gap = p >= 1.0 ? 0.0 : std::floor(std::log(row.UniformOpen()) / log_q);
        if (gap >= static_cast<double>(post - k - 1)) break;
        k += 1 + static_cast<std::int64_t>(gap);
        targets.push_back(static_cast<std::int32_t>(k));
      }
    }
    row_start[static_cast<std::size_t>(j) + 1] = std::ssize(targets);
  }
  std::vector<double> weights(targets.size(), weight);
  return Sparse(
      pre, post, std::move(row_start), std::move(targets), std::move(weights), delay_steps);
}

std::int64_t Projection::fan_out(std::int32_t source) const {
  if (dense_) return post_;
  return row_start_[static_cast<std::size_t>(source) + 1] -
         row_start_[static_cast<std::size_t>(source)];
}

std::int64_t Projection::Deliver(std::span<const std::int32_t> fired,
                                 std::int64_t step,
                                 InputRing& ring) const {
  if (ring.size() != post_ || ring.slots() <= max_delay_) {
    throw std::invalid_argument(fmt::format(
        "projection → {} neurons, delays ≤ {}: ring of {} neurons × {} slots is too small",
        post_,
        max_delay_,
        ring.size(),
        ring.slots()));
  }
  for (const std::int32_t j : fired) {
    if (j < 0 || j >= pre_) {
      throw std::invalid_argument(fmt::format("projection: spike of source {} of {}", j, pre_));
    }
  }
  std::int64_t events = 0;
  if (dense_) {
    double* input = ring.at(step + delay_).data();
    for (const std::int32_t j : fired) {
      const double* w =
          weights_.data() + static_cast<std::size_t>(j) * static_cast<std::size_t>(post_);
      for (std::int64_t k = 0; k < post_; ++k) input[k] += w[k];
      events += post_;
    }
    return events;
  }
  if (delays_.empty()) {
    double* input = ring.at(step + delay_).data();
    for (const std::int32_t j : fired) {
      const std::int64_t begin = row_start_[static_cast<std::size_t>(j)];
      const std::int64_t end = row_start_[static_cast<std::size_t>(j) + 1];
      for (std::int64_t s = begin; s < end; ++s) input[targets_[s]] += weights_[s];
      events += end - begin;
    }
    return events;
  }
  for (const std::int32_t j : fired) {
    const std::int64_t begin = row_start_[static_cast<std::size_t>(j)];
    const std::int64_t end = row_start_[static_cast<std::size_t>(j) + 1];
    for (std::int64_t s = begin; s < end; ++s) {
      ring.at(step + delays_[s])[static_cast<std::size_t>(targets_[s])] += weights_[s];
    }
    events += end - begin;
  }
  return events;
}

}  // namespace landauer::spiking

#include "landauer/sparse/dynamic_sparse.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>
#include <stdexcept>
#include <unordered_set>

namespace landauer::sparse {
namespace {

constexpr double kMomentumTolerance = 1e-4;  // μ^W below this: the window's bound

struct Candidate {
  float score;
  std::int64_t position;  // flat index (pruning: the non-zero index)
};

// The n candidates of smallest (ascending) or largest (descending) score, ties to the lower
// position, moved to the front of `c`; every comparison counted.
void SelectExtremes(std::vector<Candidate>& c, std::int64_t n, bool largest, double& comparisons) {
  if (n <= 0 || c.empty()) return;
  const auto cmp = [largest, &comparisons](const Candidate& a, const Candidate& b) {
    comparisons += 1.0;
    if (a.score != b.score) return largest ? a.score > b.score : a.score < b.score;
    return a.position < b.position;
  };
  if (n < std::ssize(c)) std::nth_element(c.begin(), c.begin() + n, c.end(), cmp);
}

// Index of the non-zero at `column` in row `row`, or −1.
std::int64_t FindNonzero(const SparseLinear& layer, int row, std::int32_t column) {
  const auto columns = layer.columns();
  const auto begin = columns.begin() + layer.row_start()[row];
  const auto end = columns.begin() + layer.row_start()[row + 1];
  const auto it = std::lower_bound(begin, end, column);
  return it != end && *it == column ? it - columns.begin() : -1;
}

}  // namespace

Algorithm AlgorithmFromString(std::string_view text) {
  if (text == "static") return Algorithm::kStatic;
  if (text == "set") return Algorithm::kSet;
  if (text == "rigl") return Algorithm::kRigl;
  if (text == "sparse-momentum") return Algorithm::kSparseMomentum;
  throw std::invalid_argument(fmt::format(
      "unknown sparse training algorithm '{}' (accepted: sparse-momentum, set, rigl, static)",
      text));
}

std::string_view ToString(Algorithm algorithm) {
  switch (algorithm) {
    case Algorithm::kStatic:
      return "static";
    case Algorithm::kSet:
      return "set";
    case Algorithm::kRigl:
      return "rigl";
    case Algorithm::kSparseMomentum:
      return "sparse-momentum";
  }
  return "?";
}

DynamicSparseOptions DynamicSparseOptions::Defaults(Algorithm algorithm) {
  DynamicSparseOptions o;
  o.algorithm = algorithm;
  if (algorithm == Algorithm::kRigl) {
    o.prune_rate = 0.3;
    o.prune_rate_min = 0.0;
    o.update_interval = 100;
    o.end_fraction = 0.75;
  } else if (algorithm == Algorithm::kSet) {
    o.prune_rate = 0.3;
  }
  return o;
}

void DynamicSparseOptions::Validate() const {
  const auto fail = [](std::string_view field, double value, std::string_view accepted) {
    throw std::invalid_argument(
        fmt::format("sparse training: {} = {} is invalid; accepted: {}", field, value, accepted));
  };
  if (!(learning_rate > 0.0) || !std::isfinite(learning_rate)) {
    fail("learning_rate", learning_rate, "a finite number > 0");
  }
  if (!(momentum >= 0.0 && momentum < 1.0)) fail("momentum", momentum, "a number in [0, 1)");
  if (!(weight_decay >= 0.0) || !std::isfinite(weight_decay)) {
    fail("weight_decay", weight_decay, "a finite number ≥ 0");
  }
  if (!(prune_rate >= 0.0 && prune_rate < 1.0)) {
    fail("prune_rate", prune_rate, "a number in [0, 1)");
  }
  if (!(prune_rate_min >= 0.0 && prune_rate_min <= prune_rate)) {
    fail("prune_rate_min", prune_rate_min, "a number in [0, prune_rate]");
  }
  if (update_interval < 0) fail("update_interval", update_interval, "an integer ≥ 0");
  if (algorithm == Algorithm::kRigl && update_interval == 0) {
    fail("update_interval", update_interval, "an integer ≥ 1 for RigL (its ΔT)");
  }
  if (!(end_fraction > 0.0 && end_fraction <= 1.0)) {
    fail("end_fraction", end_fraction, "a number in (0, 1]");
  }
  if (momentum_window < 0) fail("momentum_window", momentum_window, "an integer ≥ 0");
}

DynamicSparseTrainer::DynamicSparseTrainer(SparseMlp& model,
                                           const DynamicSparseOptions& options,
                                           std::int64_t steps_per_epoch,
                                           int epochs,
                                           std::uint64_t seed)
    : model_(model),
      options_(options),
      steps_per_epoch_(steps_per_epoch),
      epochs_(epochs),
      rng_(seed, "sparse.train", "regrowth") {
  options_.Validate();
  if (steps_per_epoch < 1 || epochs < 1) {
    throw std::invalid_argument(
        fmt::format("sparse training: {} steps per epoch over {} epochs; both must be ≥ 1",
                    steps_per_epoch,
                    epochs));
  }
  total_steps_ = steps_per_epoch * epochs;
  window_ = options_.momentum_window;
  if (window_ == 0) {
    window_ = options_.momentum > 0.0 ? static_cast<int>(std::ceil(std::log(kMomentumTolerance) /
                                                                   std::log(options_.momentum)))
                                      : 1;
  }
  const std::size_t layers = static_cast<std::size_t>(model_.num_layers());
  momentum_.resize(layers);
  bias_momentum_.resize(layers);
  for (std::size_t l = 0; l < layers; ++l) {
    momentum_[l].assign(static_cast<std::size_t>(model_.layer(int(l)).nonzeros()), 0.0f);
    bias_momentum_[l].assign(static_cast<std::size_t>(model_.layer(int(l)).out()), 0.0f);
  }
}

double DynamicSparseTrainer::PruneRateAt(std::int64_t step) const {
  const double end = options_.end_fraction * static_cast<double>(total_steps_);
  const double t = std::min(static_cast<double>(step), end);
  return options_.prune_rate_min + (options_.prune_rate - options_.prune_rate_min) *
                                       (1.0 + std::cos(std::numbers::pi * t / end)) / 2.0;
}

bool DynamicSparseTrainer::UpdateDue(std::int64_t step) const {
  const double end = options_.end_fraction * static_cast<double>(total_steps_);
  switch (options_.algorithm) {
    case Algorithm::kStatic:
      return false;
    case Algorithm::kRigl:
      return step >= 0 && step % options_.update_interval == 0 && double(step) < end;
    case Algorithm::kSet:
    case Algorithm::kSparseMomentum:
      if (step < 1 || step >= total_steps_ || double(step) > end) return false;
      return options_.update_interval == 0 ? step % steps_per_epoch_ == 0
                                           : step % options_.update_interval == 0;
  }
  return false;
}

std::int64_t DynamicSparseTrainer::NextUpdate(std::int64_t step) const {
  if (options_.algorithm == Algorithm::kStatic) return std::numeric_limits<std::int64_t>::max();
  const std::int64_t period =
      options_.update_interval == 0 ? steps_per_epoch_ : options_.update_interval;
  std::int64_t u = std::max<std::int64_t>(step, 1);
  u = (u + period - 1) / period * period;
  for (; u <= total_steps_; u += period) {
    if (UpdateDue(u)) return u;
  }
  return std::numeric_limits<std::int64_t>::max();
}

nn::LossResult DynamicSparseTrainer::Step(const nn::ConstMatrixRef& x,
                                          std::span<const std::int32_t> labels,
                                          int threads,
                                          SparseWork& work) {
  const nn::LossResult result = model_.Backward(x, labels, ws_, gradient_, threads);
  const double batch = static_cast<double>(x.rows());
  work.samples += x.rows();
  for (int l = 0; l < model_.num_layers(); ++l) {
    const double nnz = static_cast<double>(model_.layer(l).nonzeros());
    work.sparse_macs += nnz * batch * (l > 0 ? 3.0 : 2.0);  // no input gradient below layer 0
  }
  if (options_.algorithm == Algorithm::kRigl && UpdateDue(step_)) {
    // RigL's update step: grow by this batch's dense gradient; no SGD step (rigl's
    // sparse_optimizers_base.py takes the mask-update branch instead of apply_gradients).
    std::vector<MatrixF> scores;
    for (int l = 0; l < model_.num_layers(); ++l) {
      scores.push_back(model_.DenseWeightGradient(l, ws_).cwiseAbs());
      work.dense_gradient_macs +=
          batch * double(model_.layer(l).in()) * double(model_.layer(l).out());
    }
    work.dense_products += 1.0;
    work.dense_gradient_rows += batch;
    Update(scores, work);
    ++step_;
    return result;
  }
  if (options_.algorithm == Algorithm::kSparseMomentum &&
      NextUpdate(step_ + 1) - (step_ + 1) < window_) {
    AccumulateDenseMomentum(threads, work);
  }
  SgdStep();
  ++work.steps;
  ++step_;
  if (options_.algorithm != Algorithm::kRigl && UpdateDue(step_)) {
    std::vector<MatrixF> scores;
    if (options_.algorithm == Algorithm::kSparseMomentum) {
      scores = std::move(dense_momentum_);
      dense_momentum_.clear();
      // A connection's own momentum is exact: it ranks the just-pruned for regrowth.
      for (int l = 0; l < model_.num_layers(); ++l) {
        const SparseLinear& layer = model_.layer(l);
        MatrixF& s = scores[static_cast<std::size_t>(l)];
        for (int i = 0; i < layer.out(); ++i) {
          for (std::int64_t k = layer.row_start()[i]; k < layer.row_start()[i + 1]; ++k) {
            s(i, layer.columns()[k]) = momentum_[l][k];
          }
        }
        s = s.cwiseAbs();
      }
    }
    Update(scores, work);
  }
  return result;
}

void DynamicSparseTrainer::AccumulateDenseMomentum(int threads, SparseWork& work) {
  (void)threads;
  const double batch = static_cast<double>(ws_.a[0].cols());
  const bool open = dense_momentum_.empty();
  if (open) dense_momentum_.resize(static_cast<std::size_t>(model_.num_layers()));
  for (int l = 0; l < model_.num_layers(); ++l) {
    MatrixF g = model_.DenseWeightGradient(l, ws_);
    MatrixF& m = dense_momentum_[static_cast<std::size_t>(l)];
    if (open) {
      m = std::move(g);
    } else {
      m = static_cast<float>(options_.momentum) * m + g;
    }
    const double size = double(model_.layer(l).in()) * double(model_.layer(l).out());
    work.dense_gradient_macs += batch * size;
    if (!open) work.dense_momentum_updates += size;  // the first step only stores G
  }
  work.dense_products += 1.0;
  work.dense_gradient_rows += batch;
}

void DynamicSparseTrainer::SgdStep() {
  const float lr = static_cast<float>(options_.learning_rate);
  const float mu = static_cast<float>(options_.momentum);
  const float decay = static_cast<float>(options_.weight_decay);
  const auto step = [&](std::span<float> w, std::span<const float> g, std::span<float> m) {
    for (std::size_t k = 0; k < w.size(); ++k) {
      const float gk = g[k] + decay * w[k];
      m[k] = mu * m[k] + gk;
      w[k] -= lr * (gk + mu * m[k]);
    }
  };
  for (int l = 0; l < model_.num_layers(); ++l) {
    const auto i = static_cast<std::size_t>(l);
    step(model_.layer(l).values(), gradient_.weights[i], momentum_[i]);
    step(model_.layer(l).bias(), gradient_.biases[i], bias_momentum_[i]);
  }
}

void DynamicSparseTrainer::Update(const std::vector<MatrixF>& scores, SparseWork& work) {
  const int layers = model_.num_layers();
  const auto n_layers = static_cast<std::size_t>(layers);
  const bool random = options_.algorithm == Algorithm::kSet;
  if (!random && scores.size() != n_layers) {
    throw std::logic_error("sparse training: an update without regrowth scores");
  }
  const double rate = PruneRateAt(step_);
  ++work.updates;

  // Sparse momentum's shares: mean |m| over each layer's connections, before pruning.
  std::vector<double> share(n_layers, 1.0);
  if (options_.algorithm == Algorithm::kSparseMomentum) {
    double total = 0.0;
    for (std::size_t l = 0; l < n_layers; ++l) {
      double sum = 0.0;
      for (const float m : momentum_[l]) sum += std::abs(m);
      share[l] = momentum_[l].empty() ? 0.0 : sum / double(momentum_[l].size());
      total += share[l];
    }
    for (double& s : share) s = total > 0.0 ? s / total : 1.0 / layers;
  }

  // Prune.
  std::vector<std::vector<std::uint8_t>> keep(n_layers);
  std::vector<std::int64_t> pruned(n_layers, 0), free_positions(n_layers, 0);
  std::int64_t total_pruned = 0;
  for (std::size_t l = 0; l < n_layers; ++l) {
    const SparseLinear& layer = model_.layer(int(l));
    const auto w = layer.values();
    const std::int64_t nnz = layer.nonzeros();
    keep[l].assign(static_cast<std::size_t>(nnz), 1);
    double r = rate;
    if (options_.algorithm == Algorithm::kSparseMomentum && layer.density() > 0.8 &&
        share[l] > 1.0 / layers) {
      r = std::min(r, 1.0 - layer.density());
    }
    const auto prune_smallest = [&](std::vector<Candidate>& c, std::int64_t n) {
      n = std::min<std::int64_t>(n, std::ssize(c));
      SelectExtremes(c, n, /*largest=*/false, work.comparisons);
      for (std::int64_t q = 0; q < n; ++q) keep[l][static_cast<std::size_t>(c[q].position)] = 0;
      pruned[l] += n;
    };
    if (options_.algorithm == Algorithm::kSet) {
      // Mocanu et al.: the fraction ζ of the positive weights closest to zero, and of the
      // negative ones.
      std::vector<Candidate> positive, negative;
      for (std::int64_t k = 0; k < nnz; ++k) {
        (w[k] >= 0.0f ? positive : negative).push_back({std::abs(w[k]), k});
      }
      prune_smallest(positive, static_cast<std::int64_t>(std::ceil(r * double(positive.size()))));
      prune_smallest(negative, static_cast<std::int64_t>(std::ceil(r * double(negative.size()))));
    } else {
      std::vector<Candidate> all(static_cast<std::size_t>(nnz));
      for (std::int64_t k = 0; k < nnz; ++k) all[k] = {std::abs(w[k]), k};
      const double exact = r * double(nnz);
      prune_smallest(
          all,
          static_cast<std::int64_t>(options_.algorithm == Algorithm::kRigl ? std::floor(exact)
                                                                           : std::ceil(exact)));
    }
    total_pruned += pruned[l];
    free_positions[l] = std::int64_t{layer.in()} * layer.out() - (nnz - pruned[l]);
  }

  // How many each layer regrows: its own count, or (sparse momentum) Σ pruned by share.
  std::vector<std::int64_t> regrow = pruned;
  if (options_.algorithm == Algorithm::kSparseMomentum) {
    std::fill(regrow.begin(), regrow.end(), 0);
    std::int64_t left = total_pruned;
    std::vector<bool> open(n_layers);
    for (std::size_t l = 0; l < n_layers; ++l) open[l] = free_positions[l] > 0;
    while (left > 0) {
      double open_share = 0.0;
      int open_layers = 0;
      for (std::size_t l = 0; l < n_layers; ++l) {
        if (open[l]) open_share += share[l], ++open_layers;
      }
      if (open_layers == 0) break;  // cannot happen: Σ free ≥ Σ pruned
      std::vector<double> want(n_layers, 0.0);
      std::vector<std::int64_t> give(n_layers, 0);
      std::int64_t given = 0;
      for (std::size_t l = 0; l < n_layers; ++l) {
        if (!open[l]) continue;
        want[l] = double(left) * (open_share > 0.0 ? share[l] / open_share : 1.0 / open_layers);
        give[l] = static_cast<std::int64_t>(std::floor(want[l]));
        given += give[l];
      }
      // Largest remainders first (ties to the lower layer), over the open layers.
      std::vector<std::size_t> order;
      for (std::size_t l = 0; l < n_layers; ++l) {
        if (open[l]) order.push_back(l);
      }
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return want[a] - std::floor(want[a]) > want[b] - std::floor(want[b]);
      });
      for (std::size_t q = 0; given < left; q = (q + 1) % order.size()) ++give[order[q]], ++given;
      std::int64_t placed = 0;
      for (std::size_t l = 0; l < n_layers; ++l) {
        if (!open[l]) continue;
        const std::int64_t taken = std::min(give[l], free_positions[l] - regrow[l]);
        regrow[l] += taken;
        placed += taken;
        if (regrow[l] == free_positions[l]) open[l] = false;  // full: the excess goes on
      }
      left -= placed;
    }
  }

  // Regrow and rewire.
  for (std::size_t l = 0; l < n_layers; ++l) {
    SparseLinear& layer = model_.layer(int(l));
    const std::int64_t in = layer.in(), out = layer.out();
    const std::int64_t n = std::min(regrow[l], free_positions[l]);
    std::vector<std::int64_t> grown;
    const auto take = [&](std::int64_t flat) {
      const std::int64_t k =
          FindNonzero(layer, static_cast<int>(flat / in), static_cast<std::int32_t>(flat % in));
      if (k >= 0) {
        keep[l][static_cast<std::size_t>(k)] = 1;  // pruned and regrown: keeps w and m
      } else {
        grown.push_back(flat);
      }
    };
    if (n > 0 && random) {
      if (4 * n <= free_positions[l]) {
        // Rejection sampling: uniform over the positions not kept.
        std::unordered_set<std::int64_t> chosen;
        while (std::ssize(chosen) < n) {
          const auto flat = static_cast<std::int64_t>(rng_.UniformInt(std::uint64_t(in * out)));
          work.random_draws += 1.0;
          const std::int64_t k =
              FindNonzero(layer, static_cast<int>(flat / in), static_cast<std::int32_t>(flat % in));
          if (k >= 0 && keep[l][static_cast<std::size_t>(k)]) continue;
          if (chosen.insert(flat).second) take(flat);
        }
      } else {
        // Dense enough to enumerate: a partial Fisher–Yates shuffle of the free positions.
        std::vector<std::int64_t> free;
        work.scanned_positions += double(in * out);
        for (std::int64_t f = 0; f < in * out; ++f) {
          const std::int64_t k =
              FindNonzero(layer, static_cast<int>(f / in), static_cast<std::int32_t>(f % in));
          if (k < 0 || !keep[l][static_cast<std::size_t>(k)]) free.push_back(f);
        }
        for (std::int64_t q = 0; q < n; ++q) {
          const auto r =
              q + static_cast<std::int64_t>(rng_.UniformInt(std::uint64_t(std::ssize(free) - q)));
          work.random_draws += 1.0;
          std::swap(free[q], free[r]);
          take(free[q]);
        }
      }
    } else if (n > 0) {
      const MatrixF& s = scores[l];
      std::vector<Candidate> candidates;
      candidates.reserve(static_cast<std::size_t>(free_positions[l]));
      for (std::int64_t i = 0; i < out; ++i) {
        std::int64_t k = layer.row_start()[i];
        const std::int64_t end = layer.row_start()[i + 1];
        for (std::int64_t j = 0; j < in; ++j) {
          while (k < end && layer.columns()[k] < j) ++k;
          if (k < end && layer.columns()[k] == j && keep[l][static_cast<std::size_t>(k)]) continue;
          candidates.push_back({s(i, j), i * in + j});
        }
      }
      work.scanned_positions += double(in * out);
      SelectExtremes(candidates, n, /*largest=*/true, work.comparisons);
      for (std::int64_t q = 0; q < n; ++q) take(candidates[q].position);
    }
    work.pruned += pruned[l];
    work.regrown += n;
    AlignedFloats* state[] = {&momentum_[l]};
    for (const std::uint8_t k : keep[l]) work.rewired_read += k != 0 ? 1.0 : 0.0;
    layer.Rewire(keep[l], grown, state);
    work.rewired_written += double(layer.nonzeros());
  }
}

}  // namespace landauer::sparse

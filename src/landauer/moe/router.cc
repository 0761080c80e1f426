#include "landauer/moe/router.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>
#include <stdexcept>

namespace landauer::moe {
namespace {

constexpr double kCvEpsilon = 1e-10;    // Shazeer et al.'s cv_squared
constexpr double kNoiseEpsilon = 1e-2;  // the noise scale's floor (tensor2tensor's noise_epsilon)

double Softplus(double x) { return std::max(x, 0.0) + std::log1p(std::exp(-std::abs(x))); }
double Sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }
double NormalPdf(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi); }
double NormalCdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }

// Indices of the n largest values of `row` (E of them), largest first, ties to the lower index.
std::vector<int> TopIndices(const float* row, int e, int n) {
  std::vector<int> index(static_cast<std::size_t>(e));
  std::iota(index.begin(), index.end(), 0);
  std::partial_sort(index.begin(), index.begin() + n, index.end(), [row](int a, int b) {
    return row[a] != row[b] ? row[a] > row[b] : a < b;
  });
  index.resize(static_cast<std::size_t>(n));
  return index;
}

// ∂CV²/∂xᵢ for CV² = var/(mean² + ε), population variance.
std::vector<double> CvSquaredGradient(std::span<const double> x) {
  const double n = static_cast<double>(x.size());
  double mean = 0.0;
  for (const double v : x) mean += v / n;
  double var = 0.0;
  for (const double v : x) var += (v - mean) * (v - mean) / n;
  const double d = mean * mean + kCvEpsilon;
  std::vector<double> g(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double dvar = 2.0 * (x[i] - mean) / n, dd = 2.0 * mean / n;
    g[i] = (dvar * d - var * dd) / (d * d);
  }
  return g;
}

// The k-th largest of `row` excluding component i, and its index; (−∞, −1) when there is none.
std::pair<double, int> KthExcluding(const std::vector<int>& top, const float* row, int k, int i) {
  // `top` holds the k + 1 largest (or all E when E ≤ k).
  int seen = 0;
  for (const int m : top) {
    if (m == i) continue;
    if (++seen == k) return {row[m], m};
  }
  return {-std::numeric_limits<double>::infinity(), -1};
}

}  // namespace

Gating GatingFromString(std::string_view text) {
  if (text == "switch") return Gating::kSwitch;
  if (text == "noisy-top-k") return Gating::kNoisyTopK;
  throw std::invalid_argument(
      fmt::format("unknown gating '{}' (accepted: switch, noisy-top-k)", text));
}

std::string_view ToString(Gating gating) {
  return gating == Gating::kSwitch ? "switch" : "noisy-top-k";
}

void RouterOptions::Validate() const {
  const auto fail = [](std::string_view field, double value, std::string_view accepted) {
    throw std::invalid_argument(fmt::format(
        "mixture of experts: {} = {} is invalid; accepted: {}", field, value, accepted));
  };
  if (experts < 1) fail("experts", experts, "an integer ≥ 1");
  if (k < 1 || k > experts)
    fail("top_k", k, fmt::format("an integer in [1, experts = {}]", experts));
  if (gating == Gating::kSwitch && k != 1) fail("top_k", k, "1 for Switch routing");
  if (!(capacity_factor >= 0.0) || !std::isfinite(capacity_factor)) {
    fail("capacity_factor", capacity_factor, "a number > 0 (or 0 for no limit)");
  }
  if (!(aux_weight >= 0.0)) fail("aux_weight", aux_weight, "a number ≥ 0");
  if (!(importance_weight >= 0.0)) fail("importance_weight", importance_weight, "a number ≥ 0");
  if (!(load_weight >= 0.0)) fail("load_weight", load_weight, "a number ≥ 0");
}

std::int64_t RouterOptions::Capacity(std::int64_t tokens) const {
  if (capacity_factor == 0.0) return tokens;
  return static_cast<std::int64_t>(
      std::ceil(double(k) * double(tokens) * capacity_factor / double(experts)));
}

double SwitchAuxLoss(std::span<const double> fraction,
                     std::span<const double> mean_probability,
                     double alpha) {
  double sum = 0.0;
  for (std::size_t i = 0; i < fraction.size(); ++i) sum += fraction[i] * mean_probability[i];
  return alpha * static_cast<double>(fraction.size()) * sum;
}

double CvSquared(std::span<const double> x) {
  const double n = static_cast<double>(x.size());
  double mean = 0.0;
  for (const double v : x) mean += v / n;
  double var = 0.0;
  for (const double v : x) var += (v - mean) * (v - mean) / n;
  return var / (mean * mean + kCvEpsilon);
}

Routing Route(const MatrixF& logits,
              const MatrixF* noise_logits,
              const MatrixF* normal,
              const RouterOptions& options) {
  options.Validate();
  const int t_count = static_cast<int>(logits.rows()), e = static_cast<int>(logits.cols());
  if (e != options.experts) {
    throw std::invalid_argument(
        fmt::format("router: {} logits per token for {} experts", e, options.experts));
  }
  const bool noisy = options.gating == Gating::kNoisyTopK;
  const bool noise = noisy && noise_logits != nullptr;
  if (noise && (normal == nullptr || noise_logits->rows() != t_count || noise_logits->cols() != e ||
                normal->rows() != t_count || normal->cols() != e)) {
    throw std::invalid_argument("router: noise logits and normal draws must be T × E each");
  }
  const int k = options.k;
  Routing r;
  r.tokens = t_count;
  r.experts = e;
  r.k = k;
  r.capacity = options.Capacity(t_count);
  r.noise_applied = noise;
  r.logits = logits;
  r.expert.resize(static_cast<std::size_t>(t_count) * k);
  r.gate.resize(r.expert.size());
  r.kept.assign(r.expert.size(), 0);
  r.slots.assign(static_cast<std::size_t>(e), {});
  r.fraction.assign(static_cast<std::size_t>(e), 0.0);
  r.mean_probability.assign(static_cast<std::size_t>(e), 0.0);
  r.importance.assign(static_cast<std::size_t>(e), 0.0);
  r.kept_per_expert.assign(static_cast<std::size_t>(e), 0);
  if (noisy) {
    r.noisy = logits;
    if (noise) {
      r.noise_scale.resize(t_count, e);
      r.normal = *normal;
      for (int t = 0; t < t_count; ++t) {
        for (int i = 0; i < e; ++i) {
          r.noise_scale(t, i) = static_cast<float>(Softplus((*noise_logits)(t, i)) + kNoiseEpsilon);
          r.noisy(t, i) += (*normal)(t, i) * r.noise_scale(t, i);
        }
      }
    }
  } else {
    r.probabilities.resize(t_count, e);
    for (int t = 0; t < t_count; ++t) {
      const float top = logits.row(t).maxCoeff();
      double z = 0.0;
      for (int i = 0; i < e; ++i) z += std::exp(double(logits(t, i)) - top);
      for (int i = 0; i < e; ++i) {
        r.probabilities(t, i) = static_cast<float>(std::exp(double(logits(t, i)) - top) / z);
      }
    }
  }
  // Choices and gates.
  for (int t = 0; t < t_count; ++t) {
    const std::size_t base = static_cast<std::size_t>(t) * k;
    if (!noisy) {
      const std::vector<int> top = TopIndices(r.probabilities.row(t).data(), e, 1);
      r.expert[base] = top[0];
      r.gate[base] = r.probabilities(t, top[0]);
      for (int i = 0; i < e; ++i) r.mean_probability[i] += r.probabilities(t, i) / t_count;
    } else {
      const std::vector<int> top = TopIndices(r.noisy.row(t).data(), e, k);
      const double high = r.noisy(t, top[0]);
      double z = 0.0;
      for (int j = 0; j < k; ++j) z += std::exp(double(r.noisy(t, top[j])) - high);
      for (int j = 0; j < k; ++j) {
        r.expert[base + j] = top[j];
        r.gate[base + j] = static_cast<float>(std::exp(double(r.noisy(t, top[j])) - high) / z);
        r.mean_probability[top[j]] += r.gate[base + j] / double(t_count);
      }
    }
    r.fraction[r.expert[base]] += 1.0 / t_count;
    for (int j = 0; j < k; ++j) r.importance[r.expert[base + j]] += r.gate[base + j];
  }
  // Capacity: first choices in token order, then second choices, ...
  for (int j = 0; j < k; ++j) {
    for (int t = 0; t < t_count; ++t) {
      const std::size_t s = static_cast<std::size_t>(t) * k + j;
      const int x = r.expert[s];
      if (r.kept_per_expert[x] < r.capacity) {
        r.kept[s] = 1;
        ++r.kept_per_expert[x];
        r.slots[x].push_back(static_cast<std::int32_t>(s));
      } else {
        ++r.dropped;
      }
    }
  }
  // Auxiliary losses.
  if (!noisy) {
    r.aux_loss = SwitchAuxLoss(r.fraction, r.mean_probability, options.aux_weight);
  } else {
    r.aux_loss = options.importance_weight * CvSquared(r.importance);
    if (noise) {
      r.load.assign(static_cast<std::size_t>(e), 0.0);
      for (int t = 0; t < t_count; ++t) {
        const std::vector<int> top = TopIndices(r.noisy.row(t).data(), e, std::min(k + 1, e));
        for (int i = 0; i < e; ++i) {
          const auto [threshold, m] = KthExcluding(top, r.noisy.row(t).data(), k, i);
          r.load[i] += m < 0 ? 1.0 : NormalCdf((logits(t, i) - threshold) / r.noise_scale(t, i));
        }
      }
      r.aux_loss += options.load_weight * CvSquared(r.load);
    }
  }
  return r;
}

RouterGradient RouteBackward(const Routing& r,
                             std::span<const float> gate_gradient,
                             const MatrixF* noise_logits,
                             const RouterOptions& options) {
  if (gate_gradient.size() != r.gate.size()) {
    throw std::invalid_argument(
        fmt::format("router: {} gate gradients for {} slots", gate_gradient.size(), r.gate.size()));
  }
  const int t_count = r.tokens, e = r.experts, k = r.k;
  RouterGradient g;
  g.logits = MatrixF::Zero(t_count, e);
  if (options.gating == Gating::kSwitch) {
    const std::vector<double>& f = r.fraction;
    std::vector<double> dp(static_cast<std::size_t>(e));
    for (int t = 0; t < t_count; ++t) {
      // ∂aux/∂p_t,i = α·E·fᵢ/T; the gate p_e* carries the experts' gradient.
      for (int i = 0; i < e; ++i) dp[i] = options.aux_weight * e * f[i] / t_count;
      const std::size_t s = static_cast<std::size_t>(t);
      if (r.kept[s]) dp[r.expert[s]] += gate_gradient[s];
      double dot = 0.0;
      for (int i = 0; i < e; ++i) dot += dp[i] * r.probabilities(t, i);
      for (int i = 0; i < e; ++i) {
        g.logits(t, i) = static_cast<float>(r.probabilities(t, i) * (dp[i] - dot));
      }
    }
    return g;
  }
  // Noisy top-k: ∂/∂G from the experts and the importance loss, then through the top-k softmax to
  // H; the load loss to the clean logits, the noise scale and each threshold's H.
  MatrixF dh = MatrixF::Zero(t_count, e);
  MatrixF dscale = MatrixF::Zero(t_count, e);
  std::vector<double> dimportance(static_cast<std::size_t>(e), 0.0);
  if (options.importance_weight > 0.0) {
    dimportance = CvSquaredGradient(r.importance);
    for (double& d : dimportance) d *= options.importance_weight;
  }
  for (int t = 0; t < t_count; ++t) {
    const std::size_t base = static_cast<std::size_t>(t) * k;
    std::vector<double> dgate(static_cast<std::size_t>(k));
    double dot = 0.0;
    for (int j = 0; j < k; ++j) {
      dgate[j] =
          (r.kept[base + j] ? gate_gradient[base + j] : 0.0) + dimportance[r.expert[base + j]];
      dot += dgate[j] * r.gate[base + j];
    }
    for (int j = 0; j < k; ++j) {
      dh(t, r.expert[base + j]) += static_cast<float>(r.gate[base + j] * (dgate[j] - dot));
    }
  }
  if (r.noise_applied && options.load_weight > 0.0 && k < e) {
    std::vector<double> dload = CvSquaredGradient(r.load);
    for (double& d : dload) d *= options.load_weight;
    for (int t = 0; t < t_count; ++t) {
      const std::vector<int> top = TopIndices(r.noisy.row(t).data(), e, std::min(k + 1, e));
      for (int i = 0; i < e; ++i) {
        const auto [threshold, m] = KthExcluding(top, r.noisy.row(t).data(), k, i);
        if (m < 0) continue;
        const double sigma = r.noise_scale(t, i);
        const double z = (r.logits(t, i) - threshold) / sigma;
        const double dz = dload[i] * NormalPdf(z);
        g.logits(t, i) += static_cast<float>(dz / sigma);
        dscale(t, i) += static_cast<float>(-dz * z / sigma);
        dh(t, m) += static_cast<float>(-dz / sigma);
      }
    }
  }
  // H = logits + ε·softplus(n).
  g.logits += dh;
  if (r.noise_applied) {
    if (noise_logits == nullptr) {
      throw std::invalid_argument("router: the noise logits of a noisy routing are needed");
    }
    dscale += dh.cwiseProduct(r.normal);
    g.noise_logits.resize(t_count, e);
    for (int t = 0; t < t_count; ++t) {
      for (int i = 0; i < e; ++i) {
        g.noise_logits(t, i) = static_cast<float>(dscale(t, i) * Sigmoid((*noise_logits)(t, i)));
      }
    }
  }
  return g;
}

}  // namespace landauer::moe

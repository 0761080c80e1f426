#include "landauer/spiking/snn_mlp.h"

#include <fmt/format.h>

#include <cmath>
#include <numbers>
#include <stdexcept>

#include "landauer/core/rng.h"
#include "landauer/nn/linear_engine.h"

namespace landauer::spiking {
namespace {

void Fail(std::string_view field, double value, std::string_view accepted) {
  throw std::invalid_argument(
      fmt::format("spiking network: {} = {} is invalid; accepted: {}", field, value, accepted));
}

// Row-wise softmax cross-entropy of `logits` (B × C) against labels: adds scale·(p − onehot) to
// `gradient` and returns the mean loss.
double AddCrossEntropy(const MatrixF& logits,
                       std::span<const std::int32_t> labels,
                       double scale,
                       Eigen::Ref<MatrixF> gradient) {
  double loss = 0.0;
  for (Eigen::Index r = 0; r < logits.rows(); ++r) {
    const float top = logits.row(r).maxCoeff();
    double sum = 0.0;
    for (Eigen::Index c = 0; c < logits.cols(); ++c) sum += std::exp(double{logits(r, c)} - top);
    for (Eigen::Index c = 0; c < logits.cols(); ++c) {
      const double p = std::exp(double{logits(r, c)} - top) / sum;
      gradient(r, c) += static_cast<float>(scale * (p - (c == labels[r] ? 1.0 : 0.0)));
    }
    loss += std::log(sum) - (double{logits(r, labels[r])} - top);
  }
  return loss / static_cast<double>(logits.rows());
}

}  // namespace

Surrogate SurrogateFromString(std::string_view text) {
  if (text == "fast-sigmoid") return Surrogate::kFastSigmoid;
  if (text == "arctan") return Surrogate::kArctan;
  throw std::invalid_argument(
      fmt::format("unknown surrogate '{}' (accepted: fast-sigmoid, arctan)", text));
}

SnnLoss SnnLossFromString(std::string_view text) {
  if (text == "membrane") return SnnLoss::kMembrane;
  if (text == "count") return SnnLoss::kCount;
  if (text == "rate") return SnnLoss::kRate;
  if (text == "first-spike") return SnnLoss::kFirstSpike;
  throw std::invalid_argument(fmt::format(
      "unknown spiking loss '{}' (accepted: membrane, count, rate, first-spike)", text));
}

std::string_view ToString(Surrogate surrogate) {
  return surrogate == Surrogate::kFastSigmoid ? "fast-sigmoid" : "arctan";
}

std::string_view ToString(SnnLoss loss) {
  switch (loss) {
    case SnnLoss::kMembrane:
      return "membrane";
    case SnnLoss::kCount:
      return "count";
    case SnnLoss::kRate:
      return "rate";
    case SnnLoss::kFirstSpike:
      return "first-spike";
  }
  return "?";
}

double SurrogateGradient(Surrogate surrogate, double slope, double u) {
  if (surrogate == Surrogate::kFastSigmoid) {
    const double d = 1.0 + slope * std::abs(u);
    return 1.0 / (d * d);
  }
  const double a = std::numbers::pi * slope * u / 2.0;
  return slope / 2.0 / (1.0 + a * a);
}

void SnnSpec::Validate() const {
  if (widths.size() < 2) Fail("widths", static_cast<double>(widths.size()), "at least 2 widths");
  for (const int w : widths) {
    if (w < 1 || w > (1 << 24)) Fail("width", w, "1 … 2^24");
  }
  if (steps < 1 || steps > 100000) Fail("steps (T)", steps, "1 … 100000 time steps");
  if (!(beta > 0.0 && beta <= 1.0)) {
    Fail("beta", beta, "a decay in (0, 1]: e^{-dt/tau}, or 1 for IF neurons");
  }
  if (!(threshold > 0.0) || !std::isfinite(threshold)) {
    Fail("threshold", threshold, "a finite threshold > 0, the reset value");
  }
  if (!(slope > 0.0) || !std::isfinite(slope)) Fail("slope", slope, "a finite slope > 0");
}

std::int64_t SnnSpec::parameters() const {
  std::int64_t n = 0;
  for (std::size_t l = 0; l + 1 < widths.size(); ++l) {
    n += std::int64_t{widths[l + 1]} * (widths[l] + 1);
  }
  return n;
}

SnnMlp::SnnMlp(SnnSpec spec) : spec_(std::move(spec)) {
  spec_.Validate();
  std::int64_t at = 0;
  for (int l = 0; l < spec_.layers(); ++l) {
    offset_.push_back(at);
    at += std::int64_t{spec_.widths[l + 1]} * (spec_.widths[l] + 1);
  }
  theta_.assign(static_cast<std::size_t>(at), 0.0f);
}

void SnnMlp::Initialize(std::uint64_t seed) {
  Rng rng(seed, "spiking.snn_mlp", "init");
  for (int l = 0; l < spec_.layers(); ++l) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(spec_.widths[l]));
    const std::int64_t n = std::int64_t{spec_.widths[l + 1]} * (spec_.widths[l] + 1);
    for (std::int64_t k = 0; k < n; ++k) {
      theta_[static_cast<std::size_t>(offset_[l] + k)] =
          static_cast<float>((2.0 * rng.Uniform() - 1.0) * bound);
    }
  }
}

Eigen::Map<const MatrixF> SnnMlp::Weight(int l) const {
  return {theta_.data() + offset_[l], spec_.widths[l + 1], spec_.widths[l]};
}

Eigen::Map<MatrixF> SnnMlp::Weight(int l) {
  return {theta_.data() + offset_[l], spec_.widths[l + 1], spec_.widths[l]};
}

std::span<const float> SnnMlp::Bias(int l) const {
  return {theta_.data() + offset_[l] + std::int64_t{spec_.widths[l + 1]} * spec_.widths[l],
          static_cast<std::size_t>(spec_.widths[l + 1])};
}

void SnnMlp::RunLayer(int l, Workspace& ws, int threads) const {
  const bool held = l == 0 && ws.held_input;
  const MatrixF& in = l == 0 ? ws.inputs[0] : ws.z[l - 1];
  const nn::DigitalEngine engine(threads);
  engine.Forward(in, Weight(l), ws.current);
  const std::span<const float> bias = Bias(l);
  const std::int64_t b = ws.batch, out = spec_.widths[l + 1];
  const int steps = spec_.steps;
  MatrixF& v = ws.v[l];
  MatrixF& z = ws.z[l];
  v.resize(steps * b, out);
  z.resize(steps * b, out);
  const auto beta = static_cast<float>(spec_.beta), theta = static_cast<float>(spec_.threshold);
  for (std::int64_t s = 0; s < b; ++s) {
    float* __restrict vp = nullptr;
    const float* __restrict zp = nullptr;
    for (int t = 0; t < steps; ++t) {
      const std::int64_t row = t * b + s;
      const float* __restrict current = ws.current.row(held ? s : row).data();
      float* __restrict vt = v.row(row).data();
      float* __restrict zt = z.row(row).data();
      for (std::int64_t j = 0; j < out; ++j) {
        const float previous = vp == nullptr ? 0.0f : beta * vp[j] - theta * zp[j];
        vt[j] = previous + current[j] + bias[static_cast<std::size_t>(j)];
        zt[j] = vt[j] > theta ? 1.0f : 0.0f;
      }
      vp = vt;
      zp = zt;
    }
  }
}

void SnnMlp::Forward(const MatrixF& x, bool held, Workspace& ws, int threads) const {
  const int steps = spec_.steps;
  if (x.cols() != spec_.widths.front() || (!held && x.rows() % steps != 0)) {
    throw std::invalid_argument(
        fmt::format("spiking network: input of {} × {} for {} inputs and T = {}",
                    x.rows(),
                    x.cols(),
                    spec_.widths.front(),
                    steps));
  }
  ws.held_input = held;
  ws.batch = held ? x.rows() : x.rows() / steps;
  ws.inputs.assign(1, x);
  ws.v.resize(static_cast<std::size_t>(spec_.layers()));
  ws.z.resize(static_cast<std::size_t>(spec_.layers()));
  for (int l = 0; l < spec_.layers(); ++l) RunLayer(l, ws, threads);
}

std::vector<std::int32_t> SnnMlp::Predict(const Workspace& ws) const {
  const MatrixF& v = ws.v.back();
  const MatrixF& z = ws.z.back();
  const std::int64_t b = ws.batch, c = spec_.widths.back();
  std::vector<std::int32_t> predicted(static_cast<std::size_t>(b), 0);
  for (std::int64_t s = 0; s < b; ++s) {
    double best = -1e300;
    for (std::int64_t k = 0; k < c; ++k) {
      double count = 0.0, membrane = 0.0;
      for (int t = 0; t < spec_.steps; ++t) {
        count += z(t * b + s, k);
        membrane += v(t * b + s, k);
      }
      // Membrane loss: the membrane sum decides; first-spike: the earliest spike; otherwise the
      // count. The membrane breaks ties.
      double score = spec_.loss == SnnLoss::kMembrane ? membrane : count;
      if (spec_.loss == SnnLoss::kFirstSpike) {
        int first = spec_.steps;
        for (int t = spec_.steps - 1; t >= 0; --t) {
          if (z(t * b + s, k) > 0.0f) first = t;
        }
        score = -first;
      }
      if (spec_.loss != SnnLoss::kMembrane) score += 1e-6 * std::tanh(membrane / spec_.steps);
      if (score > best) {
        best = score;
        predicted[static_cast<std::size_t>(s)] = static_cast<std::int32_t>(k);
      }
    }
  }
  return predicted;
}

double SnnMlp::Backward(std::span<const std::int32_t> labels,
                        Workspace& ws,
                        std::span<float> gradient,
                        int threads,
                        std::int64_t* correct) const {
  const std::int64_t b = ws.batch;
  const int steps = spec_.steps, last = spec_.layers() - 1;
  if (std::ssize(labels) != b || std::ssize(gradient) != storage_size()) {
    throw std::invalid_argument("spiking network: labels or gradient of the wrong size");
  }
  const std::int64_t classes = spec_.widths.back();
  // The loss's derivative: into the membrane (membrane loss) or the spikes (count, rate).
  MatrixF grad_direct = MatrixF::Zero(steps * b, classes);  // ∂L/∂v_t|direct
  MatrixF grad_z = MatrixF::Zero(steps * b, classes);       // ∂L/∂z_t
  double loss = 0.0;
  const double per_step = 1.0 / (static_cast<double>(b) * steps);
  if (spec_.loss == SnnLoss::kFirstSpike) {
    // Time to first spike: t_k = Σ_t Π_{t' ≤ t} (1 − z_{t'}) (the first spike's step, T if none),
    // logits −t_k; ∂t_k/∂z_s = −Σ_{t ≥ s} Π_{t' ≤ t, t' ≠ s} (1 − z_{t'}): −(f − s) before the
    // first spike f, −(f₂ − f) at it (f₂ the second, or T), 0 after.
    MatrixF logits(b, classes);
    std::vector<int> first(static_cast<std::size_t>(b * classes)), second(first.size());
    for (std::int64_t s = 0; s < b; ++s) {
      for (std::int64_t k = 0; k < classes; ++k) {
        int f = steps, f2 = steps;
        for (int t = 0; t < steps; ++t) {
          if (ws.z[last](t * b + s, k) > 0.0f) {
            if (f == steps) {
              f = t;
            } else if (f2 == steps) {
              f2 = t;
            }
          }
        }
        first[s * classes + k] = f;
        second[s * classes + k] = f2;
        logits(s, k) = static_cast<float>(-f);
      }
    }
    MatrixF g = MatrixF::Zero(b, classes);  // ∂L/∂logit
    loss = AddCrossEntropy(logits, labels, 1.0 / static_cast<double>(b), g);
    for (std::int64_t s = 0; s < b; ++s) {
      for (std::int64_t k = 0; k < classes; ++k) {
        const int f = first[s * classes + k], f2 = second[s * classes + k];
        const double dt = -g(s, k);  // ∂L/∂t_k
        for (int t = 0; t < steps && t <= f; ++t) {
          grad_z(t * b + s, k) = static_cast<float>(dt * -(t < f ? f - t : f2 - f));
        }
      }
    }
  } else if (spec_.loss == SnnLoss::kCount) {
    MatrixF counts = MatrixF::Zero(b, classes);
    for (int t = 0; t < steps; ++t) counts += ws.z[last].middleRows(t * b, b);
    MatrixF g = MatrixF::Zero(b, classes);
    loss = AddCrossEntropy(counts, labels, 1.0 / static_cast<double>(b), g);
    for (int t = 0; t < steps; ++t) grad_z.middleRows(t * b, b) = g;
  } else {
    const MatrixF& source = spec_.loss == SnnLoss::kMembrane ? ws.v[last] : ws.z[last];
    MatrixF& target = spec_.loss == SnnLoss::kMembrane ? grad_direct : grad_z;
    for (int t = 0; t < steps; ++t) {
      const MatrixF logits = source.middleRows(t * b, b);
      loss += AddCrossEntropy(logits, labels, per_step, target.middleRows(t * b, b)) / steps;
    }
  }
  if (correct != nullptr) {
    const std::vector<std::int32_t> predicted = Predict(ws);
    *correct = 0;
    for (std::int64_t s = 0; s < b; ++s) *correct += predicted[s] == labels[s] ? 1 : 0;
  }
  nn::DigitalEngine engine(threads);
  const auto beta = static_cast<float>(spec_.beta), theta = static_cast<float>(spec_.threshold);
  MatrixF grad_i, grad_x;
  for (int l = last; l >= 0; --l) {
    const std::int64_t out = spec_.widths[l + 1], in = spec_.widths[l];
    const MatrixF& v = ws.v[l];
    grad_i.resize(steps * b, out);
    // Backpropagation through time: ∂L/∂v_t = direct + ∂L/∂z_t σ'(v_t − θ) + β ∂L/∂v_{t+1}.
    for (std::int64_t s = 0; s < b; ++s) {
      const float* next = nullptr;
      for (int t = steps - 1; t >= 0; --t) {
        const std::int64_t row = t * b + s;
        const float* vt = v.row(row).data();
        const float* gz = grad_z.row(row).data();
        float* gi = grad_i.row(row).data();
        for (std::int64_t j = 0; j < out; ++j) {
          float g =
              static_cast<float>(SurrogateGradient(spec_.surrogate, spec_.slope, vt[j] - theta)) *
              gz[j];
          if (l == last) g += grad_direct(row, j);
          if (next != nullptr) g += beta * next[j];
          gi[j] = g;
        }
        next = gi;
      }
    }
    // Weights and bias.
    Eigen::Map<MatrixF> dw(gradient.data() + offset_[l], out, in);
    float* db = gradient.data() + offset_[l] + out * in;
    if (l == 0 && ws.held_input) {
      MatrixF summed = MatrixF::Zero(b, out);  // Σ_t ∂L/∂I_t: the held input is the same each step
      for (int t = 0; t < steps; ++t) summed += grad_i.middleRows(t * b, b);
      engine.WeightGradient(summed, ws.inputs[0], dw);
    } else {
      engine.WeightGradient(grad_i, l == 0 ? ws.inputs[0] : ws.z[l - 1], dw);
    }
    for (std::int64_t j = 0; j < out; ++j) db[j] = 0.0f;
    for (std::int64_t r = 0; r < grad_i.rows(); ++r) {
      for (std::int64_t j = 0; j < out; ++j) db[j] += grad_i(r, j);
    }
    if (l > 0) {
      engine.BackwardInput(grad_i, Weight(l), grad_x);
      grad_z = std::move(grad_x);
      grad_x = MatrixF();
    }
  }
  return loss;
}

}  // namespace landauer::spiking

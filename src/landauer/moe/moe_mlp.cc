#include "landauer/moe/moe_mlp.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "landauer/core/parallel.h"

namespace landauer::moe {
namespace {

using Map = Eigen::Map<MatrixF>;
using ConstMap = Eigen::Map<const MatrixF>;
using VecMap = Eigen::Map<Eigen::RowVectorXf>;
using ConstVecMap = Eigen::Map<const Eigen::RowVectorXf>;

}  // namespace

void MoeSpec::Validate() const {
  for (const auto& [name, value] : {std::pair{"input", input},
                                    std::pair{"width", width},
                                    std::pair{"expert_hidden", expert_hidden},
                                    std::pair{"classes", classes}}) {
    if (value < 1 || value > (1 << 20)) {
      throw std::invalid_argument(fmt::format(
          "mixture of experts: {} = {} is invalid; accepted: an integer in [1, 1048576]",
          name,
          value));
    }
  }
  router.Validate();
}

double MoeSpec::ExpertMacs() const {
  return double(expert_hidden) * (width + 1) + double(width) * (expert_hidden + 1);
}

std::int64_t MoeSpec::parameters() const {
  const bool noisy = router.gating == Gating::kNoisyTopK;
  return std::int64_t{width} * (input + 1) +
         std::int64_t{router.experts} * width * (noisy ? 2 : 1) +
         std::int64_t{router.experts} * static_cast<std::int64_t>(ExpertMacs()) +
         std::int64_t{classes} * (width + 1);
}

std::int64_t MoeSpec::active_parameters() const {
  const bool noisy = router.gating == Gating::kNoisyTopK;
  return std::int64_t{width} * (input + 1) +
         std::int64_t{router.experts} * width * (noisy ? 2 : 1) +
         std::int64_t{router.k} * static_cast<std::int64_t>(ExpertMacs()) +
         std::int64_t{classes} * (width + 1);
}

double MoeSpec::ActiveMacsPerToken(bool noise) const {
  return double(width) * (input + 1) + double(router.experts) * width * (noise ? 2 : 1) +
         router.k * ExpertMacs() + double(classes) * (width + 1);
}

std::int64_t MoeMlp::Block(std::int64_t size) {
  const std::int64_t offset = size_;
  size_ += (size + kAlignFloats - 1) / kAlignFloats * kAlignFloats;
  return offset;
}

MoeMlp::MoeMlp(MoeSpec spec) : spec_(std::move(spec)) {
  spec_.Validate();
  const std::int64_t d = spec_.width, f = spec_.expert_hidden, e = spec_.router.experts;
  w_in_ = Block(d * spec_.input);
  b_in_ = Block(d);
  w_router_ = Block(e * d);
  if (spec_.router.gating == Gating::kNoisyTopK) w_noise_ = Block(e * d);
  for (std::int64_t x = 0; x < e; ++x) {
    w1_.push_back(Block(f * d));
    b1_.push_back(Block(f));
    w2_.push_back(Block(d * f));
    b2_.push_back(Block(d));
  }
  w_out_ = Block(std::int64_t{spec_.classes} * d);
  b_out_ = Block(spec_.classes);
  parameters_.assign(static_cast<std::size_t>(size_), 0.0f);
}

void MoeMlp::Initialize(std::uint64_t seed) {
  const Rng init(seed, "moe.mlp", "init");
  std::uint64_t stream = 0;
  const auto fill = [&](std::int64_t offset, std::int64_t size, int fan_in, double scale) {
    Rng rng = init.Substream(stream++);
    const double bound = scale / std::sqrt(double(fan_in));
    for (std::int64_t i = 0; i < size; ++i) {
      parameters_[static_cast<std::size_t>(offset + i)] =
          static_cast<float>((2.0 * rng.Uniform() - 1.0) * bound);
    }
  };
  const int d = spec_.width, f = spec_.expert_hidden, e = spec_.router.experts;
  fill(w_in_, std::int64_t{d} * spec_.input, spec_.input, 1.0);
  fill(b_in_, d, spec_.input, 1.0);
  fill(w_router_, std::int64_t{e} * d, d, 0.1);
  if (w_noise_ >= 0) fill(w_noise_, std::int64_t{e} * d, d, 0.1);
  for (int x = 0; x < e; ++x) {
    fill(w1_[x], std::int64_t{f} * d, d, 1.0);
    fill(b1_[x], f, d, 1.0);
    fill(w2_[x], std::int64_t{d} * f, f, 1.0);
    fill(b2_[x], d, f, 1.0);
  }
  fill(w_out_, std::int64_t{spec_.classes} * d, d, 1.0);
  fill(b_out_, spec_.classes, d, 1.0);
}

Eigen::Map<const MatrixF> MoeMlp::InputWeight() const {
  return {parameters_.data() + w_in_, spec_.width, spec_.input};
}
Eigen::Map<const MatrixF> MoeMlp::RouterWeight() const {
  return {parameters_.data() + w_router_, spec_.router.experts, spec_.width};
}
Eigen::Map<const MatrixF> MoeMlp::NoiseWeight() const {
  if (w_noise_ < 0) throw std::logic_error("MoeMlp: Switch routing has no noise weights");
  return {parameters_.data() + w_noise_, spec_.router.experts, spec_.width};
}
Eigen::Map<const MatrixF> MoeMlp::ExpertWeight1(int e) const {
  return {parameters_.data() + w1_[static_cast<std::size_t>(e)], spec_.expert_hidden, spec_.width};
}
Eigen::Map<const MatrixF> MoeMlp::ExpertWeight2(int e) const {
  return {parameters_.data() + w2_[static_cast<std::size_t>(e)], spec_.width, spec_.expert_hidden};
}
Eigen::Map<const MatrixF> MoeMlp::OutputWeight() const {
  return {parameters_.data() + w_out_, spec_.classes, spec_.width};
}
std::span<const float> MoeMlp::InputBias() const {
  return {parameters_.data() + b_in_, static_cast<std::size_t>(spec_.width)};
}
std::span<const float> MoeMlp::ExpertBias1(int e) const {
  return {parameters_.data() + b1_[static_cast<std::size_t>(e)],
          static_cast<std::size_t>(spec_.expert_hidden)};
}
std::span<const float> MoeMlp::ExpertBias2(int e) const {
  return {parameters_.data() + b2_[static_cast<std::size_t>(e)],
          static_cast<std::size_t>(spec_.width)};
}
std::span<const float> MoeMlp::OutputBias() const {
  return {parameters_.data() + b_out_, static_cast<std::size_t>(spec_.classes)};
}

MoeStep MoeMlp::Forward(const nn::ConstMatrixRef& x,
                        std::span<const std::int32_t> labels,
                        Workspace& ws,
                        Rng* noise,
                        int threads,
                        MoeWork* work,
                        int devices) const {
  if (x.cols() != spec_.input) {
    throw std::invalid_argument(
        fmt::format("mixture of experts: the batch has {} features, the model takes {}",
                    x.cols(),
                    spec_.input));
  }
  const int b = static_cast<int>(x.rows()), e = spec_.router.experts;
  const bool noisy = spec_.router.gating == Gating::kNoisyTopK && noise != nullptr;
  ws.z0.noalias() = x * InputWeight().transpose();
  ws.z0.rowwise() += ConstVecMap(InputBias().data(), spec_.width);
  ws.h = ws.z0.cwiseMax(0.0f);
  ws.router_logits.noalias() = ws.h * RouterWeight().transpose();
  if (noisy) {
    ws.noise_logits.noalias() = ws.h * NoiseWeight().transpose();
    ws.normal.resize(b, e);
    for (Eigen::Index i = 0; i < ws.normal.size(); ++i) {
      ws.normal.data()[i] = static_cast<float>(noise->Normal());
    }
  }
  MoeStep step;
  step.routing = Route(ws.router_logits,
                       noisy ? &ws.noise_logits : nullptr,
                       noisy ? &ws.normal : nullptr,
                       spec_.router);
  const Routing& r = step.routing;
  step.aux_loss = r.aux_loss;
  ws.y = ws.h;
  ws.expert_in.resize(static_cast<std::size_t>(e));
  ws.expert_hidden.resize(static_cast<std::size_t>(e));
  ws.expert_out.resize(static_cast<std::size_t>(e));
  ParallelFor(0,
              e,
              threads,
              double(b) * spec_.router.k * spec_.ExpertMacs(),
              [&](std::int64_t lo, std::int64_t hi) {
                for (std::int64_t x_ = lo; x_ < hi; ++x_) {
                  const int ex = static_cast<int>(x_);
                  const auto& slots = r.slots[static_cast<std::size_t>(ex)];
                  MatrixF& in = ws.expert_in[ex];
                  in.resize(static_cast<Eigen::Index>(slots.size()), spec_.width);
                  for (std::size_t q = 0; q < slots.size(); ++q) {
                    in.row(static_cast<Eigen::Index>(q)) = ws.h.row(slots[q] / r.k);
                  }
                  MatrixF& hidden = ws.expert_hidden[ex];
                  hidden.noalias() = in * ExpertWeight1(ex).transpose();
                  hidden.rowwise() += ConstVecMap(ExpertBias1(ex).data(), spec_.expert_hidden);
                  hidden = hidden.cwiseMax(0.0f);
                  MatrixF& out = ws.expert_out[ex];
                  out.noalias() = hidden * ExpertWeight2(ex).transpose();
                  out.rowwise() += ConstVecMap(ExpertBias2(ex).data(), spec_.width);
                }
              });
  // Combine in expert order (fixed), each kept slot scaled by its gate.
  for (int ex = 0; ex < e; ++ex) {
    const auto& slots = r.slots[static_cast<std::size_t>(ex)];
    for (std::size_t q = 0; q < slots.size(); ++q) {
      ws.y.row(slots[q] / r.k) += r.gate[slots[q]] * ws.expert_out[ex].row(Eigen::Index(q));
    }
  }
  ws.logits.noalias() = ws.y * OutputWeight().transpose();
  ws.logits.rowwise() += ConstVecMap(OutputBias().data(), spec_.classes);
  if (!labels.empty()) {
    step.loss = nn::SoftmaxCrossEntropy(ws.logits, labels, ws.dlogits);
  }
  if (work != nullptr) {
    work->tokens += b;
    work->batches += 1;
    work->noisy_batches += noisy ? 1 : 0;
    work->noisy_tokens += noisy ? b : 0;
    work->dropped_slots += double(r.dropped);
    for (int ex = 0; ex < e; ++ex) {
      const auto& slots = r.slots[static_cast<std::size_t>(ex)];
      work->kept_slots += double(slots.size());
      work->expert_batches += slots.empty() ? 0.0 : 1.0;
      if (devices > 1) {
        for (const std::int32_t s : slots) {
          work->remote_slots += (s / r.k) % devices != ex % devices ? 1.0 : 0.0;
        }
      }
    }
  }
  return step;
}

MoeStep MoeMlp::Backward(const nn::ConstMatrixRef& x,
                         std::span<const std::int32_t> labels,
                         Workspace& ws,
                         AlignedFloats& gradient,
                         Rng* noise,
                         int threads,
                         MoeWork* work,
                         int devices) const {
  if (labels.size() != static_cast<std::size_t>(x.rows())) {
    throw std::invalid_argument(
        fmt::format("mixture of experts: {} labels for {} samples", labels.size(), x.rows()));
  }
  MoeStep step = Forward(x, labels, ws, noise, threads, work, devices);
  const Routing& r = step.routing;
  const int d = spec_.width, f = spec_.expert_hidden, e = spec_.router.experts;
  gradient.assign(parameters_.size(), 0.0f);
  float* g = gradient.data();
  // Head.
  Map(g + w_out_, spec_.classes, d).noalias() = ws.dlogits.transpose() * ws.y;
  VecMap(g + b_out_, spec_.classes) = ws.dlogits.colwise().sum();
  MatrixF dy = ws.dlogits * OutputWeight();
  MatrixF dh = dy;  // the residual path
  // Experts: gate gradients, weight gradients and each expert's input gradient.
  std::vector<float> gate_gradient(r.gate.size(), 0.0f);
  std::vector<MatrixF> dx(static_cast<std::size_t>(e));
  ParallelFor(0,
              e,
              threads,
              2.0 * double(x.rows()) * spec_.router.k * spec_.ExpertMacs(),
              [&](std::int64_t lo, std::int64_t hi) {
                for (std::int64_t x_ = lo; x_ < hi; ++x_) {
                  const int ex = static_cast<int>(x_);
                  const auto& slots = r.slots[static_cast<std::size_t>(ex)];
                  if (slots.empty()) continue;
                  const auto n = static_cast<Eigen::Index>(slots.size());
                  MatrixF dout(n, d);
                  for (Eigen::Index q = 0; q < n; ++q) {
                    const std::int32_t s = slots[static_cast<std::size_t>(q)];
                    const auto t = static_cast<Eigen::Index>(s / r.k);
                    gate_gradient[static_cast<std::size_t>(s)] =
                        dy.row(t).dot(ws.expert_out[ex].row(q));
                    dout.row(q) = r.gate[static_cast<std::size_t>(s)] * dy.row(t);
                  }
                  const MatrixF& hidden = ws.expert_hidden[ex];
                  Map(g + w2_[ex], d, f).noalias() = dout.transpose() * hidden;
                  VecMap(g + b2_[ex], d) = dout.colwise().sum();
                  MatrixF dhidden = dout * ExpertWeight2(ex);
                  dhidden = (hidden.array() > 0.0f).select(dhidden, 0.0f);
                  Map(g + w1_[ex], f, d).noalias() = dhidden.transpose() * ws.expert_in[ex];
                  VecMap(g + b1_[ex], f) = dhidden.colwise().sum();
                  dx[static_cast<std::size_t>(ex)].noalias() = dhidden * ExpertWeight1(ex);
                }
              });
  for (int ex = 0; ex < e; ++ex) {  // in expert order: thread-count independent
    const auto& slots = r.slots[static_cast<std::size_t>(ex)];
    for (std::size_t q = 0; q < slots.size(); ++q) {
      dh.row(slots[q] / r.k) += dx[static_cast<std::size_t>(ex)].row(Eigen::Index(q));
    }
  }
  // Router (and noise), with the auxiliary loss.
  const bool noisy = r.noise_applied;
  const RouterGradient rg =
      RouteBackward(r, gate_gradient, noisy ? &ws.noise_logits : nullptr, spec_.router);
  Map(g + w_router_, e, d).noalias() = rg.logits.transpose() * ws.h;
  dh.noalias() += rg.logits * RouterWeight();
  if (noisy) {
    Map(g + w_noise_, e, d).noalias() = rg.noise_logits.transpose() * ws.h;
    dh.noalias() += rg.noise_logits * NoiseWeight();
  }
  // Input layer.
  const MatrixF dz0 = (ws.z0.array() > 0.0f).select(dh, 0.0f);
  Map(g + w_in_, d, spec_.input).noalias() = dz0.transpose() * x;
  VecMap(g + b_in_, d) = dz0.colwise().sum();
  if (work != nullptr) {
    work->backward_tokens += double(x.rows());
    for (const auto& slots : r.slots) work->backward_slots += double(slots.size());
  }
  return step;
}

}  // namespace landauer::moe

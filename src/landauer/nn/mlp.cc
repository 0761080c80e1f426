#include "landauer/nn/mlp.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include "landauer/core/check.h"
#include "landauer/core/number_parse.h"
#include "landauer/core/rng.h"
#include "landauer/nn/programmed_network.h"

namespace landauer::nn {

MlpSpec MlpSpec::Parse(const std::string& text) {
  const std::string prefix = "mlp:";
  const std::string fix = "write the model as mlp:IN-HIDDEN...-OUT, e.g. mlp:784-256-256-10";
  if (text.rfind(prefix, 0) != 0) {
    throw std::invalid_argument(fmt::format("model '{}' is not an MLP spec; {}", text, fix));
  }
  MlpSpec spec;
  std::size_t start = prefix.size();
  while (start <= text.size()) {
    std::size_t end = text.find('-', start);
    if (end == std::string::npos) end = text.size();
    const ParsedInteger parsed = ParseInteger(std::string_view(text).substr(start, end - start));
    const std::int64_t width = parsed.ok() ? parsed.value : 0;
    if (width < 1 || width > (1 << 20)) {
      throw std::invalid_argument(
          fmt::format("model '{}': '{}' is not a layer width in 1..1048576; {}",
                      text,
                      std::string_view(text).substr(start, end - start),
                      fix));
    }
    spec.widths.push_back(static_cast<int>(width));
    start = end + 1;
  }
  if (spec.widths.size() < 2) {
    throw std::invalid_argument(
        fmt::format("model '{}' needs at least an input and an output width; {}", text, fix));
  }
  return spec;
}

double MlpSpec::parameters() const {
  double total = 0.0;
  for (std::size_t l = 0; l + 1 < widths.size(); ++l) {
    total += (static_cast<double>(widths[l]) + 1.0) * static_cast<double>(widths[l + 1]);
  }
  return total;
}

std::string MlpSpec::ToString() const {
  std::string out = "mlp:";
  for (std::size_t i = 0; i < widths.size(); ++i) {
    if (i > 0) out += '-';
    out += std::to_string(widths[i]);
  }
  return out;
}

Mlp::Mlp(MlpSpec spec, Activation activation) : spec_(std::move(spec)), activation_(activation) {
  LANDAUER_CHECK(spec_.widths.size() >= 2) << "MlpSpec needs at least two widths";
  auto round_up = [](std::int64_t n) {
    return (n + kAlignFloats - 1) / kAlignFloats * kAlignFloats;
  };
  std::int64_t offset = 0;
  for (int l = 0; l < spec_.num_layers(); ++l) {
    const std::int64_t out = spec_.widths[l + 1], in = spec_.widths[l];
    offsets_.push_back(offset);
    offset = round_up(offset + out * in);
    bias_offsets_.push_back(offset);
    offset = round_up(offset + out);
    num_parameters_ += out * (in + 1);
  }
  parameters_.assign(static_cast<std::size_t>(offset), 0.0f);
}

void Mlp::Initialize(std::uint64_t seed) {
  Rng rng(seed, "nn.mlp", "init");
  for (int l = 0; l < spec_.num_layers(); ++l) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(spec_.widths[l]));
    Rng layer_rng = rng.Substream(static_cast<std::uint64_t>(l));
    auto w = Weight(l);
    for (Eigen::Index i = 0; i < w.size(); ++i) {
      w.data()[i] = static_cast<float>((2.0 * layer_rng.Uniform() - 1.0) * bound);
    }
    auto b = Bias(l);
    for (Eigen::Index i = 0; i < b.size(); ++i) {
      b[i] = static_cast<float>((2.0 * layer_rng.Uniform() - 1.0) * bound);
    }
  }
}

Eigen::Map<MatrixF> Mlp::Weight(int layer) {
  return {parameters_.data() + Offset(layer), spec_.widths[layer + 1], spec_.widths[layer]};
}
Eigen::Map<const MatrixF> Mlp::Weight(int layer) const {
  return {parameters_.data() + Offset(layer), spec_.widths[layer + 1], spec_.widths[layer]};
}
Eigen::Map<VectorF> Mlp::Bias(int layer) {
  return {parameters_.data() + BiasOffset(layer), spec_.widths[layer + 1]};
}
Eigen::Map<const VectorF> Mlp::Bias(int layer) const {
  return {parameters_.data() + BiasOffset(layer), spec_.widths[layer + 1]};
}

void Mlp::Forward(const ConstMatrixRef& x, LinearEngine& engine, Workspace& ws) const {
  ProgrammedNetwork device(engine);
  device.Program(*this);
  Forward(x, device, ws);
}

LossResult Mlp::Backward(const ConstMatrixRef& x,
                         std::span<const std::int32_t> labels,
                         LinearEngine& engine,
                         Workspace& ws,
                         AlignedFloats& gradient) const {
  ProgrammedNetwork device(engine);
  device.Program(*this);
  return Backward(x, labels, device, ws, gradient);
}

void Mlp::Forward(const ConstMatrixRef& x, ProgrammedNetwork& device, Workspace& ws) const {
  LANDAUER_CHECK(x.cols() == spec_.widths.front())
      << "input has " << x.cols() << " features, the model expects " << spec_.widths.front();
  const int layers = spec_.num_layers();
  ws.z.resize(static_cast<std::size_t>(layers));
  ws.a.resize(static_cast<std::size_t>(layers));
  for (int l = 0; l < layers; ++l) {
    const auto lu = static_cast<std::size_t>(l);
    if (l == 0) {
      device.layer(l).Forward(x, ws.z[lu]);
    } else {
      device.layer(l).Forward(ws.a[lu - 1], ws.z[lu]);
    }
    ws.z[lu].rowwise() += Bias(l).transpose();
    ApplyActivation(l + 1 == layers ? Activation::kIdentity : activation_, ws.z[lu], ws.a[lu]);
  }
}

void Mlp::BackpropagateDelta(const ConstMatrixRef& x,
                             ProgrammedNetwork& device,
                             Workspace& ws,
                             AlignedFloats& gradient) const {
  // Every weight and bias entry is written below (WeightGradient overwrites dW, db is assigned);
  // only the alignment padding between them is zeroed, not the whole buffer (1 MB a step for
  // mlp:784-256-256-10).
  if (gradient.size() != parameters_.size()) {
    gradient.assign(parameters_.size(), 0.0f);
  } else {
    for (int l = 0; l < spec_.num_layers(); ++l) {
      const auto lu = static_cast<std::size_t>(l);
      const std::int64_t weights_end =
          Offset(l) + std::int64_t{spec_.widths[lu + 1]} * spec_.widths[lu];
      const std::int64_t bias_end = BiasOffset(l) + spec_.widths[lu + 1];
      const std::int64_t next = l + 1 < spec_.num_layers()
                                    ? Offset(l + 1)
                                    : static_cast<std::int64_t>(parameters_.size());
      std::fill(gradient.begin() + weights_end, gradient.begin() + BiasOffset(l), 0.0f);
      std::fill(gradient.begin() + bias_end, gradient.begin() + next, 0.0f);
    }
  }
  // Products the device does not run are the host's, on the model's own weights.
  const EngineCapabilities& caps = device.capabilities();
  LinearEngine& gradient_engine = caps.weight_gradient ? device.engine() : device.host();
  for (int l = spec_.num_layers() - 1; l >= 0; --l) {
    const auto lu = static_cast<std::size_t>(l);
    const int out = spec_.widths[lu + 1], in = spec_.widths[lu];
    Eigen::Map<MatrixF> dw(gradient.data() + Offset(l), out, in);
    Eigen::Map<VectorF> db(gradient.data() + BiasOffset(l), out);
    if (l == 0) {
      gradient_engine.WeightGradient(ws.delta, x, dw);
    } else {
      gradient_engine.WeightGradient(ws.delta, ws.a[lu - 1], dw);
    }
    db = ws.delta.colwise().sum().transpose();
    if (l > 0) {
      if (caps.backward_input) {
        device.layer(l).BackwardInput(ws.delta, ws.delta_prev);
      } else {
        device.host().BackwardInput(ws.delta, Weight(l), ws.delta_prev);
      }
      MultiplyByDerivative(activation_, ws.z[lu - 1], ws.delta_prev);
      std::swap(ws.delta, ws.delta_prev);
    }
  }
}

LossResult Mlp::Backward(const ConstMatrixRef& x,
                         std::span<const std::int32_t> labels,
                         ProgrammedNetwork& device,
                         Workspace& ws,
                         AlignedFloats& gradient) const {
  Forward(x, device, ws);
  const LossResult result = SoftmaxCrossEntropy(ws.logits(), labels, ws.delta);
  BackpropagateDelta(x, device, ws, gradient);
  return result;
}

MatrixF Mlp::Jvp(const ConstMatrixRef& x, std::span<const float> v) const {
  LANDAUER_CHECK(static_cast<std::int64_t>(v.size()) == storage_size()) << "Jvp: v has wrong size";
  // Forward mode: carry (a_l, ȧ_l); ż_l = ȧ_{l−1} W_lᵀ + a_{l−1} V_lᵀ + v_b,l.
  MatrixF a = x, a_dot = MatrixF::Zero(x.rows(), x.cols());
  const int layers = spec_.num_layers();
  for (int l = 0; l < layers; ++l) {
    const int out = spec_.widths[static_cast<std::size_t>(l) + 1],
              in = spec_.widths[static_cast<std::size_t>(l)];
    Eigen::Map<const MatrixF> vw(v.data() + Offset(l), out, in);
    Eigen::Map<const VectorF> vb(v.data() + BiasOffset(l), out);
    MatrixF z = a * Weight(l).transpose();
    z.rowwise() += Bias(l).transpose();
    MatrixF z_dot = a_dot * Weight(l).transpose() + a * vw.transpose();
    z_dot.rowwise() += vb.transpose();
    if (l + 1 == layers) return z_dot;
    MultiplyByDerivative(activation_, z, z_dot);
    ApplyActivation(activation_, z, a);
    a_dot = std::move(z_dot);
  }
  return {};
}

AlignedFloats Mlp::Vjp(const ConstMatrixRef& x, const MatrixF& u) const {
  DigitalEngine engine(1);
  ProgrammedNetwork device(engine);
  device.Program(*this);
  Workspace ws;
  Forward(x, device, ws);
  ws.delta = u;
  AlignedFloats gradient;
  BackpropagateDelta(x, device, ws, gradient);
  return gradient;
}

AlignedFloats Mlp::GgnProduct(const ConstMatrixRef& x, std::span<const float> v) const {
  const MatrixF jv = Jvp(x, v);
  DigitalEngine engine(1);
  ProgrammedNetwork device(engine);
  device.Program(*this);
  Workspace ws;
  Forward(x, device, ws);
  Softmax(ws.logits(), ws.probabilities);
  CrossEntropyHessianProduct(ws.probabilities, jv, ws.delta);
  AlignedFloats gradient;
  BackpropagateDelta(x, device, ws, gradient);
  return gradient;
}

}  // namespace landauer::nn

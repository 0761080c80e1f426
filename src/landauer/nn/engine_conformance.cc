#include "landauer/nn/engine_conformance.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <vector>

#include "landauer/core/rng.h"
#include "landauer/nn/loss.h"
#include "landauer/nn/mlp.h"
#include "landauer/nn/programmed_network.h"

namespace landauer::nn {
namespace {

MatrixF RandomMatrix(Rng& rng, Eigen::Index rows, Eigen::Index cols) {
  MatrixF m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<float>(rng.Normal());
  return m;
}

void Add(ConformanceReport& report, ConformanceCase c) {
  report.passed = report.passed && c.passed;
  report.cases.push_back(std::move(c));
}

// Mean cross-entropy of the batch with the engine programmed from `model`.
double LossOn(const Mlp& model,
              LinearEngine& engine,
              const MatrixF& x,
              const std::vector<std::int32_t>& labels) {
  ProgrammedNetwork device(engine);
  device.Program(model);
  Mlp::Workspace ws;
  model.Forward(x, device, ws);
  MatrixF unused;
  return SoftmaxCrossEntropy(ws.logits(), labels, unused).loss;
}

}  // namespace

double NormalizedMse(const MatrixF& a, const MatrixF& reference) {
  const double error = (a.cast<double>() - reference.cast<double>()).squaredNorm();
  const double scale = reference.cast<double>().squaredNorm();
  return scale > 0 ? error / scale : error;
}

std::string ConformanceReport::Describe() const {
  std::string out;
  for (const ConformanceCase& c : cases) {
    out += fmt::format("{:<16} batch {:>4} in {:>4} out {:>4}: {} {:.3e} (tolerance {:.1e}) {}\n",
                       c.product,
                       c.batch,
                       c.in,
                       c.out,
                       c.product == "gradient" ? "rel. error" : "nmse",
                       c.nmse,
                       c.tolerance,
                       c.passed ? "ok" : "FAIL");
  }
  return out;
}

ConformanceReport CheckEngineConformance(LinearEngine& engine,
                                         const ConformanceTolerances& tolerances,
                                         std::uint64_t seed) {
  struct Shape {
    int batch, in, out;
  };
  constexpr Shape kShapes[] = {
      {1, 1, 1}, {1, 784, 10}, {7, 33, 65}, {128, 784, 256}, {64, 256, 129}};
  const EngineCapabilities caps = engine.Capabilities();
  DigitalEngine reference(1);
  ConformanceReport report;
  std::uint64_t index = 0;
  for (const Shape& s : kShapes) {
    Rng rng = Rng(seed, "nn.conformance", "inputs").Substream(index++);
    const MatrixF x = RandomMatrix(rng, s.batch, s.in), w = RandomMatrix(rng, s.out, s.in),
                  dy = RandomMatrix(rng, s.batch, s.out);
    MatrixF got, want;
    auto add = [&](const char* product, double tolerance) {
      ConformanceCase c{product, s.batch, s.in, s.out, NormalizedMse(got, want), tolerance, false};
      c.passed = got.rows() == want.rows() && got.cols() == want.cols() && c.nmse <= tolerance;
      Add(report, c);
    };
    const auto programmed =
        engine.Program(w, {.layer = 0, .update = 0, .ledger = nullptr, .phase = ""});
    programmed->Forward(x, got);
    reference.Forward(x, w, want);
    add("forward", tolerances.forward);
    if (caps.backward_input) {
      programmed->BackwardInput(dy, got);
      reference.BackwardInput(dy, w, want);
      add("backward_input", tolerances.backward_input);
    }
    if (caps.weight_gradient) {
      // NaN before the call: WeightGradient must overwrite every entry (Mlp does not zero the
      // gradient first), so an engine that accumulates fails here.
      got.setConstant(s.out, s.in, std::numeric_limits<float>::quiet_NaN());
      want.resize(s.out, s.in);
      engine.WeightGradient(dy, x, got);
      reference.WeightGradient(dy, x, want);
      add("weight_gradient", tolerances.weight_gradient);
    }
  }
  return report;
}

ConformanceReport CheckEngineGradient(LinearEngine& engine, double tolerance, std::uint64_t seed) {
  Mlp model(MlpSpec::Parse("mlp:6-5-4"), Activation::kTanh);
  model.Initialize(seed);
  Rng rng(seed, "nn.conformance", "gradient");
  const MatrixF x = RandomMatrix(rng, 8, 6);
  std::vector<std::int32_t> labels(8);
  for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = static_cast<std::int32_t>(i % 4);
  ProgrammedNetwork device(engine);
  device.Program(model);
  Mlp::Workspace ws;
  // A buffer of the right size full of NaN, as a reused one can be: Backward must overwrite every
  // entry and zero the padding.
  AlignedFloats gradient(static_cast<std::size_t>(model.storage_size()),
                         std::numeric_limits<float>::quiet_NaN());
  model.Backward(x, labels, device, ws, gradient);
  // Central differences in float32 along unit directions: truncation O(ε²), rounding O(u/ε).
  constexpr double kStep = 1e-2;
  ConformanceReport report;
  for (int k = 0; k < 4; ++k) {
    std::vector<double> v(gradient.size(), 0.0);
    double norm = 0.0;
    for (int l = 0; l < model.spec().num_layers(); ++l) {  // the padding between blocks stays 0
      const auto w_begin = static_cast<std::size_t>(model.Offset(l));
      const auto b_begin = static_cast<std::size_t>(model.BiasOffset(l));
      const auto w_size = static_cast<std::size_t>(model.Weight(l).size());
      const auto b_size = static_cast<std::size_t>(model.Bias(l).size());
      for (std::size_t i = 0; i < w_size; ++i) v[w_begin + i] = rng.Normal();
      for (std::size_t i = 0; i < b_size; ++i) v[b_begin + i] = rng.Normal();
    }
    for (const double value : v) norm += value * value;
    Mlp plus = model, minus = model;
    double analytic = 0.0;  // along the perturbation as float32 holds it
    for (std::size_t i = 0; i < v.size(); ++i) {
      v[i] /= std::sqrt(norm);
      plus.parameters()[i] += static_cast<float>(kStep * v[i]);
      minus.parameters()[i] -= static_cast<float>(kStep * v[i]);
      analytic +=
          gradient[i] * (double(plus.parameters()[i]) - minus.parameters()[i]) / (2 * kStep);
    }
    const double numeric =
        (LossOn(plus, engine, x, labels) - LossOn(minus, engine, x, labels)) / (2.0 * kStep);
    const double error = std::abs(analytic - numeric) / (std::abs(analytic) + 1e-3);
    Add(report, {"gradient", 8, 6, 4, error, tolerance, error <= tolerance});
  }
  return report;
}

}  // namespace landauer::nn

#include "landauer/nn/engine_conformance.h"

#include <fmt/format.h>

#include "landauer/core/rng.h"

namespace landauer::nn {

double NormalizedMse(const MatrixF& a, const MatrixF& reference) {
  const double error = (a.cast<double>() - reference.cast<double>()).squaredNorm();
  const double scale = reference.cast<double>().squaredNorm();
  return scale > 0 ? error / scale : error;
}

std::string ConformanceReport::Describe() const {
  std::string out;
  for (const ConformanceCase& c : cases) {
    out += fmt::format("{:<16} batch {:>4} in {:>4} out {:>4}: nmse {:.3e} (tolerance {:.1e}) {}\n",
                       c.product,
                       c.batch,
                       c.in,
                       c.out,
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
  DigitalEngine reference(1);
  ConformanceReport report;
  std::uint64_t index = 0;
  for (const Shape& s : kShapes) {
    Rng rng = Rng(seed, "nn.conformance", "inputs").Substream(index++);
    auto random = [&](int rows, int cols) {
      MatrixF m(rows, cols);
      for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<float>(rng.Normal());
      return m;
    };
    const MatrixF x = random(s.batch, s.in), w = random(s.out, s.in), dy = random(s.batch, s.out);
    MatrixF got, want;
    auto add = [&](const char* product, double tolerance) {
      ConformanceCase c{product, s.batch, s.in, s.out, NormalizedMse(got, want), tolerance, false};
      c.passed = got.rows() == want.rows() && got.cols() == want.cols() && c.nmse <= tolerance;
      report.passed = report.passed && c.passed;
      report.cases.push_back(c);
    };
    engine.Forward(x, w, got);
    reference.Forward(x, w, want);
    add("forward", tolerances.forward);
    engine.BackwardInput(dy, w, got);
    reference.BackwardInput(dy, w, want);
    add("backward_input", tolerances.backward_input);
    got.resize(s.out, s.in);
    want.resize(s.out, s.in);
    engine.WeightGradient(dy, x, got);
    reference.WeightGradient(dy, x, want);
    add("weight_gradient", tolerances.weight_gradient);
  }
  return report;
}

}  // namespace landauer::nn

// Information buffers, exact fixed-point vectors, the MLP objective's derivatives, and reversible
// SGD: bit-exact reversal, buffer growth and hypergradients against finite differences.
#include "landauer/reversible/reversible_sgd.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "landauer/core/rng.h"
#include "landauer/data/synthetic.h"
#include "landauer/reversible/exact_vector.h"
#include "landauer/reversible/information_buffer.h"
#include "landauer/reversible/mlp_objective.h"

namespace landauer::reversible {
namespace {

TEST(InformationBuffer, PopUndoesPushAcrossLimbs) {
  InformationBuffer buffer;
  Rng rng(1, "test", "buffer");
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pushed;
  for (int i = 0; i < 500; ++i) {
    const auto m = static_cast<std::uint32_t>(2 + rng.UniformInt(70000));
    const auto r = static_cast<std::uint32_t>(rng.UniformInt(m));
    buffer.Push(r, m);
    pushed.push_back({r, m});
  }
  EXPECT_GT(buffer.bits_allocated(), 32 * 100);
  for (auto it = pushed.rbegin(); it != pushed.rend(); ++it)
    ASSERT_EQ(buffer.Pop(it->second), it->first);
  EXPECT_TRUE(buffer.empty());
  InformationBuffer exact;
  exact.Push(1, 2);
  for (int i = 0; i < 100; ++i) exact.Push(0, 2);  // 2^100
  EXPECT_NEAR(exact.Log2(), 100.0, 1e-9);
}

TEST(ExactVector, MultiplyDivideIsExactAndGrowsLog2DOverNBits) {
  const Rational gamma = Rational::FromGamma(0.9);
  EXPECT_EQ(gamma.numerator, 58983u);  // hypergrad's rule: d = 2^16, n = floor(0.9 d + 1)
  EXPECT_EQ(gamma.denominator, 65536u);
  Rng rng(2, "test", "exact");
  std::vector<double> values(2000);
  for (double& v : values) v = rng.Normal();
  ExactVector x(values);
  const std::vector<std::int64_t> initial = x.raw();
  const int steps = 200;
  for (int s = 0; s < steps / 2; ++s) x.Multiply(gamma);
  const double half_bits = x.BufferBits();
  for (int s = steps / 2; s < steps; ++s) x.Multiply(gamma);
  // Each step adds the popped remainder, up to n units of 2^-52, to the exact product.
  EXPECT_NEAR(x.Value(0),
              values[0] * std::pow(gamma.value(), steps),
              steps * 58983.0 * std::ldexp(1.0, -52));
  // The growth rate, measured between step 100 and 200 (log2 of a buffer lags its information by a
  // constant ~1.4 bits, which this cancels).
  const double bits =
      (x.BufferBits() - half_bits) / (static_cast<double>(values.size()) * steps / 2);
  EXPECT_NEAR(bits, std::log2(65536.0 / 58983.0), 0.002)
      << "Maclaurin et al.: 0.152 bits per parameter per step";
  for (int s = 0; s < steps; ++s) x.Divide(gamma);
  EXPECT_EQ(x.raw(), initial);
  EXPECT_TRUE(x.BuffersEmpty());
  std::vector<double> huge(1, 5000.0);
  EXPECT_THROW(ExactVector(huge, 52), std::domain_error);  // beyond ±2048 at 52 fractional bits
}

struct Problem {
  MlpObjective model{{6, 5, 4, 3}};
  Eigen::MatrixXd x;
  std::vector<std::int32_t> y;
  Problem() {
    Rng rng(3, "test", "data");
    x.resize(6, 40);
    for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = rng.Normal();
    for (int j = 0; j < 40; ++j) y.push_back(static_cast<std::int32_t>(rng.UniformInt(3)));
  }
};

TEST(MlpObjective, GradientAndExactHessianVectorProduct) {
  Problem p;
  const std::vector<double> w = p.model.Initialize(4, 1.5);
  const auto n = static_cast<std::size_t>(p.model.num_parameters());
  std::vector<double> g(n), hv(n), v(n), gp(n), gm(n);
  Rng rng(5, "test", "direction");
  for (double& e : v) e = rng.Normal();
  p.model.Evaluate(w, p.x, p.y, g, v, hv);
  const double h = 1e-5;
  for (std::size_t i = 0; i < n; i += 7) {  // gradient by central differences of the loss
    std::vector<double> a = w, b = w;
    a[i] += h;
    b[i] -= h;
    const double fd =
        (p.model.Evaluate(a, p.x, p.y, {}) - p.model.Evaluate(b, p.x, p.y, {})) / (2 * h);
    EXPECT_NEAR(g[i], fd, 1e-8) << "parameter " << i;
  }
  // H v by central differences of the gradient.
  std::vector<double> a = w, b = w;
  for (std::size_t i = 0; i < n; ++i) {
    a[i] += h * v[i];
    b[i] -= h * v[i];
  }
  p.model.Evaluate(a, p.x, p.y, gp);
  p.model.Evaluate(b, p.x, p.y, gm);
  double err = 0.0, scale = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double fd = (gp[i] - gm[i]) / (2 * h);
    err = std::max(err, std::fabs(hv[i] - fd));
    scale = std::max(scale, std::fabs(fd));
  }
  EXPECT_LT(err / scale, 1e-6);
}

TEST(ReversibleSgd, ReversesBitForBitAndHypergradientsMatchFiniteDifferences) {
  Problem p;
  const MlpObjective& model = p.model;
  const std::vector<double> w0 = model.Initialize(6, 1.0), v0(w0.size(), 0.0);
  const int iterations = 30, groups = model.num_groups();
  SgdSchedule schedule{iterations,
                       groups,
                       std::vector<double>(static_cast<std::size_t>(iterations * groups), 0.3),
                       0.9};
  // Minibatch t: 10 of the 40 samples, a different quarter each step.
  auto batch = [&](int t, Eigen::MatrixXd& x, std::vector<std::int32_t>& y) {
    const int start = (t % 4) * 10;
    x = p.x.middleCols(start, 10);
    y.assign(p.y.begin() + start, p.y.begin() + start + 10);
  };
  // Validation loss f(w_T) on all 40 samples.
  auto run = [&](const SgdSchedule& s,
                 std::vector<double>* d_val,
                 Hypergradient* h,
                 ReversibleSgd** keep) {
    auto sgd = new ReversibleSgd(model.GroupOfParameter(), s);
    Eigen::MatrixXd x;
    std::vector<std::int32_t> y;
    const std::vector<double> w =
        sgd->Forward(w0, v0, [&](int t, std::span<const double> wt, std::span<double> g) {
          batch(t, x, y);
          model.Evaluate(wt, x, y, g);
        });
    std::vector<double> grad(w.size());
    const double f = model.Evaluate(w, p.x, p.y, grad);
    if (d_val) *d_val = grad;
    if (h) {
      *h = sgd->Reverse(grad,
                        [&](int t,
                            std::span<const double> wt,
                            std::span<const double> v,
                            std::span<double> g,
                            std::span<double> hv) {
                          batch(t, x, y);
                          model.Evaluate(wt, x, y, g, v, hv);
                        });
    }
    if (keep) {
      *keep = sgd;
    } else {
      delete sgd;
    }
    return f;
  };
  Hypergradient h;
  ReversibleSgd* sgd = nullptr;
  const double f0 = run(schedule, nullptr, &h, &sgd);
  EXPECT_TRUE(h.exact_reversal) << "w_0 and v_0 must come back bit for bit";
  EXPECT_GT(f0, 0.0);
  delete sgd;
  // dα against finite differences of the validation loss.
  const double eps = 1e-5;
  for (int t : {0, 11, 29}) {
    for (int g : {0, 3, 5}) {
      SgdSchedule plus = schedule, minus = schedule;
      plus.learning_rate[static_cast<std::size_t>(t * groups + g)] += eps;
      minus.learning_rate[static_cast<std::size_t>(t * groups + g)] -= eps;
      const double fd =
          (run(plus, nullptr, nullptr, nullptr) - run(minus, nullptr, nullptr, nullptr)) /
          (2 * eps);
      const double analytic = h.d_learning_rate[static_cast<std::size_t>(t * groups + g)];
      EXPECT_NEAR(analytic, fd, 1e-4 * std::max(1.0, std::fabs(fd)))
          << "t = " << t << ", group " << g;
    }
  }
  EXPECT_EQ(h.d_gamma.size(), static_cast<std::size_t>(iterations));
}

TEST(ReversibleSgd, BufferHoldsAbout0152BitsPerParameterStepAtGamma09) {
  Problem p;
  const std::vector<double> w0 = p.model.Initialize(7), v0(w0.size(), 0.0);
  const int iterations = 200;
  SgdSchedule schedule{iterations, 1, std::vector<double>(iterations, 0.1), 0.9};
  ReversibleSgd sgd(std::vector<int>(w0.size(), 0), schedule);
  sgd.Forward(w0, v0, [&](int, std::span<const double> w, std::span<double> g) {
    p.model.Evaluate(w, p.x, p.y, g);
  });
  EXPECT_NEAR(sgd.BufferBitsPerParameterStep(), 0.152, 0.01);
  EXPECT_NEAR(sgd.BufferGrowthPerParameterStep(), std::log2(65536.0 / 58983.0), 0.003);
}

// Reversal recomputes every gradient and needs the same bits: Eigen's vectorised kernels round
// differently into buffers of different alignment, which Evaluate must not let through.
TEST(MlpObjective, GradientBitsDoNotDependOnBufferAlignmentOrTheHvpPass) {
  MlpObjective model({64, 50, 50, 10});
  Rng rng(8, "test", "alignment");
  Eigen::MatrixXd x(64, 100);
  for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = rng.Normal();
  std::vector<std::int32_t> y(100);
  for (auto& label : y) label = static_cast<std::int32_t>(rng.UniformInt(10));
  for (std::uint64_t trial = 0; trial < 5; ++trial) {
    const std::vector<double> w = model.Initialize(trial, 3.0);
    const std::size_t n = w.size();
    std::vector<double> reference(n), shifted(n + 8), with_hvp(n), direction(n, 0.1), hvp(n);
    std::vector<double> w_shifted(n + 3);
    std::copy(w.begin(), w.end(), w_shifted.begin() + 3);
    model.Evaluate(w, x, y, reference);
    model.Evaluate(std::span<const double>(w_shifted.data() + 3, n),
                   x,
                   y,
                   std::span<double>(shifted.data() + 1, n));
    model.Evaluate(w, x, y, with_hvp, direction, hvp);
    for (std::size_t i = 0; i < n; ++i) {
      ASSERT_EQ(std::memcmp(&reference[i], &shifted[i + 1], sizeof(double)), 0)
          << "parameter " << i;
      ASSERT_EQ(std::memcmp(&reference[i], &with_hvp[i], sizeof(double)), 0) << "parameter " << i;
    }
  }
}

}  // namespace
}  // namespace landauer::reversible

#include "landauer/spiking/snn_mlp.h"

#include <gtest/gtest.h>

#include <cmath>

#include "landauer/core/rng.h"
#include "landauer/data/synthetic.h"
#include "landauer/spiking/input_coding.h"
#include "landauer/spiking/snn_training.h"

namespace landauer::spiking {
namespace {

MatrixF RandomMatrix(std::int64_t rows, std::int64_t cols, std::uint64_t seed, double scale) {
  Rng rng(seed, "test", "matrix");
  MatrixF m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i)
    m.data()[i] = static_cast<float>(scale * rng.Normal());
  return m;
}

// Poisson codes fire at the intensity's rate, rate codes exactly round(x T) times, latency codes
// once at (1 − x)(T − 1); a sample's code depends on its index, not on its batch.
TEST(InputCoding, EachCodeDoesWhatItSays) {
  MatrixF x(2, 3);
  x << 0.0f, 0.25f, 1.0f, 0.5f, 0.005f, 0.8f;
  constexpr int kT = 2000;
  MatrixF out;
  EncodeInputs(InputCoding::kPoisson, x, kT, 3, 0, 0, out);
  for (int s = 0; s < 2; ++s) {
    for (int j = 0; j < 3; ++j) {
      double n = 0;
      for (int t = 0; t < kT; ++t) n += out(t * 2 + s, j);
      const double p = x(s, j);
      EXPECT_NEAR(n / kT, p, 5 * std::sqrt(p * (1 - p) / kT) + 1e-12) << s << " " << j;
    }
  }
  MatrixF alone;
  EncodeInputs(InputCoding::kPoisson, x.bottomRows(1), kT, 3, 0, 1, alone);
  for (int t = 0; t < kT; ++t) EXPECT_EQ(alone.row(t), out.row(t * 2 + 1)) << t;
  EncodeInputs(InputCoding::kRate, x, 8, 0, 0, 0, out);
  EXPECT_EQ(out.col(1).sum(), 2.0f + 0.0f);  // round(0.25·8) = 2 and round(0.005·8) = 0
  EXPECT_EQ(out.col(2).sum(), 8.0f + 6.0f);  // round(1·8) and round(0.8·8) = 6
  EncodeInputs(InputCoding::kLatency, x, 11, 0, 0, 0, out);
  EXPECT_EQ(out(5 * 2 + 1, 0), 1.0f);  // x = 0.5 fires at step round(0.5·10) = 5
  EXPECT_EQ(out.col(0).sum(), 1.0f);   // x = 0 never fires
  EXPECT_EQ(out.col(2).sum(), 2.0f);
  EXPECT_EQ(out(0 * 2 + 0, 2), 1.0f);  // x = 1 fires at step 0
  EXPECT_EQ(out(2 * 2 + 1, 2), 1.0f);  // x = 0.8 at step round(0.2·10) = 2
  EXPECT_EQ(out.col(1).sum(), 1.0f);   // 0.25 fires (step 8); 0.005 is below the floor
  EXPECT_THROW(InputCodingFromString("burst"), std::invalid_argument);
}

// With the threshold out of reach no neuron spikes and the membrane loss is a smooth function of
// the parameters: backpropagation through time matches central differences, for a held and for
// a stepped input.
TEST(SnnMlp, BackpropagationThroughTimeMatchesFiniteDifferences) {
  for (const bool held : {true, false}) {
    SnnMlp net({.widths = {5, 3}, .steps = 6, .beta = 0.8, .threshold = 1e6});
    net.Initialize(1);
    const MatrixF x = RandomMatrix(held ? 4 : 6 * 4, 5, 2, 1.0);
    const std::vector<std::int32_t> labels = {0, 2, 1, 2};
    SnnMlp::Workspace ws;
    std::vector<float> gradient(static_cast<std::size_t>(net.storage_size()));
    net.Forward(x, held, ws, 1);
    net.Backward(labels, ws, gradient, 1);
    const auto loss = [&] {
      std::vector<float> scratch(gradient.size());
      net.Forward(x, held, ws, 1);
      return net.Backward(labels, ws, scratch, 1);
    };
    for (std::size_t k = 0; k < gradient.size(); ++k) {
      const float saved = net.parameters()[k];
      constexpr float kEps = 1e-2f;
      net.parameters()[k] = saved + kEps;
      const double up = loss();
      net.parameters()[k] = saved - kEps;
      const double down = loss();
      net.parameters()[k] = saved;
      EXPECT_NEAR(gradient[k], (up - down) / (2 * kEps), 2e-4) << held << " " << k;
    }
  }
}

// A naive reference — one sample, one step, one neuron at a time, in double — gives the same
// surrogate gradients as the batched network with spikes in both layers, for each loss and
// surrogate.
TEST(SnnMlp, SurrogateGradientsMatchANaiveReference) {
  for (const SnnLoss loss :
       {SnnLoss::kMembrane, SnnLoss::kCount, SnnLoss::kRate, SnnLoss::kFirstSpike}) {
    for (const Surrogate surrogate : {Surrogate::kFastSigmoid, Surrogate::kArctan}) {
      const SnnSpec spec{.widths = {4, 6, 3},
                         .steps = 5,
                         .beta = 0.9,
                         .threshold = 0.5,
                         .surrogate = surrogate,
                         .slope = surrogate == Surrogate::kFastSigmoid ? 5.0 : 2.0,
                         .loss = loss};
      SnnMlp net(spec);
      net.Initialize(7);
      constexpr int kB = 3, kT = 5;
      const MatrixF x = RandomMatrix(kT * kB, 4, 8, 1.5);
      const std::vector<std::int32_t> labels = {1, 0, 2};
      SnnMlp::Workspace ws;
      std::vector<float> gradient(static_cast<std::size_t>(net.storage_size()));
      net.Forward(x, false, ws, 2);
      ASSERT_GT(ws.z[0].sum(), 0.0f);
      net.Backward(labels, ws, gradient, 2);

      // The reference.
      const int widths[] = {4, 6, 3};
      std::vector<double> ref(gradient.size(), 0.0);
      std::vector<double> theta(net.parameters().begin(), net.parameters().end());
      const std::size_t offsets[] = {0, 6 * 5};
      for (int s = 0; s < kB; ++s) {
        // Forward, keeping v and z per layer and step.
        std::vector<std::vector<std::vector<double>>> v(2), z(2);
        std::vector<std::vector<double>> in(kT);
        for (int t = 0; t < kT; ++t) {
          for (int j = 0; j < 4; ++j) in[t].push_back(x(t * kB + s, j));
        }
        std::vector<std::vector<double>> layer_in = in;
        for (int l = 0; l < 2; ++l) {
          const int n_in = widths[l], n_out = widths[l + 1];
          v[l].assign(kT, std::vector<double>(n_out));
          z[l].assign(kT, std::vector<double>(n_out));
          for (int t = 0; t < kT; ++t) {
            for (int o = 0; o < n_out; ++o) {
              double current = theta[offsets[l] + n_out * n_in + o];
              for (int i = 0; i < n_in; ++i) {
                current += theta[offsets[l] + o * n_in + i] * layer_in[t][i];
              }
              const double previous =
                  t == 0 ? 0.0 : spec.beta * v[l][t - 1][o] - spec.threshold * z[l][t - 1][o];
              v[l][t][o] = static_cast<float>(previous + current);
              z[l][t][o] = v[l][t][o] > spec.threshold ? 1.0 : 0.0;
            }
          }
          layer_in = z[l];
        }
        // The loss's derivatives.
        std::vector<std::vector<double>> dv_direct(kT, std::vector<double>(3, 0.0)),
            dz(kT, std::vector<double>(3, 0.0));
        const auto softmax_minus_onehot = [&](const std::vector<double>& logits) {
          double top = logits[0];
          for (const double q : logits) top = std::max(top, q);
          double sum = 0;
          for (const double q : logits) sum += std::exp(q - top);
          std::vector<double> g;
          for (int c = 0; c < 3; ++c)
            g.push_back(std::exp(logits[c] - top) / sum - (c == labels[s]));
          return g;
        };
        if (loss == SnnLoss::kFirstSpike) {
          // t_c = the first spike's step (T if none); ∂t/∂z_t = −(f − t) before it, −(f₂ − f) at
          // it.
          std::vector<double> times(3), f(3), f2(3);
          for (int c = 0; c < 3; ++c) {
            f[c] = f2[c] = kT;
            for (int t = 0; t < kT; ++t) {
              if (z[1][t][c] > 0.0 && f[c] == kT) {
                f[c] = t;
              } else if (z[1][t][c] > 0.0 && f2[c] == kT) {
                f2[c] = t;
              }
            }
            times[c] = -f[c];
          }
          const std::vector<double> g = softmax_minus_onehot(times);
          for (int c = 0; c < 3; ++c) {
            for (int t = 0; t < kT && t <= f[c]; ++t) {
              dz[t][c] = -g[c] / kB * -(t < f[c] ? f[c] - t : f2[c] - f[c]);
            }
          }
        } else if (loss == SnnLoss::kCount) {
          std::vector<double> counts(3, 0.0);
          for (int t = 0; t < kT; ++t) {
            for (int c = 0; c < 3; ++c) counts[c] += z[1][t][c];
          }
          const std::vector<double> g = softmax_minus_onehot(counts);
          for (int t = 0; t < kT; ++t) {
            for (int c = 0; c < 3; ++c) dz[t][c] = g[c] / kB;
          }
        } else {
          for (int t = 0; t < kT; ++t) {
            const std::vector<double> g =
                softmax_minus_onehot(loss == SnnLoss::kMembrane ? v[1][t] : z[1][t]);
            for (int c = 0; c < 3; ++c) {
              (loss == SnnLoss::kMembrane ? dv_direct : dz)[t][c] = g[c] / (kB * kT);
            }
          }
        }
        // Backward through both layers.
        for (int l = 1; l >= 0; --l) {
          const int n_in = widths[l], n_out = widths[l + 1];
          std::vector<std::vector<double>> di(kT, std::vector<double>(n_out));
          for (int o = 0; o < n_out; ++o) {
            double next = 0.0;
            for (int t = kT - 1; t >= 0; --t) {
              double g =
                  dz[t][o] * SurrogateGradient(surrogate, spec.slope, v[l][t][o] - spec.threshold) +
                  spec.beta * next;
              if (l == 1) g += dv_direct[t][o];
              di[t][o] = g;
              next = g;
            }
          }
          const std::vector<std::vector<double>>& x_in = l == 0 ? in : z[0];
          std::vector<std::vector<double>> dx(kT, std::vector<double>(n_in, 0.0));
          for (int t = 0; t < kT; ++t) {
            for (int o = 0; o < n_out; ++o) {
              ref[offsets[l] + n_out * n_in + o] += di[t][o];
              for (int i = 0; i < n_in; ++i) {
                ref[offsets[l] + o * n_in + i] += di[t][o] * x_in[t][i];
                dx[t][i] += di[t][o] * theta[offsets[l] + o * n_in + i];
              }
            }
          }
          dz = dx;
          for (auto& row : dz) row.resize(n_in);
          if (l == 1) {
            for (auto& row : dv_direct) std::fill(row.begin(), row.end(), 0.0);
          }
        }
      }
      for (std::size_t k = 0; k < gradient.size(); ++k) {
        EXPECT_NEAR(gradient[k], ref[k], 1e-5 + 1e-4 * std::abs(ref[k]))
            << ToString(loss) << " " << ToString(surrogate) << " parameter " << k;
      }
    }
  }
}

// Trained on Gaussian blobs the network learns, and the result does not depend on the thread
// count; every coding trains.
TEST(SnnMlp, TrainingLearnsAndIsIndependentOfTheThreadCount) {
  const TrainTest data = MakeSynthetic({.train_samples = 1200,
                                        .test_samples = 400,
                                        .dimension = 16,
                                        .classes = 4,
                                        .separation = 3.0},
                                       5);
  const IntensityRange range = IntensityRange::Of(data.train);
  std::vector<std::vector<float>> trained;
  for (const int threads : {1, 2}) {
    SnnMlp net({.widths = {16, 32, 4}, .steps = 10});
    net.Initialize(3);
    const SnnTrainingResult r = TrainSnn(net,
                                         data.train,
                                         range,
                                         {.epochs = 4,
                                          .batch = 64,
                                          .seed = 9,
                                          .threads = threads,
                                          .optimizer = {.name = "adam", .learning_rate = 5e-3}});
    EXPECT_LT(r.curve.back().loss, r.curve.front().loss);
    EXPECT_GT(r.ledger.count("train", "alu", "fp32_mac"), 0.0);
    const SnnEvaluation e = EvaluateSnn(net, data.test, range, 100, 9, threads);
    EXPECT_GT(e.accuracy, 0.9) << threads;
    EXPECT_EQ(e.work.neuron_updates, 400.0 * 10 * (32 + 4));
    EXPECT_GT(e.input_macs, 0.0);
    trained.emplace_back(net.parameters().begin(), net.parameters().end());
  }
  EXPECT_EQ(trained[0], trained[1]);
  for (const InputCoding coding :
       {InputCoding::kPoisson, InputCoding::kRate, InputCoding::kLatency, InputCoding::kDirect}) {
    // The spike codes with the count loss; the held input with time-to-first-spike output.
    SnnMlp net({.widths = {16, 32, 4},
                .steps = 10,
                .loss = coding == InputCoding::kDirect ? SnnLoss::kFirstSpike : SnnLoss::kCount,
                .coding = coding});
    net.Initialize(3);
    TrainSnn(net,
             data.train,
             range,
             {.epochs = 4,
              .batch = 64,
              .seed = 9,
              .optimizer = {.name = "adam", .learning_rate = 5e-3}});
    const SnnEvaluation e = EvaluateSnn(net, data.test, range, 100, 9, 1);
    EXPECT_GT(e.accuracy, 0.5) << ToString(coding);
    EXPECT_GT(e.work.synaptic_events, 0.0) << ToString(coding);
    EXPECT_EQ(e.spikes_per_sample[0] > 0.0, coding != InputCoding::kDirect) << ToString(coding);
  }
}

TEST(SnnMlp, BadSpecificationsAreRefusedByName) {
  const auto message = [](SnnSpec spec) -> std::string {
    try {
      SnnMlp net(spec);
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_NE(message({.steps = 0}).find("steps (T) = 0"), std::string::npos);
  EXPECT_NE(message({.beta = 1.5}).find("beta"), std::string::npos);
  EXPECT_EQ(message({.beta = 1.0}), "");  // IF neurons
  EXPECT_NE(message({.threshold = 0.0}).find("threshold"), std::string::npos);
  EXPECT_NE(message({.slope = -1.0}).find("slope"), std::string::npos);
  EXPECT_NE(message({.widths = {5}}).find("widths"), std::string::npos);
  EXPECT_THROW(SurrogateFromString("sigmoid"), std::invalid_argument);
  EXPECT_THROW(SnnLossFromString("mse"), std::invalid_argument);
}

}  // namespace
}  // namespace landauer::spiking

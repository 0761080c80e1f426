#include "landauer/quantum/dqnn.h"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "landauer/core/memory_budget.h"
#include "landauer/core/number_parse.h"
#include "landauer/core/parallel.h"
#include "landauer/core/rng.h"

namespace landauer::quantum {
namespace {}  // namespace

void CheckArchitecture(const std::vector<int>& widths, const std::string& what) {
  if (widths.size() < 2) {
    throw std::invalid_argument(
        fmt::format("{}: {} layer(s); a network needs an input and an output layer, e.g. 2-3-2",
                    what,
                    widths.size()));
  }
  for (std::size_t l = 0; l < widths.size(); ++l) {
    if (widths[l] < 1) {
      throw std::invalid_argument(
          fmt::format("{}: layer {} has width {}; every layer needs a qubit", what, l, widths[l]));
    }
    if (l > 0 && widths[l - 1] + widths[l] > kMaxQubits) {
      throw std::invalid_argument(fmt::format(
          "{}: layers {} and {} hold {} + {} qubits together; a training step simulates them "
          "jointly, at most {} qubits (a {}-qubit density matrix takes {:.3g} GB)",
          what,
          l - 1,
          l,
          widths[l - 1],
          widths[l],
          kMaxQubits,
          widths[l - 1] + widths[l],
          std::ldexp(16.0, 2 * std::min(widths[l - 1] + widths[l], 40)) / 1e9));
    }
  }
}

namespace {

// The qubits perceptron j of a layer with `in` inputs acts on: the inputs, then output j.
std::vector<int> PerceptronQubits(int in, int j) {
  std::vector<int> q(static_cast<std::size_t>(in));
  std::iota(q.begin(), q.end(), 0);
  q.push_back(in + j);
  return q;
}

}  // namespace

DqnnWork& DqnnWork::operator+=(const DqnnWork& o) {
  complex_macs += o.complex_macs;
  perceptron_applications += o.perceptron_applications;
  exponentials += o.exponentials;
  return *this;
}

std::vector<int> ParseArchitecture(const std::string& text, const std::string& flag) {
  std::vector<int> widths;
  std::size_t from = 0;
  while (true) {
    const std::size_t dash = text.find('-', from);
    const std::string part =
        text.substr(from, dash == std::string::npos ? std::string::npos : dash - from);
    const ParsedInteger w = ParseInteger(part);
    if (!w.ok() || w.value < 1 || w.value > kMaxQubits) {
      throw std::invalid_argument(fmt::format(
          "{} '{}': '{}' is not a layer width from 1 to {}; write the widths joined by '-', "
          "e.g. 2-3-2",
          flag,
          text,
          part,
          kMaxQubits));
    }
    widths.push_back(static_cast<int>(w.value));
    if (dash == std::string::npos) break;
    from = dash + 1;
  }
  CheckArchitecture(widths, flag + " '" + text + "'");
  return widths;
}

Dqnn::Dqnn(std::vector<int> widths, Rng& rng) : widths_(std::move(widths)) {
  CheckArchitecture(widths_, "Dqnn");
  for (int l = 1; l <= layers(); ++l) {
    std::vector<CMatrix> layer;
    const int dimension = 1 << (widths_[static_cast<std::size_t>(l - 1)] + 1);
    for (int j = 0; j < widths_[static_cast<std::size_t>(l)]; ++j) {
      layer.push_back(RandomUnitary(dimension, rng));
    }
    perceptrons_.push_back(std::move(layer));
  }
}

const CMatrix& Dqnn::perceptron(int l, int j) const {
  return perceptrons_.at(static_cast<std::size_t>(l - 1)).at(static_cast<std::size_t>(j));
}

void Dqnn::set_perceptron(int l, int j, CMatrix u) {
  CMatrix& slot = perceptrons_.at(static_cast<std::size_t>(l - 1)).at(static_cast<std::size_t>(j));
  if (u.rows() != slot.rows() || u.cols() != slot.cols() || UnitarityError(u) > 1e-9) {
    throw std::invalid_argument(fmt::format(
        "set_perceptron({}, {}): a {} × {} matrix with unitarity error {:.3g}; expected a "
        "unitary of {} × {}",
        l,
        j,
        u.rows(),
        u.cols(),
        u.rows() == u.cols() ? UnitarityError(u) : 0.0,
        slot.rows(),
        slot.cols()));
  }
  slot = std::move(u);
}

CMatrix Dqnn::Embedded(int l, int j) const {
  const int in = widths_[static_cast<std::size_t>(l - 1)],
            out = widths_[static_cast<std::size_t>(l)];
  return OnQubits(perceptron(l, j), PerceptronQubits(in, j), in + out);
}

CMatrix Dqnn::LayerUnitary(int l) const {
  CMatrix u = Embedded(l, 0);
  for (int j = 1; j < widths_[static_cast<std::size_t>(l)]; ++j) u = Embedded(l, j) * u;
  return u;
}

Dqnn::LayerOps Dqnn::Ops(int l) const {
  const int in = widths_[static_cast<std::size_t>(l - 1)],
            out = widths_[static_cast<std::size_t>(l)];
  LayerOps ops;
  ops.in = in;
  ops.out = out;
  const Eigen::Index din = Eigen::Index{1} << in, stride = Eigen::Index{1} << out;
  for (int j = 0; j < out; ++j) ops.u.push_back(Embedded(l, j));
  // W_0 = U_0 restricted to the columns whose output qubits are all 0; W_j = U_j W_{j−1}.
  CMatrix w(ops.u[0].rows(), din);
  for (Eigen::Index a = 0; a < din; ++a) w.col(a) = ops.u[0].col(a * stride);
  ops.w.push_back(w);
  for (int j = 1; j < out; ++j) ops.w.push_back(ops.u[static_cast<std::size_t>(j)] * ops.w.back());
  return ops;
}

CMatrix Dqnn::Forward(const LayerOps& ops, const CMatrix& rho, double depolarise) {
  // U (ρ ⊗ |0…0⟩⟨0…0|) U† = W ρ W†, W the layer's columns with every output qubit 0.
  const CMatrix& w = ops.w.back();
  const CMatrix full = w * rho * w.adjoint();
  std::vector<int> outputs(static_cast<std::size_t>(ops.out));
  std::iota(outputs.begin(), outputs.end(), ops.in);
  CMatrix next = PartialTrace(full, ops.in + ops.out, outputs);
  return depolarise > 0.0 ? Depolarise(next, depolarise) : next;
}

CMatrix Dqnn::Backward(const LayerOps& ops, const CMatrix& sigma) {
  // ⟨0…0|_out U† (1 ⊗ σ) U |0…0⟩_out = W† (1 ⊗ σ) W.
  const CMatrix& w = ops.w.back();
  const Eigen::Index din = Eigen::Index{1} << ops.in;
  return w.adjoint() * Kron(CMatrix::Identity(din, din), sigma) * w;
}

CMatrix Dqnn::Layer(int l, const CMatrix& rho, double depolarise) const {
  return Forward(Ops(l), rho, depolarise);
}

CMatrix Dqnn::Adjoint(int l, const CMatrix& sigma) const { return Backward(Ops(l), sigma); }

CMatrix Dqnn::Output(const CVector& in, double depolarise) const {
  const CVector inputs[] = {in};
  return Outputs(inputs, 1, depolarise, nullptr).front();
}

void Dqnn::CheckPairs(std::span<const TrainingPair> pairs, const char* what) const {
  if (pairs.empty()) {
    throw std::invalid_argument(fmt::format("{}: no training pairs; give at least one", what));
  }
  const Eigen::Index din = Eigen::Index{1} << widths_.front(),
                     dout = Eigen::Index{1} << widths_.back();
  for (std::size_t x = 0; x < pairs.size(); ++x) {
    if (pairs[x].in.size() != din || pairs[x].out.size() != dout) {
      throw std::invalid_argument(fmt::format(
          "{}: pair {} has states of dimension {} and {}; the network takes {} and gives {}",
          what,
          x,
          pairs[x].in.size(),
          pairs[x].out.size(),
          din,
          dout));
    }
  }
}

namespace {

// Multiply-adds of the per-layer work shared by every pair (the embedded perceptrons' W chain),
// and of one pair's forward pass through a layer.
double ChainMacs(int in, int out) {
  const double d = std::ldexp(1.0, in + out), din = std::ldexp(1.0, in);
  return (out - 1) * d * d * din;
}
double ForwardMacs(int in, int out) {
  const double d = std::ldexp(1.0, in + out), din = std::ldexp(1.0, in);
  return d * din * din + d * d * din;
}

}  // namespace

DqnnWork Dqnn::ForwardWork(std::int64_t samples) const {
  DqnnWork work;
  const double n = static_cast<double>(samples);
  for (int l = 1; l <= layers(); ++l) {
    const int in = widths_[static_cast<std::size_t>(l - 1)],
              out = widths_[static_cast<std::size_t>(l)];
    work.complex_macs += ChainMacs(in, out) + n * ForwardMacs(in, out);
    work.perceptron_applications += samples * out;
  }
  return work;
}

double Dqnn::WorkingBytes(int threads, std::int64_t block) const {
  double bytes = 0.0, widest = 0.0, partial = 0.0;
  for (int l = 1; l <= layers(); ++l) {
    const int in = widths_[static_cast<std::size_t>(l - 1)],
              out = widths_[static_cast<std::size_t>(l)];
    const double d = std::ldexp(1.0, in + out), din = std::ldexp(1.0, in);
    bytes += 16.0 * out * (d * d + d * din);  // the embedded perceptrons and isometries
    widest = std::max(widest, d);
    partial += 16.0 * out * std::ldexp(1.0, 2 * (in + 1));  // one pair's partial traces
  }
  // Per thread: about six d × d temporaries of the widest layer pair; per pair of a block: its
  // partial traces.
  return bytes + std::max(1, threads) * 6.0 * 16.0 * widest * widest +
         static_cast<double>(block) * partial;
}

std::vector<CMatrix> Dqnn::Outputs(std::span<const CVector> inputs,
                                   int threads,
                                   double depolarise,
                                   DqnnWork* work) const {
  const Eigen::Index din = Eigen::Index{1} << widths_.front();
  for (std::size_t x = 0; x < inputs.size(); ++x) {
    if (inputs[x].size() != din) {
      throw std::invalid_argument(
          fmt::format("Dqnn::Outputs: input {} has dimension {}; the network takes {}",
                      x,
                      inputs[x].size(),
                      din));
    }
  }
  std::vector<LayerOps> ops;
  for (int l = 1; l <= layers(); ++l) ops.push_back(Ops(l));
  std::vector<CMatrix> out(inputs.size());
  ParallelFor(0,
              static_cast<std::int64_t>(inputs.size()),
              threads,
              static_cast<double>(inputs.size()) * 1e5,
              [&](std::int64_t lo, std::int64_t hi) {
                for (std::int64_t x = lo; x < hi; ++x) {
                  CMatrix rho = Projector(inputs[static_cast<std::size_t>(x)]);
                  for (const LayerOps& layer : ops) rho = Forward(layer, rho, depolarise);
                  out[static_cast<std::size_t>(x)] = std::move(rho);
                }
              });
  if (work != nullptr) *work += ForwardWork(static_cast<std::int64_t>(inputs.size()));
  return out;
}

double Dqnn::Cost(std::span<const TrainingPair> pairs,
                  int threads,
                  double depolarise,
                  DqnnWork* work) const {
  CheckPairs(pairs, "Dqnn::Cost");
  std::vector<CVector> inputs;
  for (const TrainingPair& p : pairs) inputs.push_back(p.in);
  const std::vector<CMatrix> outputs = Outputs(inputs, threads, depolarise, work);
  double sum = 0.0;  // in pair order
  for (std::size_t x = 0; x < pairs.size(); ++x) sum += Fidelity(pairs[x].out, outputs[x]);
  return sum / static_cast<double>(pairs.size());
}

void Dqnn::TrainRound(std::span<const TrainingPair> pairs,
                      double lambda,
                      double epsilon,
                      int threads,
                      DqnnWork& work,
                      double depolarise) {
  CheckPairs(pairs, "Dqnn::TrainRound");
  if (!(lambda > 0.0) || !(epsilon > 0.0) || !std::isfinite(lambda) || !std::isfinite(epsilon)) {
    throw std::invalid_argument(fmt::format(
        "Dqnn::TrainRound: λ = {} and ε = {} must both be finite and > 0", lambda, epsilon));
  }
  if (!(depolarise >= 0.0 && depolarise <= 1.0)) {
    throw std::invalid_argument(
        fmt::format("Dqnn::TrainRound: depolarising strength {} is outside [0, 1]", depolarise));
  }
  const int L = layers();
  // Pairs are processed in blocks of kBlock; each block's partial traces are added to the sums in
  // pair order, so memory is bounded and the result does not depend on `threads`.
  constexpr std::int64_t kBlock = 64;
  const std::int64_t n_pairs = static_cast<std::int64_t>(pairs.size());
  CheckMemory(fmt::format("a training round of the {}-layer DQNN", L),
              WorkingBytes(threads, std::min(kBlock, n_pairs)),
              "use a narrower network (each layer pair is simulated on m_{l-1} + m_l qubits)");
  // The old network's embedded perceptrons and isometries, shared by every pair.
  std::vector<LayerOps> ops;
  for (int l = 1; l <= L; ++l) ops.push_back(Ops(l));
  // sums[l − 1][j] = Σ_x tr_rest [A_x, B_x].
  std::vector<std::vector<CMatrix>> sums(static_cast<std::size_t>(L));
  for (int l = 1; l <= L; ++l) {
    const Eigen::Index dv = Eigen::Index{1} << (widths_[static_cast<std::size_t>(l - 1)] + 1);
    sums[static_cast<std::size_t>(l - 1)].assign(
        static_cast<std::size_t>(widths_[static_cast<std::size_t>(l)]), CMatrix::Zero(dv, dv));
  }
  for (std::int64_t b0 = 0; b0 < n_pairs; b0 += kBlock) {
    const std::int64_t b1 = std::min(n_pairs, b0 + kBlock);
    // contribution[x − b0][l − 1][j] = tr_rest [A_x, B_x].
    std::vector<std::vector<std::vector<CMatrix>>> contribution(static_cast<std::size_t>(b1 - b0));
    ParallelFor(
        b0, b1, threads, static_cast<double>(b1 - b0) * 1e6, [&](std::int64_t lo, std::int64_t hi) {
          for (std::int64_t xi = lo; xi < hi; ++xi) {
            const TrainingPair& pair = pairs[static_cast<std::size_t>(xi)];
            std::vector<CMatrix> rho{Projector(pair.in)};  // ρ^0 … ρ^{L−1}
            for (int l = 1; l < L; ++l) {
              rho.push_back(Forward(ops[static_cast<std::size_t>(l - 1)], rho.back(), depolarise));
            }
            auto& mine = contribution[static_cast<std::size_t>(xi - b0)];
            mine.resize(static_cast<std::size_t>(L));
            // Layers from the last down, carrying the back-propagated target σ^l. With noise,
            // the cost is tr(σ D(ξ(ρ))) = tr(D(σ) ξ(ρ)) (the depolarising channel is self-adjoint),
            // so each layer sees D(σ^l).
            CMatrix sigma = Projector(pair.out);
            for (int l = L; l >= 1; --l) {
              const LayerOps& layer = ops[static_cast<std::size_t>(l - 1)];
              const int in = layer.in, out = layer.out;
              if (depolarise > 0.0) sigma = Depolarise(sigma, depolarise);
              const CMatrix& r = rho[static_cast<std::size_t>(l - 1)];
              // A_j = W_j ρ W_j† has rank ≤ 2^in, so A_j B_j = W_j ρ G_j with G_j = W_j† B_j, and
              // [A_j, B_j] = A_j B_j − (A_j B_j)† (both Hermitian). As W_{j+1} = U_{j+1} W_j and
              // B_j = U_{j+1}† B_{j+1} U_{j+1}: G_j = G_{j+1} U_{j+1}, from G_{m−1} = W† (1 ⊗ σ);
              // and F(σ) = W† (1 ⊗ σ) W = G_{m−1} W.
              std::vector<CMatrix> g(static_cast<std::size_t>(out));
              g.back() =
                  layer.w.back().adjoint() * Kron(CMatrix::Identity(1 << in, 1 << in), sigma);
              for (int j = out - 1; j >= 1; --j) {
                g[static_cast<std::size_t>(j - 1)] =
                    g[static_cast<std::size_t>(j)] * layer.u[static_cast<std::size_t>(j)];
              }
              for (int j = 0; j < out; ++j) {
                const CMatrix& wj = layer.w[static_cast<std::size_t>(j)];
                const CMatrix ab = wj * (r * g[static_cast<std::size_t>(j)]);
                const CMatrix m = ab - ab.adjoint();
                mine[static_cast<std::size_t>(l - 1)].push_back(
                    PartialTrace(m, in + out, PerceptronQubits(in, j)));
              }
              if (l > 1) sigma = g.back() * layer.w.back();  // σ^{l−1} = F^l(σ^l)
            }
          }
        });
    for (const auto& pair_traces : contribution) {  // in pair order
      for (int l = 1; l <= L; ++l) {
        for (std::size_t j = 0; j < pair_traces[static_cast<std::size_t>(l - 1)].size(); ++j) {
          sums[static_cast<std::size_t>(l - 1)][j] +=
              pair_traces[static_cast<std::size_t>(l - 1)][j];
        }
      }
    }
  }
  const double n = static_cast<double>(pairs.size());
  for (int l = 1; l <= L; ++l) {
    const int in = widths_[static_cast<std::size_t>(l - 1)],
              out = widths_[static_cast<std::size_t>(l)];
    const double c = -epsilon * std::ldexp(1.0, in) / (lambda * n);
    for (int j = 0; j < out; ++j) {
      // exp(c S) = exp(i H) with H = −i c S Hermitian (S is anti-Hermitian).
      const CMatrix update = ExpI(
          Complex(0.0, -c) * sums[static_cast<std::size_t>(l - 1)][static_cast<std::size_t>(j)]);
      CMatrix& v = perceptrons_[static_cast<std::size_t>(l - 1)][static_cast<std::size_t>(j)];
      v = update * v;
      ++work.exponentials;
      const double dv = static_cast<double>(v.rows());
      // The eigendecomposition (~9 dv³, as for Pca), V diag V† (dv³) and E·V (dv³).
      work.complex_macs += 11.0 * dv * dv * dv;
    }
    // Shared: the W chain. Per pair: the forward pass (all but the last layer), G_{m−1} and the
    // G recursion (d² 2^in per perceptron), each perceptron's product A_j B_j = W_j (ρ G_j), and
    // the backward pass F = G_{m−1} W (all but the first layer).
    const double d = std::ldexp(1.0, in + out), din = std::ldexp(1.0, in);
    const double per_pair = (l < L ? ForwardMacs(in, out) : 0.0) + out * d * d * din +
                            out * (d * d * din + din * din * d) + (l > 1 ? d * din * din : 0.0);
    work.complex_macs += ChainMacs(in, out) + n * per_pair;
    work.perceptron_applications += static_cast<std::int64_t>(pairs.size()) * out;
  }
}

std::vector<TrainingPair> PairsFromUnitary(const CMatrix& v, int n, Rng& rng) {
  const int q = QubitsOf(v, "PairsFromUnitary");
  if (UnitarityError(v) > 1e-9) {
    throw std::invalid_argument(fmt::format(
        "PairsFromUnitary: the target is not unitary (max |V†V − 1| = {:.3g})", UnitarityError(v)));
  }
  std::vector<TrainingPair> pairs;
  for (int x = 0; x < n; ++x) {
    CVector in = RandomState(1 << q, rng);
    CVector out = v * in;
    pairs.push_back({std::move(in), std::move(out)});
  }
  return pairs;
}

std::vector<TrainingPair> RandomPairs(int qubits_in, int qubits_out, int n, Rng& rng) {
  std::vector<TrainingPair> pairs;
  for (int x = 0; x < n; ++x) {
    CVector in = RandomState(1 << qubits_in, rng);
    CVector out = RandomState(1 << qubits_out, rng);
    pairs.push_back({std::move(in), std::move(out)});
  }
  return pairs;
}

double GeneralisationBound(int qubits, int n, int total) {
  const double d = std::ldexp(1.0, qubits), nn = n, big_n = total;
  return nn / big_n + (big_n - nn) / (big_n * d * (d + 1.0)) * (d + std::min(nn * nn + 1.0, d * d));
}

}  // namespace landauer::quantum

#include "landauer/nn/ggn_subspace.h"

#include <fmt/format.h>

#include <Eigen/Eigenvalues>
#include <cmath>
#include <optional>

#include "landauer/core/check.h"
#include "landauer/core/symmetric_eigen.h"

namespace landauer::nn {

namespace {
// Eigenvalues of K below this fraction of the largest are float32 rounding of the null space
// (each sample's H has rank C − 1, and J is computed in float32).
constexpr double kRelativeRankTolerance = 1e-6;

// Softmax probabilities of the batch, and the activations for the structural Gram matrix.
MatrixF BatchProbabilities(const Mlp& model, const MatrixF& x, Mlp::Workspace& ws) {
  DigitalEngine engine(1);
  model.Forward(x, engine, ws);
  MatrixF p;
  Softmax(ws.logits(), p);
  return p;
}

// Per sample (diag p − p pᵀ)/B, the blocks of the mean cross-entropy Hessian.
std::vector<Eigen::MatrixXd> LossHessianBlocks(const MatrixF& p) {
  const auto batch = static_cast<int>(p.rows());
  std::vector<Eigen::MatrixXd> blocks;
  for (int i = 0; i < batch; ++i) {
    const Eigen::VectorXd pi = p.row(i).transpose().cast<double>();
    blocks.push_back((Eigen::MatrixXd(pi.asDiagonal()) - pi * pi.transpose()) / batch);
  }
  return blocks;
}

}  // namespace

GgnFactors ExplicitGgnFactors(const Mlp& model, const MatrixF& x) {
  const auto batch = static_cast<int>(x.rows());
  const int classes = model.spec().widths.back();
  const int rows = batch * classes;
  const std::int64_t entries = static_cast<std::int64_t>(rows) * model.storage_size();
  if (entries > kMaxExplicitJacobianEntries) {
    throw std::invalid_argument(
        fmt::format("the explicit Jacobian of this batch would hold {} x {} = {} values, more than "
                    "{}; use a smaller batch or model",
                    rows,
                    model.storage_size(),
                    entries,
                    kMaxExplicitJacobianEntries));
  }
  Mlp::Workspace ws;
  GgnFactors factors;
  factors.loss_hessian_blocks = LossHessianBlocks(BatchProbabilities(model, x, ws));
  // Row (i, c) = ∂ logit c of sample i / ∂θ: one VJP of that sample.
  factors.jacobian.resize(rows, model.storage_size());
  for (int i = 0; i < batch; ++i) {
    const MatrixF sample = x.row(i);
    for (int c = 0; c < classes; ++c) {
      MatrixF unit = MatrixF::Zero(1, classes);
      unit(0, c) = 1.0f;
      const AlignedFloats row = model.Vjp(sample, unit);
      for (std::size_t k = 0; k < row.size(); ++k) {
        factors.jacobian(i * classes + c, static_cast<Eigen::Index>(k)) = row[k];
      }
    }
  }
  return factors;
}

GgnSubspace::GgnSubspace(const Mlp& model, const MatrixF& x)
    : GgnSubspace(model, x, std::optional<GgnFactors>()) {}

GgnSubspace::GgnSubspace(const Mlp& model, const MatrixF& x, GgnFactors factors)
    : GgnSubspace(model, x, std::optional<GgnFactors>(std::move(factors))) {}

// One body for both constructors.
GgnSubspace::GgnSubspace(const Mlp& model, const MatrixF& x, std::optional<GgnFactors> factors)
    : model_(model), x_(x) {
  const auto batch = static_cast<int>(x.rows());
  classes_ = model.spec().widths.back();
  rows_ = batch * classes_;
  Mlp::Workspace ws;
  std::vector<Eigen::MatrixXd> h_blocks;
  if (factors) {
    LANDAUER_CHECK(factors->jacobian.rows() == rows_ &&
                   factors->jacobian.cols() == model.storage_size() &&
                   static_cast<int>(factors->loss_hessian_blocks.size()) == batch)
        << "GgnSubspace: factors do not match the model and batch";
    h_blocks = std::move(factors->loss_hessian_blocks);
  } else {
    h_blocks = LossHessianBlocks(BatchProbabilities(model, x, ws));
  }
  // H^{1/2}, block diagonal: per sample the symmetric square root of its block, clamped to PSD.
  h_sqrt_ = MatrixD::Zero(rows_, rows_);
  for (int i = 0; i < batch; ++i) {
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(h_blocks[static_cast<std::size_t>(i)]);
    h_sqrt_.block(i * classes_, i * classes_, classes_, classes_) =
        eig.eigenvectors() * eig.eigenvalues().cwiseMax(0.0).cwiseSqrt().asDiagonal() *
        eig.eigenvectors().transpose();
  }
  MatrixD gram = MatrixD::Zero(rows_, rows_);
  if (factors) {
    jacobian_ = std::move(factors->jacobian);
    const MatrixD jd = jacobian_.cast<double>();
    gram = jd * jd.transpose();
  } else {
    BuildGramFromStructure(model, x, ws, gram);
  }
  // K = H^{1/2} (J Jᵀ) H^{1/2} block by block, as H^{1/2} is block diagonal (S_i, C × C per
  // sample): K_ij = S_i (J Jᵀ)_ij S_j for i ≥ j, the lower triangle the eigensolver reads. Two
  // dense r × r products would cost 4r³ flops (10⁹ at r = 640); this costs about 2r²C.
  Eigen::MatrixXd k = Eigen::MatrixXd::Zero(rows_, rows_);
  for (int j = 0; j < batch; ++j) {
    const Eigen::Index first = static_cast<Eigen::Index>(j) * classes_;
    const Eigen::MatrixXd right = gram.block(first, first, rows_ - first, classes_) *
                                  h_sqrt_.block(first, first, classes_, classes_);
    for (int i = j; i < batch; ++i) {
      const Eigen::Index row = static_cast<Eigen::Index>(i) * classes_;
      k.block(row, first, classes_, classes_).noalias() =
          h_sqrt_.block(row, row, classes_, classes_) * right.middleRows(row - first, classes_);
    }
  }
  const SymmetricEigen eig = SymmetricEigenDecompose(k);
  const double mu_max = std::max(eig.values.maxCoeff(), 0.0);
  std::vector<Eigen::Index> kept;
  for (Eigen::Index i = eig.values.size() - 1; i >= 0; --i) {
    if (eig.values[i] > mu_max * kRelativeRankTolerance) kept.push_back(i);
  }
  eigenvalues_.resize(static_cast<Eigen::Index>(kept.size()));
  basis_.resize(rows_, static_cast<Eigen::Index>(kept.size()));
  for (std::size_t j = 0; j < kept.size(); ++j) {
    eigenvalues_[static_cast<Eigen::Index>(j)] = eig.values[kept[j]];
    basis_.col(static_cast<Eigen::Index>(j)) =
        eig.vectors.col(kept[j]) / std::sqrt(eig.values[kept[j]]);
  }
}

void GgnSubspace::BuildGramFromStructure(const Mlp& model,
                                         const MatrixF& x,
                                         const Mlp::Workspace& ws,
                                         MatrixD& gram) const {
  // J Jᵀ from per-class sensitivities: row index (i, c) = i * C + c.
  const MlpSpec& spec = model.spec();
  const int layers = spec.num_layers();
  const auto batch = static_cast<int>(x.rows());
  std::vector<MatrixF> delta(static_cast<std::size_t>(layers));  // per layer: r × out_l
  for (int l = 0; l < layers; ++l)
    delta[static_cast<std::size_t>(l)].resize(rows_, spec.widths[l + 1]);
  for (int c = 0; c < classes_; ++c) {
    MatrixF d = MatrixF::Zero(batch, classes_);
    d.col(c).setOnes();
    for (int l = layers - 1; l >= 0; --l) {
      for (int i = 0; i < batch; ++i)
        delta[static_cast<std::size_t>(l)].row(i * classes_ + c) = d.row(i);
      if (l > 0) {
        MatrixF previous = d * model.Weight(l);
        MultiplyByDerivative(model.activation(), ws.z[static_cast<std::size_t>(l) - 1], previous);
        d = std::move(previous);
      }
    }
  }
  for (int l = 0; l < layers; ++l) {
    const MatrixF& input = l == 0 ? x : ws.a[static_cast<std::size_t>(l) - 1];
    const Eigen::MatrixXd a_gram =
        (input.cast<double>() * input.cast<double>().transpose()).array() + 1.0;
    const MatrixD dl = delta[static_cast<std::size_t>(l)].cast<double>();
    // δ δᵀ is symmetric: its lower triangle (half the flops of the full product), mirrored below.
    MatrixD d_gram = MatrixD::Zero(rows_, rows_);
    d_gram.selfadjointView<Eigen::Lower>().rankUpdate(dl);
    for (int r1 = 0; r1 < rows_; ++r1) {
      for (int r2 = 0; r2 < r1; ++r2) {
        const double value = d_gram(r1, r2) * a_gram(r1 / classes_, r2 / classes_);
        gram(r1, r2) += value;
        gram(r2, r1) += value;
      }
      gram(r1, r1) += d_gram(r1, r1) * a_gram(r1 / classes_, r1 / classes_);
    }
  }
}

Eigen::VectorXd GgnSubspace::Project(std::span<const float> v) const {
  Eigen::VectorXd flat(rows_);
  if (explicit_jacobian()) {
    flat = (jacobian_ * Eigen::Map<const VectorF>(v.data(), static_cast<Eigen::Index>(v.size())))
               .cast<double>();
  } else {
    const MatrixF jv = model_.Jvp(x_, v);  // B × C
    for (Eigen::Index i = 0; i < jv.size(); ++i)
      flat[i] = jv.data()[i];  // row-major: (i, c) -> i*C + c
  }
  return basis_.transpose() * (h_sqrt_ * flat);
}

AlignedFloats GgnSubspace::Lift(const Eigen::VectorXd& a) const {
  LANDAUER_CHECK(a.size() == rank()) << "GgnSubspace::Lift: coordinate size mismatch";
  const Eigen::VectorXd u = h_sqrt_ * (basis_ * a);
  if (explicit_jacobian()) {
    const VectorF lifted = jacobian_.transpose() * u.cast<float>();
    return AlignedFloats(lifted.data(), lifted.data() + lifted.size());
  }
  MatrixF u_matrix(x_.rows(), classes_);
  for (Eigen::Index i = 0; i < u.size(); ++i) u_matrix.data()[i] = static_cast<float>(u[i]);
  return model_.Vjp(x_, u_matrix);
}

AlignedFloats GgnSubspace::Solve(std::span<const float> v, double damping) const {
  const Eigen::VectorXd coords = Project(v);
  // F⁻¹ v = V diag(1/(μ+λ)) Vᵀ v + (v − V Vᵀ v)/λ = v/λ + V diag(1/(μ+λ) − 1/λ) Vᵀ v.
  const Eigen::VectorXd scaled =
      coords.array() * ((eigenvalues_.array() + damping).inverse() - 1.0 / damping);
  AlignedFloats out = Lift(scaled);
  for (std::size_t i = 0; i < out.size(); ++i) out[i] += static_cast<float>(v[i] / damping);
  return out;
}

}  // namespace landauer::nn

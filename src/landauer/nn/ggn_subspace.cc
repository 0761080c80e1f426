#include "landauer/nn/ggn_subspace.h"

#include <fmt/format.h>

#include <Eigen/Eigenvalues>
#include <cmath>

#include "landauer/core/check.h"
#include "landauer/core/quantize.h"

namespace landauer::nn {

namespace {
// Eigenvalues of K below this fraction of the largest are float32 rounding of the null space
// (each sample's H has rank C − 1, and J is computed in float32).
constexpr double kRelativeRankTolerance = 1e-6;
}  // namespace

GgnSubspace::GgnSubspace(const Mlp& model, const MatrixF& x, int coupling_bits)
    : model_(model), x_(x), coupling_bits_(coupling_bits) {
  if (coupling_bits < 0 || coupling_bits == 1 || coupling_bits > 24) {
    throw std::invalid_argument(
        fmt::format("coupling bits = {}: use 0 (ideal) or 2 to 24", coupling_bits));
  }
  const auto batch = static_cast<int>(x.rows());
  classes_ = model.spec().widths.back();
  rows_ = batch * classes_;
  // Forward pass (activations and pre-activations).
  DigitalEngine engine(1);
  Mlp::Workspace ws;
  model.Forward(x, engine, ws);
  MatrixF p;
  Softmax(ws.logits(), p);
  // H^{1/2}, block diagonal: per sample the symmetric square root of (diag p − p pᵀ)/B.
  h_sqrt_ = MatrixD::Zero(rows_, rows_);
  std::vector<Eigen::MatrixXd> h_blocks;
  double h_range = 0.0;
  for (int i = 0; i < batch; ++i) {
    const Eigen::VectorXd pi = p.row(i).transpose().cast<double>();
    h_blocks.push_back((Eigen::MatrixXd(pi.asDiagonal()) - pi * pi.transpose()) / batch);
    h_range = std::max(h_range, h_blocks.back().cwiseAbs().maxCoeff());
  }
  for (int i = 0; i < batch; ++i) {
    Eigen::MatrixXd& hi = h_blocks[static_cast<std::size_t>(i)];
    if (coupling_bits_ > 0)
      hi = hi.unaryExpr([&](double v) { return QuantizeSymmetric(v, h_range, coupling_bits_); });
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(hi);
    h_sqrt_.block(i * classes_, i * classes_, classes_, classes_) =
        eig.eigenvectors() * eig.eigenvalues().cwiseMax(0.0).cwiseSqrt().asDiagonal() *
        eig.eigenvectors().transpose();
  }
  MatrixD gram = MatrixD::Zero(rows_, rows_);
  if (coupling_bits_ > 0) {
    // J explicitly, row (i, c) = ∂ logit c of sample i / ∂θ (one VJP of that sample), quantised.
    const std::int64_t entries = static_cast<std::int64_t>(rows_) * model.storage_size();
    if (entries > kMaxExplicitJacobianEntries) {
      throw std::invalid_argument(
          fmt::format("TNGD coupling quantisation forms the Jacobian explicitly: {} x {} = {} "
                      "values exceeds {}; use a smaller "
                      "batch or model, or --coupling-bits 0 (ideal couplings)",
                      rows_,
                      model.storage_size(),
                      entries,
                      kMaxExplicitJacobianEntries));
    }
    jacobian_.resize(rows_, model.storage_size());
    for (int i = 0; i < batch; ++i) {
      const MatrixF sample = x.row(i);
      for (int c = 0; c < classes_; ++c) {
        MatrixF unit = MatrixF::Zero(1, classes_);
        unit(0, c) = 1.0f;
        const AlignedFloats row = model.Vjp(sample, unit);
        for (std::size_t k = 0; k < row.size(); ++k)
          jacobian_(i * classes_ + c, static_cast<Eigen::Index>(k)) = row[k];
      }
    }
    const double j_range = jacobian_.cwiseAbs().maxCoeff();
    jacobian_ = jacobian_.unaryExpr(
        [&](float v) { return static_cast<float>(QuantizeSymmetric(v, j_range, coupling_bits_)); });
    const MatrixD jd = jacobian_.cast<double>();
    gram = jd * jd.transpose();
  } else {
    BuildGramFromStructure(model, x, ws, gram);
  }
  const Eigen::MatrixXd k = h_sqrt_ * gram * h_sqrt_;
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(0.5 * (k + k.transpose()));
  const double mu_max = std::max(eig.eigenvalues().maxCoeff(), 0.0);
  std::vector<Eigen::Index> kept;
  for (Eigen::Index i = eig.eigenvalues().size() - 1; i >= 0; --i) {
    if (eig.eigenvalues()[i] > mu_max * kRelativeRankTolerance) kept.push_back(i);
  }
  eigenvalues_.resize(static_cast<Eigen::Index>(kept.size()));
  basis_.resize(rows_, static_cast<Eigen::Index>(kept.size()));
  for (std::size_t j = 0; j < kept.size(); ++j) {
    eigenvalues_[static_cast<Eigen::Index>(j)] = eig.eigenvalues()[kept[j]];
    basis_.col(static_cast<Eigen::Index>(j)) =
        eig.eigenvectors().col(kept[j]) / std::sqrt(eig.eigenvalues()[kept[j]]);
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
    const MatrixD d_gram = dl * dl.transpose();
    for (int r1 = 0; r1 < rows_; ++r1) {
      for (int r2 = 0; r2 < rows_; ++r2)
        gram(r1, r2) += d_gram(r1, r2) * a_gram(r1 / classes_, r2 / classes_);
    }
  }
}

Eigen::VectorXd GgnSubspace::Project(std::span<const float> v) const {
  Eigen::VectorXd flat(rows_);
  if (coupling_bits_ > 0) {
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
  if (coupling_bits_ > 0) {
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

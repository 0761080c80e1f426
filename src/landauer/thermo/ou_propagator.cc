#include "landauer/thermo/ou_propagator.h"

#include <fmt/format.h>

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <Eigen/LU>
#include <cmath>
#include <complex>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>
#include <unsupported/Eigen/MatrixFunctions>
#include <vector>

#include "landauer/core/parallel.h"

#ifdef LANDAUER_HAVE_OPENBLAS
#include <cblas.h>
extern "C" void openblas_set_num_threads(int);
#endif

namespace landauer::thermo {
namespace {

// Chains per parallel block; fixed, so the noise of chain k never depends on the thread count.
constexpr Eigen::Index kChainBlock = 32;

// A factor L with L Lᵀ = Q for a symmetric PSD Q (Cholesky, or an eigen square root when Q is
// singular, e.g. the position block of the underdamped system over a tiny step).
ColMatrixD PsdFactor(const ColMatrixD& q) {
  const ColMatrixD symmetric = 0.5 * (q + q.transpose());
  Eigen::LLT<ColMatrixD> llt(symmetric);
  if (llt.info() == Eigen::Success) return llt.matrixL();
  const Eigen::SelfAdjointEigenSolver<ColMatrixD> eigen(symmetric);
  const Eigen::VectorXd roots = eigen.eigenvalues().cwiseMax(0.0).cwiseSqrt();
  return eigen.eigenvectors() * roots.asDiagonal();
}

template <typename Scalar>
void FillNormalImpl(Rng& rng, Scalar* out, Eigen::Index count) {
  using Array = Eigen::Array<Scalar, Eigen::Dynamic, 1>;
  const Eigen::Index pairs = (count + 1) / 2;
  Array u1(pairs), u2(pairs);
  if constexpr (std::is_same_v<Scalar, float>) {
    // Words 2i and 2i + 1 of the stream, as NextU32 would give them, fetched in bulk.
    std::vector<std::uint32_t> words(static_cast<std::size_t>(2 * pairs));
    rng.FillU32(words.data(), words.size());
    for (Eigen::Index i = 0; i < pairs; ++i) {
      u1[i] = (static_cast<float>(words[static_cast<std::size_t>(2 * i)] >> 8) + 0.5f) *
              (1.0f / 16777216.0f);  // (0, 1)
      u2[i] = static_cast<float>(words[static_cast<std::size_t>(2 * i + 1)] >> 8) *
              (1.0f / 16777216.0f);
    }
  } else {
    for (Eigen::Index i = 0; i < pairs; ++i) {
      u1[i] = rng.UniformOpen();
      u2[i] = rng.Uniform();
    }
  }
  const Array radius = (Scalar(-2) * u1.log()).sqrt();
  const Array angle = Scalar(2 * std::numbers::pi) * u2;
  const Array cosine = radius * angle.cos(), sine = radius * angle.sin();
  for (Eigen::Index i = 0; i < pairs; ++i) {
    out[2 * i] = cosine[i];
    if (2 * i + 1 < count) out[2 * i + 1] = sine[i];
  }
}

}  // namespace

std::string_view ToString(Integrator integrator) {
  return integrator == Integrator::kExact ? "exact" : "euler-maruyama";
}

Integrator IntegratorFromString(std::string_view name) {
  if (name == "exact") return Integrator::kExact;
  if (name == "euler-maruyama" || name == "em") return Integrator::kEulerMaruyama;
  throw std::invalid_argument("unknown integrator '" + std::string(name) +
                              "'; choose exact or euler-maruyama");
}

OuModeTransition OuModeLaw(
    double rate, double duration_tau, double diffusion, Integrator integrator, double step_tau) {
  if (integrator == Integrator::kExact) {
    return {std::exp(-rate * duration_tau),
            std::sqrt(diffusion * -std::expm1(-2.0 * rate * duration_tau) / (2.0 * rate))};
  }
  const double n = std::round(duration_tau / step_tau);
  const double rho = 1.0 - step_tau * rate;
  const double decay = std::pow(rho, n);
  double variance = 0.0;
  if (n == 1.0) {
    variance = diffusion * step_tau;  // one step: the increment itself
  } else if (std::abs(1.0 - rho * rho) < 1e-15) {
    variance = diffusion * step_tau * n;  // |ρ| = 1: no decay, the variance adds up
  } else {
    // Σ_{k<n} ρ^{2k} steps' worth of increments.
    variance = diffusion * step_tau * (1.0 - decay * decay) / (1.0 - rho * rho);
  }
  return {decay, std::sqrt(std::max(0.0, variance))};
}

void FillStandardNormal(Rng& rng, float* out, Eigen::Index count) {
  FillNormalImpl(rng, out, count);
}
void FillStandardNormal(Rng& rng, double* out, Eigen::Index count) {
  FillNormalImpl(rng, out, count);
}

OuPropagator::OuPropagator(const ColMatrixD& drift,
                           const Eigen::VectorXd& offset,
                           const ColMatrixD& diffusion,
                           double step,
                           Integrator integrator)
    : integrator_(integrator), step_(step) {
  const Eigen::Index d = drift.rows();
  if (drift.cols() != d || offset.size() != d || diffusion.rows() != d || diffusion.cols() != d ||
      d == 0) {
    throw std::invalid_argument(
        fmt::format("OuPropagator: drift {}x{}, offset {}, diffusion {}x{} do not match",
                    drift.rows(),
                    drift.cols(),
                    offset.size(),
                    diffusion.rows(),
                    diffusion.cols()));
  }
  if (!(step > 0.0) || !std::isfinite(step)) {
    throw std::domain_error(
        fmt::format("OuPropagator: step = {} tau is invalid; it must be > 0", step));
  }
  const Eigen::VectorXcd eigenvalues = drift.eigenvalues();
  const double min_real = eigenvalues.real().minCoeff();
  if (!(min_real > 0.0)) {
    throw std::invalid_argument(fmt::format(
        "OuPropagator: the drift is not stable (an eigenvalue has real part {:.6g} <= 0); the "
        "device would not relax",
        min_real));
  }
  mean_ = drift.partialPivLu().solve(offset);
  if (integrator == Integrator::kExact) {
    // Van Loan's block exponential holds e^{+Mᵀh} beside e^{−Mh}: it overflows, and Q loses
    // definiteness, once h‖M‖ reaches tens to hundreds. So it runs on h / 2^k with h‖M‖/2^k ≤ 1,
    // and k doublings Φ(2s) = Φ(s)², Q(2s) = Φ(s) Q(s) Φ(s)ᵀ + Q(s) (the semigroup property) reach
    // h: every term stays bounded, as Φ decays and Q rises to Σ∞.
    const double norm = drift.cwiseAbs().rowwise().sum().maxCoeff();  // ‖M‖∞
    const int doublings =
        step * norm > 1.0 ? static_cast<int>(std::ceil(std::log2(step * norm))) : 0;
    const double base = std::ldexp(step, -doublings);
    ColMatrixD block = ColMatrixD::Zero(2 * d, 2 * d);
    block.topLeftCorner(d, d) = drift * base;
    block.topRightCorner(d, d) = diffusion * base;
    block.bottomRightCorner(d, d) = -drift.transpose() * base;
    const ColMatrixD exponential = block.exp();
    transition_ = exponential.bottomRightCorner(d, d).transpose();
    noise_covariance_ = transition_ * exponential.topRightCorner(d, d);
    noise_covariance_ = 0.5 * (noise_covariance_ + noise_covariance_.transpose());
    for (int k = 0; k < doublings; ++k) {
      noise_covariance_ =
          transition_ * noise_covariance_ * transition_.transpose() + noise_covariance_;
      noise_covariance_ = 0.5 * (noise_covariance_ + noise_covariance_.transpose());
      transition_ = transition_ * transition_;
    }
  } else {
    // z ← (1 − hM) z is stable iff |1 − hλ| < 1 for every eigenvalue λ, i.e.
    // h < 2 Re λ / |λ|² (2/λ for a real one; far less for a complex pair of large imaginary part).
    double limit = std::numeric_limits<double>::infinity();
    for (const std::complex<double> lambda : eigenvalues) {
      limit = std::min(limit, 2.0 * lambda.real() / std::norm(lambda));
    }
    if (step >= limit) {
      throw std::invalid_argument(
          fmt::format("OuPropagator: Euler-Maruyama step {} tau is beyond the stability limit "
                      "min 2 Re(lambda)/|lambda|^2 = {:.6g} tau; use a smaller step or the exact "
                      "integrator",
                      step,
                      limit));
    }
    transition_ = ColMatrixD::Identity(d, d) - step * drift;
    noise_covariance_ = step * diffusion;
  }
  noise_factor_ = PsdFactor(noise_covariance_);
  // Spectral path: symmetric drift and isotropic diffusion.
  const double scale = std::max(drift.norm(), 1e-300);
  const double isotropic = diffusion(0, 0);
  const bool symmetric = (drift - drift.transpose()).norm() <= 1e-12 * scale;
  const bool iso = (diffusion - isotropic * ColMatrixD::Identity(d, d)).norm() <=
                   1e-12 * std::max(std::abs(isotropic), 1e-300);
  if (symmetric && iso && isotropic >= 0.0) {
    const Eigen::SelfAdjointEigenSolver<ColMatrixD> eigen(0.5 * (drift + drift.transpose()));
    spectral_ = true;
    eigenvectors_ = eigen.eigenvectors();
    const Eigen::VectorXd lambda = eigen.eigenvalues();
    mode_decay_.resize(d);
    mode_noise_.resize(d);
    for (Eigen::Index i = 0; i < d; ++i) {
      const OuModeTransition law = OuModeLaw(lambda[i], step, isotropic, integrator, step);
      mode_decay_[i] = law.decay;
      mode_noise_[i] = law.noise_sd;
    }
  }
  transition_f_ = transition_.cast<float>();
  noise_factor_f_ = noise_factor_.cast<float>();
  mean_f_ = mean_.cast<float>();
}

template <typename Scalar>
void OuPropagator::StepImpl(Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>& z,
                            Rng& rng,
                            int threads) {
  using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
  const Eigen::Index d = dimension(), chains = z.cols();
  if (z.rows() != d)
    throw std::invalid_argument("OuPropagator::Step: state has the wrong dimension");
  const Matrix* phi;
  const Matrix* factor;
  const Eigen::Matrix<Scalar, Eigen::Dynamic, 1>* mean;
  if constexpr (std::is_same_v<Scalar, float>) {
    phi = &transition_f_, factor = &noise_factor_f_, mean = &mean_f_;
  } else {
    phi = &transition_, factor = &noise_factor_, mean = &mean_;
  }
  const Rng base(rng.NextU64());
  const Eigen::Index blocks = (chains + kChainBlock - 1) / kChainBlock;
  const double work = 2.0 * static_cast<double>(d) * static_cast<double>(d) * chains;
  ParallelFor(0, blocks, threads, work, [&](std::int64_t lo, std::int64_t hi) {
    Matrix noise, deviation;
    for (std::int64_t block = lo; block < hi; ++block) {
      const Eigen::Index first = block * kChainBlock, count = std::min(kChainBlock, chains - first);
      Rng block_rng = base.Substream(static_cast<std::uint64_t>(block));
      noise.resize(d, count);
      FillStandardNormal(block_rng, noise.data(), noise.size());
      deviation = z.middleCols(first, count).colwise() - *mean;
      auto target = z.middleCols(first, count);
      target.noalias() = *phi * deviation;
      target.noalias() += *factor * noise;
      target.colwise() += *mean;
    }
  });
}

void OuPropagator::Step(ColMatrixD& z, Rng& rng, int threads) { StepImpl(z, rng, threads); }
void OuPropagator::Step(ColMatrixF& z, Rng& rng, int threads) { StepImpl(z, rng, threads); }

template <typename Scalar>
OuEnsemble<Scalar>::OuEnsemble(OuPropagator& propagator, int chains, const Eigen::VectorXd& start)
    : propagator_(propagator), chains_(chains), spectral_(propagator.spectral()) {
  const Eigen::Index d = propagator.dimension();
  if (chains < 1) throw std::domain_error("OuEnsemble: chains must be >= 1");
  if (start.size() != 0 && start.size() != d)
    throw std::invalid_argument("OuEnsemble: start has the wrong dimension");
  const Eigen::VectorXd z0 = start.size() == 0 ? propagator.stationary_mean() : start;
  mean_ = propagator.stationary_mean().cast<Scalar>();
  if (spectral_) {
    eigenvectors_ = propagator.eigenvectors().cast<Scalar>();
    decay_ = propagator.mode_decay().cast<Scalar>();
    noise_ = propagator.mode_noise().cast<Scalar>();
    state_ = (propagator.eigenvectors().transpose() * (z0 - propagator.stationary_mean()))
                 .cast<Scalar>()
                 .replicate(1, chains);
  } else {
    state_ = z0.cast<Scalar>().replicate(1, chains);
  }
}

template <typename Scalar>
void OuEnsemble<Scalar>::Step(Rng& rng, int threads) {
  positions_valid_ = false;
  if (!spectral_) {
    propagator_.Step(state_, rng, threads);
    return;
  }
  const Eigen::Index d = state_.rows();
  const Rng base(rng.NextU64());
  const Eigen::Index blocks = (chains_ + kChainBlock - 1) / kChainBlock;
  const double work = 4.0 * static_cast<double>(d) * chains_;  // normals and two multiply-adds
  ParallelFor(0, blocks, threads, work, [&](std::int64_t lo, std::int64_t hi) {
    Matrix noise;
    for (std::int64_t block = lo; block < hi; ++block) {
      const Eigen::Index first = block * kChainBlock,
                         count = std::min<Eigen::Index>(kChainBlock, chains_ - first);
      Rng block_rng = base.Substream(static_cast<std::uint64_t>(block));
      noise.resize(d, count);
      FillStandardNormal(block_rng, noise.data(), noise.size());
      auto y = state_.middleCols(first, count);
      y.array() = y.array().colwise() * decay_.array() + noise.array().colwise() * noise_.array();
    }
  });
}

template <typename Scalar>
const typename OuEnsemble<Scalar>::Matrix& OuEnsemble<Scalar>::Positions(int threads) {
  if (!spectral_) return state_;
  if (positions_valid_) return positions_;
  positions_.resize(state_.rows(), state_.cols());
  // Two read-out blocks (multiples of 16 chains) so two threads share the GEMM; the split depends
  // only on the chain count, so results never depend on `threads`.
  const Eigen::Index width = std::max<Eigen::Index>(16, ((chains_ + 1) / 2 + 15) / 16 * 16);
  const Eigen::Index blocks = (chains_ + width - 1) / width;
  const double work = static_cast<double>(state_.rows()) * state_.rows() * chains_;
  ParallelFor(0, blocks, threads, work, [&](std::int64_t lo, std::int64_t hi) {
    for (std::int64_t block = lo; block < hi; ++block) {
      const Eigen::Index first = block * width,
                         count = std::min<Eigen::Index>(width, chains_ - first);
      auto z = positions_.middleCols(first, count);
#ifdef LANDAUER_HAVE_OPENBLAS
      if constexpr (std::is_same_v<Scalar, float>) {
        // OpenBLAS's sgemm is ~1.2x Eigen's here; one thread per block keeps the result independent
        // of `threads` (the blocks are fixed) and of OpenBLAS's own threading.
        static const bool single = [] {
          openblas_set_num_threads(1);
          return true;
        }();
        (void)single;
        const auto d = static_cast<int>(state_.rows());
        cblas_sgemm(CblasColMajor,
                    CblasNoTrans,
                    CblasNoTrans,
                    d,
                    static_cast<int>(count),
                    d,
                    1.0f,
                    eigenvectors_.data(),
                    d,
                    state_.data() + first * state_.rows(),
                    d,
                    0.0f,
                    positions_.data() + first * positions_.rows(),
                    d);
      } else {
        z.noalias() = eigenvectors_ * state_.middleCols(first, count);
      }
#else
      z.noalias() = eigenvectors_ * state_.middleCols(first, count);
#endif
      z.colwise() += mean_;
    }
  });
  positions_valid_ = true;
  return positions_;
}

template class OuEnsemble<float>;
template class OuEnsemble<double>;

ColMatrixD SolveLyapunovDirect(const ColMatrixD& drift, const ColMatrixD& diffusion) {
  const Eigen::Index d = drift.rows();
  if (d > 64)
    throw std::invalid_argument("SolveLyapunovDirect: d = " + std::to_string(d) +
                                " > 64 (Kronecker form)");
  const ColMatrixD identity = ColMatrixD::Identity(d, d);
  ColMatrixD kron(d * d, d * d);
  // vec(M Σ + Σ Mᵀ) = (I ⊗ M + M ⊗ I) vec(Σ) for column-major vec.
  for (Eigen::Index i = 0; i < d; ++i) {
    for (Eigen::Index j = 0; j < d; ++j) {
      kron.block(i * d, j * d, d, d) = identity(i, j) * drift + drift(i, j) * identity;
    }
  }
  const Eigen::FullPivLU<ColMatrixD> lu(kron);
  if (!lu.isInvertible())
    throw std::invalid_argument("SolveLyapunovDirect: singular Lyapunov operator");
  const Eigen::VectorXd vec = lu.solve(Eigen::Map<const Eigen::VectorXd>(diffusion.data(), d * d));
  return Eigen::Map<const ColMatrixD>(vec.data(), d, d);
}

}  // namespace landauer::thermo

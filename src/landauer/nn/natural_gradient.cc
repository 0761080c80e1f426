#include "landauer/nn/natural_gradient.h"

#include <fmt/format.h>

#include <stdexcept>
#include <string>

#include "landauer/core/argument_checks.h"
#include "landauer/energy/erasure.h"
#include "landauer/nn/digital_cost.h"
#include "landauer/nn/ggn_subspace.h"

namespace landauer::nn {

std::string_view ToString(NaturalGradientMethod method) {
  return method == NaturalGradientMethod::kExact ? "ngd" : "ngd-cg";
}

NaturalGradientMethod NaturalGradientMethodFromString(std::string_view name) {
  if (name == "ngd") return NaturalGradientMethod::kExact;
  if (name == "ngd-cg") return NaturalGradientMethod::kConjugateGradient;
  throw std::invalid_argument("unknown natural-gradient method '" + std::string(name) +
                              "'; choose ngd or ngd-cg (tngd is thermo::Tngd)");
}

void NaturalGradientOptions::Validate() const {
  CheckPositive("NaturalGradient", "damping", damping, "");
  CheckPositive("NaturalGradient", "cg_iterations", cg_iterations, "");
}

NaturalGradient::NaturalGradient(NaturalGradientOptions options) : options_(options) {
  options_.Validate();
}

void NaturalGradient::Apply(const Mlp& model,
                            const MatrixF& x,
                            const AlignedFloats& gradient,
                            AlignedFloats& direction,
                            Ledger* ledger,
                            std::string_view phase) {
  const auto n = static_cast<std::size_t>(model.storage_size());
  const double batch = static_cast<double>(x.rows()), classes = model.spec().widths.back();
  const double params = static_cast<double>(model.num_parameters()), rows = batch * classes;
  if (options_.method == NaturalGradientMethod::kExact) {
    direction = GgnSubspace(model, x).Solve(gradient, options_.damping);
    if (ledger != nullptr) {
      // The digital cost of exact NGD (estimates, in MACs): the B·C Jacobian rows by C backward
      // passes (rows × N); the Gram matrix, per layer B² × fan-in for the activations and
      // (B·C)² × fan-out for the sensitivities; H^{1/2} K H^{1/2} with its C × C blocks (2 r² C);
      // the symmetric eigendecomposition, about 9 r³ flops with vectors (Golub & Van Loan,
      // Matrix Computations, 4th ed., §8.3); and the solve, one JVP and one VJP (3 B·N).
      double gram = 0.0, units = 0.0;
      for (int l = 0; l < model.spec().num_layers(); ++l) {
        units += model.spec().widths[static_cast<std::size_t>(l + 1)];
        gram += batch * batch * (model.spec().widths[static_cast<std::size_t>(l)] + 1.0) +
                rows * rows * model.spec().widths[static_cast<std::size_t>(l + 1)];
      }
      CountWithErasure(*ledger,
                       phase,
                       "alu",
                       "fp32_mac",
                       rows * params + gram + 2.0 * rows * rows * classes +
                           4.5 * rows * rows * rows + 3.0 * batch * params);
      // Written in fp32, at the memory level their size needs: the sensitivities of every unit
      // for each Jacobian row, the r × r Gram matrix and its eigenvectors, and the direction.
      const double written = 32.0 * (rows * units + 2.0 * rows * rows + params);
      CountWithErasure(*ledger, phase, MemoryLevels{}.LevelFor(written), "write_bit", written);
    }
  } else {
    // Conjugate gradients on (G + λI) d = g from d = 0.
    direction.assign(n, 0.0f);
    AlignedFloats r = gradient, p = gradient;
    double rr = 0;
    for (float v : r) rr += double(v) * v;
    for (int k = 0; k < options_.cg_iterations && rr > 0; ++k) {
      AlignedFloats fp = model.GgnProduct(x, p);
      double pfp = 0;
      for (std::size_t i = 0; i < n; ++i) {
        fp[i] += static_cast<float>(options_.damping * p[i]);
        pfp += double(p[i]) * fp[i];
      }
      const double alpha = rr / pfp;
      double rr_new = 0;
      for (std::size_t i = 0; i < n; ++i) {
        direction[i] += static_cast<float>(alpha * p[i]);
        r[i] -= static_cast<float>(alpha * fp[i]);
        rr_new += double(r[i]) * r[i];
      }
      const double beta = rr_new / rr;
      for (std::size_t i = 0; i < n; ++i) p[i] = static_cast<float>(r[i] + beta * p[i]);
      rr = rr_new;
      if (ledger != nullptr) {
        // One GGN-vector product (a JVP, B·N; H_L, B·C²; a VJP, 2·B·N) and the CG vector
        // updates (about 3 N); four fp32 vectors of N written.
        CountWithErasure(*ledger,
                         phase,
                         "alu",
                         "fp32_mac",
                         3.0 * batch * params + batch * classes * classes + 3.0 * params);
        const double written = 32.0 * 4.0 * params;
        CountWithErasure(*ledger, phase, MemoryLevels{}.LevelFor(written), "write_bit", written);
      }
    }
  }
  ++iterations_;
}

nlohmann::json NaturalGradient::OptionsJson() const {
  return {{"method", std::string(ToString(options_.method))},
          {"damping", options_.damping},
          {"cg_iterations", options_.cg_iterations}};
}

nlohmann::json NaturalGradient::StateHeader() const { return {{"iterations", iterations_}}; }

void NaturalGradient::RestoreState(const nlohmann::json& header,
                                   std::span<const float> payload,
                                   const Mlp& /*model*/) {
  if (!payload.empty()) {
    throw std::invalid_argument(
        fmt::format("natural-gradient state: {} floats saved, none expected", payload.size()));
  }
  if (!header.is_object() || !header.contains("iterations") ||
      !header["iterations"].is_number_integer() || header["iterations"].get<std::int64_t>() < 0) {
    throw std::invalid_argument("natural-gradient state: 'iterations' must be a whole number >= 0");
  }
  iterations_ = header["iterations"].get<std::int64_t>();
}

}  // namespace landauer::nn

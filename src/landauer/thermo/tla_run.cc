#include "landauer/thermo/tla_run.h"

#include <fmt/format.h>

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <unsupported/Eigen/MatrixFunctions>

#include "landauer/thermo/matrix_market.h"
#include "landauer/thermo/spu_cost.h"

namespace landauer::thermo {

std::string_view ToString(TlaProblem problem) {
  switch (problem) {
    case TlaProblem::kSolve:
      return "solve";
    case TlaProblem::kInverse:
      return "inverse";
    case TlaProblem::kLogDet:
      return "logdet";
    case TlaProblem::kExpm:
      return "expm";
  }
  return "unknown";
}

TlaProblem TlaProblemFromString(std::string_view name) {
  for (TlaProblem p :
       {TlaProblem::kSolve, TlaProblem::kInverse, TlaProblem::kLogDet, TlaProblem::kExpm}) {
    if (ToString(p) == name) return p;
  }
  throw std::invalid_argument("unknown thermodynamic problem '" + std::string(name) +
                              "'; choose solve, inverse, logdet or expm");
}

TlaWork EstimateTla(TlaProblem problem,
                    int dimension,
                    std::optional<double> lambda_min,
                    const SpuParams& params,
                    const TlaOptions& options) {
  const double d = dimension, n = params.order == SpuOrder::kSecond ? 2.0 * d : d;
  const bool moment = problem != TlaProblem::kSolve, lagged = problem == TlaProblem::kExpm;
  const double chains = options.chains, batches = options.batches;
  TlaWork work;
  work.multiply_adds = 40.0 * d * d * d;
  // A, the exact answer, the estimate and its error bar, the propagator's matrices.
  work.bytes = 8.0 * (6.0 * d * d + 4.0 * n * n + 2.0 * n * chains);
  if (moment) {
    work.bytes += 8.0 * (lagged ? 4.0 : 2.0) * batches * d * d;  // per-segment moments, estimates
  } else {
    work.bytes += 8.0 * 2.0 * batches * chains * d;  // per-segment, per-chain sums
  }
  // With both times given, the schedule is known without lambda_min.
  const bool explicit_times = options.burn_in_tau >= 0 && options.sample_tau > 0;
  if (!lambda_min && !explicit_times) return work;
  // As PlanSchedule counts them, in double: an absurd request gives a huge estimate, not a throw.
  const double rate = explicit_times ? 1.0 : SlowestRate(params, *lambda_min);
  const double burn_in_tau = options.burn_in_tau >= 0 ? options.burn_in_tau : 10.0 / rate;
  const double sample_tau = options.sample_tau > 0 ? options.sample_tau : 1000.0 / rate;
  const double per_segment =
      std::max(1.0, std::ceil(sample_tau / params.step_tau / batches - 1e-9));  // as PlanSchedule
  work.steps = std::ceil(burn_in_tau / params.step_tau - 1e-9) + per_segment * batches;
  const double per_step = 2.0 * n * n + (moment ? d * d : d) + (lagged ? d * d : 0.0);
  work.multiply_adds += work.steps * chains * per_step;
  if (lagged) {
    work.bytes += 8.0 * std::round(options.lag_tau / params.step_tau) * d * chains;  // history
  }
  return work;
}

TlaRun RunTla(TlaProblem problem,
              const ColMatrixD& a,
              const Eigen::VectorXd& b,
              SpuParams params,
              const TlaOptions& options) {
  // Solve and expm take any stable A; inverse and logdet read κ₀A⁻¹ off the covariance.
  if (problem == TlaProblem::kSolve || problem == TlaProblem::kExpm) {
    CheckStable(a, "RunTla: A");
  } else {
    CheckSymmetricPositiveDefinite(a, "RunTla: A");
  }
  if (problem == TlaProblem::kSolve && b.size() != a.rows()) {
    throw std::invalid_argument(
        fmt::format("RunTla: b has {} entries for a {}x{} matrix; give one per row",
                    b.size(),
                    a.rows(),
                    a.cols()));
  }
  params.dimension = static_cast<int>(a.rows());
  Spu spu(params);
  TlaRun run;
  switch (problem) {
    case TlaProblem::kSolve:
      run.reference = a.partialPivLu().solve(b);
      run.result = ThermoSolve(spu, a, b, options, run.reference);
      break;
    case TlaProblem::kInverse:
      run.reference = a.inverse();
      run.result = ThermoInverse(spu, a, options, run.reference);
      break;
    case TlaProblem::kLogDet:
      run.reference = ColMatrixD::Constant(
          1, 1, 2.0 * a.llt().matrixL().toDenseMatrix().diagonal().array().log().sum());
      run.result = ThermoLogDet(spu, a, options, run.reference);
      break;
    case TlaProblem::kExpm:
      run.reference = (-a * options.lag_tau).exp();
      run.result = ThermoExpm(spu, a, options, run.reference);
      break;
  }
  run.ledger = CountTlaRun(spu.params(), run.result, problem == TlaProblem::kSolve);
  run.relative_error =
      (run.result.estimate - run.reference).norm() / std::max(run.reference.norm(), 1e-300);
  run.device_seconds = TlaDeviceSeconds(spu, run.result);
  return run;
}

}  // namespace landauer::thermo

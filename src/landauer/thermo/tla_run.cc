#include "landauer/thermo/tla_run.h"

#include <fmt/format.h>

#include <Eigen/Cholesky>
#include <algorithm>
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

TlaRun RunTla(TlaProblem problem,
              const ColMatrixD& a,
              const Eigen::VectorXd& b,
              SpuParams params,
              const TlaOptions& options) {
  CheckSymmetricPositiveDefinite(a, "RunTla: A");
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
      run.reference = a.ldlt().solve(b);
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

// landauer/thermo/tla_run.h — one thermodynamic-linear-algebra problem, end to end: the SPU run,
// the exact answer it is judged against, what the device did (counted) and how long it took
// (modelled). `landauer thermo` is a front end for this.
//
//   TlaRun run = RunTla(TlaProblem::kSolve, a, b, spu_params, tla_options);
//   run.relative_error;  run.ledger.Price(catalog.Get("spu"));  run.device_seconds;
#ifndef LANDAUER_THERMO_TLA_RUN_H_
#define LANDAUER_THERMO_TLA_RUN_H_

#include <string_view>

#include "landauer/energy/ledger.h"
#include "landauer/thermo/linear_algebra.h"
#include "landauer/thermo/spu.h"

namespace landauer::thermo {

enum class TlaProblem { kSolve, kInverse, kLogDet, kExpm };
std::string_view ToString(TlaProblem problem);  // "solve", "inverse", "logdet", "expm"
// Throws std::invalid_argument naming the accepted names.
TlaProblem TlaProblemFromString(std::string_view name);

struct TlaRun {
  TlaResult result;
  ColMatrixD reference;  // the exact answer (Eigen): A⁻¹b, A⁻¹, log det A, e^{−A·lag}
  double relative_error = 0.0;  // ‖estimate − reference‖_F / ‖reference‖_F
  Ledger ledger;                // CountTlaRun (spu_cost.h): phases program, run, read
  double device_seconds = 0.0;  // TlaDeviceSeconds (spu_cost.h)
};

// `params.dimension` is set from `a`; `b` is used by kSolve only. Throws std::invalid_argument
// unless `a` is symmetric positive definite (CheckSymmetricPositiveDefinite, matrix_market.h) and,
// for kSolve, `b` has one entry per row.
TlaRun RunTla(TlaProblem problem,
              const ColMatrixD& a,
              const Eigen::VectorXd& b,
              SpuParams params,
              const TlaOptions& options);

}  // namespace landauer::thermo

#endif  // LANDAUER_THERMO_TLA_RUN_H_

// landauer/thermo/tla_run.h — one thermodynamic-linear-algebra problem, end to end: the SPU run,
// the exact answer it is judged against, what the device did (counted) and how long it took
// (modelled). `landauer thermo` is a front end for this.
//
//   TlaRun run = RunTla(TlaProblem::kSolve, a, b, spu_params, tla_options);
//   run.relative_error;  run.ledger.Price(catalog.Get("spu"));  run.device_seconds;
#ifndef LANDAUER_THERMO_TLA_RUN_H_
#define LANDAUER_THERMO_TLA_RUN_H_

#include <optional>
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

// What a run will cost the simulator, known before it starts: `landauer thermo` refuses absurd
// requests with this estimate, before anything large is allocated or computed.
struct TlaWork {
  double steps = 0.0;          // integration steps per chain (burn-in + window); 0 if not planned
  double multiply_adds = 0.0;  // dense set-up (~40 d³: eigensolvers, propagator, exact answer)
                               // plus per step and chain 2 n² (n = d, or 2d at second order) and
                               // d² per accumulated moment; an estimate, good to a small factor
  double bytes = 0.0;          // the large arrays held at once
};
// With `lambda_min` unset, counts the set-up only (what can be known before A is decomposed),
// unless both the burn-in and the window are given.
TlaWork EstimateTla(TlaProblem problem,
                    int dimension,
                    std::optional<double> lambda_min,
                    const SpuParams& params,
                    const TlaOptions& options);

// `params.dimension` is set from `a`; `b` is used by kSolve only. Throws std::invalid_argument
// unless `a` is stable (solve, expm: CheckStable, matrix_market.h) or symmetric positive definite
// (inverse, logdet: CheckSymmetricPositiveDefinite) and, for kSolve, `b` has one entry per row.
TlaRun RunTla(TlaProblem problem,
              const ColMatrixD& a,
              const Eigen::VectorXd& b,
              SpuParams params,
              const TlaOptions& options);

}  // namespace landauer::thermo

#endif  // LANDAUER_THERMO_TLA_RUN_H_

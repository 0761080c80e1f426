// landauer/core/summary.h — tier 3 of error handling: expected outcomes.
//
// A valid run can still end in a way the caller must know about: an iterative method that did
// not converge, an energy budget that was exceeded, a reported energy below a physical bound
// (which means the energy table or the action counts are wrong). These are not exceptions; they
// are returned as a Summary (after Ceres Solver::Summary):
//
//   Summary s = report.CheckAgainstFloor();
//   if (!s.ok()) std::cerr << s.BriefReport() << "\n";
#ifndef LANDAUER_CORE_SUMMARY_H_
#define LANDAUER_CORE_SUMMARY_H_

#include <string>
#include <string_view>
#include <vector>

namespace landauer {

enum class Termination {
  kSuccess,         // finished as asked
  kNoConvergence,   // an iterative method stopped at its limit before its tolerance
  kBudgetExceeded,  // a time or energy budget ran out
  kBelowBound,      // a result is below a physical bound: the inputs are inconsistent
};

std::string_view ToString(Termination termination);
// Throws std::invalid_argument listing the accepted names.
Termination TerminationFromString(std::string_view name);

struct Summary {
  Termination termination = Termination::kSuccess;
  std::string message;               // one sentence, empty on success
  std::vector<std::string> details;  // one line per fact for FullReport()

  bool ok() const { return termination == Termination::kSuccess; }
  // "success" or "no_convergence: <message>".
  std::string BriefReport() const;
  // BriefReport() followed by one indented line per detail.
  std::string FullReport() const;
};

}  // namespace landauer

#endif  // LANDAUER_CORE_SUMMARY_H_

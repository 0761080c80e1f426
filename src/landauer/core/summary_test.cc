#include "landauer/core/summary.h"

#include <gtest/gtest.h>

namespace landauer {
namespace {

TEST(Summary, RoundTripsTerminationNames) {
  for (Termination t : {Termination::kSuccess,
                        Termination::kNoConvergence,
                        Termination::kBudgetExceeded,
                        Termination::kBelowBound}) {
    EXPECT_EQ(TerminationFromString(ToString(t)), t);
  }
  EXPECT_THROW(TerminationFromString("converged"), std::invalid_argument);
}

TEST(Summary, Reports) {
  Summary summary;
  EXPECT_TRUE(summary.ok());
  EXPECT_EQ(summary.BriefReport(), "success");
  summary.termination = Termination::kBelowBound;
  summary.message = "energy below floor";
  summary.details = {"phase train", "phase test"};
  EXPECT_FALSE(summary.ok());
  EXPECT_EQ(summary.BriefReport(), "below_bound: energy below floor");
  EXPECT_EQ(summary.FullReport(), "below_bound: energy below floor\n  phase train\n  phase test");
}

}  // namespace
}  // namespace landauer

// The trace file (thermo/trace_file.h): round trip, and every fault named with its line.
#include "landauer/thermo/trace_file.h"

#include <gtest/gtest.h>

#include "landauer/core/errors.h"

namespace landauer::thermo {
namespace {

TEST(TraceFile, RoundTripsExactly) {
  Trace trace;
  trace.step_tau = 0.1;
  trace.start_tau = 2.5;
  ColMatrixD a(2, 3), b(2, 3);
  a << 0.1, -1e-300, 3.25, 1.0 / 3.0, 2e10, -0.0;
  b << 1, 2, 3, 4, 5, 6;
  trace.chains = {a, b};
  trace.notes = {{"integrator", "exact"}, {"drift", "symmetric"}};
  const Trace back = ParseTrace(FormatTrace(trace), "t.csv");
  EXPECT_EQ(back.notes, trace.notes);
  ASSERT_EQ(back.chains.size(), 2u);
  EXPECT_EQ(back.chains[0], a);
  EXPECT_EQ(back.chains[1], b);
  EXPECT_NEAR(back.step_tau, 0.1, 1e-15);
  EXPECT_EQ(back.start_tau, 2.5);
}

std::string Fault(const std::string& text) {
  try {
    ParseTrace(text, "t.csv");
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

TEST(TraceFile, NamesTheLineOfEveryFault) {
  const std::string header = "# c\nchain,t_tau,x0,x1\n";
  EXPECT_NE(Fault("").find("no header"), std::string::npos);
  EXPECT_NE(Fault("t,x\n").find("t.csv:1"), std::string::npos);
  EXPECT_NE(Fault("chain,t_tau,x0,y\n").find("not 'x1'"), std::string::npos);
  EXPECT_NE(Fault(header).find("no samples"), std::string::npos);
  EXPECT_NE(Fault(header + "0,0,1\n").find("t.csv:3"), std::string::npos);        // 3 fields
  EXPECT_NE(Fault(header + "0,0,1,nan\n").find("t.csv:3"), std::string::npos);    // not finite
  EXPECT_NE(Fault(header + "0,0,1,1e999\n").find("t.csv:3"), std::string::npos);  // overflow
  EXPECT_NE(Fault(header + "1,0,1,2\n").find("the first sample is chain 1"), std::string::npos);
  EXPECT_NE(Fault(header + "-1,0,1,2\n0,0,1,2\n").find("t.csv:3"), std::string::npos);
  // A dropped row at large t and a small step is still seen.
  EXPECT_NE(
      Fault(header + "0,1e5,1,2\n0,100000.00001,1,2\n0,100000.00003,1,2\n").find("equal spacing"),
      std::string::npos);
  EXPECT_NE(Fault(header + "0,-1e308,1,2\n0,1e308,1,2\n").find("cannot be resolved"),
            std::string::npos);
  EXPECT_NE(Fault(header + "0,0,1,2\n0,0,1,2\n").find("does not follow"), std::string::npos);
  EXPECT_NE(Fault(header + "0,0,1,2\n0,1,1,2\n0,3,1,2\n").find("equal spacing"), std::string::npos);
  EXPECT_NE(Fault(header + "0,0,1,2\n0,1,1,2\n1,5,1,2\n").find("starts at t_tau 5"),
            std::string::npos);
  EXPECT_NE(Fault(header + "0,0,1,2\n0,1,1,2\n1,0,1,2\n1,0.5,1,2\n").find("t.csv:6"),
            std::string::npos);
  EXPECT_NE(Fault(header + "x,0,1,2\n").find("t.csv:3"), std::string::npos);
  EXPECT_EQ(Fault(header + "0,0,1,2\n0,1,1,2\n\n1,0,3,4\n1,1,5,6\n"), "");
}

}  // namespace
}  // namespace landauer::thermo

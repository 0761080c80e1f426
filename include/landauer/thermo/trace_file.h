// landauer/thermo/trace_file.h — recorded SPU trajectories as a text file (`landauer thermo
// sample` writes them, `landauer thermo calibrate` reads them).
//
// Comma-separated, one sample per line, chains one after another and each in time order:
//   # landauer SPU trace                       (comment lines start with '#')
//   # integrator = exact                       ("# key = value" comments are kept as notes;
//   # drift = symmetric                         landauer writes these two)
//   chain,t_tau,x0,x1,...,x{d-1}               (the header: d position columns)
//   0,0,0.1,-0.2,...
//   0,0.1,0.15,-0.18,...
//   1,0,...
// t_tau is the analog time in τ. Within a chain the times are equally spaced by the step (to 1e-6
// of a step, plus rounding of t itself); every chain has the same step and start; chains are
// numbered 0, 1, … in order. Numbers are decimal (core/number_parse.h), finite.
//
//   Trace trace = ReadTrace("run.csv");   // trace.step_tau, trace.chains[c] is d × samples
//   WriteTrace("run.csv", trace);          // atomic: all or nothing
#ifndef LANDAUER_THERMO_TRACE_FILE_H_
#define LANDAUER_THERMO_TRACE_FILE_H_

#include <map>
#include <string>
#include <vector>

#include "landauer/thermo/ou_propagator.h"

namespace landauer::thermo {

struct Trace {
  double step_tau = 0.0;           // the sampling interval; 0 if every chain has one sample
  double start_tau = 0.0;          // the first sample's time (the same for every chain)
  std::vector<ColMatrixD> chains;  // each d × samples
  std::map<std::string, std::string> notes;  // "# key = value" comments, e.g. integrator
};

// Throws InputError naming `origin` and the line for a missing or malformed header, a row with
// the wrong number of fields, a number that does not parse or is not finite, chains out of order,
// times that are not equally spaced or differ between chains, and a file whose samples would not
// fit the memory budget (checked from the file's size before anything is allocated).
Trace ParseTrace(const std::string& text, const std::string& origin);
Trace ReadTrace(const std::string& path);
std::string FormatTrace(const Trace& trace);  // shortest round-trip numbers
void WriteTrace(const std::string& path, const Trace& trace);

}  // namespace landauer::thermo

#endif  // LANDAUER_THERMO_TRACE_FILE_H_

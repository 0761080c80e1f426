// landauer/core/errors.h — tier 2 of error handling: bad input and configuration.
//
// landauer throws only for input that a user can fix. Every message names what is wrong
// (function or file and line, parameter, value, unit) and how to fix it. Front ends map these
// exceptions to exit code 2 (CLI) or ValueError (Python, which pybind11 does for
// std::invalid_argument and std::domain_error with no extra code).
//
//   * std::domain_error      — a numeric argument outside its mathematical domain
//                              (thrown by the Check* helpers in argument_checks.h);
//   * std::invalid_argument  — any other bad argument;
//   * landauer::InputError   — bad content in a file or on a command line; carries the file
//                              and line so the message can point at the offending text.
//
// Expected outcomes of a valid run (no convergence, budget exceeded) are never thrown: they are
// returned in a Summary (summary.h). Bugs abort through LANDAUER_CHECK (check.h).
#ifndef LANDAUER_CORE_ERRORS_H_
#define LANDAUER_CORE_ERRORS_H_

#include <stdexcept>
#include <string>

namespace landauer {

// Bad input read from a file (or a command line). `line` is 1-based; 0 means "whole file".
//
//   throw InputError("data/hardware/h100.toml", 12, "energy 'fast' has no unit",
//                    "write it as e.g. energy = \"0.71 pJ\"");
//   what() == "data/hardware/h100.toml:12: energy 'fast' has no unit. Fix: write it as ..."
class InputError : public std::invalid_argument {
 public:
  InputError(std::string file, int line, const std::string& problem, const std::string& fix = "");

  const std::string& file() const { return file_; }
  int line() const { return line_; }

 private:
  static std::string Format(const std::string& file,
                            int line,
                            const std::string& problem,
                            const std::string& fix);
  std::string file_;
  int line_;
};

}  // namespace landauer

#endif  // LANDAUER_CORE_ERRORS_H_

// cli/cli.h — the `landauer` command line as a function, for the executable and for tests that
// run it in-process (a test's own registered substrate then appears in `landauer methods`).
//
// Exit codes: 0 ok; 2 bad input (unknown flag, invalid value, bad file, missing price); 1 an
// internal error (a bug: please report it).
#ifndef LANDAUER_CLI_CLI_H_
#define LANDAUER_CLI_CLI_H_

#include <string>
#include <vector>

namespace landauer::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitBadInput = 2;

// Parses argv, runs the chosen command, maps exceptions to exit codes.
int Main(int argc, const char* const* argv);

// For tests: every option of every command that takes a number but carries no NumberRule
// (cli/number_options.h), as "landauer thermo solve --time (FLOAT)". Empty in a correct build.
std::vector<std::string> UncheckedNumericOptions();

}  // namespace landauer::cli

#endif  // LANDAUER_CLI_CLI_H_

// cli/thermo_options.h — what the `thermo` subcommands share: the SPU's converter flags and
// matrices as JSON.
#ifndef LANDAUER_CLI_THERMO_OPTIONS_H_
#define LANDAUER_CLI_THERMO_OPTIONS_H_

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "landauer/thermo/spu.h"

namespace landauer::cli {

// --coupling-bits, --dac-bits and --adc-bits (0 = ideal, priced as 16).
void AddSpuConverterOptions(CLI::App& command, thermo::SpuParams& spu);

// A column vector as an array, any other matrix as nested rows.
nlohmann::json MatrixJson(const thermo::ColMatrixD& m);

// The right-hand side b in `path` (one number per line) for a d × d matrix; throws InputError
// naming the file unless it has d numbers.
Eigen::VectorXd ReadRightHandSide(const std::string& path, Eigen::Index d);

// A run beyond this many multiply-adds (hours on a workstation) is refused unless the command
// offers --allow-long-run; beyond 2^53 integration steps a step count is not even exact.
inline constexpr double kInteractiveWorkLimit = 1e14;
inline constexpr double kMaxIntegrationSteps = 9007199254740992.0;  // 2^53

}  // namespace landauer::cli

#endif  // LANDAUER_CLI_THERMO_OPTIONS_H_

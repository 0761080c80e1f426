// cli/thermo_options.h — what the `thermo` subcommands share: the SPU's converter flags and
// matrices as JSON.
#ifndef LANDAUER_CLI_THERMO_OPTIONS_H_
#define LANDAUER_CLI_THERMO_OPTIONS_H_

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "landauer/thermo/spu.h"

namespace landauer::cli {

// --coupling-bits, --dac-bits and --adc-bits (0 = ideal, priced as 16).
void AddSpuConverterOptions(CLI::App& command, thermo::SpuParams& spu);

// A column vector as an array, any other matrix as nested rows.
nlohmann::json MatrixJson(const thermo::ColMatrixD& m);

}  // namespace landauer::cli

#endif  // LANDAUER_CLI_THERMO_OPTIONS_H_

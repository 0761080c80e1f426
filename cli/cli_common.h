// cli/cli_common.h — plumbing shared by every `landauer` subcommand.
//
// Every subcommand gets --json [PATH], --seed and --threads through AddCommonOptions. Output goes
// through Emit: without --json the human table goes to stdout; with a bare --json the JSON goes
// to stdout *instead of* the table; with --json PATH the JSON is written to PATH atomically and
// the table still prints.
#ifndef LANDAUER_CLI_CLI_COMMON_H_
#define LANDAUER_CLI_CLI_COMMON_H_

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "landauer/data/workload.h"

namespace landauer::cli {

struct CommonOptions {
  CLI::Option* json_option = nullptr;
  std::string json_path;   // empty with a bare --json: write to stdout
  std::uint64_t seed = 0;  // recorded in every report
  int threads = 0;         // 0 = all hardware threads
};

void AddCommonOptions(CLI::App& command, CommonOptions& options);

// Prints `human` and/or writes `json` as described above. Adds "seed" to the JSON object.
void Emit(const CommonOptions& options, nlohmann::json json, const std::string& human);

// A CLI11 validator for a number that must be > 0, with a message naming the unit and an example.
CLI::Validator PositiveNumber(const std::string& what, const std::string& example);
// A CLI11 validator for a number in (lower, upper].
CLI::Validator NumberInLeftOpenInterval(double lower,
                                        double upper,
                                        const std::string& what,
                                        const std::string& example);

// A leaf subcommand and what to do when it is the one parsed. main() parses first and runs the
// chosen command afterwards, so every option has its value when `run` starts and exceptions from
// the library reach main's exit-code mapping unchanged.
struct Command {
  CLI::App* app = nullptr;
  std::function<void()> run;
};

void RegisterLimitsCommand(CLI::App& app, std::vector<Command>& commands);
void RegisterHardwareCommand(CLI::App& app, std::vector<Command>& commands);
void RegisterTrainCommand(CLI::App& app, std::vector<Command>& commands);
void RegisterCompareCommand(CLI::App& app, std::vector<Command>& commands);
void RegisterThermoCommand(CLI::App& app, std::vector<Command>& commands);
void RegisterRevCommand(CLI::App& app, std::vector<Command>& commands);
void RegisterHypergradCommand(CLI::App& app, std::vector<Command>& commands);
// --data, --pca, --binarize, --max-train, --max-test.
void AddWorkloadOptions(CLI::App& command, WorkloadOptions& workload);

// The folder of energy tables: --data-dir if given, else HardwareDirectory().
std::string HardwareDir();
void SetDataDir(const std::string& directory);

}  // namespace landauer::cli

#endif  // LANDAUER_CLI_CLI_COMMON_H_

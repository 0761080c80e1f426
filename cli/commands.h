// cli/commands.h — the subcommands of `landauer`, registered from one list.
//
// A command is one file (x_command.cc) defining one Add*Command function; adding a command is
// that file, its line in kCommands and its line in cli/CMakeLists.txt.
#ifndef LANDAUER_CLI_COMMANDS_H_
#define LANDAUER_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <vector>

#include "cli_common.h"

namespace landauer::cli {

using AddCommandFn = void (*)(CLI::App& app,
                              CliEnvironment& environment,
                              std::vector<Command>& commands);

void AddLimitsCommand(CLI::App& app, CliEnvironment& environment, std::vector<Command>& commands);
void AddHardwareCommand(CLI::App& app, CliEnvironment& environment, std::vector<Command>& commands);
void AddMethodsCommand(CLI::App& app, CliEnvironment& environment, std::vector<Command>& commands);
void AddTrainCommand(CLI::App& app, CliEnvironment& environment, std::vector<Command>& commands);
void AddCompareCommand(CLI::App& app, CliEnvironment& environment, std::vector<Command>& commands);
void AddThermoCommand(CLI::App& app, CliEnvironment& environment, std::vector<Command>& commands);
// thermo lyapunov, sample and calibrate (thermo_process_command.cc), under `thermo`.
void AddThermoProcessCommands(CLI::App& thermo,
                              CliEnvironment& environment,
                              std::vector<Command>& commands);
void AddRevCommand(CLI::App& app, CliEnvironment& environment, std::vector<Command>& commands);
void AddHdcCommand(CLI::App& app, CliEnvironment& environment, std::vector<Command>& commands);
void AddQnnCommand(CLI::App& app, CliEnvironment& environment, std::vector<Command>& commands);
void AddSparseCommand(CLI::App& app, CliEnvironment& environment, std::vector<Command>& commands);
void AddMoeCommand(CLI::App& app, CliEnvironment& environment, std::vector<Command>& commands);
void AddSnnCommand(CLI::App& app, CliEnvironment& environment, std::vector<Command>& commands);
void AddOpticsCommand(CLI::App& app, CliEnvironment& environment, std::vector<Command>& commands);
void AddAnalogCommand(CLI::App& app, CliEnvironment& environment, std::vector<Command>& commands);

inline constexpr AddCommandFn kCommands[] = {
    AddLimitsCommand,
    AddHardwareCommand,
    AddMethodsCommand,
    AddTrainCommand,
    AddCompareCommand,
    AddThermoCommand,
    AddRevCommand,
    AddHdcCommand,
    AddQnnCommand,
    AddSparseCommand,
    AddMoeCommand,
    AddSnnCommand,
    AddOpticsCommand,
    AddAnalogCommand,
};

}  // namespace landauer::cli

#endif  // LANDAUER_CLI_COMMANDS_H_

// landauer — command-line front end. A thin layer over the library: parse flags, call the
// library, print. Exit codes: 0 ok; 2 bad input (unknown flag, invalid value, bad file); 1 an
// internal error (a bug: please report it).
#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>
#include <stdexcept>
#include <vector>

#include "cli_common.h"
#include "landauer/energy/energy_table.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitInternal = 1;
constexpr int kExitBadInput = 2;

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "landauer: AI workloads on physical computers, charged against kT ln 2.\n"
      "Run 'landauer COMMAND --help' for the options of a command."};
  app.name("landauer");
  app.require_subcommand(1);
  app.set_version_flag("--version", "landauer 0.1.0");
  std::string data_dir;
  app.add_option("--data-dir",
                 data_dir,
                 "Folder holding hardware/*.toml (default: $LANDAUER_DATA_DIR, then the install "
                 "or source tree)")
      ->check(CLI::ExistingDirectory);

  std::vector<landauer::cli::Command> commands;
  landauer::cli::RegisterLimitsCommand(app, commands);
  landauer::cli::RegisterHardwareCommand(app, commands);
  landauer::cli::RegisterTrainCommand(app, commands);
  landauer::cli::RegisterCompareCommand(app, commands);
  landauer::cli::RegisterThermoCommand(app, commands);
  landauer::cli::RegisterRevCommand(app, commands);
  landauer::cli::RegisterHypergradCommand(app, commands);

  try {
    app.parse(argc, argv);
    if (!data_dir.empty()) landauer::cli::SetDataDir(data_dir);
    for (const landauer::cli::Command& command : commands) {
      if (command.app->parsed()) command.run();
    }
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == 0) return app.exit(error);  // --help, --version
    std::cerr << "landauer: error: " << error.what() << "\n"
              << "Run 'landauer --help' or 'landauer COMMAND --help' for usage.\n";
    return kExitBadInput;
  } catch (const landauer::MissingPriceError& error) {
    std::cerr << "landauer: error: " << error.what() << "\n";
    return kExitBadInput;
  } catch (const std::invalid_argument& error) {  // includes landauer::InputError
    std::cerr << "landauer: error: " << error.what() << "\n";
    return kExitBadInput;
  } catch (const std::domain_error& error) {
    std::cerr << "landauer: error: " << error.what() << "\n";
    return kExitBadInput;
  } catch (const std::exception& error) {
    std::cerr << "landauer: internal error: " << error.what() << "\n"
              << "This is a bug in landauer; please report it with the command you ran.\n";
    return kExitInternal;
  }
  return kExitOk;
}

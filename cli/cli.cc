#include "cli.h"

#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>
#include <stdexcept>
#include <vector>

#include "commands.h"
#include "landauer/energy/energy_table.h"

namespace landauer::cli {

int Main(int argc, const char* const* argv) {
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

  CliEnvironment environment;
  std::vector<Command> commands;
  for (const AddCommandFn add : kCommands) add(app, environment, commands);

  try {
    app.parse(argc, argv);
    environment.set_data_dir(data_dir);
    for (const Command& command : commands) {
      if (command.app->parsed()) command.run();
    }
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == 0) return app.exit(error);  // --help, --version
    std::cerr << "landauer: error: " << error.what() << "\n"
              << "Run 'landauer --help' or 'landauer COMMAND --help' for usage.\n";
    return kExitBadInput;
  } catch (const MissingPriceError& error) {
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

}  // namespace landauer::cli

#include "cli.h"

#include <fcntl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <exception>
#include <iostream>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "commands.h"
#include "landauer/core/memory_budget.h"
#include "landauer/energy/energy_table.h"
#include "paths.h"

namespace landauer::cli {
namespace {

// A closed standard descriptor (`landauer limits >&-`) would be handed out by the next open(), and
// the table meant for stdout would land in a checkpoint or a JSON file. Occupy each closed one:
// stdin and stdout with /dev/null opened read-only (so a write to stdout fails, and is reported),
// stderr write-only (messages are lost, but nothing else is).
void OccupyClosedStandardDescriptors() {
  for (const int fd : {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO}) {
    if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    const int opened = ::open("/dev/null", fd == STDERR_FILENO ? O_WRONLY : O_RDONLY);
    if (opened >= 0 && opened != fd) {
      ::dup2(opened, fd);
      ::close(opened);
    }
  }
}

std::size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// For `landauer lmits` or `landauer thermo slve`: "unknown command 'lmits'; did you mean
// 'limits'?" (or the list of commands). Empty when every command word is known.
std::string UnknownCommand(const CLI::App& app, int argc, const char* const* argv) {
  const CLI::App* level = &app;
  std::string path = "landauer";
  const auto command_names = [](const CLI::App* parent) {
    std::string names;
    for (const CLI::App* sub : parent->get_subcommands([](const CLI::App*) { return true; })) {
      if (!sub->get_group().empty()) names += (names.empty() ? "" : ", ") + sub->get_name();
    }
    return names;
  };
  bool command_word = false;
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word.empty() || word[0] == '-') {
      // Skip an option's value (the only valued options before a command word are global ones).
      const CLI::Option* option = nullptr;
      try {
        option = level->get_option_no_throw(word.substr(0, word.find('=')));
      } catch (...) {
      }
      if (option != nullptr && option->get_type_size() > 0 && word.find('=') == std::string::npos)
        ++i;
      continue;
    }
    const std::vector<const CLI::App*> subs =
        level->get_subcommands([](const CLI::App*) { return true; });
    if (subs.empty()) return "";  // a leaf: the rest are its arguments
    const CLI::App* next = nullptr;
    std::string best;
    std::size_t best_distance = 1000;
    std::string names;
    for (const CLI::App* sub : subs) {
      if (sub->get_name() == word) next = sub;
      if (sub->get_group().empty()) continue;  // hidden (an old spelling)
      names += (names.empty() ? "" : ", ") + sub->get_name();
      const std::size_t distance = EditDistance(word, sub->get_name());
      if (distance < best_distance) best_distance = distance, best = sub->get_name();
    }
    if (next != nullptr) {
      level = next;
      path += " " + word;
      command_word = true;
      continue;
    }
    if (best_distance <= std::max<std::size_t>(2, word.size() / 3)) {
      return "unknown command '" + path + " " + word + "'; did you mean '" + path + " " + best +
             "'?";
    }
    return "unknown command '" + path + " " + word + "'; the commands are: " + names;
  }
  // Ran out of words where a command was needed: `landauer` or `landauer thermo` alone.
  const std::string names = command_names(level);
  if (!names.empty() && (!command_word || level->get_subcommands().empty())) {
    return "'" + path + "' needs a command: " + names;
  }
  return "";
}

// The whole command tree, as Main parses it.
struct CommandLine {
  CLI::App app{
      "landauer: AI workloads on physical computers, charged against kT ln 2.\n"
      "Run 'landauer COMMAND --help' for the options of a command."};
  std::string data_dir;
  CliEnvironment environment;
  std::vector<Command> commands;

  CommandLine() {
    app.name("landauer");
    app.require_subcommand(1);
    app.fallthrough();  // the global --data-dir may also follow the command: limits --data-dir D
    app.set_version_flag("--version", "landauer 0.1.0");
    AsInputDirectory(app.add_option("--data-dir",
                                    data_dir,
                                    "Folder holding hardware/*.toml (default: "
                                    "$LANDAUER_DATA_DIR, then the install or source tree)"),
                     {"hardware/*.toml"});
    for (const AddCommandFn add : kCommands) add(app, environment, commands);
  }
};

void FindUnchecked(const CLI::App& app, const std::string& path, std::vector<std::string>& found) {
  for (const CLI::Option* option : app.get_options()) {
    const std::string type = option->get_type_name();
    const bool numeric = type.rfind("INT", 0) == 0 || type.rfind("UINT", 0) == 0 ||
                         type.rfind("FLOAT", 0) == 0 || type.rfind("NUMBER", 0) == 0;
    if (!numeric) continue;
    try {
      const_cast<CLI::Option*>(option)->get_validator("number");
    } catch (const CLI::OptionNotFound&) {
      found.push_back(path + " " + option->get_name() + " (" + type + ")");
    }
  }
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    FindUnchecked(*sub, path + " " + sub->get_name(), found);
  }
}

}  // namespace

std::vector<std::string> UncheckedNumericOptions() {
  CommandLine line;
  std::vector<std::string> found;
  FindUnchecked(line.app, "landauer", found);
  return found;
}

int Main(int argc, const char* const* argv) {
  OccupyClosedStandardDescriptors();
  CommandLine line;
  SetResultTerminal(&line.environment.terminal());
  struct ResetResultTerminal {
    ~ResetResultTerminal() { SetResultTerminal(nullptr); }
  } reset_result_terminal;
  CLI::App& app = line.app;
  CliEnvironment& environment = line.environment;
  const std::string& data_dir = line.data_dir;
  const std::vector<Command>& commands = line.commands;

  try {
    app.parse(argc, argv);
    environment.set_data_dir(data_dir);
    std::string typed = "landauer";
    for (int i = 1; i < argc; ++i) {
      const std::string word = argv[i];
      typed += " " + (word.find_first_of(" \t'\"") == std::string::npos ? word : "'" + word + "'");
    }
    environment.set_command_line(std::move(typed));
    // Before any work: the environment is valid, every output can be written, and none
    // overwrites an input.
    (void)CurrentMemoryLimit();  // a bad LANDAUER_MEMORY_LIMIT is refused whatever the command
    CheckPaths(app);
    for (const Command& command : commands) {
      if (!command.app->parsed()) continue;
      std::string label = command.app->get_name();
      for (const CLI::App* parent = command.app->get_parent(); parent != nullptr;
           parent = parent->get_parent()) {
        label = parent->get_name() + " " + label;
      }
      // No command is silent for long: a heartbeat whenever no progress bar is up.
      struct Heartbeat {
        TerminalProgress& terminal;
        ~Heartbeat() { terminal.StopHeartbeat(); }  // also when the command throws
      } heartbeat{environment.terminal()};
      heartbeat.terminal.StartHeartbeat(label);
      command.run();
    }
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == 0) return app.exit(error);  // --help, --version
    const std::string unknown = UnknownCommand(app, argc, argv);
    std::cerr << "landauer: error: " << (unknown.empty() ? error.what() : unknown) << "\n"
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
  } catch (const std::bad_alloc&) {
    // Requests are priced before they allocate (core/memory_budget.h); this is the backstop for
    // what the estimates do not cover.
    std::cerr << "landauer: error: out of memory: the run needs more memory than this machine "
                 "gives it. Fix: use smaller sizes (data, --batch, matrix), or a machine with more "
                 "memory\n";
    return kExitBadInput;
  } catch (const std::exception& error) {
    std::cerr << "landauer: internal error: " << error.what() << "\n"
              << "This is a bug in landauer; please report it with the command you ran.\n";
    return kExitInternal;
  }
  return kExitOk;
}

}  // namespace landauer::cli

// cli/cli_common.h — plumbing shared by every `landauer` subcommand.
//
// A command parses its flags, makes one library call and formats the result (docs/architecture.md:
// the CLI holds no domain logic, so the Python bindings can call the same functions). Every
// subcommand gets --json [PATH], --seed and --threads through AddCommonOptions. Output goes through
// Emit: without --json the human table goes to stdout; with a bare --json the JSON goes to stdout
// *instead of* the table; with --json PATH the JSON is written to PATH atomically and the table
// still prints. Progress goes to stderr. Options that several commands share (--hardware,
// --epochs/--batch/--lr, the workload options) come from one helper each, with one validator.
#ifndef LANDAUER_CLI_CLI_COMMON_H_
#define LANDAUER_CLI_CLI_COMMON_H_

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "landauer/core/progress.h"
#include "landauer/data/workload.h"
#include "landauer/energy/energy_table.h"
#include "landauer/energy/hardware_catalog.h"
#include "landauer/energy/scope.h"
#include "landauer/methods/method.h"
#include "number_options.h"

namespace landauer::cli {

struct CommonOptions {
  CLI::Option* json_option = nullptr;
  std::string json_path;   // empty with a bare --json: write to stdout
  std::uint64_t seed = 0;  // recorded in every report
  int threads = 0;         // 0 = one per available core
};

// What every command shares beyond its own flags: the global --data-dir (hence the tables) and
// the terminal's progress display. Built by Main before parsing; valid while commands run.
class CliEnvironment {
 public:
  void set_data_dir(std::string directory) { data_dir_ = std::move(directory); }
  // The command line as typed, for provenance (report.html).
  void set_command_line(std::string line) { command_line_ = std::move(line); }
  const std::string& command_line() const { return command_line_; }
  // The tables of --data-dir DIR (DIR/hardware), or HardwareDirectory(); made on first use.
  const HardwareCatalog& catalog();
  // Progress on stderr: a bar on a terminal, plain lines otherwise.
  ProgressSink* progress() { return &progress_; }
  // The terminal behind progress(): Main runs its heartbeat while a command runs.
  TerminalProgress& terminal() { return progress_; }
  // The MethodContext of a command run with `common`.
  MethodContext Context(const CommonOptions& common);

 private:
  std::string data_dir_;
  std::string command_line_;
  std::unique_ptr<HardwareCatalog> catalog_;
  TerminalProgress progress_;
};

void AddCommonOptions(CLI::App& command, CommonOptions& options);

// Writes `text` to standard output; throws InputError (exit 2) if it cannot, e.g. `> /dev/full` or
// a closed stdout, so a result that was not delivered never exits 0. Stops the heartbeat of the
// terminal given to SetResultTerminal first, so the result never starts on its line.
void WriteStdout(std::string_view text);
void SetResultTerminal(TerminalProgress* terminal);

// Throws std::domain_error (exit 2) naming every number in `json` that is not finite, for
// commands whose results are closed forms or estimates of their inputs: there a NaN or an infinity
// means the inputs overflowed a double, and exiting 0 with "null" in the JSON would be a wrong
// success. (Training is different: a diverged loss is a result, reported as null.)
// `cause` says why that happens for this command ("the inputs overflow a double"), `fix` what to
// change.
void RequireFiniteResults(const nlohmann::json& json,
                          const std::string& command,
                          const std::string& cause,
                          const std::string& fix);

// Prints `human` and/or writes `json` as described above. Adds "seed" to the JSON object.
void Emit(const CommonOptions& options, nlohmann::json json, const std::string& human);

// --hardware NAME: an energy table name (landauer hardware list) or a .toml path; checked when
// the command runs, against the catalog. `help` says what the table prices for this command.
void AddHardwareOption(CLI::App& command, std::string& hardware, const std::string& help);
// --scope NAME: the system boundary energy is priced at (checked when the command runs, against
// the table: CheckedScope). `also` adds what system scope brings in for this command.
void AddScopeOption(CLI::App& command, std::string& scope, const std::string& also = "");
// --epochs, --batch and --lr, each with its validator.
void AddEpochsOption(CLI::App& command, int& epochs);
void AddBatchOption(CLI::App& command, int& batch, const std::string& help = "Mini-batch size");
void AddLearningRateOption(CLI::App& command, double& learning_rate);
// --data, --pca, --binarize, --max-train, --max-test.
void AddWorkloadOptions(CLI::App& command, WorkloadOptions& workload);

// Runs `call` and puts `flag` in front of the std::invalid_argument it throws: the library knows
// what is wrong with a value ("unknown SPU order 'third'"), the command line knows which flag
// gave it ("--order: unknown SPU order 'third'; choose first or second").
template <typename Call>
auto WithFlag(const std::string& flag, Call call) {
  try {
    return call();
  } catch (const std::invalid_argument& error) {
    throw std::invalid_argument(flag + ": " + error.what());
  }
}

// The --scope flag's value, checked against the table the command prices with: a bad name or a
// table that cannot price at that scope is bad input (ScopeError, exit 2), naming the table and
// what it lacks.
Scope CheckedScope(const std::string& scope, const EnergyTable& table);

// A leaf subcommand and what to do when it is the one parsed. Main parses first and runs the
// chosen command afterwards, so every option has its value when `run` starts and exceptions from
// the library reach Main's exit-code mapping unchanged.
struct Command {
  CLI::App* app = nullptr;
  std::function<void()> run;
};

// Adds a leaf subcommand `name` to `parent` with options of type Options (held for the run), its
// common options, and `run` to call with them. Returns the options and the subcommand for the
// command's own flags.
template <typename Options>
std::pair<std::shared_ptr<Options>, CLI::App*> AddCommand(
    CLI::App& parent,
    std::vector<Command>& commands,
    const std::string& name,
    const std::string& description,
    std::function<void(Options&)> run,
    std::shared_ptr<Options> options = std::make_shared<Options>()) {
  CLI::App* app = parent.add_subcommand(name, description);
  AddCommonOptions(*app, options->common);
  commands.push_back({app, [options, run] { run(*options); }});
  return {options, app};
}

}  // namespace landauer::cli

#endif  // LANDAUER_CLI_CLI_COMMON_H_

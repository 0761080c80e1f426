// cli/paths.h — the files a command reads and writes, checked before it runs.
//
//   AsInputFile(command.add_option("--matrix", o.matrix_path, "Matrix Market file"));
//   AsOutputFile(command.add_option("--html", o.html, "Also write a chart page here"));
//   AsOutputDirectory(command.add_option("--out", o.out, "..."), {"results.json", "report.html"});
//
// An option's role is a CLI11 validator ("input-file", "input-directory:PATTERNS",
// "input-or-name:PATTERNS", "output-file", "output-directory:NAMES"), so the option describes
// itself and CheckPaths reads the roles back from whichever command was parsed. Input validators
// check at parse time that the path exists and is a file (or a directory); "input-or-name" (--data,
// --hardware: a name or a path) counts as an input when such a path exists.
//
// CheckPaths runs after parsing and before the command, so a bad output path fails at once, not
// after an hour of training (issue 11, class 10). For every path given — and every output option's
// default (compare --out) — it checks that
//   * each output can be written: a regular file or a new path in a writable directory
//     (CheckOutputFile), or for a directory output, a new directory or one holding only the files
//     the command writes (CheckOutputDirectory);
//   * no output is one of the command's inputs, or a file an input directory is read for (class
//     6: `--json` must never overwrite the matrix it read); new files beside inputs are fine;
//   * an output directory (replaced as a whole) neither is nor contains an input;
//   * no two outputs are the same file, and no output file lies in an output directory (which is
//     replaced as a whole).
// Every refusal is an InputError naming both flags and the path.
#ifndef LANDAUER_CLI_PATHS_H_
#define LANDAUER_CLI_PATHS_H_

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace landauer::cli {

// `reads`: the files an input directory is read for, as fnmatch patterns relative to it (e.g.
// "hardware/*.toml"): an output may be written beside them, never over one of them.
CLI::Option* AsInputFile(CLI::Option* option);
CLI::Option* AsInputDirectory(CLI::Option* option, const std::vector<std::string>& reads = {});
CLI::Option* AsInputOrName(CLI::Option* option, const std::vector<std::string>& reads = {});
CLI::Option* AsOutputFile(CLI::Option* option);
CLI::Option* AsOutputDirectory(CLI::Option* option, const std::vector<std::string>& names);

// Checks the path options of `root` and of every parsed subcommand under it, as above.
void CheckPaths(const CLI::App& root);

}  // namespace landauer::cli

#endif  // LANDAUER_CLI_PATHS_H_

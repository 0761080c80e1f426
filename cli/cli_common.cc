#include "cli_common.h"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <iostream>

#include "landauer/core/atomic_file.h"
#include "landauer/energy/energy_table.h"

namespace landauer::cli {
namespace {

std::string& DataDirOverride() {
  static std::string directory;
  return directory;
}

bool ParseDouble(const std::string& text, double& value) {
  try {
    std::size_t used = 0;
    value = std::stod(text, &used);
    return used == text.size() && std::isfinite(value);
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

void AddCommonOptions(CLI::App& command, CommonOptions& options) {
  options.json_option =
      command
          .add_option("--json",
                      options.json_path,
                      "Write the result as JSON: to stdout instead of the table when given "
                      "alone, or atomically to PATH (the table still prints)")
          ->expected(0, 1)
          ->type_name("[PATH]");
  command
      .add_option("--seed", options.seed, "Run seed for every random stream (recorded in reports)")
      ->capture_default_str();
  command.add_option("--threads", options.threads, "Worker threads; 0 = all hardware threads")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
}

void Emit(const CommonOptions& options, nlohmann::json json, const std::string& human) {
  json["seed"] = options.seed;
  const bool json_requested = options.json_option != nullptr && options.json_option->count() > 0;
  if (!json_requested) {
    std::cout << human << std::flush;
    return;
  }
  if (options.json_path.empty()) {
    std::cout << json.dump(2) << "\n" << std::flush;
    return;
  }
  WriteFileAtomically(options.json_path, json.dump(2) + "\n");
  std::cout << human << std::flush;
  std::cerr << "wrote " << options.json_path << "\n";
}

CLI::Validator PositiveNumber(const std::string& what, const std::string& example) {
  return CLI::Validator(
      [what, example](const std::string& text) -> std::string {
        double value = 0.0;
        if (!ParseDouble(text, value) || !(value > 0.0)) {
          return fmt::format("'{}' is not a valid {}: it must be a finite number > 0 (e.g. {})",
                             text,
                             what,
                             example);
        }
        return "";
      },
      "> 0");
}

CLI::Validator NumberInLeftOpenInterval(double lower,
                                        double upper,
                                        const std::string& what,
                                        const std::string& example) {
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        double value = 0.0;
        if (!ParseDouble(text, value) || !(value > lower) || !(value <= upper)) {
          return fmt::format("'{}' is not a valid {}: it must lie in ({}, {}] (e.g. {})",
                             text,
                             what,
                             lower,
                             upper,
                             example);
        }
        return "";
      },
      fmt::format("in ({}, {}]", lower, upper));
}

std::string HardwareDir() {
  const std::string& override_dir = DataDirOverride();
  if (!override_dir.empty()) return (std::filesystem::path(override_dir) / "hardware").string();
  return HardwareDirectory();
}

void SetDataDir(const std::string& directory) { DataDirOverride() = directory; }

}  // namespace landauer::cli

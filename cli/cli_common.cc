#include "cli_common.h"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <iostream>

#include "landauer/core/atomic_file.h"

namespace landauer::cli {
namespace {

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

const HardwareCatalog& CliEnvironment::catalog() {
  if (!catalog_) {
    catalog_ = std::make_unique<HardwareCatalog>(
        data_dir_.empty() ? "" : (std::filesystem::path(data_dir_) / "hardware").string());
  }
  return *catalog_;
}

MethodContext CliEnvironment::Context(const CommonOptions& common) {
  return {.seed = common.seed,
          .threads = common.threads,
          .progress = progress(),
          .hardware = &catalog(),
          .shared = nullptr};
}

void AddCommonOptions(CLI::App& command, CommonOptions& options) {
  options.json_option = command
                            .add_option("--json",
                                        options.json_path,
                                        "Write the result as JSON: to stdout instead of the table "
                                        "when given alone, or atomically to PATH (the table still "
                                        "prints)")
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

CLI::Validator PositiveInteger(const std::string& what, const std::string& example) {
  return CLI::Validator(
      [what, example](const std::string& text) -> std::string {
        double value = 0.0;
        if (!ParseDouble(text, value) || !(value >= 1.0) || value != std::floor(value) ||
            value > 2147483647.0) {
          return fmt::format("'{}' is not a valid {}: it must be a whole number >= 1 (e.g. {})",
                             text,
                             what,
                             example);
        }
        return "";
      },
      ">= 1");
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

void AddHardwareOption(CLI::App& command, std::string& hardware, const std::string& help) {
  command
      .add_option("--hardware",
                  hardware,
                  help + ": a table name ('landauer hardware list') or the path of a .toml table")
      ->capture_default_str();
}

void AddEpochsOption(CLI::App& command, int& epochs) {
  command.add_option("--epochs", epochs, "Passes over the training set")
      ->check(PositiveInteger("number of epochs", "--epochs 5"))
      ->capture_default_str();
}

void AddBatchOption(CLI::App& command, int& batch, const std::string& help) {
  command.add_option("--batch", batch, help)
      ->check(PositiveInteger("batch size", "--batch 128"))
      ->capture_default_str();
}

void AddLearningRateOption(CLI::App& command, double& learning_rate) {
  command.add_option("--lr", learning_rate, "Learning rate")
      ->check(PositiveNumber("learning rate", "--lr 1e-3"))
      ->capture_default_str();
}

void AddWorkloadOptions(CLI::App& command, WorkloadOptions& workload) {
  command
      .add_option(
          "--data", workload.data, "fashion-mnist, digits, synthetic, or an MNIST-format directory")
      ->capture_default_str();
  command
      .add_option(
          "--pca", workload.pca, "Project inputs onto this many principal components (0 = off)")
      ->check(CLI::NonNegativeNumber);
  command.add_flag(
      "--binarize", workload.binarize, "Threshold pixels at 0.5 instead of standardising");
  command
      .add_option(
          "--max-train", workload.max_train, "Use only the first N training samples (0 = all)")
      ->check(CLI::NonNegativeNumber);
  command
      .add_option("--max-test", workload.max_test, "Use only the first N test samples (0 = all)")
      ->check(CLI::NonNegativeNumber);
}

}  // namespace landauer::cli

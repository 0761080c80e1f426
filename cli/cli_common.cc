#include "cli_common.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "landauer/core/atomic_file.h"
#include "landauer/core/errors.h"
#include "number_options.h"
#include "paths.h"

namespace landauer::cli {
namespace {

constexpr std::int64_t kMaxBatch = 2147483647;
constexpr std::int64_t kMaxSamples = 1000000000000000000;

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
  options.json_option = AsOutputFile(
      command
          .add_option("--json",
                      options.json_path,
                      "Write the result as JSON: to stdout instead of the table when given alone, "
                      "or atomically to PATH (the table still prints)")
          ->expected(0, 1)
          ->type_name("[PATH]"));
  AddNumber(command,
            "--seed",
            options.seed,
            "Run seed for every random stream (recorded in reports)",
            Seed());
  AddNumber(command,
            "--threads",
            options.threads,
            "Worker threads; 0 = one per available core",
            Count(0, 1024, "a thread count (0 = one per available core)", "--threads 2"));
}

namespace {

TerminalProgress* result_terminal = nullptr;  // Main's; its heartbeat stops before a result

}  // namespace

void SetResultTerminal(TerminalProgress* terminal) { result_terminal = terminal; }

void WriteStdout(std::string_view text) {
  if (result_terminal != nullptr) result_terminal->StopHeartbeat();
  std::cout.flush();
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(STDOUT_FILENO, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int error = n < 0 ? errno : EIO;
      throw InputError("standard output",
                       0,
                       std::string("cannot write the result: ") +
                           (error == EBADF ? "it is closed" : std::strerror(error)),
                       "redirect it to a file or a pipe that accepts the output, or use --json "
                       "PATH");
    }
    written += static_cast<std::size_t>(n);
  }
}

namespace {

void FindNonFinite(const nlohmann::json& json,
                   const std::string& where,
                   std::vector<std::string>& found) {
  if (json.is_number_float() && !std::isfinite(json.get<double>())) found.push_back(where);
  if (json.is_object()) {
    for (const auto& [key, value] : json.items()) {
      FindNonFinite(value, where.empty() ? key : where + "." + key, found);
    }
  }
  if (json.is_array()) {
    for (std::size_t i = 0; i < json.size(); ++i) {
      FindNonFinite(json[i], where + "[" + std::to_string(i) + "]", found);
    }
  }
}

}  // namespace

void RequireFiniteResults(const nlohmann::json& json,
                          const std::string& command,
                          const std::string& cause,
                          const std::string& fix) {
  std::vector<std::string> found;
  FindNonFinite(json, "", found);
  if (found.empty()) return;
  std::string names;
  for (std::size_t i = 0; i < found.size() && i < 5; ++i) names += (i ? ", " : "") + found[i];
  if (found.size() > 5) names += fmt::format(" and {} more", found.size() - 5);
  throw std::domain_error(fmt::format("{}: {} {} not finite: {}. Fix: {}",
                                      command,
                                      names,
                                      found.size() == 1 ? "is" : "are",
                                      cause,
                                      fix));
}

void Emit(const CommonOptions& options, nlohmann::json json, const std::string& human) {
  json["seed"] = options.seed;
  const bool json_requested = options.json_option != nullptr && options.json_option->count() > 0;
  if (!json_requested) {
    WriteStdout(human);
    return;
  }
  if (options.json_path.empty()) {
    WriteStdout(json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    return;
  }
  WriteFileAtomically(options.json_path,
                      json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  WriteStdout(human);
  std::cerr << "wrote " << options.json_path << "\n";
}

Scope CheckedScope(const std::string& scope, const EnergyTable& table) {
  const Scope parsed = WithFlag("--scope", [&] { return ScopeFromString(scope); });
  table.RequireScope(parsed);
  return parsed;
}

void AddScopeOption(CLI::App& command, std::string& scope, const std::string& also) {
  command
      .add_option("--scope",
                  scope,
                  "System boundary: core, chip (+ on-chip memory, static power) or system" +
                      (also.empty() ? std::string() : " (+ " + also + ")"))
      ->capture_default_str();
}

void AddHardwareOption(CLI::App& command, std::string& hardware, const std::string& help) {
  AsInputOrName(
      command.add_option(
          "--hardware",
          hardware,
          help + ": a table name ('landauer hardware list') or the path of a .toml table"))
      ->capture_default_str();
}

void AddEpochsOption(CLI::App& command, int& epochs) {
  AddNumber(command,
            "--epochs",
            epochs,
            "Passes over the training set",
            Count(1, 1000000, "a number of epochs", "--epochs 5"));
}

void AddBatchOption(CLI::App& command, int& batch, const std::string& help) {
  AddNumber(command, "--batch", batch, help, Count(1, kMaxBatch, "a batch size", "--batch 128"));
}

void AddLearningRateOption(CLI::App& command, double& learning_rate) {
  AddNumber(
      command, "--lr", learning_rate, "Learning rate", Positive("a learning rate", "--lr 1e-3"));
}

void AddWorkloadOptions(CLI::App& command, WorkloadOptions& workload) {
  AsInputOrName(
      command.add_option("--data",
                         workload.data,
                         "fashion-mnist, digits, synthetic, or an MNIST-format directory"),
      {"*-ubyte", "*-ubyte.gz"})
      ->capture_default_str();
  AddNumber(command,
            "--pca",
            workload.pca,
            "Project inputs onto this many principal components (0 = off)",
            Count(0, 100000, "a number of principal components (0 = off)", "--pca 32"));
  command.add_flag(
      "--binarize", workload.binarize, "Threshold pixels at 0.5 instead of standardising");
  AddNumber(command,
            "--max-train",
            workload.max_train,
            "Use only the first N training samples (0 = all)",
            Count(0, kMaxSamples, "a number of training samples (0 = all)", "--max-train 1000"));
  AddNumber(command,
            "--max-test",
            workload.max_test,
            "Use only the first N test samples (0 = all)",
            Count(0, kMaxSamples, "a number of test samples (0 = all)", "--max-test 1000"));
}

}  // namespace landauer::cli

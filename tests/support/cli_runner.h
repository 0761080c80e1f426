// A test fixture that runs the `landauer` binary in a scratch directory and captures its exit
// code, stdout and stderr (tests/integration/*).
//
//   TEST_F(CliTest, ...) { const CliResult r = Run("limits --json"); EXPECT_EQ(r.exit_code, 0); }
//
// LANDAUER_CLI_PATH and LANDAUER_TEST_DATA_DIR are compile definitions of the test target.
#ifndef LANDAUER_TESTS_SUPPORT_CLI_RUNNER_H_
#define LANDAUER_TESTS_SUPPORT_CLI_RUNNER_H_

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace landauer::testing {

struct CliResult {
  int exit_code = -1;  // -1: killed by a signal
  int signal = 0;
  std::string out;
  std::string err;
};

inline std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("landauer_cli_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Runs `landauer ARGS` with the source tree's tables; `environment` ("NAME=value ..."),
  // `redirect` (replacing ">stdout", e.g. ">/dev/full" or ">&-") and `directory` (the working
  // directory) let a test change the setting.
  CliResult Run(const std::string& args,
                const std::string& environment = "",
                const std::string& redirect = "",
                const std::string& directory = "") {
    const std::filesystem::path out = dir_ / "stdout", err = dir_ / "stderr";
    std::filesystem::remove(out);
    const std::string command = (directory.empty() ? "" : "cd '" + directory + "' && ") +
                                std::string("LANDAUER_DATA_DIR='") + LANDAUER_TEST_DATA_DIR + "' " +
                                environment + " '" + LANDAUER_CLI_PATH + "' " + args + " " +
                                (redirect.empty() ? ">'" + out.string() + "'" : redirect) + " 2>'" +
                                err.string() + "' </dev/null";
    return Shell(command, out, err);
  }

  // Runs any shell command (a peer tool checking what landauer wrote), capturing both streams.
  CliResult RunCommand(const std::string& command) {
    const std::filesystem::path out = dir_ / "command_stdout", err = dir_ / "command_stderr";
    return Shell(
        command + " >'" + out.string() + "' 2>'" + err.string() + "' </dev/null", out, err);
  }

  // Runs `line` (which sends its streams to `out` and `err`) and collects the result.
  static CliResult Shell(const std::string& line,
                         const std::filesystem::path& out,
                         const std::filesystem::path& err) {
    const int status = std::system(line.c_str());
    CliResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    result.out = Slurp(out);
    result.err = Slurp(err);
    return result;
  }

  std::filesystem::path Write(const std::string& name, const std::string& text) {
    const std::filesystem::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  std::filesystem::path dir_;
};

}  // namespace landauer::testing

#endif  // LANDAUER_TESTS_SUPPORT_CLI_RUNNER_H_

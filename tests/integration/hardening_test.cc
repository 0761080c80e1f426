// Issue 11, "Hardening": each defect class, its reproduction from the issue and a few variants,
// against the binary. Every bad input exits 2 with a message that names the flag or file:line,
// says what is wrong and how to fix it — never 0, never 1 ("a bug"), never a signal. The unit
// tests of the mechanisms are beside them (core/atomic_file_test.cc, core/number_parse_test.cc,
// core/memory_budget_test.cc, nn/checkpoint_test.cc, thermo/matrix_market_test.cc).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstring>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "checkpoint_edit.h"
#include "cli.h"
#include "cli_runner.h"
#include "landauer/core/atomic_file.h"

namespace {

namespace fs = std::filesystem;
using landauer::testing::CliResult;
using landauer::testing::CliTest;
using landauer::testing::Slurp;

// A bad input: exit 2, the message contains every one of `expected`, nothing on stdout.
void ExpectRefused(const CliResult& r, const std::vector<std::string>& expected) {
  EXPECT_EQ(r.exit_code, 2) << "signal " << r.signal << "\n" << r.err;
  EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
  for (const std::string& text : expected) {
    EXPECT_NE(r.err.find(text), std::string::npos) << "missing '" << text << "' in:\n" << r.err;
  }
}

std::string Idx(std::vector<std::uint32_t> dims, std::size_t data_bytes, std::uint8_t type = 8) {
  std::string bytes = {0, 0, static_cast<char>(type), static_cast<char>(dims.size())};
  for (const std::uint32_t d : dims) {
    for (int shift = 24; shift >= 0; shift -= 8) bytes += static_cast<char>((d >> shift) & 0xff);
  }
  return bytes + std::string(data_bytes, '\0');
}

// An MNIST-format directory whose four files have `images` images of rows x cols pixels.
fs::path MnistDirectory(const fs::path& dir,
                        std::uint32_t images,
                        std::uint32_t rows,
                        std::uint32_t cols) {
  fs::create_directories(dir);
  for (const char* split : {"train", "t10k"}) {
    std::ofstream(dir / (std::string(split) + "-images-idx3-ubyte"), std::ios::binary)
        << Idx({images, rows, cols}, std::size_t{images} * rows * cols);
    std::ofstream(dir / (std::string(split) + "-labels-idx1-ubyte"), std::ios::binary)
        << Idx({images}, images);
  }
  return dir;
}

std::set<std::string> Names(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename());
  return names;
}

TEST_F(CliTest, Issue11Class1SymmetricMatrixMarketMustBeSquare) {
  const fs::path s = Write("s.mtx",
                           "%%MatrixMarket matrix coordinate real symmetric\n"
                           "100000 1 3\n1 1 1\n50000 1 7\n100000 1 9\n");
  ExpectRefused(Run("thermo solve --matrix " + s.string()),
                {s.string() + ":2:", "symmetric matrix must be square", "100000x1"});
  const fs::path wide =
      Write("wide.mtx", "%%MatrixMarket matrix coordinate real symmetric\n1 3 1\n1 1 1\n");
  ExpectRefused(Run("thermo inverse --matrix " + wide.string()), {wide.string() + ":2:"});
  const fs::path array =
      Write("a.mtx", "%%MatrixMarket matrix array real symmetric\n3 2\n1\n2\n3\n");
  ExpectRefused(Run("thermo logdet --matrix " + array.string()), {array.string() + ":2:"});
  // A general non-square matrix parses, and is then refused as not square.
  const fs::path general =
      Write("g.mtx", "%%MatrixMarket matrix coordinate real general\n3 1 1\n2 1 5\n");
  ExpectRefused(Run("thermo solve --matrix " + general.string()), {"not square"});
}

TEST_F(CliTest, Issue11Class2EmptyDataIsRefusedAtTheFile) {
  const fs::path no_images = MnistDirectory(dir_ / "no_images", 0, 28, 28);
  const fs::path no_columns = MnistDirectory(dir_ / "no_columns", 5, 28, 0);
  for (const fs::path& data : {no_images, no_columns}) {
    for (const std::string& command : std::vector<std::string>{
             "train", "compare --out " + (dir_ / "out").string(), "rev revnet", "rev hypergrad"}) {
      ExpectRefused(Run(command + " --data " + data.string()),
                    {(data / "train-images-idx3-ubyte").string(), "holds no data"});
    }
  }
  ExpectRefused(Run("train --data digits --model mlp:64-10 --max-train 1"),
                {"--max-train 1", "at least 2"});
}

TEST_F(CliTest, Issue11Class3TamperedCheckpointHeadersAreRefused) {
  const fs::path checkpoint = dir_ / "run.ckpt";
  const std::string train =
      "train --data digits --model mlp:64-10 --epochs 2 --batch 100 --checkpoint " +
      checkpoint.string();
  ASSERT_EQ(Run(train + " --stop-after-steps 5").exit_code, 0);
  const std::string pristine = Slurp(checkpoint);
  const std::vector<std::pair<std::function<void(nlohmann::json&)>, std::string>> edits = {
      {[](nlohmann::json& h) { h["step_in_epoch"] = -5; }, "step_in_epoch"},
      {[](nlohmann::json& h) { h["step_in_epoch"] = 1e12; }, "step_in_epoch"},
      {[](nlohmann::json& h) { h["epoch"] = "zero"; }, "'epoch'"},
      {[](nlohmann::json& h) { h["global_step"] = 99; }, "global_step"},
      {[](nlohmann::json& h) { h.erase("ledger"); }, "ledger"},
  };
  for (const auto& [edit, field] : edits) {
    std::ofstream(checkpoint, std::ios::binary)
        << landauer::testing::EditCheckpointHeader(pristine, edit);
    ExpectRefused(Run(train + " --resume"), {checkpoint.string(), field});
  }
}

TEST_F(CliTest, Issue11Class4ImpossibleSizesAreRefusedWithTheNeedAndTheLimit) {
  ExpectRefused(Run("thermo logdet --dimension 100000"),
                {"100000x100000", "needs", "memory", "limit", "LANDAUER_MEMORY_LIMIT"});
  const fs::path huge =
      Write("huge.mtx", "%%MatrixMarket matrix coordinate real general\n100000 100000 1\n1 1 1\n");
  ExpectRefused(Run("thermo solve --matrix " + huge.string()), {huge.string() + ":2:", "80 GB"});
  // The limit is the environment's when it sets one.
  ExpectRefused(Run("thermo inverse --dimension 2000", "LANDAUER_MEMORY_LIMIT=10M"),
                {"LANDAUER_MEMORY_LIMIT", "10.5 MB"});
  ExpectRefused(Run("train --data digits --model mlp:64-1048576-1048576-10"),
                {"--model mlp:64-1048576-1048576-10", "memory"});
  ExpectRefused(Run("limits", "LANDAUER_MEMORY_LIMIT=lots"), {"LANDAUER_MEMORY_LIMIT", "'lots'"});
}

TEST_F(CliTest, Issue11Class5EveryNumberIsCheckedByItsKind) {
  EXPECT_EQ(landauer::cli::UncheckedNumericOptions(), std::vector<std::string>{});
  ExpectRefused(Run("limits --finite-time-coefficient nan"),
                {"--finite-time-coefficient", "'nan' is not a finite number"});
  ExpectRefused(Run("thermo solve --time nan"), {"--time", "'nan'"});
  ExpectRefused(Run("thermo solve --burn-in -1"), {"--burn-in", ">= 0"});
  ExpectRefused(Run("limits --seed -1"), {"--seed", "'-1' is negative"});
  ExpectRefused(Run("limits --seed 18446744073709551616"), {"--seed", "too large"});
  ExpectRefused(Run("train --epochs 2.5"), {"--epochs", "not a whole number"});
  ExpectRefused(Run("thermo solve --coupling-bits 1"), {"--coupling-bits", "0 or a whole number"});
  ExpectRefused(Run("limits --temperature inf"), {"--temperature", "not a finite number"});
  // Whole numbers are read in decimal, also with an exponent; the seed keeps all 64 bits.
  const CliResult r = Run("limits --seed 010 --threads 1e0 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["seed"], 10);
  EXPECT_EQ(nlohmann::json::parse(Run("limits --seed 18446744073709551615 --json").out)["seed"],
            18446744073709551615ull);
}

TEST_F(CliTest, Issue11Class6OutputsNeverClobberDevicesLinksOrInputs) {
  ExpectRefused(Run("limits --json /dev/full"), {"--json /dev/full", "is a device"});
  EXPECT_TRUE(fs::is_character_file("/dev/full"));
  const fs::path target = Write("target.json", "keep");
  fs::create_symlink(target, dir_ / "link.json");
  ExpectRefused(Run("limits --json " + (dir_ / "link.json").string()), {"symbolic link"});
  EXPECT_EQ(Slurp(target), "keep");
  ExpectRefused(Run("limits --json " + dir_.string()), {"is a directory"});
  // An output that is one of the command's inputs.
  const fs::path matrix =
      Write("m.mtx", "%%MatrixMarket matrix coordinate real symmetric\n2 2 2\n1 1 2\n2 2 3\n");
  const std::string original = Slurp(matrix);
  ExpectRefused(Run("thermo solve --matrix " + matrix.string() + " --json " + matrix.string()),
                {"--json " + matrix.string(), "is also the input --matrix"});
  EXPECT_EQ(Slurp(matrix), original);
  // New files beside inputs are fine; a file an input directory is read for is not.
  const fs::path data = dir_ / "data";
  fs::create_directories(data / "hardware");
  fs::copy_file(fs::path(LANDAUER_TEST_DATA_DIR) / "hardware" / "h100.toml",
                data / "hardware" / "h100.toml");
  EXPECT_EQ(
      Run("--data-dir " + data.string() + " hardware list --json " + (data / "out.json").string())
          .exit_code,
      0);
  ExpectRefused(Run("--data-dir " + data.string() + " hardware list --json " +
                    (data / "hardware" / "new.toml").string()),
                {"is a file the input --data-dir", "hardware/*.toml"});
  // The default --out is checked like a given one.
  const fs::path work = dir_ / "work";
  fs::create_directories(work / "landauer-compare");
  std::ofstream(work / "landauer-compare" / "mine.txt") << "keep";
  ExpectRefused(Run("compare --data digits --methods digital-mlp", "", "", work.string()),
                {"--out landauer-compare", "mine.txt"});
  ExpectRefused(Run("compare --data digits --out .", "", "", work.string()), {"current directory"});
  // stdout that cannot take the result.
  ExpectRefused(Run("limits", "", ">/dev/full"), {"standard output", "No space left on device"});
  ExpectRefused(Run("limits", "", ">&-"), {"standard output", "closed"});
  ExpectRefused(Run("methods", "", ">/dev/full"), {"standard output"});
}

TEST_F(CliTest, Issue11Class7CompareOutputIsCompleteOrAbsentAndNoTemporarySurvives) {
  const fs::path out = dir_ / "out";
  const std::string compare =
      "compare --data digits --methods digital-mlp --epochs 1 --out " + out.string();
  ASSERT_EQ(Run(compare).exit_code, 0);
  EXPECT_EQ(Names(out), (std::set<std::string>{"report.html", "results.csv", "results.json"}));
  const std::string first = Slurp(out / "results.json");
  // A leftover of a killed run (pid 2^22 + 1 is beyond pid_max's default, so no process has it).
  const fs::path stale = landauer::TemporaryPath(out.string(), 4194305, 0);
  fs::create_directories(stale);
  std::ofstream(stale / "results.json") << "half";
  // Killed at several moments, a rerun leaves the previous complete directory or the new one.
  for (const char* delay : {"0.05", "0.15", "0.3", "0.6"}) {
    const std::string command = std::string("( '") + LANDAUER_CLI_PATH + "' " + compare +
                                " >/dev/null 2>&1 & pid=$!; sleep " + delay +
                                "; kill -9 $pid 2>/dev/null; wait $pid ) 2>/dev/null";
    (void)std::system((std::string("LANDAUER_DATA_DIR='") + LANDAUER_TEST_DATA_DIR + "' sh -c \"" +
                       command + "\"")
                          .c_str());
    if (fs::exists(out)) {
      EXPECT_EQ(Names(out), (std::set<std::string>{"report.html", "results.csv", "results.json"}))
          << delay;
      EXPECT_TRUE(nlohmann::json::accept(Slurp(out / "results.json"))) << delay;
    }
  }
  ASSERT_EQ(Run(compare).exit_code, 0);
  // Nothing but the output is left beside it: no .tmp- file or directory of any run.
  EXPECT_FALSE(fs::exists(stale));
  for (const std::string& name : Names(dir_))
    EXPECT_EQ(name.find(".tmp-"), std::string::npos) << name;
  EXPECT_EQ(Names(out), (std::set<std::string>{"report.html", "results.csv", "results.json"}));
  EXPECT_EQ(nlohmann::json::parse(Slurp(out / "results.json"))["schema"],
            nlohmann::json::parse(first)["schema"]);
  // A directory with files landauer did not write is refused before anything runs.
  std::ofstream(out / "notes.txt") << "mine";
  ExpectRefused(Run(compare), {"--out " + out.string(), "notes.txt"});
  EXPECT_EQ(Slurp(out / "notes.txt"), "mine");
}

// Host timings differ between any two runs; everything else must not.
nlohmann::json WithoutTimings(nlohmann::json json) {
  static const std::set<std::string> kTimings = {
      "seconds", "train_seconds", "samples_per_second", "train_samples_per_second"};
  if (json.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (auto& [key, value] : json.items()) {
      if (kTimings.count(key) == 0) out[key] = WithoutTimings(value);
    }
    return out;
  }
  if (json.is_array()) {
    for (auto& value : json) value = WithoutTimings(value);
  }
  return json;
}

TEST_F(CliTest, Issue11Class8AResumedRunReportsTheWholeRun) {
  const std::string train = "train --data digits --model mlp:64-16-10 --epochs 3 --batch 64 --json";
  const CliResult full = Run(train);
  ASSERT_EQ(full.exit_code, 0) << full.err;
  const fs::path checkpoint = dir_ / "run.ckpt";
  // 1438 samples in batches of 64: 23 steps an epoch, 69 in all. Stops mid-epoch, at an epoch's
  // end, in the second and in the last epoch, and at the very end (a normal finish).
  for (const char* stop : {"7", "23", "40", "50", "69"}) {
    fs::remove(checkpoint);
    ASSERT_EQ(Run(train + " --checkpoint " + checkpoint.string() + " --stop-after-steps " + stop)
                  .exit_code,
              0);
    const CliResult resumed = Run(train + " --checkpoint " + checkpoint.string() + " --resume");
    ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
    EXPECT_EQ(WithoutTimings(nlohmann::json::parse(resumed.out)),
              WithoutTimings(nlohmann::json::parse(full.out)))
        << "stopped after " << stop;
  }
}

TEST_F(CliTest, Issue11Class9LongRunsShowProgressOrAreRefusedUpFront) {
  ExpectRefused(Run("thermo solve --time 1e12"),
                {"integration steps", "multiply-adds", "--allow-long-run", "--time"});
  ExpectRefused(Run("thermo solve --time 1e300 --allow-long-run"), {"more than any run"});
  const CliResult r = Run("thermo solve --dimension 4 --time 200");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("thermo solve: "), std::string::npos) << r.err;  // progress lines
  EXPECT_NE(r.err.find("100%"), std::string::npos) << r.err;
  const CliResult revnet = Run("rev revnet --depths 2 --epochs 1");
  ASSERT_EQ(revnet.exit_code, 0) << revnet.err;
  EXPECT_NE(revnet.err.find("revnet: "), std::string::npos) << revnet.err;
}

TEST_F(CliTest, Issue11Class10EverythingARunNeedsIsCheckedBeforeItStarts) {
  // A bad --checkpoint or --json path fails before training: no progress was shown.
  for (const std::string& flag :
       std::vector<std::string>{"--checkpoint " + (dir_ / "nowhere" / "ck").string(),
                                "--json " + (dir_ / "nowhere" / "out.json").string()}) {
    const CliResult r = Run("train --data digits --model mlp:64-10 " + flag);
    ExpectRefused(r, {"does not exist"});
    EXPECT_EQ(r.err.find("train:"), std::string::npos) << r.err;
  }
  // A table that cannot price the run: refused before the first method trains.
  std::string table = Slurp(fs::path(LANDAUER_TEST_DATA_DIR) / "hardware" / "h100.toml");
  const std::size_t bf16 = table.find("action = \"bf16_mac\"");
  ASSERT_NE(bf16, std::string::npos);
  table.replace(bf16, 19, "action = \"bf16_xxx\"");
  const fs::path h100 = Write("h100.toml", table);
  const CliResult compare =
      Run("compare --data digits --hardware " + h100.string() + " --out " + (dir_ / "o").string());
  ExpectRefused(compare, {"digital-mlp", "no price for action (alu, bf16_mac)"});
  EXPECT_EQ(compare.err.find("100%"), std::string::npos) << compare.err;
  const CliResult train =
      Run("train --data digits --model mlp:64-10 --hardware brain --scope system");
  ExpectRefused(train, {"no price for action"});
  EXPECT_EQ(train.err.find("train:"), std::string::npos) << train.err;
}

TEST_F(CliTest, Issue11Class11MessagesNameTheFlagAndSayWhatToDo) {
  ExpectRefused(Run("thermo expm --order second"), {"--order second with thermo expm"});
  ExpectRefused(Run("train --data digits --optimizer tngd --tngd-init gradient --delay 1"),
                {"--delay 1 with --tngd-init gradient", "--tngd-init warm or --delay 0"});
  ExpectRefused(Run("train --data digits --optimizer adam --tngd-init gradient"),
                {"--tngd-init gradient", "tngd only"});
  ExpectRefused(Run("lmits"),
                {"unknown command 'landauer lmits'", "did you mean 'landauer limits'"});
  ExpectRefused(Run("thermo slve"), {"did you mean 'landauer thermo solve'"});
  ExpectRefused(Run(""), {"needs a command", "limits"});
  ExpectRefused(Run("hardware show " + dir_.string()), {"is a directory"});
  ExpectRefused(Run("limits --temperature -1"), {"--temperature", "a number > 0"});
  // No 300-digit ranges, no "Could not convert", no internal function names.
  for (const std::string args : std::vector<std::string>{
           "limits --temperature -1",
           "thermo solve --chains x",
           "train --momentum 2",
           "thermo expm --lag 0.33",
           "train --data digits --model mlp:64-10 --validation-fraction 0.0001",
           "thermo solve --order third",
           "thermo expm --order second",
           "train --beta1 1",
           "train --data digits --optimizer tngd --tngd-init cold",
           "train --data digits --optimizer tngd --tngd-init gradient --delay 1",
           "rev compile --circuit adder:0"}) {
    const CliResult r = Run(args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_LT(r.err.size(), 400u) << r.err;
    EXPECT_EQ(r.err.find("Could not convert"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("::"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--"), std::string::npos) << r.err;
  }
  // The IDX element type in hex, as the format writes it.
  const fs::path data = MnistDirectory(dir_ / "int32", 1, 1, 1);
  std::ofstream(data / "train-images-idx3-ubyte", std::ios::binary) << Idx({1, 1, 1}, 4, 0x0D);
  ExpectRefused(Run("train --data " + data.string()), {"element type 0x0D"});
  // A subnormal is finite: accepted, not "not finite".
  EXPECT_EQ(Run("limits --capacitance 1e-320").exit_code, 0);
  ExpectRefused(Run("limits --temperature 1e400"), {"too large"});
}

}  // namespace

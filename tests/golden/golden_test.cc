// Golden outputs of the `landauer` binary: the JSON of compare, train, thermo, rev, limits and
// hardware for fixed seeds, pinned in tests/golden/*.json (after Timeloop's tests/test_changes.py).
//
// Each golden file records the command, the platform it was recorded on and the normalised JSON:
// host timings are removed (they are not results) and temporary and source paths are replaced by
// <tmp> and <source>. On the platform that recorded them (same compiler, same vector ISA, an
// optimised build) the outputs must be identical, number for number. Elsewhere floating-point
// results may differ in their last bits (a different GEMM kernel rounds differently, and training
// amplifies it), so a different platform is checked for the same keys, types and strings and for
// numbers within a coarse tolerance; the test says which mode it ran in.
//
// To re-record after an intended change (and review the diff of tests/golden/ in the commit):
//   LANDAUER_UPDATE_GOLDEN=1 ./build/bin/golden_test
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <Eigen/Core>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

// Keys whose values are host wall-clock measurements, or where and when a run happened
// (provenance: date, host, commit), removed before comparing.
const std::set<std::string> kHostTimingKeys = {
    "provenance",
    "seconds",
    "train_seconds",
    "inference_seconds",
    "samples_per_second",
    "train_samples_per_second",
    "compile_seconds",
    "epoch_seconds_revnet",
    "epoch_seconds_stored",
    "forward_seconds",
    "reverse_seconds",
    "reverse_over_forward",
};

// What decides the last bits of a floating-point result: the vector ISA, the compiler, Eigen,
// the CPU that -march=native tunes for, and whether the build optimises (an unoptimised build
// contracts and orders arithmetic differently).
std::string Platform() {
  std::string isa;
#ifdef __AVX512F__
  isa += "avx512f ";
#endif
#ifdef __AVX2__
  isa += "avx2 ";
#endif
#ifdef __FMA__
  isa += "fma ";
#endif
#ifdef __OPTIMIZE__
  const std::string build = " | optimised";
#else
  const std::string build = " | unoptimised";
#endif
  // The CPU -march=native resolved to (its tuning steers the vectoriser), when known.
  const std::string march =
      std::string(LANDAUER_MARCH).empty() ? "" : std::string(" | march ") + LANDAUER_MARCH;
  return isa + "| " + __VERSION__ + " | Eigen " + std::to_string(EIGEN_WORLD_VERSION) + "." +
         std::to_string(EIGEN_MAJOR_VERSION) + "." + std::to_string(EIGEN_MINOR_VERSION) + build +
         march;
}

std::string Slurp(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void ReplaceAll(std::string& text, const std::string& from, const std::string& to) {
  if (from.empty()) return;
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

nlohmann::json Normalise(const nlohmann::json& value, const std::string& tmp) {
  if (value.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, child] : value.items()) {
      if (kHostTimingKeys.count(key) == 0) out[key] = Normalise(child, tmp);
    }
    return out;
  }
  if (value.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& child : value) out.push_back(Normalise(child, tmp));
    return out;
  }
  if (value.is_string()) {
    std::string text = value.get<std::string>();
    ReplaceAll(text, tmp, "<tmp>");
    ReplaceAll(text, LANDAUER_SOURCE_DIR, "<source>");
    return text;
  }
  return value;
}

// Exact comparison, or (other platform) same structure and numbers within a coarse tolerance.
void Compare(const nlohmann::json& expected,
             const nlohmann::json& actual,
             bool exact,
             const std::string& where,
             std::vector<std::string>& problems) {
  if (problems.size() > 20) return;
  if (expected.is_number() && actual.is_number()) {
    const double e = expected.get<double>(), a = actual.get<double>();
    const bool same =
        exact ? (expected == actual || e == a)
              : (std::abs(a - e) <= 0.05 + 0.1 * std::abs(e) || (std::isnan(a) && std::isnan(e)));
    if (!same)
      problems.push_back(where + ": expected " + expected.dump() + ", got " + actual.dump());
    return;
  }
  if (expected.type() != actual.type()) {
    problems.push_back(where + ": expected " + expected.dump() + ", got " + actual.dump());
    return;
  }
  if (expected.is_object()) {
    for (const auto& [key, child] : expected.items()) {
      if (!actual.contains(key)) {
        problems.push_back(where + "." + key + ": missing");
      } else {
        Compare(child, actual[key], exact, where + "." + key, problems);
      }
    }
    for (const auto& [key, child] : actual.items()) {
      if (!expected.contains(key))
        problems.push_back(where + "." + key + ": not in the golden file");
    }
    return;
  }
  if (expected.is_array()) {
    if (expected.size() != actual.size()) {
      problems.push_back(where + ": " + std::to_string(actual.size()) + " elements, golden has " +
                         std::to_string(expected.size()));
      return;
    }
    for (std::size_t i = 0; i < expected.size(); ++i) {
      Compare(expected[i], actual[i], exact, where + "[" + std::to_string(i) + "]", problems);
    }
    return;
  }
  if (expected.is_boolean() && !exact) return;  // e.g. Pareto membership follows the accuracies
  if (expected != actual)
    problems.push_back(where + ": expected " + expected.dump() + ", got " + actual.dump());
}

struct GoldenCase {
  std::string name;
  std::string args;       // after `landauer`; {tmp} is replaced by the case's temporary folder
  std::string json_file;  // empty: the JSON is stdout (--json); else this file under {tmp}
};

void PrintTo(const GoldenCase& c, std::ostream* out) { *out << c.name; }

class GoldenTest : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(GoldenTest, OutputMatchesTheGoldenFile) {
  const GoldenCase& c = GetParam();
  const fs::path tmp =
      fs::temp_directory_path() / ("landauer_golden_" + std::to_string(::getpid()) + "_" + c.name);
  fs::remove_all(tmp);
  fs::create_directories(tmp);
  std::string args = c.args;
  ReplaceAll(args, "{tmp}", tmp.string());
  std::ofstream(tmp / "toffoli.real")
      << ".version 1.0\n.numvars 3\n.variables a b c\n.begin\nt3 a b c\nt2 a b\n.end\n";
  std::ofstream(tmp / "a.mtx")
      << "%%MatrixMarket matrix coordinate real symmetric\n3 3 5\n1 1 4\n2 1 1\n2 2 3\n3 2 "
         "0.5\n3 3 2\n";
  const fs::path out = tmp / "stdout", err = tmp / "stderr";
  const std::string command = std::string("LANDAUER_DATA_DIR='") + LANDAUER_SOURCE_DIR +
                              "/data' '" + LANDAUER_CLI_PATH + "' " + args + " >'" + out.string() +
                              "' 2>'" + err.string() + "' </dev/null";
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "landauer " << args << "\n"
                                                             << Slurp(err);
  const std::string text = c.json_file.empty() ? Slurp(out) : Slurp(tmp / c.json_file);
  const nlohmann::json actual = Normalise(nlohmann::json::parse(text), tmp.string());
  fs::remove_all(tmp);

  const fs::path golden = fs::path(LANDAUER_GOLDEN_DIR) / (c.name + ".json");
  if (const char* update = std::getenv("LANDAUER_UPDATE_GOLDEN");
      update != nullptr && std::string(update) == "1") {
    const nlohmann::json record = {
        {"command", "landauer " + c.args}, {"platform", Platform()}, {"output", actual}};
    std::ofstream(golden) << record.dump(1) << "\n";
    GTEST_SKIP() << "re-recorded " << golden;
  }
  ASSERT_TRUE(fs::exists(golden)) << golden
                                  << " is missing; record it with LANDAUER_UPDATE_GOLDEN=1";
  const nlohmann::json record = nlohmann::json::parse(Slurp(golden));
  EXPECT_EQ(record.at("command").get<std::string>(), "landauer " + c.args)
      << "the case changed: re-record it";
  const bool exact = record.at("platform").get<std::string>() == Platform();
  std::vector<std::string> problems;
  Compare(record.at("output"), actual, exact, c.name, problems);
  std::string listing;
  for (const std::string& p : problems) listing += "  " + p + "\n";
  EXPECT_TRUE(problems.empty()) << (exact
                                        ? "exact comparison"
                                        : "other platform (" + Platform() + "), coarse comparison")
                                << ", " << problems.size() << " differences:\n"
                                << listing;
  if (!exact)
    std::cout << "[golden] " << c.name << ": recorded on another platform; compared coarsely\n";
}

const GoldenCase kCases[] = {
    {"compare_all_digits",
     "compare --data digits --max-train 400 --max-test 200 --epochs 2 --methods all --threads 1 "
     "--seed 5 "
     "--out {tmp}/compare",
     "compare/results.json"},
    {"compare_default_cmos",
     "compare --data digits --max-train 300 --max-test 100 --epochs 1 --hidden 32 --hardware "
     "cmos-45nm --scope core --threads 1 "
     "--seed 2 --out {tmp}/compare",
     "compare/results.json"},
    {"train_adam",
     "train --data digits --model mlp:64-32-10 --epochs 2 --batch 32 --hardware cmos-45nm --scope "
     "core "
     "--threads 1 --seed 1 --json",
     ""},
    {"train_sgd_validation",
     "train --data digits --model mlp:64-16-10 --activation tanh --optimizer sgd --lr 0.05 "
     "--momentum 0.5 "
     "--epochs 1 --batch 40 --validation-fraction 0.2 --threads 1 --seed 4 --json",
     ""},
    {"train_tngd",
     "train --data digits --model mlp:64-16-10 --optimizer tngd --lr 0.01 --damping 0.1 "
     "--analog-time 5 --kappa0 1e-4 "
     "--epochs 1 --batch 20 --max-train 200 --threads 1 --seed 3 --json",
     ""},
    {"train_tngd_em_delay_bits",
     "train --data digits --model mlp:64-8-10 --optimizer tngd --base-optimizer adam --lr 0.01 "
     "--damping 0.1 "
     "--analog-time 2 --delay 1 --tngd-step 0.05 --kappa0 1e-5 --coupling-bits 6 --epochs 1 "
     "--batch 10 "
     "--max-train 100 --threads 1 --seed 8 --json",
     ""},
    {"train_ngd",
     "train --data digits --model mlp:64-16-10 --optimizer ngd --lr 0.05 --damping 0.1 --epochs 1 "
     "--batch 20 "
     "--max-train 200 --threads 1 --seed 3 --json",
     ""},
    {"train_ngd_cg",
     "train --data digits --model mlp:64-16-10 --optimizer ngd-cg --cg-iterations 4 --lr 0.05 "
     "--damping 0.1 --epochs 1 "
     "--batch 20 --max-train 200 --threads 1 --seed 3 --json",
     ""},
    {"thermo_solve",
     "thermo solve --matrix {tmp}/a.mtx --step 0.5 --seed 2 --threads 1 --json",
     ""},
    {"thermo_inverse_em",
     "thermo inverse --dimension 5 --condition 4 --integrator euler-maruyama --step 0.2 --seed 3 "
     "--threads 1 --json",
     ""},
    {"thermo_logdet",
     "thermo logdet --dimension 5 --condition 4 --step 0.5 --seed 3 --threads 1 --json",
     ""},
    {"thermo_expm_em_quantised",
     "thermo expm --dimension 4 --condition 3 --integrator euler-maruyama --step 0.25 --lag 0.5 "
     "--coupling-bits 10 --adc-bits 8 --seed 4 --threads 1 --json",
     ""},
    {"rev_sim", "rev sim {tmp}/toffoli.real --json", ""},
    {"rev_stats", "rev stats {tmp}/toffoli.real --json", ""},
    {"rev_compile",
     "rev compile --circuit adder:3 --pebble-steps 8 --pebbles 4 --seed 2 --json",
     ""},
    {"rev_energy", "rev energy --circuit mac:4 --clock 1ns:1us --points 5 --seed 1 --json", ""},
    {"rev_revnet",
     "rev revnet --depths 2,4 --epochs 1 --half-width 8 --max-train 300 --max-test 100 --seed 1 "
     "--json",
     ""},
    {"hypergrad",
     "hypergrad --hidden 20 --iterations 30 --batch 50 --meta-iterations 2 --seed 1 --json",
     ""},
    {"rev_hypergrad",
     "rev hypergrad --hidden 20 --iterations 30 --batch 50 --meta-iterations 2 --seed 1 --json",
     ""},
    {"compare_tngd_param",
     "compare --data digits --max-train 256 --max-test 100 --epochs 1 --methods tngd-mlp --param "
     "tngd-mlp.batch=32 --param tngd-mlp.analog_time=5 --param tngd-mlp.kappa0=1e-4 --threads 1 "
     "--seed 6 --out {tmp}/compare",
     "compare/results.json"},
    {"methods", "methods --json", ""},
    {"limits", "limits --temperature 310 --error-probability 1e-6 --json", ""},
    {"hardware_show_spu", "hardware show spu --json", ""},
};

INSTANTIATE_TEST_SUITE_P(Cli,
                         GoldenTest,
                         ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<GoldenCase>& info) {
                           return info.param.name;
                         });

}  // namespace

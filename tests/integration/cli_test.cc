// End-to-end tests of the `landauer` binary: exit codes (0 ok, 2 bad input), error messages that
// say what is wrong and how to fix it, and the three --json modes.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_runner.h"
#include "landauer/core/atomic_file.h"
#include "landauer/spiking/nir.h"

namespace {

namespace fs = std::filesystem;

using landauer::testing::CliTest;
using landauer::testing::Slurp;
using Result = landauer::testing::CliResult;

TEST_F(CliTest, LimitsJsonToStdoutReplacesTheTable) {
  const Result r = Run("limits --temperature 300 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json json = nlohmann::json::parse(r.out);  // stdout is pure JSON
  EXPECT_EQ(json["temperature_k"], 300);
  EXPECT_NEAR(json["landauer_bound_j"].get<double>(), 2.8710e-21, 1e-25);
  EXPECT_EQ(json["seed"], 0);
  EXPECT_GE(json["ladder"].size(), 8u);
  EXPECT_TRUE(json["brain_vs_gpu"]["assumptions"].is_array());
  for (const char* key : {"partial_erasure_bound_j",
                          "finite_time_bound_j",
                          "retention_barrier_j",
                          "ktc_noise_v_rms",
                          "shot_noise_a_rms",
                          "thermal_energy_j"}) {
    EXPECT_TRUE(json.contains(key)) << key;
  }
}

TEST_F(CliTest, LimitsJsonToPathIsWrittenAndTheTableStillPrints) {
  const fs::path path = dir_ / "limits.json";
  const Result r = Run("limits --seed 7 --json " + path.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Landauer bound"), std::string::npos);
  EXPECT_NE(r.out.find("The ladder"), std::string::npos);
  const nlohmann::json json = nlohmann::json::parse(Slurp(path));
  EXPECT_EQ(json["seed"], 7);
  EXPECT_EQ(json["command"], "limits");
}

TEST_F(CliTest, LimitsValuesFollowTheFlags) {
  const Result r =
      Run("limits --temperature 77 --error-probability 0.5 --time 2 "
          "--finite-time-coefficient 1e-20 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json json = nlohmann::json::parse(r.out);
  const double kt_ln2 = 1.380649e-23 * 77 * std::log(2.0);
  EXPECT_NEAR(json["landauer_bound_j"].get<double>() / kt_ln2, 1.0, 1e-12);
  EXPECT_EQ(json["partial_erasure_bound_j"].get<double>(), 0.0);
  EXPECT_NEAR(json["finite_time_bound_j"].get<double>() / (kt_ln2 + 0.5e-20), 1.0, 1e-12);
}

TEST_F(CliTest, NonPositiveTemperatureIsBadInput) {
  for (const char* value : {"-5", "0", "abc"}) {
    const Result r = Run(std::string("limits --temperature ") + value);
    EXPECT_EQ(r.exit_code, 2) << value;
    EXPECT_NE(r.err.find("--temperature"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("> 0"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty());
  }
}

TEST_F(CliTest, ErrorProbabilityOutsideZeroToHalfIsBadInput) {
  for (const char* value : {"0", "-0.1", "0.7", "nan"}) {
    const Result r = Run(std::string("limits --error-probability ") + value);
    EXPECT_EQ(r.exit_code, 2) << value;
    EXPECT_NE(r.err.find("--error-probability"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("(0, 0.5]"), std::string::npos) << r.err;
  }
  EXPECT_EQ(Run("limits --error-probability 0.5").exit_code, 0);
}

TEST_F(CliTest, UnknownFlagsAndMissingCommandsAreBadInput) {
  Result r = Run("limits --temprature 300");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--temprature"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--help"), std::string::npos) << r.err;
  EXPECT_EQ(Run("").exit_code, 2);
  EXPECT_EQ(Run("frobnicate").exit_code, 2);
  EXPECT_EQ(Run("hardware").exit_code, 2);
}

TEST_F(CliTest, EveryCommandHasHelp) {
  for (const char* command : {"--help",
                              "limits --help",
                              "hardware --help",
                              "hardware list --help",
                              "hardware show --help",
                              "methods --help",
                              "train --help",
                              "compare --help",
                              "thermo solve --help",
                              "rev hypergrad --help",
                              "rev revnet --help",
                              "sparse sweep --help",
                              "moe --help",
                              "snn cuba --help",
                              "snn train --help",
                              "snn convert --help",
                              "snn nir import --help",
                              "snn nir export --help"}) {
    const Result r = Run(command);
    EXPECT_EQ(r.exit_code, 0) << command;
    EXPECT_NE(r.out.find("--"), std::string::npos) << command;
  }
  const Result limits = Run("limits --help");
  for (const char* flag :
       {"--json", "--seed", "--threads", "--temperature", "--error-probability", "--time"}) {
    EXPECT_NE(limits.out.find(flag), std::string::npos) << flag;
  }
}

TEST_F(CliTest, HardwareListAndShow) {
  Result r = Run("hardware list --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json json = nlohmann::json::parse(r.out);
  std::vector<std::string> names;
  for (const auto& table : json["tables"]) names.push_back(table["name"]);
  EXPECT_EQ(names,
            (std::vector<std::string>{"a100",
                                      "adiabatic-cmos",
                                      "adiabatic-cmos-7nm",
                                      "brain",
                                      "cmos-45nm",
                                      "cmos-7nm",
                                      "diffractive",
                                      "h100",
                                      "interconnect",
                                      "loihi",
                                      "pcm-analog",
                                      "photonic-mzi",
                                      "qpu-superconducting",
                                      "reram-analog",
                                      "spinnaker",
                                      "spinnaker2",
                                      "spu",
                                      "truenorth"}));

  r = Run("hardware show cmos-45nm");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("fp32_mult"), std::string::npos);
  EXPECT_NE(r.out.find("Horowitz"), std::string::npos);

  r = Run("hardware show h100 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["name"], "h100");
  EXPECT_FALSE(json["entries"].empty());
  EXPECT_TRUE(json["entries"][0].contains("source"));
}

TEST_F(CliTest, UnknownHardwareNameIsBadInputListingTheNames) {
  const Result r = Run("hardware show tpu-v9");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown hardware 'tpu-v9'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("cmos-45nm"), std::string::npos) << r.err;
}

TEST_F(CliTest, MalformedTomlIsBadInputWithFileAndLine) {
  const fs::path path = Write("broken.toml",
                              "schema = \"landauer.energy-table/1\"\nname = \"broken\"\n"
                              "description = \"x\"\ntemperature = \"300 K\"\n[[entry]\n");
  const Result r = Run("hardware show " + path.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(path.string() + ":5:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("malformed TOML"), std::string::npos) << r.err;
}

TEST_F(CliTest, TableEntryWithoutSourceIsBadInput) {
  const fs::path path = Write("nosource.toml",
                              "schema = \"landauer.energy-table/1\"\nname = \"nosource\"\n"
                              "description = \"x\"\ntemperature = \"300 K\"\n\n[[entry]]\n"
                              "component = \"alu\"\naction = \"fp32_mac\"\nenergy = \"4.6 pJ\"\n"
                              "assumption = false\n");
  const Result r = Run("hardware show " + path.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(path.string() + ":6: missing key 'source'"), std::string::npos) << r.err;
}

TEST_F(CliTest, UnwritableJsonPathIsBadInputAndLeavesNothing) {
  const Result r = Run("limits --json " + (dir_ / "missing" / "out.json").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("missing/out.json"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "missing"));
}

TEST_F(CliTest, DataDirFlagOverridesTheEnvironment) {
  const fs::path data = dir_ / "data";
  fs::create_directories(data / "hardware");
  fs::copy_file(fs::path(LANDAUER_TEST_DATA_DIR) / "hardware" / "brain.toml",
                data / "hardware" / "brain.toml");
  const Result r = Run("--data-dir " + data.string() + " hardware list --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["tables"].size(), 1u);
  EXPECT_EQ(Run("--data-dir " + (dir_ / "nope").string() + " hardware list").exit_code, 2);
}

}  // namespace

namespace {

TEST_F(CliTest, TrainOnDigitsWritesTheDocumentedKeys) {
  const fs::path path = dir_ / "train.json";
  const Result r =
      Run("train --data digits --model mlp:64-32-10 --epochs 3 --batch 32 --hardware cmos-45nm "
          "--scope core --json " +
          path.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("test accuracy"), std::string::npos);
  const nlohmann::json json = nlohmann::json::parse(Slurp(path));
  EXPECT_GT(json["test_accuracy"].get<double>(), 0.8);
  EXPECT_GT(json["train_samples_per_second"].get<double>(), 0.0);
  EXPECT_GT(json["energy"]["inference_j_per_sample"].get<double>(), 0.0);
  EXPECT_GT(json["energy"]["train_j_total"].get<double>(), 0.0);
  EXPECT_GT(json["energy"]["landauer_floor_j"].get<double>(), 0.0);
  EXPECT_GT(json["energy"]["ratio_to_floor"].get<double>(), 1.0);
  EXPECT_EQ(json["scope"], "core");
  // cmos-45nm gives its operations no time: the modelled time names them untimed.
  EXPECT_EQ(json["modelled_time"]["train"]["seconds"].get<double>(), 0.0);
  EXPECT_EQ(json["modelled_time"]["train"]["untimed"][0], "alu");
  const Result h100 = Run("train --data digits --model mlp:64-32-10 --epochs 1 --json");
  ASSERT_EQ(h100.exit_code, 0) << h100.err;
  const nlohmann::json on_h100 = nlohmann::json::parse(h100.out);
  EXPECT_EQ(on_h100["scope"], "chip");
  EXPECT_GT(on_h100["modelled_time"]["train"]["seconds"].get<double>(), 0.0);
  EXPECT_GT(on_h100["modelled_time"]["inference_s_per_sample"].get<double>(), 0.0);
  EXPECT_GT(on_h100["energy"]["breakdown_j"]["static"].get<double>(), 0.0);
  // The bare 45 nm table has no static power: chip scope, the default, is refused up front.
  const Result chip = Run("train --data digits --model mlp:64-32-10 --hardware cmos-45nm");
  EXPECT_EQ(chip.exit_code, 2);
  EXPECT_NE(chip.err.find("--scope chip: table 'cmos-45nm' prices at most core scope"),
            std::string::npos)
      << chip.err;
}

TEST_F(CliTest, TrainRejectsBadInputWithExitCode2) {
  Result r = Run("train --data " + (dir_ / "nowhere").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not a directory"), std::string::npos) << r.err;
  r = Run("train --data digits --model mlp:784-10");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("does not fit"), std::string::npos) << r.err;
  r = Run("train --data digits --model mlp:64-x-10");
  EXPECT_EQ(r.exit_code, 2);
  r = Run("train --data digits --model mlp:64-10 --optimizer lbfgs");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--optimizer 'lbfgs': choose adam, sgd"), std::string::npos) << r.err;
  // The brain table prices synaptic events, not MACs: a missing price is an error, never zero.
  r = Run("train --data digits --model mlp:64-10 --epochs 1 --hardware brain --scope system");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("has no price for action (alu, fp32_mac)"), std::string::npos) << r.err;
}

TEST_F(CliTest, TrainKilledAndResumedMatchesAnUninterruptedRun) {
  const std::string common =
      "train --data digits --model mlp:64-16-10 --epochs 2 --batch 50 --json ";
  const Result full = Run(common);
  ASSERT_EQ(full.exit_code, 0) << full.err;
  const fs::path checkpoint = dir_ / "run.ckpt";
  const Result killed =
      Run("train --data digits --model mlp:64-16-10 --epochs 2 --batch 50 --checkpoint " +
          checkpoint.string() + " --stop-after-steps 40");
  ASSERT_EQ(killed.exit_code, 0) << killed.err;
  ASSERT_TRUE(fs::exists(checkpoint));
  const Result resumed =
      Run("train --data digits --model mlp:64-16-10 --epochs 2 --batch 50 --checkpoint " +
          checkpoint.string() + " --resume --json");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  const nlohmann::json a = nlohmann::json::parse(full.out), b = nlohmann::json::parse(resumed.out);
  EXPECT_EQ(a["test_accuracy"], b["test_accuracy"]);
  EXPECT_EQ(a["test_loss"], b["test_loss"]);
  EXPECT_EQ(a["energy"]["train_j_total"], b["energy"]["train_j_total"]);
}

TEST_F(CliTest, CompareRejectsUnknownMethodsBeforeTraining) {
  const Result r = Run("compare --data digits --methods digital-mlp,quantum-magic --out " +
                       (dir_ / "o").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown method 'quantum-magic'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("digital-mlp"), std::string::npos) << r.err;
}

}  // namespace

namespace {

TEST_F(CliTest, ThermoSolveAndLogdetWithinTheirErrorBars) {
  const fs::path matrix =
      Write("a.mtx", "%%MatrixMarket matrix array real symmetric\n3 3\n2\n0.5\n0\n1.5\n0.2\n1\n");
  const fs::path rhs = Write("b.txt", "1\n-1\n2\n");
  Result r = Run("thermo solve --matrix " + matrix.string() + " --rhs " + rhs.string() +
                 " --step 0.5 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json json = nlohmann::json::parse(r.out);
  ASSERT_EQ(json["estimate"].size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(json["estimate"][i].get<double>(),
                json["reference"][i].get<double>(),
                5 * json["stderr"][i].get<double>());
  }
  EXPECT_GT(json["analog_time_tau"].get<double>(), 0.0);
  // The SPU is priced with its host link (system scope) unless --scope chip leaves it out.
  EXPECT_EQ(json["energy"]["scope"], "system");
  const Result chip = Run("thermo solve --matrix " + matrix.string() + " --rhs " + rhs.string() +
                          " --step 0.5 --scope chip --json");
  ASSERT_EQ(chip.exit_code, 0) << chip.err;
  const nlohmann::json at_chip = nlohmann::json::parse(chip.out);
  EXPECT_LT(at_chip["energy"]["energy_j"].get<double>(), json["energy"]["energy_j"].get<double>());
  EXPECT_EQ(at_chip["energy"]["phases"][0]["outside_scope"][0]["component"], "link");
  EXPECT_GT(json["energy"]["energy_j"].get<double>(), 0.0);
  EXPECT_FALSE(json["trace"].empty());
  r = Run("thermo logdet --dimension 5 --condition 4 --step 0.5 --seed 3 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json = nlohmann::json::parse(r.out);
  EXPECT_NEAR(json["estimate"].get<double>(),
              json["reference"].get<double>(),
              5 * json["stderr"].get<double>());
}

// Issue 12, beyond thermox: a non-symmetric solve, Lyapunov for a non-normal drift, and a trace
// recorded by `thermo sample` that `thermo calibrate` turns back into the programmed A, b, κ₀.
TEST_F(CliTest, ThermoLyapunovSampleAndCalibrate) {
  const fs::path drift =
      Write("m.mtx", "%%MatrixMarket matrix array real general\n2 2\n1\n0\n3\n2\n");
  Result r = Run("thermo solve --matrix " + drift.string() + " --step 0.25 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json json = nlohmann::json::parse(r.out);
  for (int i = 0; i < 2; ++i) {
    EXPECT_NEAR(json["estimate"][i].get<double>(),
                json["reference"][i].get<double>(),
                5 * json["stderr"][i].get<double>());
  }
  r = Run("thermo lyapunov --matrix " + drift.string() + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json = nlohmann::json::parse(r.out);
  for (int i = 0; i < 2; ++i) {
    for (int j = 0; j < 2; ++j) {
      EXPECT_NEAR(json["estimate"][i][j].get<double>(),
                  json["reference"][i][j].get<double>(),
                  5 * json["stderr"][i][j].get<double>());
    }
  }
  const fs::path a =
      Write("a.mtx", "%%MatrixMarket matrix array real symmetric\n2 2\n1\n0.3\n0.5\n");
  const fs::path b = Write("b.txt", "1\n-1\n");
  const fs::path trace = dir_ / "trace.csv";
  r = Run("thermo sample --matrix " + a.string() + " --rhs " + b.string() +
          " --kappa0 0.2 --step 0.2 --time 2000 --chains 4 --out " + trace.string() + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["samples_per_chain"], 10000);
  r = Run("thermo calibrate " + trace.string() + " --matrix " + a.string() + " --rhs " +
          b.string() + " --kappa0 0.2 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["z"].size(), 7u);  // A (4), b (2), κ₀
  for (const auto& [name, z] : json["z"].items()) EXPECT_LT(std::abs(z.get<double>()), 4.0) << name;
  const auto ExpectRefused = [](const Result& refused, const std::vector<std::string>& texts) {
    EXPECT_EQ(refused.exit_code, 2) << refused.err;
    for (const std::string& text : texts) {
      EXPECT_NE(refused.err.find(text), std::string::npos)
          << "no '" << text << "' in " << refused.err;
    }
  };
  // Bad input: an unstable drift, a wrong-shaped D, negative κ₀, a trace that is not one.
  const fs::path unstable =
      Write("u.mtx", "%%MatrixMarket matrix array real general\n2 2\n1\n0\n3\n-2\n");
  ExpectRefused(Run("thermo lyapunov --matrix " + unstable.string()),
                {"not stable", "eigenvalue -2", "A + c I with c > 2"});
  ExpectRefused(
      Run("thermo sample --matrix " + unstable.string() + " --out " + (dir_ / "x.csv").string()),
      {"not stable"});
  ExpectRefused(Run("thermo lyapunov --matrix " + drift.string() + " --diffusion " + b.string()),
                {"b.txt"});
  ExpectRefused(Run("thermo lyapunov --matrix " + drift.string() + " --kappa0 -1"), {"--kappa0"});
  ExpectRefused(Run("thermo inverse --matrix " + drift.string()), {"not symmetric"});
  ExpectRefused(Run("thermo inverse --dimension 3 --kappa0 0"), {"--kappa0 0 with thermo inverse"});
  ExpectRefused(Run("thermo calibrate " + b.string()), {"b.txt:1", "chain,t_tau"});
  ExpectRefused(Run("thermo calibrate " + trace.string() + " --rhs " + b.string()),
                {"--rhs requires --matrix"});
  ExpectRefused(Run("thermo sample --matrix " + a.string() + " --time 0.1 --step 0.2 --out " +
                    (dir_ / "x.csv").string()),
                {"fewer than two samples"});
  const fs::path em_trace = dir_ / "em.csv";
  ASSERT_EQ(Run("thermo sample --matrix " + a.string() +
                " --integrator euler-maruyama --time 10 --out " + em_trace.string())
                .exit_code,
            0);
  ExpectRefused(Run("thermo calibrate " + em_trace.string()),
                {"euler-maruyama integrator", "--integrator exact"});
  EXPECT_FALSE(fs::exists(dir_ / "x.csv"));
}

TEST_F(CliTest, ThermoRejectsBadMatricesWithExitCode2) {
  const fs::path indefinite = Write(
      "n.mtx", "%%MatrixMarket matrix coordinate real symmetric\n2 2 3\n1 1 1\n2 1 2\n2 2 1\n");
  Result r = Run("thermo inverse --matrix " + indefinite.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not positive definite: its smallest eigenvalue is -1"), std::string::npos)
      << r.err;
  const fs::path truncated =
      Write("t.mtx", "%%MatrixMarket matrix coordinate real general\n3 3 4\n1 1 2\n");
  r = Run("thermo solve --matrix " + truncated.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("t.mtx:3: file ends after 1 of 4 entries"), std::string::npos) << r.err;
  r = Run("thermo solve --matrix " + (dir_ / "missing.mtx").string());
  EXPECT_EQ(r.exit_code, 2);
  const fs::path ok =
      Write("ok.mtx", "%%MatrixMarket matrix array real general\n2 2\n2\n0\n0\n3\n");
  const fs::path short_rhs = Write("short.txt", "1\n");
  r = Run("thermo solve --matrix " + ok.string() + " --rhs " + short_rhs.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("1 numbers for a 2x2 matrix"), std::string::npos) << r.err;
}

}  // namespace

namespace {

TEST_F(CliTest, TngdTrainsAndCountsTheDevice) {
  Result r =
      Run("train --data digits --model mlp:64-16-10 --optimizer tngd --lr 0.01 --damping 0.1 "
          "--analog-time 20 --epochs 2 --batch 32 --scope system --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json json = nlohmann::json::parse(r.out);
  EXPECT_GT(json["test_accuracy"].get<double>(), 0.8);
  EXPECT_EQ(json["optimizer"], "tngd");
  EXPECT_EQ(json["hardware"], "h100+spu");
  EXPECT_GT(json["energy"]["breakdown_j"]["link"].get<double>(), 0.0);  // programming the device
  EXPECT_EQ(json["loss_per_step"].size(),
            2u * 45u);  // 1438 training samples / 32 -> 45 steps per epoch
  // Time model, TNGD App. C as compare's tngd-mlp: the analog part is (t + t_d) tau = 20 us per
  // step; programming dominates: each value crosses the link in 16 x 20 ps = 0.32 ns and is
  // written into its resistor in the spu table's assumed 1 ns, which dominates.
  const nlohmann::json& busy = json["modelled_time"]["train"]["busy_s"];
  EXPECT_NEAR(busy["spu"].get<double>(), 90 * 20e-6, 1e-12);
  EXPECT_GT(busy["link"].get<double>(), busy["spu"].get<double>());
  EXPECT_GT(busy["resistor_write"].get<double>(), busy["link"].get<double>());
  EXPECT_EQ(json["modelled_time"]["train"]["bound_by"], "resistor_write");
  EXPECT_GT(json["energy"]["breakdown_j"]["spu"].get<double>(), 0.0);
}

// The SPU state (warm start), the noise counter and the delay's previous batch survive a resume:
// a TNGD run with noise and a delay, killed and resumed, ends bit for bit where an uninterrupted
// one does. So do NGD and NGD-CG.
TEST_F(CliTest, NaturalGradientRunsResumeExactly) {
  for (const std::string optimizer :
       {"tngd --kappa0 0.001 --delay 0.5 --analog-time 10", "ngd", "ngd-cg --cg-iterations 5"}) {
    const std::string common =
        "train --data digits --model mlp:64-16-10 --epochs 1 --batch 20 --lr 0.01 "
        "--damping 0.1 --max-train 600 --optimizer " +
        optimizer;
    const Result full = Run(common + " --json");
    ASSERT_EQ(full.exit_code, 0) << full.err;
    const fs::path checkpoint = dir_ / "ng.ckpt";
    fs::remove(checkpoint);
    const Result killed =
        Run(common + " --checkpoint " + checkpoint.string() + " --stop-after-steps 13");
    ASSERT_EQ(killed.exit_code, 0) << killed.err;
    const Result resumed =
        Run(common + " --checkpoint " + checkpoint.string() + " --resume --json");
    ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
    const nlohmann::json a = nlohmann::json::parse(full.out),
                         b = nlohmann::json::parse(resumed.out);
    EXPECT_EQ(a["test_loss"], b["test_loss"]) << optimizer;
    EXPECT_EQ(a["energy"]["train_j_total"], b["energy"]["train_j_total"]) << optimizer;
    // Resuming with other natural-gradient options is refused.
    const Result other =
        Run("train --data digits --model mlp:64-16-10 --epochs 1 --batch 20 --lr 0.01 --damping "
            "0.2 --max-train 600 "
            "--optimizer " +
            optimizer + " --checkpoint " + checkpoint.string() + " --resume");
    EXPECT_EQ(other.exit_code, 2) << optimizer;
  }
}

}  // namespace

namespace {

TEST_F(CliTest, RevSimStatsAndTheirErrors) {
  const fs::path toffoli =
      Write("t.real", ".version 1.0\n.numvars 3\n.variables a b c\n.begin\nt3 a b c\n.end\n");
  Result r = Run("rev sim " + toffoli.string() + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["truth_table"],
            nlohmann::json({"000", "001", "010", "011", "100", "101", "111", "110"}));
  EXPECT_TRUE(json["inverse_restores_input"].get<bool>());
  r = Run("rev stats " + toffoli.string() + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["quantum_cost"], 5);
  EXPECT_EQ(json["gates"], 1);
  EXPECT_EQ(json["lines"], 3);
  EXPECT_EQ(json["ancillae"], 0);
  EXPECT_EQ(json["garbage"], 0);
  EXPECT_EQ(json["bits_erased"], 0);
  // Equivalence: the Toffoli against itself padded with two cancelling CNOTs, and against a CNOT.
  const fs::path padded =
      Write("p.real", ".numvars 3\n.variables a b c\n.begin\nt2 a b\nt3 a b c\nt2 a b\n.end\n");
  r = Run("rev sim " + toffoli.string() + " --compare " + padded.string() + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(
      nlohmann::json::parse(r.out)["equivalence"]["equivalent"].get<bool>());  // t3 sees b^a
  const fs::path same =
      Write("s.real", ".numvars 3\n.variables a b c\n.begin\nt2 a c\nt3 a b c\nt2 a c\n.end\n");
  r = Run("rev sim " + toffoli.string() + " --compare " + same.string() + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json = nlohmann::json::parse(r.out);
  EXPECT_TRUE(json["equivalence"]["equivalent"].get<bool>());
  EXPECT_EQ(json["equivalence"]["patterns"], 8);
  const fs::path quantum = Write("v.real", ".numvars 2\n.variables a b\n.begin\nv a b\n.end\n");
  r = Run("rev sim " + quantum.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("v.real:4: gate 'v' is a quantum gate"), std::string::npos) << r.err;
  const fs::path broken = Write("b.real", ".numvars 2\n.variables a b\n.begin\nt2 a c\n.end\n");
  r = Run("rev stats " + broken.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("b.real:4: unknown variable 'c'"), std::string::npos) << r.err;
}

TEST_F(CliTest, RevCompileVerifiesAndWritesRealThatSimulates) {
  const fs::path out = dir_ / "adder.real";
  Result r =
      Run("rev compile --circuit adder:2 --out " + out.string() + " --pebble-steps 8 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json json = nlohmann::json::parse(r.out);
  EXPECT_TRUE(json["verified"]["ok"].get<bool>());
  EXPECT_TRUE(json["verified"]["exhaustive"].get<bool>());
  EXPECT_EQ(json["bits_erased"], 0);
  EXPECT_EQ(json["pebbling"]["schedules"][1]["moves"],
            27);  // Bennett 1989: 2^3 steps, 4 pebbles, 3^3 moves
  r = Run("rev sim " + out.string() + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json = nlohmann::json::parse(r.out);
  // Outputs: a1 a0 b1 b0 (unchanged) then s2 s1 s0 = a + b; restored ancillae are not outputs in
  // memory but are garbage in the .real file, so they do not appear either.
  ASSERT_EQ(json["truth_table"].size(), 16u);
  EXPECT_EQ(json["truth_table"][0b1011], "1011101");  // 2 + 3 = 5
  r = Run("rev compile --expr \"f = a & \"");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--expr:1: column"), std::string::npos) << r.err;
  r = Run("rev compile --circuit fft:8");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown kind 'fft'"), std::string::npos) << r.err;
}

// Issue 10, point 8: rough edges a new user met.
TEST_F(CliTest, Issue10TheHintsAndDefaultsANewUserMeets) {
  // train --optimizer tngd ends by pointing at 'hardware show h100+spu': that command works.
  Result r = Run("hardware show h100+spu --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["name"], "h100+spu");
  bool spu = false, mac = false;  // one entry from each table
  for (const auto& entry : json["entries"]) {
    spu = spu || entry["component"] == "spu";
    mac = mac || entry["action"] == "fp32_mac";
  }
  EXPECT_TRUE(spu && mac);
  r = Run("hardware show h100+");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("empty table name"), std::string::npos) << r.err;
  // train --data digits infers the input width, as compare does.
  r = Run("train --data digits --epochs 1 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["model"], "mlp:64-256-256-10");
  // compare --hardware brain names the method whose device table is at another temperature.
  r = Run("compare --data digits --hardware brain --out " + (dir_ / "brain").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--hardware brain is priced at 310 K, but method adiabatic-mlp"),
            std::string::npos)
      << r.err;
  // thermo solve shows x itself, and says which error is relative and which absolute.
  r = Run("thermo solve --dimension 4 --condition 10 --chains 8 --time 20 --seed 1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("x = A⁻¹ b"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("x (exact, Eigen)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("standard error, mean over entries (absolute)"), std::string::npos);
  EXPECT_NE(r.out.find("relative error ‖estimate − exact‖ / ‖exact‖"), std::string::npos);
}

// Issue 10, point 8: the docs' example inputs ship in examples/ and their commands work; the
// docs link to nothing a user does not have.
TEST_F(CliTest, Issue10ExamplesRunAsDocumentedAndDocsLinkOnlyToTheRepository) {
  const fs::path source = LANDAUER_SOURCE_DIR;
  const std::string examples = (source / "examples").string() + "/";
  Result r = Run("rev sim " + examples + "toffoli.real --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["truth_table"][7], "110");
  r = Run("rev stats " + examples + "adder2.real --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["bits_erased"], 0);
  r = Run("rev sim " + examples + "swap_fredkin.real --compare " + examples +
          "swap_cnot.real --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(nlohmann::json::parse(r.out)["equivalence"]["equivalent"].get<bool>());
  r = Run("rev sim " + examples + "quantum.real");
  EXPECT_EQ(r.exit_code, 2);
  r = Run("thermo solve --matrix " + examples + "tridiagonal8.mtx --rhs " + examples +
          "rhs8.txt --seed 1 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json solved = nlohmann::json::parse(r.out);
  for (const auto& x : solved["reference"]) {
    EXPECT_NEAR(x.is_array() ? x[0].get<double>() : x.get<double>(), 1.0, 1e-9);
  }
  r = Run("thermo inverse --matrix " + examples + "spd4.mtx --chains 16 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<fs::path> docs = {source / "README.md", source / "CONTRIBUTING.md"};
  for (const auto& entry : fs::directory_iterator(source / "docs")) {
    if (entry.path().extension() == ".md") docs.push_back(entry.path());
  }
  for (const fs::path& doc : docs) {
    std::ifstream in(doc);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(text.find("../shared"), std::string::npos) << doc << " links outside the repository";
    EXPECT_EQ(text.find("> Status (issue"), std::string::npos) << doc;
    EXPECT_EQ(text.find("> **Status (issue"), std::string::npos) << doc;
  }
}

// Issue 10, point 1: one system boundary for every row. The default is chip scope; a table that
// cannot price there is refused before training, naming the table and what it lacks.
TEST_F(CliTest, Issue10CompareRefusesToMixScopes) {
  Result r = Run("compare --data digits --hardware cmos-45nm --out " + (dir_ / "c").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--scope chip"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("table 'cmos-45nm' prices at most core scope"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no static power"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("100%"), std::string::npos) << "refused before training: " << r.err;
  r = Run("compare --data digits --hardware brain --scope chip --methods digital-mlp --out " +
          (dir_ / "b").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("lumps everything up to system"), std::string::npos) << r.err;
  r = Run("compare --data digits --epochs 1 --seeds 2 --methods digital-mlp --json --out " +
          (dir_ / "s").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["results"][0]["seeds"]["n"], 2);
  EXPECT_EQ(Run("compare --data digits --seeds 0 --out " + (dir_ / "z").string()).exit_code, 2);
  r = Run("compare --data digits --scope galaxy --out " + (dir_ / "g").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--scope"), std::string::npos) << r.err;
  // At chip scope every row says so, with its tables and nodes; HBM lies outside the boundary.
  r = Run("compare --data digits --epochs 1 --json --out " + (dir_ / "ok").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["hardware"]["scope"], "chip");
  for (const auto& row : json["results"]) {
    EXPECT_EQ(row["scope"], "chip");
    EXPECT_FALSE(row["node"].get<std::string>().empty());
    EXPECT_GT(row["modelled_s_per_inference"].get<double>(), 0.0);
    EXPECT_GT(row["inference_ratio_to_workload_floor"].get<double>(), 1.0);
    EXPECT_GT(row["breakdown_j_per_sample"]["static"].get<double>(), 0.0);
  }
}

// Issue 10, point 8: the .real file that rev compile writes keeps its restored ancillae.
TEST_F(CliTest, Issue10RevStatsOfACompiledMacCountsWhatCompileCounted) {
  const fs::path out = dir_ / "mac8.real";
  Result r = Run("rev compile --circuit mac:8 --out " + out.string() + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["bits_erased"], 0);
  r = Run("rev stats " + out.string() + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["bits_erased"], 0);
  // A restored mark the circuit does not honour is refused, not trusted.
  const fs::path lying = Write("lying.real",
                               ".numvars 2\n.variables a z\n.constants -0\n.garbage -1\n"
                               "#@restored -0\n.begin\nt2 a z\n.end\n");
  r = Run("rev stats " + lying.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("#@restored marks 'z', but for input 1"), std::string::npos) << r.err;
}

// Issue 10, point 8: rev sim --compare works past 24 inputs, on seeded random patterns.
TEST_F(CliTest, Issue10RevSimComparesWideCircuitsOnRandomPatterns) {
  std::string vars, cnots;
  for (int i = 0; i < 26; ++i) vars += " x" + std::to_string(i);
  for (int i = 0; i + 1 < 26; ++i)
    cnots += "t2 x" + std::to_string(i) + " x" + std::to_string(i + 1) + "\n";
  const std::string head = ".numvars 26\n.variables" + vars + "\n.begin\n";
  const fs::path wide = Write("wide.real", head + cnots + ".end\n");
  const fs::path padded = Write("padded.real", head + cnots + "t1 x3\nt1 x3\n.end\n");
  const fs::path other = Write("other.real", head + cnots + "t1 x3\n.end\n");
  Result r = Run("rev sim " + wide.string() + " --compare " + padded.string() + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json json = nlohmann::json::parse(r.out);
  EXPECT_TRUE(json["truth_table"].is_null());
  EXPECT_TRUE(json["equivalence"]["equivalent"].get<bool>());
  EXPECT_FALSE(json["equivalence"]["exhaustive"].get<bool>());
  EXPECT_EQ(json["equivalence"]["patterns"], 1 << 20);
  r = Run("rev sim " + wide.string() + " --compare " + other.string() + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(nlohmann::json::parse(r.out)["equivalence"]["equivalent"].get<bool>());
  r = Run("rev sim " + wide.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--compare OTHER.real"), std::string::npos) << r.err;
}

TEST_F(CliTest, RevEnergySweepsTheClock) {
  Result r = Run("rev energy --circuit mac:8 --clock 1ns:1us --points 7 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json json = nlohmann::json::parse(r.out);
  ASSERT_EQ(json["points"].size(), 7u);
  EXPECT_NEAR(json["points"][0]["period_s"].get<double>(), 1e-9, 1e-21);
  EXPECT_NEAR(json["points"][6]["period_s"].get<double>(), 1e-6, 1e-18);
  EXPECT_GT(json["points"][0]["adiabatic_floor_j"].get<double>(), 0.0);
  r = Run("rev energy --clock 1us:1ns");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--clock '1us:1ns'"), std::string::npos) << r.err;
  r = Run("rev energy --clock 1nx:1us");
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace

namespace {

TEST_F(CliTest, HypergradReversesExactlyAndReportsTheBuffer) {
  Result r = Run("hypergrad --hidden 20 --iterations 40 --batch 50 --meta-iterations 3 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json json = nlohmann::json::parse(r.out);
  EXPECT_TRUE(json["exact_reversal"].get<bool>());
  EXPECT_EQ(json["meta"].size(), 3u);
  EXPECT_NEAR(json["expected_bits_per_parameter_step"].get<double>(), 0.152, 0.001);
  EXPECT_NEAR(json["buffer_growth_per_parameter_step"].get<double>(), 0.152, 0.01);
  EXPECT_EQ(json["learned_schedule"]["W1"].size(), 40u);
  EXPECT_LT(json["meta"][2]["validation_loss"].get<double>(),
            json["meta"][0]["validation_loss"].get<double>());
  // Issue 10, point 8: the meta-iteration is priced, reversed and with the trajectory stored.
  EXPECT_EQ(json["energy"]["hardware"], "h100");
  EXPECT_EQ(json["energy"]["scope"], "chip");
  for (const char* mode : {"per_meta_iteration_reversed", "per_meta_iteration_stored"}) {
    const nlohmann::json& e = json["energy"][mode];
    EXPECT_GT(e["energy_j"].get<double>(), e["landauer_floor_j"].get<double>()) << mode;
    EXPECT_GT(e["landauer_floor_j"].get<double>(), 0.0) << mode;
  }
  r = Run("rev hypergrad --hardware cmos-7nm --meta-iterations 1");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--scope chip: table 'cmos-7nm'"), std::string::npos) << r.err;
  r = Run("hypergrad --gamma 1.5");
  EXPECT_EQ(r.exit_code, 2);
  r = Run("hypergrad --hidden 20-x");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--hidden '20-x'"), std::string::npos) << r.err;
}

}  // namespace

namespace {

TEST_F(CliTest, RevNetMemoryIsFlatInDepth) {
  Result r = Run("rev revnet --depths 2,8 --epochs 1 --half-width 8 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json json = nlohmann::json::parse(r.out);
  ASSERT_EQ(json["rows"].size(), 2u);
  EXPECT_EQ(json["rows"][0]["peak_activation_bytes_revnet"],
            json["rows"][1]["peak_activation_bytes_revnet"]);
  EXPECT_GT(json["rows"][1]["peak_activation_bytes_stored"].get<double>(),
            json["rows"][0]["peak_activation_bytes_stored"].get<double>());
  EXPECT_TRUE(json["rows"][1]["exact_inverse"].get<bool>());
  // Issue 10, point 8: each row prices a training step in both modes, with its floor.
  EXPECT_EQ(json["hardware"], "h100");
  EXPECT_EQ(json["scope"], "chip");
  for (const char* mode : {"step_revnet", "step_stored"}) {
    const nlohmann::json& step = json["rows"][1][mode];
    EXPECT_GT(step["energy_j"].get<double>(), 0.0) << mode;
    EXPECT_GT(step["landauer_floor_j"].get<double>(), 0.0) << mode;
    EXPECT_GT(step["energy_j"].get<double>(), step["landauer_floor_j"].get<double>()) << mode;
    EXPECT_GT(step["modelled_seconds"].get<double>(), 0.0) << mode;
  }
  // A table that cannot price at the scope is refused before anything trains.
  r = Run("rev revnet --depths 2 --epochs 1 --hardware cmos-45nm");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--scope chip: table 'cmos-45nm'"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("revnet: "), std::string::npos) << "nothing trained: " << r.err;
  r = Run("rev revnet --depths 2 --epochs 1 --hardware cmos-45nm --scope core --json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

}  // namespace

namespace {

TEST_F(CliTest, AdiabaticMlpPricesItsMacsOnTheReversibleCircuit) {
  const fs::path out = dir_ / "cmp";
  Result r = Run("compare --data digits --methods digital-mlp,adiabatic-mlp --epochs 1 --out " +
                 out.string() + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json json = nlohmann::json::parse(r.out);
  const nlohmann::json& rows = json["results"];
  ASSERT_EQ(rows.size(), 4u);  // digital fp32/bf16/int8, adiabatic int8
  const nlohmann::json& adiabatic = rows[3];
  EXPECT_EQ(adiabatic["variant"], "int8-adiabatic");
  EXPECT_EQ(adiabatic["accuracy"], rows[2]["accuracy"]);  // the same int8 model
  EXPECT_GT(adiabatic["breakdown_j_per_sample"]["node"].get<double>(), 0.0);
  EXPECT_GT(adiabatic["breakdown_j_per_sample"]["resonator"].get<double>(), 0.0);
  for (const auto& phase : adiabatic["inference_report"]["phases"]) {
    for (const auto& action : phase["actions"]) {
      EXPECT_NE(action["action"], "int8_mac") << "the MACs run on the reversible circuit";
    }
  }
}

}  // namespace

namespace {

TEST_F(CliTest, TngdCouplingBitsQuantiseAndShrinkTheProgramming) {
  const std::string common =
      "train --data digits --model mlp:64-8-10 --optimizer tngd --lr 0.01 --damping 0.1 "
      "--analog-time 20 --epochs 1 --batch 16 --max-train 320 --scope system --json";
  Result ideal = Run(common);
  Result four = Run(common + " --coupling-bits 4");
  ASSERT_EQ(ideal.exit_code, 0) << ideal.err;
  ASSERT_EQ(four.exit_code, 0) << four.err;
  const nlohmann::json a = nlohmann::json::parse(ideal.out), b = nlohmann::json::parse(four.out);
  EXPECT_NE(a["test_loss"], b["test_loss"]);  // quantised couplings change the dynamics
  // The B·C(B·C + 2N) values go over the link at 4 bits instead of 16 (the gradient DAC stays 16).
  EXPECT_LT(b["energy"]["breakdown_j"]["link"].get<double>(),
            0.5 * a["energy"]["breakdown_j"]["link"].get<double>());
  Result wrong = Run("train --data digits --model mlp:64-8-10 --optimizer ngd --coupling-bits 4");
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_NE(wrong.err.find("coupling_bits applies to tngd only"), std::string::npos) << wrong.err;
}

TEST_F(CliTest, MethodsListsEveryMethodWithItsParameters) {
  Result r = Run("methods --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json json = nlohmann::json::parse(r.out);
  std::map<std::string, nlohmann::json> methods;
  for (const auto& m : json["methods"]) methods[m["name"]] = m;
  ASSERT_EQ(methods.count("tngd-mlp"), 1u);
  const nlohmann::json& tngd = methods["tngd-mlp"];
  EXPECT_EQ(tngd["substrate"], "thermodynamic");
  EXPECT_EQ(tngd["in_default_set"], false);
  EXPECT_EQ(tngd["device_tables"], nlohmann::json::array({"spu"}));
  bool batch = false, kappa = false;
  for (const auto& p : tngd["params"]) {
    if (p["key"] == "batch") {
      batch = true;
      EXPECT_EQ(p["default"], "64");
      EXPECT_EQ(p["unit"], "samples");
      EXPECT_EQ(p["follows"], "");
    }
    if (p["key"] == "kappa0") kappa = p["default"] == "0.001";
  }
  EXPECT_TRUE(batch && kappa) << tngd.dump(1);
  for (const auto& p : methods["digital-mlp"]["params"]) {
    if (p["key"] == "batch") EXPECT_EQ(p["follows"], "--batch");
  }
  EXPECT_GE(json["engines"].size(), 3u);
  r = Run("methods");
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("analog_time"), std::string::npos);
  EXPECT_NE(r.out.find("digital-fp32"), std::string::npos);
}

// The issue's own example: `compare --param tngd-mlp.batch=32` runs tngd-mlp (opt-in) with batch
// 32, beside the default set.
TEST_F(CliTest, ParamSetsAMethodsParameter) {
  const std::string common =
      "compare --data digits --max-train 256 --max-test 100 --epochs 1 "
      "--param tngd-mlp.analog_time=5 --threads 1 --out " +
      (dir_ / "o").string() + " --json";
  const Result default_batch = Run(common + " --methods tngd-mlp");
  const Result batch32 = Run(common + " --param tngd-mlp.batch=32");
  ASSERT_EQ(default_batch.exit_code, 0) << default_batch.err;
  ASSERT_EQ(batch32.exit_code, 0) << batch32.err;
  EXPECT_NE(batch32.err.find("adds the opt-in method tngd-mlp"), std::string::npos) << batch32.err;
  auto tngd = [](const nlohmann::json& json) {
    for (const auto& m : json["methods"]) {
      if (m["name"] == "tngd-mlp") return m;
    }
    return nlohmann::json();
  };
  const nlohmann::json a = tngd(nlohmann::json::parse(default_batch.out));
  const nlohmann::json b = tngd(nlohmann::json::parse(batch32.out));
  EXPECT_EQ(nlohmann::json::parse(batch32.out)["methods"].size(), 4u);  // with the default set
  EXPECT_EQ(a["params"]["batch"], 64);
  EXPECT_EQ(b["params"]["batch"], 32);
  EXPECT_EQ(b["params"]["analog_time"], 5.0);
  // Each TNGD iteration converts N gradient entries: ⌈256/64⌉ = 4 iterations against ⌈256/32⌉ = 8.
  auto dac = [](const nlohmann::json& method) {
    for (const auto& phase : method["train_energy"]["phases"]) {
      for (const auto& action : phase["actions"]) {
        if (action["component"] == "dac") return action["count"].get<double>();
      }
    }
    return 0.0;
  };
  EXPECT_DOUBLE_EQ(dac(b), 2.0 * dac(a));
}

TEST_F(CliTest, BadParamsExitTwoNamingMethodKeyValuesAndUnit) {
  const std::string base =
      "compare --data digits --methods tngd-mlp --out " + (dir_ / "o").string();
  Result r = Run(base + " --param tngd-mlp.batch=abc");
  EXPECT_EQ(r.exit_code, 2);
  for (const char* text : {"tngd-mlp.batch", "'abc'", "an integer >= 1", "(unit: samples)"}) {
    EXPECT_NE(r.err.find(text), std::string::npos) << text << " in " << r.err;
  }
  r = Run(base + " --param tngd-mlp.bach=32");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("tngd-mlp has no parameter 'bach'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("batch"), std::string::npos) << r.err;
  r = Run(base + " --param quantum-magic.qubits=4");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown method 'quantum-magic'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("tngd-mlp"), std::string::npos) << r.err;
  r = Run(base + " --param batch=32");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("METHOD.KEY=VALUE"), std::string::npos) << r.err;
  r = Run("compare --data digits --methods digital-mlp --param tngd-mlp.batch=32 --out " +
          (dir_ / "o").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not among the methods this run compares"), std::string::npos) << r.err;
  r = Run(base + " --hidden 64-x");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--hidden 64-x"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "o" / "results.json"));  // refused before anything ran
}

TEST_F(CliTest, HypergradMovedUnderRevAndTheOldSpellingStillWorks) {
  const std::string args = " --hidden 10 --iterations 20 --batch 50 --meta-iterations 1 --json";
  const Result moved = Run("rev hypergrad" + args);
  const Result old = Run("hypergrad" + args);
  ASSERT_EQ(moved.exit_code, 0) << moved.err;
  ASSERT_EQ(old.exit_code, 0) << old.err;
  EXPECT_NE(old.err.find("is now 'landauer rev hypergrad'"), std::string::npos) << old.err;
  EXPECT_EQ(moved.err.find("is now"), std::string::npos);
  nlohmann::json a = nlohmann::json::parse(moved.out), b = nlohmann::json::parse(old.out);
  EXPECT_EQ(a["learned_schedule"], b["learned_schedule"]);
  EXPECT_EQ(Run("--help").out.find("hypergrad"), std::string::npos) << "the old spelling is hidden";
}

}  // namespace

namespace {

// Issue 14: `landauer hdc train` on digits, a D sweep, and its bad input.
TEST_F(CliTest, HdcTrainSweepsTheDimensionAndRefusesBadInput) {
  Result r = Run("hdc train --data digits --dimensions 512,4992 --retrain-epochs 3 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json json = nlohmann::json::parse(r.out);
  ASSERT_EQ(json["rows"].size(), 2u);
  EXPECT_GE(json["rows"][1]["retrained_accuracy"].get<double>(), 0.90);  // sklearn digits
  EXPECT_GT(json["rows"][1]["retrained_accuracy"].get<double>(),
            json["rows"][0]["retrained_accuracy"].get<double>());  // accuracy rises with D
  EXPECT_GT(json["rows"][1]["inference_j_per_sample"].get<double>(),
            json["rows"][0]["inference_j_per_sample"].get<double>());
  EXPECT_EQ(json["scope"], "chip");
  for (const auto& [args, message] :
       {std::pair<std::string, std::string>{"--dimensions 1000", "--dimensions = 1000"},
        {"--levels 1", "--levels"},
        {"--dimensions 64 --levels 64", "--levels 64 with --dimensions 64"},
        {"--vsa hrr", "--vsa: VSA model 'hrr'"},
        {"--vsa map --class-memory binary", "--vsa map with --class-memory binary"},
        {"--vsa fhrr --encoder projection", "--vsa fhrr with the projection encoder"},
        {"--dimensions 512,1024 --save m.hdc", "--save with 2 values of --dimensions"},
        {"--retraining sgd", "retraining 'sgd'"},
        {"--class-memory float", "class memory 'float'"},
        {"--encoder fourier", "--encoder 'fourier'"}}) {
    r = Run("hdc train --data digits " + args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_NE(r.err.find(message), std::string::npos) << args << ": " << r.err;
  }
}

// `hdc train --save` then `hdc eval`: the saved model predicts what the trained one did, priced
// the same; a damaged file or data of another shape is refused with exit 2.
TEST_F(CliTest, HdcEvalReproducesTheSavedModel) {
  for (const std::string vsa : {"bsc", "map", "fhrr"}) {
    const std::string model = (dir_ / ("model-" + vsa + ".hdc")).string();
    Result r = Run("hdc train --data digits --dimensions 1024 --retrain-epochs 2 --vsa " + vsa +
                   " --save " + model + " --json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const nlohmann::json trained = nlohmann::json::parse(r.out)["rows"][0];
    r = Run("hdc eval --model " + model + " --json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const nlohmann::json evaluated = nlohmann::json::parse(r.out);
    EXPECT_EQ(evaluated["accuracy"], trained["retrained_accuracy"]) << vsa;
    EXPECT_EQ(evaluated["inference_j_per_sample"], trained["inference_j_per_sample"]) << vsa;
    EXPECT_EQ(evaluated["vsa"], vsa);
  }
  const std::string model = (dir_ / "model-bsc.hdc").string();
  Result r = Run("hdc eval --model " + model + " --data synthetic");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("the model takes 64 features"), std::string::npos) << r.err;
  std::string text = Slurp(model);
  text.replace(text.find("seed 0"), 6, "seed 1");
  const std::string damaged = (dir_ / "damaged.hdc").string();
  std::ofstream(damaged) << text;
  r = Run("hdc eval --model " + damaged);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("checksum mismatch"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("damaged.hdc:"), std::string::npos) << r.err;
}

}  // namespace

namespace {

// Issue 16: `landauer qnn` trains Beer et al.'s DQNN, sweeps the training-set size and the noisy
// pairs, and refuses bad input with exit 2.
TEST_F(CliTest, QnnTrainsGeneralisesAndRefusesBadInput) {
  Result r = Run("qnn train --arch 1-2-1 --pairs 10 --rounds 100 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["cost"].size(), 101u);
  EXPECT_GT(json["final_cost"].get<double>(), 0.99);
  EXPECT_GT(json["first_round_at_target"].get<int>(), 0);
  EXPECT_EQ(json["resources"]["cnots_shannon"], 2 * 3 + 20);  // two 2-qubit, one 3-qubit
  EXPECT_GT(json["simulation"]["energy_j"].get<double>(), 0.0);
  EXPECT_FALSE(json.contains("problem"));
  r =
      Run("qnn generalise --arch 1-1 --pairs 3 --rounds 150 --lambda 1 --repeats 2 "
          "--depolarise 0,0.1 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json = nlohmann::json::parse(r.out);
  ASSERT_EQ(json["rows"].size(), 3u);
  // Trained on all N pairs of a one-qubit unitary the network learns it (n ≥ D = 2: cost → 1);
  // depolarising noise costs fidelity.
  const nlohmann::json& all = json["rows"][2]["cost"];
  EXPECT_GT(all[0]["mean"].get<double>(), 0.98);
  EXPECT_LT(all[1]["mean"].get<double>(), all[0]["mean"].get<double>());
  EXPECT_NEAR(json["rows"][0]["bound"].get<double>(), 1.0 / 3 + 2.0 / 18 * 4, 1e-12);
  r = Run("qnn noise --arch 1-1 --pairs 10 --step 5 --rounds 100 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json = nlohmann::json::parse(r.out);
  ASSERT_EQ(json["rows"].size(), 3u);  // 0, 5 and 10 noisy pairs
  EXPECT_GT(json["rows"][0]["cost"].get<double>(), json["rows"][2]["cost"].get<double>());
  for (const auto& [args, message] :
       {std::pair<std::string, std::string>{"train --arch 2-3", "--arch 2-3: the training pairs"},
        {"train --arch 7-7", "at most 12 qubits"},
        {"train --arch 2-x-2", "--arch '2-x-2'"},
        {"train --epsilon 0", "--epsilon"},
        {"train --lambda -1", "--lambda"},
        {"train --pairs 0", "--pairs"},
        {"train --hardware spu", "prices no (alu, fp64_mac)"},
        {"generalise --depolarise 2", "--depolarise"},
        {"noise --step 0", "--step"}}) {
    r = Run("qnn " + args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_NE(r.err.find(message), std::string::npos) << args << ": " << r.err;
  }
  // The compare method refuses zero shots, and layers too wide to simulate (at the start of Fit,
  // when the class count is known).
  for (const auto& [param, message] :
       {std::pair<std::string, std::string>{"qnn-dqnn.shots=0", "shots"},
        {"qnn-dqnn.qubits=10", "at most 12"}}) {
    r = Run("compare --data digits --methods qnn-dqnn --param " + param + " --out " +
            (dir_ / "q").string());
    EXPECT_EQ(r.exit_code, 2) << param;
    EXPECT_NE(r.err.find(message), std::string::npos) << param << ": " << r.err;
  }
}

}  // namespace

namespace {

TEST_F(CliTest, SparseAndMoeRejectBadInputWithExitCode2) {
  const std::string out = " --out " + (dir_ / "o").string();
  const struct {
    std::string args, expect;
  } cases[] = {
      {"compare --data digits --methods sparse-mlp --param sparse-mlp.density=0", "(0, 1]"},
      {"compare --data digits --methods sparse-mlp --param sparse-mlp.density=1.5", "(0, 1]"},
      {"compare --data digits --methods sparse-mlp --param sparse-mlp.prune_rate=1", "[0, 1)"},
      {"compare --data digits --methods sparse-mlp --param sparse-mlp.algorithm=snip", "rigl"},
      {"compare --data digits --methods sparse-mlp --param sparse-mlp.algorithm=rigl "
       "--param sparse-mlp.update_interval=0",
       "update_interval"},
      {"compare --data digits --methods moe-mlp --param moe-mlp.top_k=9", "top_k = 9"},
      {"compare --data digits --methods moe-mlp --param moe-mlp.top_k=2", "Switch"},
      {"compare --data digits --methods moe-mlp --param moe-mlp.capacity_factor=0", "> 0"},
      {"compare --data digits --methods moe-mlp --param moe-mlp.capacity_factor=-1", "> 0"},
  };
  for (const auto& c : cases) {
    const Result r = Run(c.args + out);
    EXPECT_EQ(r.exit_code, 2) << c.args;
    EXPECT_NE(r.err.find(c.expect), std::string::npos) << c.args << ": " << r.err;
  }
  EXPECT_FALSE(fs::exists(dir_ / "o" / "results.json"));
  for (const char* args : {"sparse sweep --data digits --densities 0",
                           "sparse sweep --data digits --densities 0.5,1.5",
                           "sparse sweep --data digits --algorithm snip",
                           "moe --data digits --top-k 9",
                           "moe --data digits --gating noisy-top-k --experts 2 --top-k 3",
                           "moe --data digits --capacity-factor 0",
                           "moe --data digits --gating expert-choice"}) {
    const Result r = Run(args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_NE(r.err.find("--"), std::string::npos) << args << ": " << r.err;
  }
}

TEST_F(CliTest, SparseSweepAndMoeRunEndToEnd) {
  Result r = Run("sparse sweep --data digits --densities 0.1,1 --epochs 3 --timing-steps 3 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json json = nlohmann::json::parse(r.out);
  ASSERT_EQ(json["rows"].size(), 2u);
  EXPECT_NEAR(json["rows"][0]["achieved_density"].get<double>(), 0.1, 0.01);
  // Priced: the truly sparse step is cheaper at density 0.1 and dearer at 1 than the dense
  // masked one, so the energy crossover lies between.
  EXPECT_LT(json["rows"][0]["csr_j_per_step"].get<double>(),
            json["rows"][0]["dense_masked_j_per_step"].get<double>());
  EXPECT_GT(json["rows"][1]["csr_j_per_step"].get<double>(),
            json["rows"][1]["dense_masked_j_per_step"].get<double>());
  const double crossover = json["crossover_density"]["energy_per_step"].get<double>();
  EXPECT_GT(crossover, 0.1);
  EXPECT_LT(crossover, 1.0);

  r = Run("moe --data digits --epochs 3 --experts 4 --devices 2 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json = nlohmann::json::parse(r.out);
  ASSERT_EQ(json["curve"].size(), 3u);
  double total = 0.0;
  for (const auto& l : json["test"]["load"]) total += l.get<double>();
  EXPECT_NEAR(total, 1.0, 1e-9);
  EXPECT_GT(json["test"]["accuracy"].get<double>(), 0.7);  // 36 Adam steps on 1,437 digits
  EXPECT_GT(json["curve"][2]["aux_loss"].get<double>(), 0.0);
  EXPECT_LT(json["active_parameters"].get<double>(), json["parameters"].get<double>());
}

}  // namespace

namespace {

// Issue 18: `landauer snn cuba` runs the benchmark network, writes its spikes, refuses bad input.
TEST_F(CliTest, SnnCubaRunsWritesItsSpikesAndRefusesBadInput) {
  const fs::path spikes = dir_ / "spikes.csv";
  Result r = Run("snn cuba --duration 0.1 --seed 3 --json --spikes " + spikes.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["neurons"], 4000);
  EXPECT_EQ(json["steps"], 1000);
  EXPECT_EQ(json["neuron_updates"], 4000000);
  EXPECT_GT(json["spikes"].get<int>(), 0);
  EXPECT_GT(json["all"]["mean_rate_hz"].get<double>(), 0.0);
  EXPECT_GT(json["synaptic_events_per_second"].get<double>(), 0.0);
  const std::string csv = Slurp(spikes);
  EXPECT_EQ(csv.rfind("time_s,neuron\n", 0), 0U);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), json["spikes"].get<int>() + 1);
  EXPECT_EQ(json["hardware"], "loihi");
  EXPECT_GT(json["energy_j"].get<double>(), 0.0);
  // The same events as digital operations on a digital table, at the scope it prices.
  r = Run("snn cuba --duration 0.05 --hardware cmos-45nm --scope core --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_GT(nlohmann::json::parse(r.out)["energy_report"]["bits_erased"].get<double>(), 0.0);
  for (const auto& [args, flag] : {std::pair<std::string, std::string>{"--neurons 1", "--neurons"},
                                   {"--probability 2", "--probability"},
                                   {"--dt 0", "--dt"},
                                   {"--duration -1", "--duration"},
                                   {"--duration 1e-5", "duration"},
                                   {"--neurons 20000 --dense", "dense"},
                                   {"--hardware nosuchchip", "nosuchchip"},
                                   {"--hardware spinnaker2", "--scope"}}) {
    r = Run("snn cuba " + args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_NE(r.err.find(flag), std::string::npos) << args << ": " << r.err;
  }
}

}  // namespace

namespace {

std::string SharedNir(const std::string& name) {
  return std::string(LANDAUER_SOURCE_DIR) + "/../shared/data/nir/" + name;
}

// Issue 18: `snn nir import` describes and runs a graph another tool wrote; `snn nir export`
// writes one that Debian's h5py reads with the structure the NIR package's reader needs.
TEST_F(CliTest, SnnNirImportRunsAndExportWritesWhatH5pyReads) {
  const fs::path trace = dir_ / "trace.csv";
  Result r =
      Run("snn nir import " + SharedNir("lif_norse.nir") + " --input " +
          SharedNir("lif_exact.csv") + " --columns 0 --precise --json --trace " + trace.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["nodes"]["1"]["type"], "LIF");
  EXPECT_EQ(json["run"]["steps"], 1000);
  EXPECT_EQ(json["run"]["spikes"], 4.0);
  EXPECT_GT(json["run"]["energy_j"].get<double>(), 0.0);
  const std::string csv = Slurp(trace);
  EXPECT_EQ(csv.rfind("step,time_s,output_0,v_1_0\n", 0), 0U);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1001);

  for (const char* name :
       {"lif_norse.nir", "braille_noDelay_noBias_subtract.nir", "cnn_sinabs.nir"}) {
    const fs::path out = dir_ / (std::string("out_") + name);
    r = Run(std::string("snn nir export ") + SharedNir(name) + " --out " + out.string());
    ASSERT_EQ(r.exit_code, 0) << name << ": " << r.err;
    const Result check = RunCommand("/usr/bin/python3 " + std::string(LANDAUER_SOURCE_DIR) +
                                    "/tests/integration/nir_h5py_check.py " + out.string());
    ASSERT_EQ(check.exit_code, 0) << name << ": " << check.err;
    const nlohmann::json seen = nlohmann::json::parse(check.out);
    const landauer::spiking::NirGraph original = landauer::spiking::ReadNir(SharedNir(name));
    EXPECT_EQ(seen["version"], original.version) << name;
    EXPECT_EQ(seen["nodes"].size(), original.nodes.size()) << name;
    EXPECT_EQ(seen["edges"].size(), original.edges.size()) << name;
    for (const auto& [node_name, node] : original.nodes) {
      EXPECT_EQ(seen["nodes"][node_name]["type"], node.type) << name << " " << node_name;
      for (const auto& [p, array] : node.data.datasets) {
        using Type = landauer::spiking::NirArray::Type;
        const std::string expected = array.type == Type::kFloat32   ? "float32"
                                     : array.type == Type::kFloat64 ? "float64"
                                     : array.type == Type::kInt64   ? "int64"
                                                                    : "object";
        EXPECT_EQ(seen["nodes"][node_name]["datasets"][p][0], expected)
            << name << " " << node_name << " " << p;
        EXPECT_EQ(seen["nodes"][node_name]["datasets"][p][1].get<std::vector<std::int64_t>>(),
                  array.shape);
      }
    }
  }
}

// Bad graphs, bad traces and bad flags: exit 2, naming the node, edge, file or flag.
TEST_F(CliTest, SnnNirRefusesBadGraphsAndTracesWithExitCode2) {
  using landauer::spiking::NirArray;
  using landauer::spiking::NirGraph;
  const NirGraph good = landauer::spiking::ReadNir(SharedNir("lif_norse.nir"));
  const auto write = [&](const std::string& name, const NirGraph& g) {
    const fs::path path = dir_ / name;
    landauer::WriteFileAtomically(path.string(), landauer::spiking::SerializeNir(g));
    return path.string();
  };
  NirGraph unknown = good;
  unknown.nodes["1"].type = "Izhikevich";
  NirGraph dangling = good;
  dangling.edges.emplace_back("1", "ghost");
  NirGraph mismatched = good;
  mismatched.nodes["0"].data.datasets["weight"] = NirArray::Real({1.0, 1.0}, {1, 2});
  NirGraph negative = good;
  negative.nodes["1"].data.datasets["tau"] = NirArray::Real({-2.5e-3}, {1});
  const fs::path corrupt = dir_ / "corrupt.nir";
  std::ofstream(corrupt) << "\x89HDF\r\n\x1a\n and then nothing an HDF5 library can use";
  const fs::path rows = dir_ / "rows.csv";
  std::ofstream(rows) << "1,2\n3\n";
  const std::string lif = SharedNir("lif_norse.nir");
  const std::string exact = SharedNir("lif_exact.csv");
  const struct {
    std::string args, expect;
  } cases[] = {
      {"snn nir import " + write("unknown.nir", unknown), "node '1': unknown type 'Izhikevich'"},
      {"snn nir import " + write("dangling.nir", dangling), "names no node 'ghost'"},
      {"snn nir import " + write("mismatched.nir", mismatched),
       "'input' passes 1 values and '0' takes 2"},
      {"snn nir import " + write("negative.nir", negative), "'tau' = -0.0025"},
      {"snn nir import " + corrupt.string(), "corrupt.nir: not a readable NIR file"},
      {"snn nir import " + lif + " --input " + rows.string(), "rows.csv:2"},
      {"snn nir import " + lif + " --input " + rows.string() + " --columns 5", "column 5"},
      {"snn nir import " + lif + " --input " + exact, "--columns"},
      {"snn nir import " + lif + " --input " + exact + " --columns 0 --integration rk4",
       "--integration"},
      {"snn nir import " + lif + " --input " + exact + " --columns 0 --reset zero", "--reset"},
      {"snn nir import " + lif + " --dt 0", "--dt"},
      {"snn nir import " + (dir_ / "missing.nir").string(), "missing.nir"},
      {"snn nir export " + write("unknown2.nir", unknown) + " --out " + (dir_ / "x.nir").string(),
       "Izhikevich"},
  };
  for (const auto& c : cases) {
    const Result r = Run(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args;
    EXPECT_NE(r.err.find(c.expect), std::string::npos) << c.args << ": " << r.err;
  }
  EXPECT_FALSE(fs::exists(dir_ / "x.nir"));
}

}  // namespace

namespace {

// Issue 18: `snn train` and `snn convert` run end to end on digits, on a chip and as digital
// operations, and refuse bad values before the data loads.
TEST_F(CliTest, SnnTrainAndConvertRunAndRefuseBadInput) {
  Result r = Run("snn train --data digits --hidden 32 --steps 8 --epochs 2 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json json = nlohmann::json::parse(r.out);
  EXPECT_GT(json["test_accuracy"].get<double>(), 0.1);
  EXPECT_EQ(json["hardware"], "h100+loihi");
  EXPECT_GT(json["j_per_inference"].get<double>(), 0.0);
  EXPECT_EQ(json["neuron_updates_per_sample"], 8.0 * (32 + 10));
  r =
      Run("snn train --data digits --hidden 32 --steps 8 --epochs 1 --coding poisson --loss count "
          "--surrogate arctan --slope 2 --chip digital --hardware cmos-45nm --scope core --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json = nlohmann::json::parse(r.out);
  EXPECT_GT(json["spikes_per_sample"][0].get<double>(), 0.0);  // input spikes
  EXPECT_EQ(json["hardware"], "cmos-45nm");
  r = Run("snn convert --data digits --epochs 3 --steps 5,20 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json = nlohmann::json::parse(r.out);
  ASSERT_EQ(json["curve"].size(), 2U);
  EXPECT_EQ(json["curve"][1]["steps"], 20);
  EXPECT_GT(json["ann_accuracy"].get<double>(), 0.8);
  EXPECT_LT(json["curve"][0]["spikes_per_inference"].get<double>(),
            json["curve"][1]["spikes_per_inference"].get<double>());
  for (const auto& [args, flag] :
       {std::pair<std::string, std::string>{"snn train --steps 0", "--steps"},
        {"snn train --beta 1.5", "--beta"},
        {"snn train --threshold 0", "--threshold"},
        {"snn train --coding burst", "--coding"},
        {"snn train --surrogate step", "--surrogate"},
        {"snn train --loss mse", "--loss"},
        {"snn train --chip cmos-45nm", "--chip"},
        {"snn train --chip spinnaker2", "--scope"},
        {"snn convert --normalization robust", "--normalization"},
        {"snn convert --percentile 0", "--percentile"},
        {"snn convert --steps 0", "--steps"},
        {"snn convert --hidden 12-x", "--hidden"}}) {
    r = Run(args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_NE(r.err.find(flag), std::string::npos) << args << ": " << r.err;
  }
}

}  // namespace

// optics decompose: a complex unitary from Matrix Market into Clements' and Reck's meshes, rebuilt
// to machine precision; a non-unitary matrix is bad input naming how far from unitary it is.
TEST_F(CliTest, OpticsDecomposeRebuildsAUnitaryAndRefusesOthers) {
  const auto write = [&](const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    landauer::WriteFileAtomically(path.string(), text);
    return path.string();
  };
  // (1/√2)[[1, i], [i, 1]], and a hermitian-stored 2 × 2 that is not unitary.
  const std::string u = write("u.mtx",
                              "%%MatrixMarket matrix coordinate complex general\n2 2 4\n"
                              "1 1 0.7071067811865476 0\n1 2 0 0.7071067811865476\n"
                              "2 1 0 0.7071067811865476\n2 2 0.7071067811865476 0\n");
  const std::string h = write("h.mtx",
                              "%%MatrixMarket matrix array complex hermitian\n2 2\n1 0\n0.5 0.5\n"
                              "2 0\n");
  for (const std::string method : {"clements", "reck"}) {
    Result r = Run("optics decompose " + u + " --method " + method + " --json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const nlohmann::json json = nlohmann::json::parse(r.out);
    EXPECT_EQ(json["mzi_count"], 1);
    EXPECT_EQ(json["depth"], 1);
    EXPECT_LT(json["max_abs_error"].get<double>(), 1e-15);
  }
  Result r = Run("optics decompose " + h);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("h.mtx: MZI mesh: the matrix is not unitary (max |U†U − I| = "),
            std::string::npos)
      << r.err;
  r = Run("optics decompose " +
          write("r.mtx", "%%MatrixMarket matrix array real general\n2 3\n1\n2\n3\n4\n5\n6\n"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("is not square"), std::string::npos) << r.err;
  r = Run("optics decompose " +
          write("z.mtx", "%%MatrixMarket matrix array complex general\n0 0\n"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("z.mtx:2"), std::string::npos) << r.err;
  r = Run("optics decompose " + u + " --method svd");
  EXPECT_EQ(r.exit_code, 2);
  // --svd takes any matrix: the non-unitary one and a 2 × 3.
  EXPECT_NE(Run("optics decompose " + h).err.find("--svd"), std::string::npos);
  for (const std::string& m :
       {h, write("g.mtx", "%%MatrixMarket matrix array real general\n2 3\n1\n2\n3\n4\n5\n6\n")}) {
    r = Run("optics decompose --svd --json " + m);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const nlohmann::json json = nlohmann::json::parse(r.out);
    EXPECT_LT(json["max_abs_error"].get<double>(), 1e-12);
    EXPECT_LE(json["attenuators"][0].get<double>(), 1.0);
    EXPECT_FALSE(json.contains("fabricated"));
  }
  // On a fabricated chip: the phases' errors show in what it applies, for a mesh and an SVD
  // layer; 24-bit heater DACs change almost nothing; a bad imperfection exits 2 by flag.
  for (const std::string& args :
       {u + " --phase-sigma 0.01 --loss-db 0.1", "--svd " + h + " --phase-sigma 0.01"}) {
    r = Run("optics decompose " + args + " --splitter-sigma 0.02 --json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const nlohmann::json json = nlohmann::json::parse(r.out);
    EXPECT_GT(json["fabricated"]["relative_error"].get<double>(), 1e-3) << args;
    EXPECT_LT(json["fabricated"]["relative_error"].get<double>(), 0.1) << args;
  }
  r = Run("optics decompose --svd --phase-bits 24 " + h + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_LT(nlohmann::json::parse(r.out)["fabricated"]["max_abs_error"].get<double>(), 1e-5);
  r = Run("optics decompose --crosstalk 1 " + u);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--crosstalk"), std::string::npos) << r.err;
}

// optics mesh: trains once, then a larger phase error costs accuracy and moves the mesh further;
// bad flags exit 2 naming them.
TEST_F(CliTest, OpticsMeshAccuracyFallsWithPhaseError) {
  Result r = Run("optics mesh --data digits --modes 12 --epochs 3 --sigma 0,0.3 --bits 0 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json json = nlohmann::json::parse(r.out);
  ASSERT_EQ(json["rows"].size(), 2u);
  EXPECT_EQ(json["pca"], 11);
  const nlohmann::json& ideal = json["rows"][0];
  const nlohmann::json& noisy = json["rows"][1];
  EXPECT_GT(ideal["accuracy"].get<double>(), 0.7);
  EXPECT_EQ(ideal["frobenius_deviation_mesh1"].get<double>(), 0.0);
  EXPECT_LT(noisy["accuracy"].get<double>(), ideal["accuracy"].get<double>());
  EXPECT_GT(noisy["frobenius_deviation_mesh1"].get<double>(), 1.0);
  for (const auto& [args, message] :
       {std::pair<std::string, std::string>{"--modes 1", "--modes"},
        {"--modes 8 --data digits", "--modes 8: the workload has 10 classes"},
        {"--pca 20 --modes 16 --data digits", "--pca 20"},
        {"--sigma -1", "--sigma"},
        {"--bits 30", "--bits"}}) {
    r = Run("optics mesh " + args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_NE(r.err.find(message), std::string::npos) << args << ": " << r.err;
  }
}

// optics d2nn: a small diffractive network learns digits; bad optics are refused by flag.
TEST_F(CliTest, OpticsD2nnTrainsAndRefusesBadOptics) {
  Result r = Run("optics d2nn --data digits --grid 32 --layers 3 --epochs 2 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json json = nlohmann::json::parse(r.out);
  EXPECT_GT(json["noiseless_accuracy"].get<double>(), 0.4);
  EXPECT_GT(json["accuracy"].get<double>(), 0.3);  // read at 30 dB SNR
  EXPECT_EQ(json["snr_db"].get<double>(), 30.0);
  EXPECT_GT(json["laser_w"].get<double>(), 0.0);
  EXPECT_EQ(json["epochs"].size(), 2u);
  EXPECT_EQ(json["lr"].get<double>(), 0.01);
  EXPECT_EQ(json["lr_decay"].get<double>(), 1.0);
  EXPECT_EQ(json["upsample"].get<int>(), 2);
  EXPECT_GT(json["detected_fraction"].get<double>(), 0.0);
  EXPECT_LT(json["detected_fraction"].get<double>(), 1.0);
  // Noiseless readings: the same optics, the noiseless accuracy, no laser sized.
  const double noiseless = json["noiseless_accuracy"].get<double>();
  r = Run("optics d2nn --data digits --grid 32 --layers 3 --epochs 2 --snr-db 0 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["accuracy"].get<double>(), noiseless);
  EXPECT_EQ(json["laser_w"].get<double>(), 0.0);
  for (const auto& [args, message] :
       {std::pair<std::string, std::string>{"--spacing 1e6", "distance = 1000 m is undersampled"},
        {"--snr-db -3", "--snr-db"},
        {"--lr-decay 0", "--lr-decay"},
        {"--lr-decay 1.5", "--lr-decay"},
        {"--wavelength 0", "--wavelength"},
        {"--pitch -1", "--pitch"},
        {"--grid 8", "needs a grid of at least 16 × 16"},
        {"--pca 10", "--pca"}}) {
    r = Run("optics d2nn --data digits " + args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_NE(r.err.find(message), std::string::npos) << args << ": " << r.err;
  }
}

// optics d2nn --checkpoint: a run of 1 epoch, resumed to 2, equals a 2-epoch run; a resume
// without a path, or from a damaged file, exits 2 naming it.
TEST_F(CliTest, OpticsD2nnResumesFromItsCheckpoint) {
  const std::string common = "optics d2nn --data digits --grid 32 --snr-db 0 --json --layers ";
  const Result full = Run(common + "3 --epochs 2");
  ASSERT_EQ(full.exit_code, 0) << full.err;
  const std::string checkpoint = (dir_ / "d2nn.ckpt").string();
  Result r = Run(common + "3 --epochs 1 --checkpoint " + checkpoint);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json first = nlohmann::json::parse(r.out);
  const Result resumed = Run(common + "3 --epochs 2 --checkpoint " + checkpoint + " --resume");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  const nlohmann::json a = nlohmann::json::parse(full.out), b = nlohmann::json::parse(resumed.out);
  EXPECT_EQ(a["accuracy"], b["accuracy"]);
  ASSERT_EQ(b["epochs"].size(), 2u);
  for (int e = 0; e < 2; ++e) {
    EXPECT_EQ(a["epochs"][e]["loss"], b["epochs"][e]["loss"]) << e;
    EXPECT_EQ(a["epochs"][e]["train_accuracy"], b["epochs"][e]["train_accuracy"]) << e;
    EXPECT_GT(b["epochs"][e]["seconds"].get<double>(), 0.0) << e;
  }
  // The first epoch came from the checkpoint, its wall time with it.
  EXPECT_EQ(b["epochs"][0]["seconds"], first["epochs"][0]["seconds"]);
  EXPECT_GT(b["training_seconds"].get<double>(), 0.0);
  r = Run(common + "3 --epochs 2 --resume");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--resume needs --checkpoint"), std::string::npos) << r.err;
  // Another run's checkpoint (other optics), and a torn one.
  r = Run(common + "2 --epochs 2 --checkpoint " + checkpoint + " --resume");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("layers: saved 3, now 2"), std::string::npos) << r.err;
  std::string bytes = landauer::ReadFile(checkpoint);
  landauer::WriteFileAtomically(checkpoint, bytes.substr(0, bytes.size() / 2));
  r = Run(common + "3 --epochs 2 --checkpoint " + checkpoint + " --resume");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(checkpoint), std::string::npos) << r.err;
}

// analog mvm: an ideal tile with ideal converters is the exact product (unpriced); a PCM tile
// prices its converters and array and writes its mapping per slice; bad flags exit 2 before any
// simulation, naming the flag and value.
TEST_F(CliTest, AnalogMvmReportsErrorEnergyAndMapping) {
  Result r =
      Run("analog mvm --rows 40 --cols 20 --batch 8 --device ideal --dac-bits 0 --adc-bits 0 "
          "--out-noise 0 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json json = nlohmann::json::parse(r.out);
  EXPECT_LT(json["nmse"].get<double>(), 1e-10);
  EXPECT_FALSE(json.contains("energy_per_mvm_j"));
  const std::string mapping = (dir_ / "map.json").string();
  r = Run("analog mvm --rows 300 --cols 20 --batch 8 --slices 2 --export-mapping " + mapping +
          " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json = nlohmann::json::parse(r.out);
  EXPECT_GT(json["nmse"].get<double>(), 0.0);
  EXPECT_LT(json["nmse"].get<double>(), 0.2);
  EXPECT_EQ(json["tile_reads_per_mvm"].get<double>(), 2.0 * 2.0);  // 2 row tiles × 2 slices
  EXPECT_GT(json["energy_parts_per_mvm_j"]["adc.convert_8b"].get<double>(), 0.0);
  EXPECT_GT(json["energy_parts_per_mvm_j"]["crossbar.read_us_pulse"].get<double>(), 0.0);
  const nlohmann::json file = nlohmann::json::parse(std::ifstream(mapping));
  EXPECT_EQ(file["mappings"].size(), 2u);
  EXPECT_EQ(file["mappings"][0]["tiles"].size(), 2u);  // 300 inputs on 256-row tiles
  // Two devices per polarity per cell: the same reads, twice the array's current.
  const double array_j = json["energy_parts_per_mvm_j"]["crossbar.read_us_pulse"].get<double>();
  r = Run("analog mvm --rows 300 --cols 20 --batch 8 --slices 2 --cell-devices 2 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["cell_devices"].get<int>(), 2);
  EXPECT_EQ(json["tile_reads_per_mvm"].get<double>(), 2.0 * 2.0);
  EXPECT_NEAR(
      json["energy_parts_per_mvm_j"]["crossbar.read_us_pulse"].get<double>() / array_j, 2.0, 0.1);
  for (const auto& [args, flag] : std::vector<std::pair<std::string, std::string>>{
           {"analog mvm --time -5", "--time = -5 s is before programming"},
           {"analog mvm --device reram --time 1e6", "retention"},
           {"analog mvm --device flash", "'flash' is not a device preset"},
           {"analog mvm --g-max -3", "--g-max"},
           {"analog mvm --adc-bits 12", "--adc-bits 12"},
           {"analog mvm --slices 4 --slice-bits 8", "slices × slice_bits"},
           {"analog mvm --cell-devices 0", "--cell-devices"},
           {"analog mvm --rows 65536 --cols 65536 --batch 1000000", "GiB of memory"},
           {"analog drift --times 1,-4", "before programming"},
           {"analog drift --hwa-noise -1", "--hwa-noise"},
           {"analog insitu --asymmetry 1.5", "--asymmetry"},
           {"compare --data digits --methods analog-mlp --param analog-mlp.device=reram --param "
            "analog-mlp.read_time=1e6",
            "analog-mlp.read_time = 1000000 s is beyond the reram device's retention"},
           {"compare --data digits --methods analog-mlp --param analog-mlp.read_time=3600",
            "analog-mlp.read_time = 3600 s is already the standard variant '1h'"},
           {"compare --data digits --methods analog-mlp --param analog-mlp.device=reram --param "
            "analog-mlp.read_time=172800",
            "already the standard variant '172800s'"}}) {
    r = Run(args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_NE(r.err.find(flag), std::string::npos) << args << ": " << r.err;
  }
  // One more read time: its two variants, named by the exact time, after the standard four.
  const fs::path out = dir_ / "read_time";
  r =
      Run("compare --data digits --methods analog-mlp --epochs 1 --param "
          "analog-mlp.read_time=1234567.5 --out " +
          out.string() + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json rows = nlohmann::json::parse(r.out)["results"];
  ASSERT_EQ(rows.size(), 10u);
  EXPECT_EQ(rows[8]["variant"], "1234567.5s");
  EXPECT_EQ(rows[9]["variant"], "1234567.5s-gdc");
}

// landauer qnn train|generalise|noise: Beer et al.'s deep quantum neural network, simulated
// exactly (docs/quantum.md).
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <memory>
#include <numeric>

#include "commands.h"
#include "landauer/core/memory_budget.h"
#include "landauer/core/progress.h"
#include "landauer/core/rng.h"
#include "landauer/core/statistics.h"
#include "landauer/energy/hardware_catalog.h"
#include "landauer/energy/roofline.h"
#include "landauer/energy/scope.h"
#include "landauer/quantum/dqnn.h"
#include "landauer/quantum/qnn_cost.h"
#include "landauer/report/text_table.h"

namespace landauer::cli {
namespace {

using quantum::Dqnn;
using quantum::DqnnWork;
using quantum::TrainingPair;

struct QnnOptions {
  CommonOptions common;
  std::string arch = "2-3-2";
  int pairs = 10, rounds = 500, repeats = 20, step = 5;
  double epsilon = 0.1, lambda = 1.0, target_cost = 0.95;
  std::vector<double> depolarise = {0.0};
  bool with_problem = false;
  std::string hardware = "h100", scope = "chip";
};

// The checked architecture: a target unitary maps m_0 qubits to m_0 qubits, so m_L = m_0.
std::vector<int> CheckedArchitecture(const std::string& arch) {
  std::vector<int> widths = quantum::ParseArchitecture(arch, "--arch");
  if (widths.back() != widths.front()) {
    throw std::invalid_argument(fmt::format(
        "--arch {}: the training pairs come from a unitary on the {} input qubits, so the output "
        "layer needs {} qubits too (e.g. {}-…-{})",
        arch,
        widths.front(),
        widths.front(),
        widths.front(),
        widths.front()));
  }
  return widths;
}

// The digital table prices the simulation's float64 arithmetic; refused before any work.
const EnergyTable& SimulationTable(const QnnOptions& options, CliEnvironment& environment) {
  const EnergyTable& table = environment.catalog().Get(options.hardware);
  if (table.Find("alu", "fp64_mac") == nullptr) {
    throw std::invalid_argument(fmt::format(
        "--hardware {}: the table prices no (alu, fp64_mac), and the DQNN simulation runs in "
        "float64; choose a table that does (landauer hardware list)",
        options.hardware));
  }
  return table;
}

nlohmann::json ResourcesJson(const quantum::DqnnResources& r) {
  return {{"qubits_at_once", r.qubits_at_once},
          {"qubits_total", r.qubits_total},
          {"perceptrons", r.perceptrons},
          {"cnots_shannon", r.cnots},
          {"cnots_lower_bound", r.cnots_lower_bound},
          {"depth_perceptrons", r.depth_perceptrons}};
}

std::string ResourcesText(const std::vector<int>& widths) {
  const quantum::DqnnResources r = quantum::Resources(widths);
  return fmt::format(
      "resources: {} qubits at once ({} without reuse), {} perceptron unitaries, {} CNOTs after "
      "the quantum Shannon decomposition (lower bound {}), {} perceptrons deep\n",
      r.qubits_at_once,
      r.qubits_total,
      r.perceptrons,
      r.cnots,
      r.cnots_lower_bound,
      r.depth_perceptrons);
}

// The pairs, the target and the initial network of repeat `r`, from the run seed's streams.
struct Problem {
  std::vector<TrainingPair> pairs;
  Dqnn network;
};

// Refuses, before anything is drawn, pairs that cannot fit in memory (two states each).
void CheckPairsMemory(const std::vector<int>& widths, double pairs) {
  CheckMemory(fmt::format("--pairs {} of {} and {} qubits", pairs, widths.front(), widths.back()),
              pairs * 16.0 * (std::ldexp(1.0, widths.front()) + std::ldexp(1.0, widths.back())),
              "use fewer --pairs");
}

Problem MakeProblem(const std::vector<int>& widths,
                    int pairs,
                    std::uint64_t seed,
                    std::uint64_t r) {
  CheckPairsMemory(widths, pairs);
  Rng target = Rng(seed, "qnn", "target").Substream(r);
  Rng data = Rng(seed, "qnn", "pairs").Substream(r);
  Rng init = Rng(seed, "qnn", "network").Substream(r);
  const quantum::CMatrix v = quantum::RandomUnitary(1 << widths.front(), target);
  return {quantum::PairsFromUnitary(v, pairs, data), Dqnn(widths, init)};
}

// A complex matrix as rows of [re, im] pairs.
nlohmann::json MatrixJson(const quantum::CMatrix& m) {
  nlohmann::json rows = nlohmann::json::array();
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    nlohmann::json row = nlohmann::json::array();
    for (Eigen::Index j = 0; j < m.cols(); ++j) row.push_back({m(i, j).real(), m(i, j).imag()});
    rows.push_back(std::move(row));
  }
  return rows;
}

// The pairs and initial perceptrons, for a peer to train from the same start
// (bench/qnn_vs_qutip.py).
nlohmann::json ProblemJson(const Problem& problem) {
  nlohmann::json pairs = nlohmann::json::array(), perceptrons = nlohmann::json::array();
  for (const TrainingPair& p : problem.pairs) {
    pairs.push_back({{"in", MatrixJson(p.in)}, {"out", MatrixJson(p.out)}});
  }
  for (int l = 1; l <= problem.network.layers(); ++l) {
    nlohmann::json layer = nlohmann::json::array();
    for (int j = 0; j < problem.network.widths()[static_cast<std::size_t>(l)]; ++j) {
      layer.push_back(MatrixJson(problem.network.perceptron(l, j)));
    }
    perceptrons.push_back(std::move(layer));
  }
  return {{"pairs", pairs}, {"perceptrons", perceptrons}};
}

void RunQnnTrain(const QnnOptions& options, CliEnvironment& environment) {
  const std::vector<int> widths = CheckedArchitecture(options.arch);
  const EnergyTable& table = SimulationTable(options, environment);
  const Scope scope = CheckedScope(options.scope, table);
  const int threads = environment.Context(options.common).threads;
  Problem problem = MakeProblem(widths, options.pairs, options.common.seed, 0);
  nlohmann::json exported;
  if (options.with_problem) exported = ProblemJson(problem);
  ProgressTask progress(environment.progress(), "qnn train", options.rounds);
  DqnnWork work;
  const auto start = std::chrono::steady_clock::now();
  std::vector<double> curve{problem.network.Cost(problem.pairs, threads, 0.0, &work)};
  int first = curve.front() >= options.target_cost ? 0 : -1;
  for (int round = 1; round <= options.rounds; ++round) {
    problem.network.TrainRound(problem.pairs, options.lambda, options.epsilon, threads, work);
    curve.push_back(problem.network.Cost(problem.pairs, threads, 0.0, &work));
    if (first < 0 && curve.back() >= options.target_cost) first = round;
    progress.Advance(1, fmt::format("cost {:.4f}", curve.back()));
  }
  progress.End();
  const double host_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  Ledger ledger;
  quantum::CountSimulation(ledger, "train", work);
  const ScopedPhase priced = PriceAtScope(ledger, "train", table, scope);
  const quantum::DqnnResources resources = quantum::Resources(widths);
  nlohmann::json json = {
      {"command", "qnn train"},
      {"arch", widths},
      {"pairs", options.pairs},
      {"rounds", options.rounds},
      {"epsilon", options.epsilon},
      {"lambda", options.lambda},
      {"cost", curve},
      {"target_cost", options.target_cost},
      {"first_round_at_target", first < 0 ? nlohmann::json(nullptr) : nlohmann::json(first)},
      {"final_cost", curve.back()},
      {"resources", ResourcesJson(resources)},
      {"simulation",
       {{"complex_macs", work.complex_macs},
        {"hardware", table.name()},
        {"scope", ToString(scope)},
        {"energy_j", priced.energy.energy_j},
        {"modelled_s", priced.time.seconds},
        {"host_s", host_s},
        {"host_s_per_round", host_s / std::max(1, options.rounds)}}}};
  if (options.with_problem) json["problem"] = std::move(exported);
  std::string human = fmt::format(
      "DQNN {} on {} pairs of a random unitary, λ = {}, ε = {}, {} rounds\n"
      "  cost {:.4f} → {:.4f}; first ≥ {} at round {}\n  {}"
      "  simulation: {:.3g} complex MACs, {} and {} modelled on {} at {} scope; {:.3f} s here "
      "({:.3g} ms per round)\n",
      options.arch,
      options.pairs,
      options.lambda,
      options.epsilon,
      options.rounds,
      curve.front(),
      curve.back(),
      options.target_cost,
      first < 0 ? std::string("— (not reached)") : std::to_string(first),
      ResourcesText(widths),
      work.complex_macs,
      FormatSi(priced.energy.energy_j, "J"),
      FormatSi(priced.time.seconds, "s"),
      table.name(),
      ToString(scope),
      host_s,
      1e3 * host_s / std::max(1, options.rounds));
  Emit(options.common, std::move(json), human);
}

// Trains `network` (a copy) on `train` for the options' rounds and returns its cost on `test`.
double TrainAndTest(Dqnn network,
                    std::span<const TrainingPair> train,
                    std::span<const TrainingPair> test,
                    const QnnOptions& options,
                    double depolarise,
                    int threads,
                    DqnnWork& work) {
  for (int round = 0; round < options.rounds; ++round) {
    network.TrainRound(train, options.lambda, options.epsilon, threads, work, depolarise);
  }
  return network.Cost(test, threads, depolarise, &work);
}

void RunQnnGeneralise(const QnnOptions& options, CliEnvironment& environment) {
  const std::vector<int> widths = CheckedArchitecture(options.arch);
  for (const double t : options.depolarise) {
    if (!(t >= 0.0 && t <= 1.0)) {
      throw std::invalid_argument(
          fmt::format("--depolarise {}: a depolarising strength is in [0, 1]", t));
    }
  }
  const int threads = environment.Context(options.common).threads;
  const int total = options.pairs, qubits = widths.front();
  CheckMemory(
      fmt::format("--repeats {} × --pairs {} × {} noise levels of results",
                  options.repeats,
                  options.pairs,
                  options.depolarise.size()),
      8.0 * options.repeats * options.pairs * static_cast<double>(options.depolarise.size()),
      "use fewer --repeats or --pairs");
  ProgressTask progress(environment.progress(),
                        "qnn generalise",
                        static_cast<std::int64_t>(options.repeats) * total *
                            static_cast<std::int64_t>(options.depolarise.size()));
  // cost[t][n − 1][r]: trained on n of the N pairs (a seeded sample, the same initial network
  // for every n, as the reference's subsetTrainingAvg), tested on all N.
  std::vector<std::vector<std::vector<double>>> cost(
      options.depolarise.size(), std::vector<std::vector<double>>(static_cast<std::size_t>(total)));
  DqnnWork work;
  for (int r = 0; r < options.repeats; ++r) {
    const Problem problem =
        MakeProblem(widths, total, options.common.seed, static_cast<std::uint64_t>(r));
    Rng pick = Rng(options.common.seed, "qnn", "subset").Substream(static_cast<std::uint64_t>(r));
    for (int n = 1; n <= total; ++n) {
      // A uniformly random n-subset (partial Fisher–Yates).
      std::vector<std::size_t> order(static_cast<std::size_t>(total));
      std::iota(order.begin(), order.end(), std::size_t{0});
      Rng draw = pick.Substream(static_cast<std::uint64_t>(n));
      std::vector<TrainingPair> train;
      for (int k = 0; k < n; ++k) {
        const std::size_t swap =
            static_cast<std::size_t>(k) + draw.UniformInt(static_cast<std::uint64_t>(total - k));
        std::swap(order[static_cast<std::size_t>(k)], order[swap]);
        train.push_back(problem.pairs[order[static_cast<std::size_t>(k)]]);
      }
      for (std::size_t t = 0; t < options.depolarise.size(); ++t) {
        cost[t][static_cast<std::size_t>(n - 1)].push_back(TrainAndTest(
            problem.network, train, problem.pairs, options, options.depolarise[t], threads, work));
        progress.Advance(1);
      }
    }
  }
  progress.End();
  std::vector<std::string> header{"n", "bound"};
  for (const double t : options.depolarise) header.push_back(fmt::format("cost (t = {})", t));
  TextTable text(header);
  for (std::size_t c = 0; c < header.size(); ++c) text.SetAlignment(c, TextTable::Align::kRight);
  nlohmann::json rows = nlohmann::json::array();
  for (int n = 1; n <= total; ++n) {
    const double bound = quantum::GeneralisationBound(qubits, n, total);
    std::vector<std::string> cells{std::to_string(n), fmt::format("{:.4f}", bound)};
    nlohmann::json by_noise = nlohmann::json::array();
    for (std::size_t t = 0; t < options.depolarise.size(); ++t) {
      const std::vector<double>& values = cost[t][static_cast<std::size_t>(n - 1)];
      const auto [mean, sd] = MeanAndSd(values);
      cells.push_back(fmt::format("{:.4f} ± {:.4f}", mean, sd));
      by_noise.push_back({{"depolarise", options.depolarise[t]}, {"mean", mean}, {"sd", sd}});
    }
    text.AddRow(cells);
    rows.push_back({{"n", n}, {"bound", bound}, {"cost", by_noise}});
  }
  nlohmann::json json = {{"command", "qnn generalise"},
                         {"arch", widths},
                         {"pairs", total},
                         {"rounds", options.rounds},
                         {"repeats", options.repeats},
                         {"epsilon", options.epsilon},
                         {"lambda", options.lambda},
                         {"rows", rows},
                         {"complex_macs", work.complex_macs}};
  const std::string human = fmt::format(
      "DQNN {} trained on n of N = {} pairs, tested on all N (mean ± sd over {} repeats), λ = {}, "
      "ε = {}, {} rounds; bound: the reference's boundRand\n\n{}\n",
      options.arch,
      total,
      options.repeats,
      options.lambda,
      options.epsilon,
      options.rounds,
      text.Render());
  Emit(options.common, std::move(json), human);
}

void RunQnnNoise(const QnnOptions& options, CliEnvironment& environment) {
  const std::vector<int> widths = CheckedArchitecture(options.arch);
  const int threads = environment.Context(options.common).threads;
  const int total = options.pairs;
  const Problem problem = MakeProblem(widths, total, options.common.seed, 0);
  Rng noise_rng(options.common.seed, "qnn", "noisy_pairs");
  const std::vector<TrainingPair> noisy =
      quantum::RandomPairs(widths.front(), widths.back(), total, noise_rng);
  std::vector<int> counts;
  for (int i = 0; i <= total; i += options.step) counts.push_back(i);
  if (counts.back() != total) counts.push_back(total);
  ProgressTask progress(
      environment.progress(), "qnn noise", static_cast<std::int64_t>(counts.size()));
  TextTable text({"noisy pairs", "good pairs", "cost on the good pairs"});
  for (std::size_t c = 0; c < 3; ++c) text.SetAlignment(c, TextTable::Align::kRight);
  nlohmann::json rows = nlohmann::json::array();
  DqnnWork work;
  for (const int i : counts) {
    // The first N − i good pairs and the first i noisy ones (the reference samples both; the
    // pairs are already independent and random, so a prefix is a sample).
    std::vector<TrainingPair> train(problem.pairs.begin(), problem.pairs.end() - i);
    train.insert(train.end(), noisy.begin(), noisy.begin() + i);
    const double c =
        TrainAndTest(problem.network, train, problem.pairs, options, 0.0, threads, work);
    text.AddRow({std::to_string(i), std::to_string(total - i), fmt::format("{:.4f}", c)});
    rows.push_back({{"noisy", i}, {"cost", c}});
    progress.Advance(1, fmt::format("{} noisy: cost {:.4f}", i, c));
  }
  progress.End();
  nlohmann::json json = {{"command", "qnn noise"},
                         {"arch", widths},
                         {"pairs", total},
                         {"rounds", options.rounds},
                         {"epsilon", options.epsilon},
                         {"lambda", options.lambda},
                         {"rows", rows}};
  const std::string human = fmt::format(
      "DQNN {} trained on N = {} pairs of which some are replaced by random (noisy) pairs; cost "
      "on the N good pairs; λ = {}, ε = {}, {} rounds\n\n{}\n",
      options.arch,
      total,
      options.lambda,
      options.epsilon,
      options.rounds,
      text.Render());
  Emit(options.common, std::move(json), human);
}

// The flags every qnn command takes.
void AddTrainingFlags(CLI::App& command, QnnOptions& o) {
  command.add_option("--arch", o.arch, "Layer widths in qubits, e.g. 2-3-2")->capture_default_str();
  AddNumber(command,
            "--pairs",
            o.pairs,
            "Training pairs (|φ⟩, V|φ⟩) of a random target unitary V",
            Count(1, 100000, "a number of training pairs", "--pairs 10"));
  AddNumber(command,
            "--epsilon",
            o.epsilon,
            "Step size ε of the update U ← exp(iεK)U",
            Positive("a step size", "--epsilon 0.1"));
  AddNumber(command,
            "--lambda",
            o.lambda,
            "λ, the inverse learning rate (the paper's η = 1/λ)",
            Positive("an inverse learning rate", "--lambda 1"));
  AddNumber(command,
            "--rounds",
            o.rounds,
            "Training rounds",
            Count(0, 10000000, "a number of rounds", "--rounds 500"));
}

}  // namespace

void AddQnnCommand(CLI::App& app, CliEnvironment& environment, std::vector<Command>& commands) {
  CLI::App* qnn = app.add_subcommand(
      "qnn", "Quantum neural networks: Beer et al.'s deep QNN, simulated exactly");
  qnn->require_subcommand(1);
  {
    auto [o, command] = AddCommand<QnnOptions>(
        *qnn,
        commands,
        "train",
        "Train a DQNN on pairs of a random unitary: the cost each round, resources, and the "
        "simulation's arithmetic priced on a digital table",
        [&environment](QnnOptions& options) { RunQnnTrain(options, environment); });
    AddTrainingFlags(*command, *o);
    AddNumber(*command,
              "--target-cost",
              o->target_cost,
              "Report the first round whose cost reaches this",
              Between(0.0, Bound::kOpen, 1.0, Bound::kClosed, "a cost", "--target-cost 0.95"));
    AddHardwareOption(*command, o->hardware, "Digital table that prices the simulation");
    command->add_flag("--with-problem",
                      o->with_problem,
                      "Add the training pairs and the initial perceptrons to the JSON (for a peer "
                      "to train from the same start)");
    command->add_option("--scope", o->scope, "System boundary: core, chip or system")
        ->capture_default_str();
  }
  {
    auto defaults = std::make_shared<QnnOptions>();
    defaults->arch = "3-3-3";
    defaults->rounds = 1000;
    defaults->lambda = 1.5;
    auto [o, command] = AddCommand<QnnOptions>(
        *qnn,
        commands,
        "generalise",
        "Train on n of N pairs for n = 1 … N and test on all N, against the reference bound "
        "(Fig. 2a); --depolarise adds noise to every layer's output",
        [&environment](QnnOptions& options) { RunQnnGeneralise(options, environment); },
        defaults);
    AddTrainingFlags(*command, *o);
    AddNumber(*command,
              "--repeats",
              o->repeats,
              "Repeats (a fresh target, pairs and network each), for mean ± sd",
              Count(1, 100000, "a number of repeats", "--repeats 20"));
    AddNumber(
        *command,
        "--depolarise",
        o->depolarise,
        "Depolarising strengths t applied to each layer's output, comma-separated",
        Between(0.0, Bound::kClosed, 1.0, Bound::kClosed, "a strength", "--depolarise 0,0.01"))
        ->delimiter(',');
  }
  {
    auto defaults = std::make_shared<QnnOptions>();
    defaults->pairs = 100;
    defaults->rounds = 300;
    auto [o, command] = AddCommand<QnnOptions>(
        *qnn,
        commands,
        "noise",
        "Replace 0, step, … N of the N training pairs by random pairs and test on the good ones "
        "(Fig. 2b)",
        [&environment](QnnOptions& options) { RunQnnNoise(options, environment); },
        defaults);
    AddTrainingFlags(*command, *o);
    AddNumber(*command,
              "--step",
              o->step,
              "Noisy pairs added per row",
              Count(1, 100000, "a number of pairs", "--step 5"));
  }
}

}  // namespace landauer::cli

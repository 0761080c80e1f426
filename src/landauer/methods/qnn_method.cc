// qnn-dqnn: a deep quantum neural network as a classifier of classical data (builtin_methods.h;
// the library is quantum/). An extension beyond Beer et al. 2020, which learns quantum data.
#include <fmt/format.h>

#include <chrono>
#include <memory>
#include <stdexcept>

#include "landauer/core/progress.h"
#include "landauer/data/transforms.h"
#include "landauer/energy/erasure.h"
#include "landauer/methods/builtin_methods.h"
#include "landauer/quantum/qnn_classifier.h"
#include "landauer/quantum/qnn_cost.h"

namespace landauer {
namespace {

quantum::QnnClassifierOptions OptionsFromParams(const MethodParams& params, std::uint64_t seed) {
  quantum::QnnClassifierOptions o;
  if (params.Int("hidden") > 0) o.hidden = {static_cast<int>(params.Int("hidden"))};
  o.rounds = static_cast<int>(params.Int("rounds"));
  o.batch = static_cast<int>(params.Int("batch"));
  o.shots = static_cast<int>(params.Int("shots"));
  o.lambda = params.Real("lambda");
  o.epsilon = params.Real("epsilon");
  o.seed = seed;
  return o;
}

// Layer pairs are simulated jointly: each pair of adjacent widths within kMaxQubits. The output
// has ⌈log₂ C⌉ qubits. Before the data is known (validate) the fewest, one for two classes, is
// assumed; Fit checks the real class count before any work.
void CheckWidths(const MethodParams& params, int classes) {
  const int k = static_cast<int>(params.Int("qubits")), h = static_cast<int>(params.Int("hidden"));
  quantum::CheckArchitecture(
      quantum::ClassifierWidths(k, classes, OptionsFromParams(params, 0).hidden),
      fmt::format("qubits = {}, hidden = {} and {} classes", k, h, classes));
}

class QnnMethod final : public Method {
 public:
  QnnMethod(MethodInfo info, const MethodParams& params, const MethodContext& context)
      : info_(std::move(info)),
        qubits_(static_cast<int>(params.Int("qubits"))),
        options_(OptionsFromParams(params, context.seed)),
        params_(params),
        context_(context) {}

  MethodInfo Describe() const override { return info_; }

  FitSummary Fit(const Dataset& train, Ledger& ledger) override {
    const auto start = std::chrono::steady_clock::now();
    CheckWidths(params_, train.num_classes);
    if (qubits_ > train.dimension()) {
      throw std::invalid_argument(
          fmt::format("qnn-dqnn: qubits = {} principal components of {} features; use qubits <= {}",
                      qubits_,
                      train.dimension(),
                      train.dimension()));
    }
    ProgressTask progress(context_.progress, info_.name, 3);
    pca_ = std::make_unique<Pca>(Pca::Fit(train.features, qubits_));
    const MatrixF z = pca_->Transform(train.features);
    progress.Advance(1, "PCA");
    model_ = std::make_unique<quantum::QnnClassifier>(qubits_, train.num_classes, options_);
    quantum::DqnnWork work;
    const std::vector<quantum::QnnClassifier::RoundStats> rounds =
        model_->Fit(z, train.labels, context_.threads, work);
    progress.Advance(
        1, fmt::format("trained, batch cost {:.3f}", rounds.empty() ? 0.0 : rounds.back().cost));
    // The classical preprocessing, in float64 as Pca computes it: the covariance (n d²) and its
    // eigendecomposition (~9 d³), then the projection (n d k).
    const double n = static_cast<double>(train.size()), d = static_cast<double>(train.dimension());
    CountWithErasure(
        ledger, "train", "alu", "fp64_mac", n * d * d + 9.0 * d * d * d + n * d * qubits_);
    // Training is simulated exactly on the digital processor (what landauer does); how a QPU
    // would estimate the update matrices is not modelled.
    quantum::CountSimulation(ledger, "train", work);
    FitSummary fit;
    // One point per round ("epoch" in the report): 1 − cost, and the batch accuracy.
    for (std::size_t r = 0; r < rounds.size(); ++r) {
      fit.curve.push_back({.epoch = static_cast<int>(r) + 1,
                           .loss = 1.0 - rounds[r].cost,
                           .train_accuracy = rounds[r].accuracy});
    }
    progress.Advance(1);
    fit.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    fit.samples = static_cast<std::int64_t>(options_.rounds) * options_.batch;
    fit.steps = options_.rounds;
    fit.final_loss = rounds.empty() ? 1.0 : 1.0 - rounds.back().cost;
    return fit;
  }

  std::vector<Evaluation> Evaluate(const Dataset& test) override {
    if (!model_) throw std::logic_error(info_.name + ": Evaluate before Fit");
    const auto start = std::chrono::steady_clock::now();
    Evaluation evaluation;
    evaluation.variant = fmt::format("{}-shots", options_.shots);
    const MatrixF z = pca_->Transform(test.features);
    quantum::DqnnWork simulated;  // the simulation's; the QPU's shots are what is priced
    const std::vector<std::int32_t> predicted = model_->Predict(z, context_.threads, simulated);
    evaluation.samples = test.size();
    evaluation.accuracy = test.AccuracyOf(predicted);
    const double n = static_cast<double>(test.size()), d = static_cast<double>(test.dimension());
    CountWithErasure(evaluation.ledger, "inference", "alu", "fp64_mac", n * d * qubits_);
    quantum::CountShots(
        evaluation.ledger, "inference", model_->widths(), test.size(), options_.shots);
    evaluation.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::vector<Evaluation> out;
    out.push_back(std::move(evaluation));
    return out;
  }

 private:
  MethodInfo info_;
  int qubits_;
  quantum::QnnClassifierOptions options_;
  MethodParams params_;
  MethodContext context_;
  std::unique_ptr<Pca> pca_;
  std::unique_ptr<quantum::QnnClassifier> model_;
};

}  // namespace

MethodRegistration QnnDqnnRegistration() {
  MethodInfo info{
      .name = "qnn-dqnn",
      .substrate = "quantum",
      .summary =
          "extension beyond Beer et al. 2020: PCA features angle-encoded in a few qubits, a deep "
          "quantum neural network trained by its quantum backpropagation (simulated exactly), "
          "classes read out from a finite number of shots on a superconducting QPU",
      .erased_bits =
          "each fp64 MAC's 64-bit accumulator, of the PCA preprocessing and of the exact training "
          "simulation; per shot, one bit per measured output qubit and one per qubit reset",
      .in_default_set = false,
      .device_tables = {"qpu-superconducting"}};
  std::vector<ParamSpec> params = {
      {.key = "qubits",
       .type = ParamType::kInt,
       .default_value = "4",
       .unit = "qubits",
       .doc = "input qubits: the principal components of the image kept, one per qubit",
       .min = 1,
       .max = 10},
      {.key = "hidden",
       .type = ParamType::kInt,
       .default_value = "0",
       .unit = "qubits",
       .doc = "width of one hidden layer (0: none)",
       .min = 0,
       .max = 10},
      {.key = "rounds",
       .type = ParamType::kInt,
       .default_value = "60",
       .unit = "rounds",
       .doc = "training rounds, each on a fresh mini-batch",
       .min = 0,
       .max = 1000000},
      {.key = "batch",
       .type = ParamType::kInt,
       .default_value = "32",
       .unit = "samples",
       .doc = "training pairs per round",
       .min = 1,
       .max = 1000000},
      {.key = "shots",
       .type = ParamType::kInt,
       .default_value = "100",
       .unit = "shots",
       .doc = "measurements per test sample; the class is the outcome seen most often",
       .min = 1,
       .max = 100000000},
      {.key = "epsilon",
       .type = ParamType::kReal,
       .default_value = "0.1",
       .doc = "step size ε of U ← exp(iεK)U",
       .min = 0,
       .min_exclusive = true},
      {.key = "lambda",
       .type = ParamType::kReal,
       .default_value = "1",
       .doc = "λ, the inverse learning rate (the paper's η = 1/λ)",
       .min = 0,
       .min_exclusive = true},
  };
  return {.info = info,
          .params = params,
          .factory =
              [info](const MethodParams& p, const MethodContext& context) {
                return std::make_unique<QnnMethod>(info, p, context);
              },
          .validate = [](const MethodParams& p) { CheckWidths(p, 2); }};
}

}  // namespace landauer

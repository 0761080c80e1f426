// sparse-mlp: dynamic sparse training on truly sparse kernels (builtin_methods.h; the library is
// sparse/).
#include <fmt/format.h>

#include <chrono>
#include <memory>
#include <stdexcept>

#include "landauer/core/number_parse.h"
#include "landauer/core/progress.h"
#include "landauer/methods/builtin_methods.h"
#include "landauer/methods/mlp_method.h"
#include "landauer/nn/digital_cost.h"
#include "landauer/nn/linear_engine.h"
#include "landauer/nn/trainer.h"
#include "landauer/sparse/dynamic_sparse.h"
#include "landauer/sparse/sparse_cost.h"
#include "landauer/sparse/sparse_training.h"

namespace landauer {
namespace {

// "auto", or a value `check` accepts.
std::function<std::string(std::string_view)> AutoOr(
    std::function<std::string(std::string_view)> check) {
  return [check](std::string_view text) { return text == "auto" ? "" : check(text); };
}

std::string CheckPruneRate(std::string_view text) {
  const ParsedNumber v = ParseDecimal(text);
  if (!v.ok()) return Describe(v.problem, text);
  return v.value >= 0.0 && v.value < 1.0 ? "" : "'" + std::string(text) + "' is outside [0, 1)";
}

std::string CheckInterval(std::string_view text) {
  const ParsedInteger v = ParseInteger(text);
  if (!v.ok()) return Describe(v.problem, text);
  return v.value >= 0 && v.value <= 1'000'000'000
             ? ""
             : "'" + std::string(text) + "' is outside [0, 10⁹]";
}

std::vector<ParamSpec> SparseParams() {
  return {
      {.key = "algorithm",
       .type = ParamType::kText,
       .default_value = "sparse-momentum",
       .doc = "sparse-momentum (Dettmers & Zettlemoyer 2019), set (Mocanu et al. 2018), rigl "
              "(Evci et al. 2020) or static (a fixed random topology)",
       .choices = {"sparse-momentum", "set", "rigl", "static"}},
      {.key = "density",
       .type = ParamType::kReal,
       .default_value = "0.05",
       .doc = "fraction of the weights that are connections (biases stay dense)",
       .min = 0.0,
       .max = 1.0,
       .min_exclusive = true},
      {.key = "distribution",
       .type = ParamType::kText,
       .default_value = "auto",
       .doc = "density per layer: uniform, erk (RigL's Erdős–Rényi–Kernel) or auto (erk for "
              "rigl, uniform otherwise)",
       .choices = {"auto", "uniform", "erk"}},
      {.key = "prune_rate",
       .type = ParamType::kText,
       .default_value = "auto",
       .doc = "fraction pruned (and regrown) per update before its cosine decay; auto: 0.5 for "
              "sparse-momentum, 0.3 for set and rigl",
       .check = AutoOr(CheckPruneRate),
       .accepted = "auto or a number in [0, 1)"},
      {.key = "update_interval",
       .type = ParamType::kText,
       .default_value = "auto",
       .unit = "steps",
       .doc = "steps between topology updates, 0 for the end of each epoch; auto: 100 for rigl, "
              "0 otherwise",
       .check = AutoOr(CheckInterval),
       .accepted = "auto or an integer in [0, 10⁹] (rigl needs ≥ 1)"},
      EpochsParam(),
      BatchParam(100, /*follows=*/false),  // sparse_learning's 100
      {.key = "lr",
       .type = ParamType::kReal,
       .default_value = "0.1",
       .doc = "SGD learning rate (sparse_learning's 0.1; not compare's --lr, which is Adam's)",
       .min = 0.0,
       .min_exclusive = true},
      {.key = "momentum",
       .type = ParamType::kReal,
       .default_value = "0.9",
       .doc = "Nesterov momentum μ",
       .min = 0.0,
       .max = 0.999},
      {.key = "weight_decay",
       .type = ParamType::kReal,
       .default_value = "0.0005",
       .doc = "L2 weight decay λ on every weight and bias",
       .min = 0.0},
      HiddenParam(),
  };
}

sparse::DynamicSparseOptions OptionsFromParams(const MethodParams& params) {
  const sparse::Algorithm algorithm = sparse::AlgorithmFromString(params.Text("algorithm"));
  sparse::DynamicSparseOptions o = sparse::DynamicSparseOptions::Defaults(algorithm);
  o.learning_rate = params.Real("lr");
  o.momentum = params.Real("momentum");
  o.weight_decay = params.Real("weight_decay");
  if (params.Text("prune_rate") != "auto") {
    o.prune_rate = ParseDecimal(params.Text("prune_rate")).value;  // checked by CheckPruneRate
    o.prune_rate_min = std::min(o.prune_rate_min, o.prune_rate);
  }
  if (params.Text("update_interval") != "auto") {
    o.update_interval = static_cast<int>(ParseInteger(params.Text("update_interval")).value);
  }
  o.Validate();
  return o;
}

sparse::Distribution DistributionFromParams(const MethodParams& params) {
  const std::string& d = params.Text("distribution");
  if (d != "auto") return sparse::DistributionFromString(d);
  return params.Text("algorithm") == "rigl" ? sparse::Distribution::kErk
                                            : sparse::Distribution::kUniform;
}

void ValidateParams(const MethodParams& params) {
  try {
    OptionsFromParams(params);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(fmt::format("method sparse-mlp: {}", e.what()));
  }
}

class SparseMlpMethod final : public Method {
 public:
  SparseMlpMethod(MethodInfo info, const MethodParams& params, const MethodContext& context)
      : info_(std::move(info)),
        params_(params),
        options_(OptionsFromParams(params)),
        distribution_(DistributionFromParams(params)),
        context_(context) {}

  MethodInfo Describe() const override { return info_; }

  FitSummary Fit(const Dataset& train, Ledger& ledger) override {
    const auto start = std::chrono::steady_clock::now();
    const nn::MlpSpec spec = ClassifierSpec(train, params_.Text("hidden"));
    model_ = std::make_unique<sparse::SparseMlp>(spec);
    model_->Initialize(context_.seed,
                       sparse::LayerDensities(spec, params_.Real("density"), distribution_));
    sparse::SparseTrainingResult r = sparse::TrainSparseMlp(*model_,
                                                            train,
                                                            options_,
                                                            {.epochs = params_.Int("epochs"),
                                                             .batch = params_.Int("batch"),
                                                             .seed = context_.seed,
                                                             .threads = context_.threads,
                                                             .progress_name = info_.name},
                                                            context_.progress);
    ledger.Merge(r.ledger);
    work_ = r.work;
    FitSummary fit;
    for (const sparse::SparseEpoch& e : r.curve) {
      fit.curve.push_back({.epoch = e.epoch, .loss = e.loss, .train_accuracy = e.train_accuracy});
    }
    fit.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    fit.samples = r.work.samples;
    fit.steps = r.work.steps;
    fit.final_loss = fit.curve.back().loss;
    return fit;
  }

  std::vector<Evaluation> Evaluate(const Dataset& test) override {
    if (!model_) throw std::logic_error(info_.name + ": Evaluate before Fit");
    const sparse::SparseShape shape = sparse::SparseShape::Of(*model_);
    std::vector<Evaluation> out;
    {  // The truly sparse kernel.
      const auto start = std::chrono::steady_clock::now();
      Evaluation e;
      e.variant = "csr";
      e.accuracy =
          sparse::EvaluateSparseMlp(*model_, test, kEvaluationBatch, context_.threads, &e.ledger);
      e.samples = test.size();
      e.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      out.push_back(std::move(e));
    }
    {  // The same weights on a dense masked layer, as the peers run them (nn/digital_cost.h).
      Evaluation e;
      e.variant = "dense-masked";
      nn::DigitalEngine engine(context_.threads);
      const nn::DigitalCostModel cost(model_->spec(), nn::Precision::kFp32);
      const nn::EvalResult r = nn::Evaluate(
          model_->ToDense(), test, kEvaluationBatch, engine, &cost, &e.ledger, "inference");
      e.accuracy = r.accuracy;
      e.samples = r.samples;
      e.seconds = r.seconds;
      out.push_back(std::move(e));
    }
    double dense_macs = 0.0;
    for (std::size_t l = 0; l + 1 < shape.widths.size(); ++l) {
      dense_macs += double(shape.widths[l]) * shape.widths[l + 1] + shape.widths[l + 1];
    }
    const double active = double(shape.total_nonzeros() + shape.biases());
    for (Evaluation& e : out) {
      e.metrics = {{"density", model_->density()},
                   {"active_parameters", active},
                   {"active_macs_per_inference", e.variant == "csr" ? active : dense_macs},
                   {"train_topology_updates", double(work_.updates)},
                   {"train_connections_regrown", double(work_.regrown)}};
    }
    return out;
  }

 private:
  MethodInfo info_;
  MethodParams params_;
  sparse::DynamicSparseOptions options_;
  sparse::Distribution distribution_;
  MethodContext context_;
  std::unique_ptr<sparse::SparseMlp> model_;
  sparse::SparseWork work_;
};

}  // namespace

MethodRegistration SparseMlpRegistration() {
  MethodInfo info{
      .name = "sparse-mlp",
      .substrate = "sparse",
      .summary =
          "an MLP whose layers are truly sparse (CSR kernels, no dense shadow), trained "
          "from scratch at a fixed density while connections die and grow (sparse "
          "momentum, SET or RigL); inference on the CSR kernel and, for comparison, on a "
          "dense masked layer",
      .erased_bits =
          "every bit written (activations, gradients, weights, momentum, rewired "
          "connections) and each MAC's 32-bit accumulator, by energy/erasure.h",
      .in_default_set = false};
  return {.info = info,
          .params = SparseParams(),
          .factory =
              [info](const MethodParams& params, const MethodContext& context) {
                return std::make_unique<SparseMlpMethod>(info, params, context);
              },
          .validate = ValidateParams};
}

}  // namespace landauer

// moe-mlp: a classifier with one mixture-of-experts layer, routed sparsely (builtin_methods.h;
// the library is moe/).
#include <fmt/format.h>

#include <chrono>
#include <memory>
#include <stdexcept>

#include "landauer/methods/builtin_methods.h"
#include "landauer/methods/mlp_method.h"
#include "landauer/moe/moe_cost.h"
#include "landauer/moe/moe_training.h"

namespace landauer {
namespace {

std::vector<ParamSpec> MoeParams() {
  ParamSpec lr = LearningRateParam();
  return {
      {.key = "experts",
       .type = ParamType::kInt,
       .default_value = "8",
       .doc = "experts in the layer (1: the dense residual MLP with the same active MACs)",
       .min = 1,
       .max = 4096},
      {.key = "top_k",
       .type = ParamType::kInt,
       .default_value = "1",
       .doc = "experts per token (switch: 1; noisy-top-k: Shazeer used 2 or 4)",
       .min = 1,
       .max = 4096},
      {.key = "gating",
       .type = ParamType::kText,
       .default_value = "switch",
       .doc = "switch (Fedus et al. 2022: top-1, gate = its softmax probability) or noisy-top-k "
              "(Shazeer et al. 2017)",
       .choices = {"switch", "noisy-top-k"}},
      {.key = "capacity_factor",
       .type = ParamType::kReal,
       .default_value = "1.25",
       .doc = "expert capacity = ⌈k · tokens · factor / experts⌉ per batch; the overflow takes "
              "the residual path",
       .min = 0.0,
       .min_exclusive = true},
      {.key = "aux_weight",
       .type = ParamType::kReal,
       .default_value = "0.01",
       .doc = "Switch's load-balancing α (its paper's 0.01)",
       .min = 0.0},
      {.key = "balance_weight",
       .type = ParamType::kReal,
       .default_value = "0.1",
       .doc = "noisy-top-k's w_importance = w_load (Shazeer et al.'s 0.1)",
       .min = 0.0},
      {.key = "width",
       .type = ParamType::kInt,
       .default_value = "64",
       .doc = "token width d through the MoE layer",
       .min = 1,
       .max = 1 << 16},
      {.key = "expert_hidden",
       .type = ParamType::kInt,
       .default_value = "128",
       .doc = "each expert's hidden width (d → hidden → d)",
       .min = 1,
       .max = 1 << 16},
      {.key = "devices",
       .type = ParamType::kInt,
       .default_value = "1",
       .doc = "devices the experts are spread over (expert e on device e mod devices); slots "
              "that cross pay the all-to-all at the interconnect table's price",
       .min = 1,
       .max = 4096},
      EpochsParam(),
      BatchParam(128, /*follows=*/true),
      lr,
  };
}

moe::MoeSpec SpecFromParams(const MethodParams& params, int input, int classes) {
  const moe::Gating gating = moe::GatingFromString(params.Text("gating"));
  return {.input = input,
          .width = params.Int("width"),
          .expert_hidden = params.Int("expert_hidden"),
          .classes = classes,
          .router = {.gating = gating,
                     .experts = params.Int("experts"),
                     .k = params.Int("top_k"),
                     .capacity_factor = params.Real("capacity_factor"),
                     .aux_weight = params.Real("aux_weight"),
                     .importance_weight = params.Real("balance_weight"),
                     .load_weight = params.Real("balance_weight")}};
}

void ValidateParams(const MethodParams& params) {
  try {
    SpecFromParams(params, 1, 2).Validate();
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(fmt::format("method moe-mlp: {}", e.what()));
  }
}

class MoeMlpMethod final : public Method {
 public:
  MoeMlpMethod(MethodInfo info, const MethodParams& params, const MethodContext& context)
      : info_(std::move(info)), params_(params), context_(context) {}

  MethodInfo Describe() const override { return info_; }

  FitSummary Fit(const Dataset& train, Ledger& ledger) override {
    const auto start = std::chrono::steady_clock::now();
    spec_ = SpecFromParams(params_, static_cast<int>(train.dimension()), train.num_classes);
    model_ = std::make_unique<moe::MoeMlp>(spec_);
    model_->Initialize(context_.seed);
    const moe::MoeTrainingResult r = moe::TrainMoe(*model_,
                                                   train,
                                                   {.epochs = params_.Int("epochs"),
                                                    .batch = params_.Int("batch"),
                                                    .learning_rate = params_.Real("lr"),
                                                    .seed = context_.seed,
                                                    .threads = context_.threads,
                                                    .devices = params_.Int("devices"),
                                                    .progress_name = info_.name},
                                                   context_.progress);
    ledger.Merge(r.ledger);
    final_epoch_ = r.curve.back();
    FitSummary fit;
    for (const moe::MoeEpoch& e : r.curve) {
      fit.curve.push_back({.epoch = e.epoch, .loss = e.loss, .train_accuracy = e.train_accuracy});
    }
    fit.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    fit.samples = static_cast<std::int64_t>(r.work.backward_tokens);
    fit.steps = r.steps;
    fit.final_loss = final_epoch_.loss;
    return fit;
  }

  std::vector<Evaluation> Evaluate(const Dataset& test) override {
    if (!model_) throw std::logic_error(info_.name + ": Evaluate before Fit");
    const auto start = std::chrono::steady_clock::now();
    const moe::MoeEvaluation r =
        moe::EvaluateMoe(*model_, test, kEvaluationBatch, context_.threads, params_.Int("devices"));
    Evaluation e;
    e.variant =
        fmt::format("{}-e{}-k{}", params_.Text("gating"), spec_.router.experts, spec_.router.k);
    e.accuracy = r.accuracy;
    e.samples = test.size();
    moe::CountMoe(e.ledger, "inference", spec_, r.work, kEvaluationBatch, 0);
    e.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double tokens = std::max(1.0, r.work.tokens);
    e.metrics = {{"experts", double(spec_.router.experts)},
                 {"top_k", double(spec_.router.k)},
                 {"parameters", double(spec_.parameters())},
                 {"active_parameters", double(spec_.active_parameters())},
                 {"active_macs_per_inference", ActiveMacs(r.work)},
                 {"dropped_fraction", r.dropped_fraction},
                 {"load_cv", r.load_cv},
                 {"remote_slots_per_inference", r.work.remote_slots / tokens},
                 {"train_aux_loss", final_epoch_.aux_loss},
                 {"train_load_cv", final_epoch_.load_cv}};
    std::vector<Evaluation> out;
    out.push_back(std::move(e));
    return out;
  }

 private:
  // Forward multiply-adds per token as they ran: the dense layers, the router, and the experts
  // and combine of the slots kept (dropped slots ran no expert).
  double ActiveMacs(const moe::MoeWork& work) const {
    const double d = spec_.width, tokens = std::max(1.0, work.tokens);
    return d * (spec_.input + 1) + double(spec_.classes) * (d + 1) + spec_.router.experts * d +
           work.kept_slots / tokens * (spec_.ExpertMacs() + d);
  }

  MethodInfo info_;
  MethodParams params_;
  MethodContext context_;
  moe::MoeSpec spec_;
  std::unique_ptr<moe::MoeMlp> model_;
  moe::MoeEpoch final_epoch_;
};

}  // namespace

MethodRegistration MoeMlpRegistration() {
  MethodInfo info{
      .name = "moe-mlp",
      .substrate = "moe",
      .summary =
          "an input layer, one mixture-of-experts layer (Switch top-1 or noisy top-k, "
          "expert capacity with token dropping and a residual path, the published "
          "load-balancing losses) and a linear head, trained with Adam; each token runs "
          "only on its routed experts",
      .erased_bits =
          "every bit written (activations, dispatch copies, gradients, parameters, "
          "Adam state, interconnect bits received) and each MAC's 32-bit accumulator, "
          "by energy/erasure.h",
      .in_default_set = false,
      .device_tables = {"interconnect"}};
  return {.info = info,
          .params = MoeParams(),
          .factory =
              [info](const MethodParams& params, const MethodContext& context) {
                return std::make_unique<MoeMlpMethod>(info, params, context);
              },
          .validate = ValidateParams};
}

}  // namespace landauer

#include <gtest/gtest.h>

#include <cmath>

#include "landauer/core/rng.h"
#include "landauer/data/synthetic.h"
#include "landauer/energy/erasure.h"
#include "landauer/energy/hardware_catalog.h"
#include "landauer/moe/moe_cost.h"
#include "landauer/moe/moe_mlp.h"
#include "landauer/moe/moe_training.h"
#include "landauer/moe/router.h"
#include "landauer/nn/optimizer.h"

namespace landauer::moe {
namespace {

// T tokens, each preferring expert `prefer(t)` by a logit margin of `margin`.
template <typename Prefer>
MatrixF PreferenceLogits(int tokens, int experts, double margin, Prefer prefer) {
  MatrixF logits = MatrixF::Zero(tokens, experts);
  for (int t = 0; t < tokens; ++t) logits(t, prefer(t)) = static_cast<float>(margin);
  return logits;
}

// Switch: α·E·Σ fᵢPᵢ is exactly α when routing is uniform (fᵢ = Pᵢ = 1/E), and grows with skew.
TEST(Router, SwitchAuxLossIsOneUnderUniformRoutingAndMoreUnderSkew) {
  const RouterOptions o{.gating = Gating::kSwitch, .experts = 4, .k = 1, .aux_weight = 1.0};
  const std::vector<double> uniform(4, 0.25);
  EXPECT_DOUBLE_EQ(SwitchAuxLoss(uniform, uniform, 1.0), 1.0);
  const Routing balanced =
      Route(PreferenceLogits(40, 4, 3.0, [](int t) { return t % 4; }), nullptr, nullptr, o);
  EXPECT_NEAR(balanced.aux_loss, 1.0, 1e-6);
  for (const double f : balanced.fraction) EXPECT_DOUBLE_EQ(f, 0.25);
  const Routing skewed = Route(
      PreferenceLogits(40, 4, 3.0, [](int t) { return t % 5 == 0 ? 1 : 0; }), nullptr, nullptr, o);
  EXPECT_GT(skewed.aux_loss, 2.0);
  // Every token on one expert with certainty: α·E.
  const Routing collapsed =
      Route(PreferenceLogits(40, 4, 60.0, [](int) { return 2; }), nullptr, nullptr, o);
  EXPECT_NEAR(collapsed.aux_loss, 4.0, 1e-6);
}

// Megatron-LM#1513: fᵢ counts the tokens routed, before the capacity drops any. And the dropped
// count is exact: 40 tokens on one of 4 experts at capacity ⌈40·1/4⌉ = 10 drop 30.
TEST(Router, CapacityDropsExactlyAndLeavesTheAuxLossAlone) {
  const MatrixF logits = PreferenceLogits(40, 4, 2.0, [](int t) { return t < 34 ? 0 : 1; });
  RouterOptions o{.gating = Gating::kSwitch, .experts = 4, .k = 1, .capacity_factor = 1.0};
  const Routing limited = Route(logits, nullptr, nullptr, o);
  EXPECT_EQ(limited.capacity, 10);
  EXPECT_EQ(limited.dropped, 24);  // expert 0 keeps 10 of 34; expert 1 keeps its 6
  EXPECT_EQ(limited.kept_per_expert, (std::vector<std::int64_t>{10, 6, 0, 0}));
  // The first tokens in order keep their slots.
  for (int t = 0; t < 40; ++t) EXPECT_EQ(limited.kept[t], t < 10 || t >= 34) << t;
  o.capacity_factor = 0.0;  // unlimited
  const Routing unlimited = Route(logits, nullptr, nullptr, o);
  EXPECT_EQ(unlimited.dropped, 0);
  EXPECT_DOUBLE_EQ(limited.aux_loss, unlimited.aux_loss);
  // Top-2: second choices queue behind every first choice.
  const RouterOptions top2{
      .gating = Gating::kNoisyTopK, .experts = 4, .k = 2, .capacity_factor = 1.0};
  MatrixF two = MatrixF::Zero(8, 4);
  for (int t = 0; t < 8; ++t) two(t, 0) = 2.0f, two(t, 1) = 1.0f;  // all: 0 first, 1 second
  const Routing r2 = Route(two, nullptr, nullptr, top2);
  EXPECT_EQ(r2.capacity, 4);  // ⌈2·8·1/4⌉
  const std::vector<std::int64_t> expected = {4, 4, 0, 0};
  EXPECT_EQ(r2.kept_per_expert, expected);
  EXPECT_EQ(r2.dropped, 8);
}

TEST(Router, OptionsAreValidated) {
  const MatrixF logits = MatrixF::Zero(4, 4);
  EXPECT_THROW(
      Route(logits, nullptr, nullptr, {.gating = Gating::kNoisyTopK, .experts = 4, .k = 5}),
      std::invalid_argument);
  EXPECT_THROW(Route(logits, nullptr, nullptr, {.gating = Gating::kSwitch, .experts = 4, .k = 2}),
               std::invalid_argument);
  EXPECT_THROW(Route(logits,
                     nullptr,
                     nullptr,
                     {.gating = Gating::kSwitch, .experts = 4, .capacity_factor = -1}),
               std::invalid_argument);
  EXPECT_THROW(Route(logits, nullptr, nullptr, {.gating = Gating::kSwitch, .experts = 3}),
               std::invalid_argument);
  EXPECT_THROW(GatingFromString("expert-choice"), std::invalid_argument);
}

// The aux loss is a function of the router logits (hyper-parallel#752: a broadcasting bug made it
// constant), and its gradient is the derivative of the loss Route reports: checked against
// central differences, for Switch and for noisy top-k (importance and smooth load, fixed noise).
TEST(Router, AuxLossGradientMatchesFiniteDifferences) {
  Rng rng(5, "test", "moe");
  const int t_count = 24, e = 6;
  MatrixF logits(t_count, e), noise(t_count, e), normal(t_count, e);
  for (int i = 0; i < logits.size(); ++i) {
    logits.data()[i] = static_cast<float>(rng.Normal());
    noise.data()[i] = static_cast<float>(rng.Normal() - 1.0);
    normal.data()[i] = static_cast<float>(rng.Normal());
  }
  const RouterOptions sw{.gating = Gating::kSwitch, .experts = e, .k = 1, .aux_weight = 1.0};
  const RouterOptions nk{.gating = Gating::kNoisyTopK,
                         .experts = e,
                         .k = 2,
                         .importance_weight = 1.0,
                         .load_weight = 1.0};
  for (const RouterOptions& o : {sw, nk}) {
    const bool noisy = o.gating == Gating::kNoisyTopK;
    const auto aux = [&](const MatrixF& l, const MatrixF& n) {
      return Route(l, noisy ? &n : nullptr, noisy ? &normal : nullptr, o).aux_loss;
    };
    const Routing r = Route(logits, noisy ? &noise : nullptr, noisy ? &normal : nullptr, o);
    const std::vector<float> no_gate_gradient(r.gate.size(), 0.0f);
    const RouterGradient g = RouteBackward(r, no_gate_gradient, noisy ? &noise : nullptr, o);
    EXPECT_GT(g.logits.cwiseAbs().maxCoeff(), 1e-4f) << ToString(o.gating);
    constexpr double kStep = 1e-3;
    for (int i = 0; i < logits.size(); i += 5) {
      MatrixF up = logits, down = logits;
      up.data()[i] += kStep;
      down.data()[i] -= kStep;
      const double fd = (aux(up, noise) - aux(down, noise)) / (2 * kStep);
      EXPECT_NEAR(g.logits.data()[i], fd, 2e-3 + 2e-2 * std::abs(fd)) << ToString(o.gating) << i;
      if (noisy) {
        MatrixF nu = noise, nd = noise;
        nu.data()[i] += kStep;
        nd.data()[i] -= kStep;
        const double fdn = (aux(logits, nu) - aux(logits, nd)) / (2 * kStep);
        EXPECT_NEAR(g.noise_logits.data()[i], fdn, 2e-3 + 2e-2 * std::abs(fdn)) << i;
      }
    }
  }
}

MoeSpec SmallSpec(Gating gating, int experts, int k, double capacity_factor) {
  return {.input = 12,
          .width = 8,
          .expert_hidden = 10,
          .classes = 3,
          .router = {.gating = gating,
                     .experts = experts,
                     .k = k,
                     .capacity_factor = capacity_factor,
                     .aux_weight = 0.5,
                     .importance_weight = 0.5,
                     .load_weight = 0.5}};
}

// ∂(CE + aux)/∂θ against central differences of the loss, for every block of parameters, with
// experts over capacity (dropped tokens take the residual path).
TEST(MoeMlp, GradientMatchesFiniteDifferences) {
  Rng rng(6, "test", "moe");
  MatrixF x(16, 12);
  for (int i = 0; i < x.size(); ++i) x.data()[i] = static_cast<float>(rng.Normal());
  std::vector<std::int32_t> y(16);
  for (int i = 0; i < 16; ++i) y[i] = i % 3;
  for (const MoeSpec& spec :
       {SmallSpec(Gating::kSwitch, 4, 1, 0.75), SmallSpec(Gating::kNoisyTopK, 4, 2, 0.75)}) {
    MoeMlp model(spec);
    model.Initialize(3);
    for (float& p : model.parameters()) p *= 3.0f;  // a router that prefers, so gates vary
    MoeMlp::Workspace ws;
    AlignedFloats gradient;
    Rng noise(7, "test", "noise");
    Rng noise_copy = noise;
    const MoeStep step = model.Backward(x, y, ws, gradient, &noise, 1);
    EXPECT_GT(step.routing.dropped, 0) << ToString(spec.router.gating);
    const auto loss = [&](MoeMlp& m) {
      Rng n = noise_copy;
      MoeMlp::Workspace w;
      const MoeStep s = m.Forward(x, y, w, &n, 1);
      return s.loss.loss + s.aux_loss;
    };
    int checked = 0, agreed = 0;
    for (std::size_t i = 0; i < model.parameters().size(); i += 7) {
      const float saved = model.parameters()[i];
      constexpr float kStep = 2e-3f;
      model.parameters()[i] = saved + kStep;
      const double up = loss(model);
      model.parameters()[i] = saved - kStep;
      const double down = loss(model);
      model.parameters()[i] = saved;
      const double fd = (up - down) / (2.0 * kStep);
      ++checked;
      agreed += std::abs(gradient[i] - fd) <= 2e-3 + 3e-2 * std::abs(fd);
    }
    // A step can move a token across a routing boundary (argmax or top-k): allow a few.
    EXPECT_GE(agreed, checked * 97 / 100)
        << ToString(spec.router.gating) << " " << agreed << "/" << checked;
  }
}

// Sparse dispatch computes what every expert on every token, masked by the routing, computes.
TEST(MoeMlp, SparseDispatchEqualsTheDenseMaskedComputation) {
  const MoeSpec spec = SmallSpec(Gating::kNoisyTopK, 5, 2, 1.0);
  MoeMlp model(spec);
  model.Initialize(4);
  Rng rng(8, "test", "moe");
  MatrixF x(30, 12);
  for (int i = 0; i < x.size(); ++i) x.data()[i] = static_cast<float>(rng.Normal());
  MoeMlp::Workspace ws;
  MoeWork work;
  const MoeStep step = model.Forward(x, {}, ws, nullptr, 1, &work);
  const Routing& r = step.routing;
  MatrixF h = (x * model.InputWeight().transpose()).rowwise() +
              Eigen::Map<const Eigen::RowVectorXf>(model.InputBias().data(), 8);
  h = h.cwiseMax(0.0f);
  MatrixF y = h;
  for (int e = 0; e < 5; ++e) {
    MatrixF a = (h * model.ExpertWeight1(e).transpose()).rowwise() +
                Eigen::Map<const Eigen::RowVectorXf>(model.ExpertBias1(e).data(), 10);
    a = a.cwiseMax(0.0f);
    const MatrixF out = (a * model.ExpertWeight2(e).transpose()).rowwise() +
                        Eigen::Map<const Eigen::RowVectorXf>(model.ExpertBias2(e).data(), 8);
    for (std::size_t s = 0; s < r.expert.size(); ++s) {
      if (r.kept[s] && r.expert[s] == e) y.row(s / 2) += r.gate[s] * out.row(s / 2);
    }
  }
  const MatrixF logits = (y * model.OutputWeight().transpose()).rowwise() +
                         Eigen::Map<const Eigen::RowVectorXf>(model.OutputBias().data(), 3);
  EXPECT_LE((logits - ws.logits).cwiseAbs().maxCoeff(), 1e-5f);
  // Only the routed tokens ran: kept slots = 2 per token less the dropped.
  EXPECT_EQ(work.kept_slots, 60.0 - double(r.dropped));
  EXPECT_EQ(work.dropped_slots, double(r.dropped));
}

TEST(MoeMlp, BackwardDoesNotDependOnTheThreadCount) {
  const MoeSpec spec = {.input = 40,
                        .width = 64,
                        .expert_hidden = 128,
                        .classes = 4,
                        .router = {.gating = Gating::kSwitch, .experts = 8, .k = 1}};
  MoeMlp model(spec);
  model.Initialize(2);
  Rng rng(9, "test", "moe");
  MatrixF x(256, 40);
  for (int i = 0; i < x.size(); ++i) x.data()[i] = static_cast<float>(rng.Normal());
  std::vector<std::int32_t> y(256);
  for (int i = 0; i < 256; ++i) y[i] = i % 4;
  MoeMlp::Workspace w1, w2;
  AlignedFloats g1, g2;
  model.Backward(x, y, w1, g1, nullptr, 1);
  model.Backward(x, y, w2, g2, nullptr, 2);
  EXPECT_EQ(g1, g2);
}

TEST(MoeMlp, SpecCountsAndValidation) {
  const MoeSpec spec = {.input = 784,
                        .width = 64,
                        .expert_hidden = 128,
                        .classes = 10,
                        .router = {.gating = Gating::kSwitch, .experts = 8, .k = 1}};
  const double expert = 128.0 * 65 + 64.0 * 129;
  EXPECT_EQ(spec.ExpertMacs(), expert);
  EXPECT_EQ(spec.ActiveMacsPerToken(false), 64.0 * 785 + 8 * 64 + expert + 10 * 65);
  EXPECT_EQ(spec.parameters(), 64 * 785 + 8 * 64 + 8 * static_cast<std::int64_t>(expert) + 650);
  EXPECT_EQ(spec.active_parameters(), 64 * 785 + 8 * 64 + static_cast<std::int64_t>(expert) + 650);
  MoeSpec bad = spec;
  bad.width = 0;
  EXPECT_THROW(bad.Validate(), std::invalid_argument);
  bad = spec;
  bad.router.k = 9;
  EXPECT_THROW(MoeMlp{bad}, std::invalid_argument);
}

}  // namespace
}  // namespace landauer::moe

namespace landauer::moe {
namespace {

// Forward counts of a tiny layer by hand (moe_cost.h): input 4, d = 2, f = 3, 2 classes, 2
// experts; 10 tokens of which 8 slots were kept, in one batch where both experts ran.
TEST(MoeCost, ForwardCountsByHand) {
  const MoeSpec spec{.input = 4,
                     .width = 2,
                     .expert_hidden = 3,
                     .classes = 2,
                     .router = {.gating = Gating::kSwitch, .experts = 2, .k = 1}};
  const MoeWork work{
      .tokens = 10, .kept_slots = 8, .dropped_slots = 2, .expert_batches = 2, .batches = 1};
  Ledger ledger;
  CountMoe(ledger, "inference", spec, work, 10, 0);
  const double expert = 3.0 * 3 + 2.0 * 4;  // f(d+1) + d(f+1)
  // Per token: input layer 2·5, head 2·3, router 2·2; per kept slot: the expert and the combine.
  EXPECT_EQ(ledger.count("inference", "alu", "fp32_mac"), 10 * (10 + 6 + 4) + 8 * (expert + 2));
  EXPECT_EQ(ledger.count("inference", "alu", "int32_add"), 10.0);  // argmax of 2: 1 compare
  // Weights: dense layers and router once, each expert once (it ran in this batch).
  EXPECT_EQ(ledger.count("inference", "sram_small", "read_bit"),
            32.0 * (10 + 6 + 4 + 2 * expert) + 32.0 * (10 * (4 + 2) + 8 * (2 + 3 + 2)));
  EXPECT_EQ(ledger.count("inference", "interconnect", "bit"), 0.0);
  EXPECT_EQ(ConventionErasedBits(ledger, "inference"), ledger.erased_bits("inference"));
}

// Every action is priced on every digital table combined with the interconnect; remote slots pay
// 64·d bits each way of a training step.
TEST(MoeCost, EveryActionIsPricedAndTheAllToAllIsCounted) {
  const MoeSpec spec{.input = 784,
                     .width = 64,
                     .expert_hidden = 128,
                     .classes = 10,
                     .router = {.gating = Gating::kNoisyTopK, .experts = 8, .k = 2}};
  const MoeWork work{.tokens = 128,
                     .backward_tokens = 128,
                     .noisy_tokens = 128,
                     .kept_slots = 250,
                     .backward_slots = 250,
                     .dropped_slots = 6,
                     .expert_batches = 8,
                     .batches = 1,
                     .remote_slots = 100};
  Ledger ledger;
  CountMoe(ledger, "train", spec, work, 128, 1);
  EXPECT_EQ(ledger.count("train", "interconnect", "bit"), 2 * 2 * 32.0 * 64 * 100);
  EXPECT_EQ(ConventionErasedBits(ledger, "train"), ledger.erased_bits("train"));
  const HardwareCatalog catalog;
  for (const char* name : {"h100", "a100", "cmos-45nm", "cmos-7nm"}) {
    const std::vector<std::string> device = {"interconnect"};
    EXPECT_NO_THROW(ledger.Price(catalog.Combined(name, device))) << name;
  }
}

// The Switch auxiliary loss spreads the tokens: trained with α = 0.01 the experts' load varies
// less than with α = 0, at no loss of accuracy.
TEST(MoeTraining, TheAuxiliaryLossBalancesTheExperts) {
  SyntheticOptions data_options;
  data_options.train_samples = 2000;
  data_options.separation = 1.0;
  const TrainTest data = MakeSynthetic(data_options, 3);
  const auto train = [&](double alpha) {
    MoeMlp model({.input = 32,
                  .width = 16,
                  .expert_hidden = 32,
                  .classes = 4,
                  .router = {.gating = Gating::kSwitch,
                             .experts = 4,
                             .k = 1,
                             .capacity_factor = 2.0,
                             .aux_weight = alpha}});
    model.Initialize(1);
    const MoeTrainingResult r =
        TrainMoe(model, data.train, {.epochs = 6, .batch = 50, .learning_rate = 3e-3, .seed = 2});
    const MoeEvaluation e = EvaluateMoe(model, data.test, 200, 1);
    std::printf("alpha %.3f: train load CV %.3f, test load CV %.3f, accuracy %.3f\n",
                alpha,
                r.curve.back().load_cv,
                e.load_cv,
                e.accuracy);
    return std::pair{r.curve.back().load_cv, e.accuracy};
  };
  const auto [balanced_cv, balanced_accuracy] = train(0.01);
  const auto [free_cv, free_accuracy] = train(0.0);
  EXPECT_LT(balanced_cv, free_cv);
  EXPECT_GT(balanced_accuracy, free_accuracy - 0.02);
}

}  // namespace
}  // namespace landauer::moe

// MlpMethod: a recipe's parameters reach the training; variants run on their engines; progress
// is reported through the context's sink.
#include "landauer/methods/mlp_method.h"

#include <gtest/gtest.h>

#include "landauer/core/progress.h"
#include "landauer/data/synthetic.h"
#include "landauer/methods/shared_work.h"

namespace landauer {
namespace {

TrainTest Tiny() {
  return MakeSynthetic({.train_samples = 200, .test_samples = 60, .dimension = 6, .classes = 3}, 4);
}

std::unique_ptr<Method> Make(const std::string& name,
                             const std::vector<ParamOverride>& overrides,
                             const MethodContext& context) {
  const MethodRegistration r = FindMethod(name);
  const MethodSettings settings{.epochs = 1, .batch = 50, .learning_rate = 1e-2, .hidden = "8"};
  return r.factory(ResolveParams(name, r.params, settings, overrides), context);
}

TEST(MlpMethod, BatchParameterSetsTheSteps) {
  const TrainTest data = Tiny();
  std::vector<ProgressEvent> events;
  CallbackProgress progress([&](const ProgressEvent& e) { events.push_back(e); });
  const MethodContext context{.seed = 1, .threads = 1, .progress = &progress};
  Ledger ledger;
  // tngd-mlp's batch is its own (64 by default); --param sets it.
  auto tngd =
      Make("tngd-mlp", {{"tngd-mlp", "batch", "40"}, {"tngd-mlp", "analog_time", "5"}}, context);
  const FitSummary fit = tngd->Fit(data.train, ledger);
  EXPECT_EQ(fit.samples, 200);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.front().task, "tngd-mlp");
  EXPECT_EQ(events.front().total, 5);  // ⌈200 / 40⌉ steps
  EXPECT_EQ(events.back().kind, ProgressEvent::Kind::kEnd);
  // Five TNGD iterations, each N DAC conversions.
  const auto* mlp = dynamic_cast<const MlpMethod*>(tngd.get());
  ASSERT_NE(mlp, nullptr);
  EXPECT_EQ(ledger.count("train", "dac", "convert_16b"), 5.0 * mlp->model()->num_parameters());
  EXPECT_EQ(ledger.count("train", "spu", "cell_tau"),
            5.0 * (mlp->model()->num_parameters() + 40 * 3) * 5.0);
}

TEST(MlpMethod, EvaluatesEveryVariantOnItsEngine) {
  const TrainTest data = Tiny();
  auto digital = Make("digital-mlp", {}, {.seed = 2, .threads = 1});
  EXPECT_THROW(digital->Evaluate(data.test), std::logic_error);
  Ledger ledger;
  digital->Fit(data.train, ledger);
  const std::vector<Evaluation> evaluations = digital->Evaluate(data.test);
  ASSERT_EQ(evaluations.size(), 3u);
  EXPECT_EQ(evaluations[0].variant, "fp32");
  EXPECT_EQ(evaluations[1].variant, "bf16");
  EXPECT_EQ(evaluations[2].variant, "int8");
  EXPECT_GT(evaluations[0].ledger.count("inference", "alu", "fp32_mac"), 0.0);
  EXPECT_GT(evaluations[1].ledger.count("inference", "alu", "bf16_mac"), 0.0);
  EXPECT_GT(evaluations[2].ledger.count("inference", "alu", "int8_mac"), 0.0);
  for (const Evaluation& e : evaluations) EXPECT_EQ(e.samples, 60);
  // Evaluate again: the same.
  EXPECT_EQ(digital->Evaluate(data.test)[2].ledger.ToJson(), evaluations[2].ledger.ToJson());
}

TEST(MlpMethod, SharesTrainingOnlyWhenItIsTheSame) {
  const TrainTest data = Tiny();
  SharedWork shared;
  const MethodContext context{.seed = 2, .threads = 1, .shared = &shared};
  Ledger a, b, c;
  Make("digital-mlp", {}, context)->Fit(data.train, a);
  Make("adiabatic-mlp", {}, context)->Fit(data.train, b);
  EXPECT_EQ(a.ToJson(), b.ToJson());
  // A different hidden width is a different network: trained anew.
  auto wider = Make("adiabatic-mlp", {{"adiabatic-mlp", "hidden", "12"}}, context);
  wider->Fit(data.train, c);
  EXPECT_NE(a.ToJson(), c.ToJson());
}

}  // namespace
}  // namespace landauer

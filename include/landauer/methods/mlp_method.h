// landauer/methods/mlp_method.h — one MLP method, many recipes: train once, run many substrates.
//
// digital-mlp, tngd-mlp and adiabatic-mlp are one method, MlpMethod, driven by a recipe: how the
// network is trained (its optimizer, a direction transform such as thermo::Tngd) and on which
// engines and cost models it then runs inference. A recipe registers like any method:
//
//   MlpRecipe recipe;
//   recipe.info = {.name = "digital-mlp", .substrate = "digital", ...};
//   recipe.params = {EpochsParam(), BatchParam(128, true), LearningRateParam(), HiddenParam()};
//   recipe.variants = {{.name = "fp32", .engine = "digital-fp32"},
//                      {.name = "int8", .engine = "int8"}};
//   RegisterMethod(MlpMethodRegistration(std::move(recipe)));
//
// Fit: a ReLU classifier D-<hidden>-C, initialised from the seed (PyTorch's nn.Linear scheme),
// trained with Adam on the exact digital engine and counted by its cost model, after
// `configure` has adjusted the training options. The training is shared (shared_work.h): recipes
// whose training options are equal — digital-mlp and adiabatic-mlp — train one network per run.
// Evaluate: each variant programs its engine (nn/engine_registry.h) with the trained weights and
// counts its forward passes with the engine's cost model, or the variant's own.
#ifndef LANDAUER_METHODS_MLP_METHOD_H_
#define LANDAUER_METHODS_MLP_METHOD_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "landauer/methods/registry.h"
#include "landauer/nn/cost_model.h"
#include "landauer/nn/mlp.h"
#include "landauer/nn/trainer.h"

namespace landauer {

// One inference variant: a row of the comparison.
struct MlpVariant {
  std::string name = {};    // "fp32", "int8-adiabatic", ...
  std::string engine = {};  // a registered engine (nn/engine_registry.h)
  // The cost model of its forward passes; empty: the engine's own (LinearEngine::MakeCostModel).
  std::function<std::unique_ptr<nn::CostModel>(const nn::MlpSpec&, const MethodContext&)> cost = {};
  // Its modelled inference time; empty: the roofline (Method::ModelTime).
  std::function<ModelledTime(const PhaseReport&, const MethodParams&, const MethodContext&)> time =
      {};
};

struct MlpRecipe {
  MethodInfo info;
  std::vector<ParamSpec> params;  // must include epochs, batch, lr and hidden (the helpers below)
  // Adjusts the Adam training options from the parameters (e.g. sets a direction transform).
  std::function<void(nn::TrainOptions&, const MethodParams&, const MethodContext&)> configure;
  std::vector<MlpVariant> variants;
  // The modelled training time; empty: the roofline.
  std::function<ModelledTime(const PhaseReport&, const MethodParams&, const FitSummary&)>
      train_time = {};
};

// The parameters every MLP recipe declares. `follows` makes the value come from compare's option
// of the same name (--epochs, --batch, --lr, --hidden) unless --param sets it.
ParamSpec EpochsParam();
ParamSpec BatchParam(int default_batch, bool follows);
ParamSpec LearningRateParam();
ParamSpec HiddenParam();

// The classifier for `data`: its feature count, the hidden widths ("256-256"), its class count.
nn::MlpSpec ClassifierSpec(const Dataset& data, const std::string& hidden);

// The registration of `recipe` as a method (its factory makes an MlpMethod).
MethodRegistration MlpMethodRegistration(MlpRecipe recipe);

class MlpMethod final : public Method {
 public:
  MlpMethod(std::shared_ptr<const MlpRecipe> recipe, MethodParams params, MethodContext context);
  MethodInfo Describe() const override { return recipe_->info; }
  FitSummary Fit(const Dataset& train, Ledger& ledger) override;
  std::vector<Evaluation> Evaluate(const Dataset& test) override;
  ModelledTime ModelTime(const PhaseReport& phase, const std::string& variant) const override;
  // The trained network (null before Fit).
  const nn::Mlp* model() const { return model_.get(); }

 private:
  std::shared_ptr<const MlpRecipe> recipe_;
  MethodParams params_;
  MethodContext context_;
  std::unique_ptr<nn::Mlp> model_;
  FitSummary fit_;
};

}  // namespace landauer

#endif  // LANDAUER_METHODS_MLP_METHOD_H_

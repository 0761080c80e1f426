// tngd-mlp: the MLP trained with thermodynamic natural gradient descent (builtin_methods.h).
#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "landauer/methods/builtin_methods.h"
#include "landauer/methods/mlp_method.h"
#include "landauer/thermo/spu_cost.h"
#include "landauer/thermo/tngd.h"

namespace landauer {
namespace {

// The SPU's time constant τ = RC: 1 µs, TNGD App. C (R = 1 kΩ, C = 1 nF), the τ the spu table's
// cell energy is priced per. Time and energy change together, so it is not a parameter.
constexpr double kSpuTauSeconds = 1e-6;

}  // namespace

MethodRegistration TngdMlpRegistration() {
  MlpRecipe recipe;
  recipe.info = {.name = "tngd-mlp",
                 .substrate = "thermodynamic",
                 .summary =
                     "MLP (ReLU) trained with TNGD as the paper's MNIST runs: an SPU relaxes "
                     "towards the natural-gradient direction (t = 5 tau from the previous state, "
                     "lambda = 0.01) and SGD (eta = 0.01, no momentum) steps along it; fp32 "
                     "digital inference",
                 .erased_bits =
                     "digital work as digital-mlp; plus every bit received over the link, and "
                     "every programmed DAC value and ADC output register (16 bits each)",
                 .in_default_set = false,
                 .device_tables = {"spu"}};
  recipe.params = {
      EpochsParam(),
      BatchParam(64, false),  // TNGD App. E
      // Its own: SGD's step is not Adam's, so it does not follow compare's --lr.
      {.key = "lr",
       .type = ParamType::kReal,
       .default_value = "0.01",
       .doc = "learning rate of the base optimizer (TNGD App. E.1: SGD, 0.01)",
       .min = 0.0,
       .min_exclusive = true},
      HiddenParam(),
      {.key = "damping",
       .type = ParamType::kReal,
       .default_value = "0.01",
       .doc = "damping lambda of F = G + lambda I",
       .min = 0.0,
       .min_exclusive = true},
      {.key = "analog_time",
       .type = ParamType::kReal,
       .default_value = "5",
       .unit = "tau",
       .doc = "analog time t the SPU relaxes per iteration (5: the best warm-start t of the "
              "reproduction, docs/thermo.md)",
       .min = 0.0},
      {.key = "delay",
       .type = ParamType::kReal,
       .default_value = "0",
       .unit = "tau",
       .doc = "delay t_d: time run on the previous iteration's F and g first",
       .min = 0.0},
      {.key = "step",
       .type = ParamType::kReal,
       .default_value = "0",
       .unit = "tau",
       .doc = "Euler-Maruyama step of the SPU dynamics; 0 = exact transitions",
       .min = 0.0},
      {.key = "kappa0",
       .type = ParamType::kReal,
       .default_value = "0.001",
       .doc = "SPU noise variance kappa0",
       .min = 0.0},
      {.key = "init",
       .type = ParamType::kText,
       .default_value = "warm",
       .doc = "where the SPU starts each step: warm (the previous state, Alg. 1) or gradient (the "
              "current gradient; t = 0 is then the base optimizer alone)",
       .choices = {"warm", "gradient"}},
      {.key = "base",
       .type = ParamType::kText,
       .default_value = "sgd",
       .doc = "the optimizer that steps along the SPU's direction (adam: the TNGD-Adam hybrid)",
       .choices = {"adam", "sgd"}},
      {.key = "momentum",
       .type = ParamType::kReal,
       .default_value = "0",
       .doc = "SGD momentum (base=sgd); the paper's MNIST runs use 0",
       .min = 0.0,
       .max = 0.999999},
      {.key = "beta1",
       .type = ParamType::kReal,
       .default_value = "0.9",
       .doc = "Adam beta1 (base=adam); the paper's TNGD-Adam uses 0",
       .min = 0.0,
       .max = 0.999999},
      {.key = "beta2",
       .type = ParamType::kReal,
       .default_value = "0.999",
       .doc = "Adam beta2 (base=adam); the paper's TNGD-Adam uses 0",
       .min = 0.0,
       .max = 0.999999},
      {.key = "epsilon",
       .type = ParamType::kReal,
       .default_value = "1e-08",
       .doc = "Adam epsilon (base=adam)",
       .min = 0.0,
       .min_exclusive = true},
      {.key = "coupling_bits",
       .type = ParamType::kInt,
       .default_value = "0",
       .unit = "bits",
       .doc = "precision of the programmed J_f and H_L; 0 = ideal (priced as 16)",
       .min = 0,
       .max = 24,
       .check = [](std::string_view value) -> std::string {
         return value == "1" ? "1 bit cannot hold a signed value" : "";
       },
       .accepted = "0 (ideal) or an integer in [2, 24]"},
  };
  recipe.configure =
      [](nn::TrainOptions& options, const MethodParams& params, const MethodContext& context) {
        options.optimizer.name = params.Text("base");
        options.optimizer.momentum = params.Real("momentum");
        options.optimizer.beta1 = params.Real("beta1");
        options.optimizer.beta2 = params.Real("beta2");
        options.optimizer.epsilon = params.Real("epsilon");
        options.direction = std::make_shared<thermo::Tngd>(
            thermo::TngdOptions{.damping = params.Real("damping"),
                                .analog_time_tau = params.Real("analog_time"),
                                .delay_tau = params.Real("delay"),
                                .step_tau = params.Real("step"),
                                .kappa0 = params.Real("kappa0"),
                                .coupling_bits = params.Int("coupling_bits"),
                                .seed = context.seed,
                                .init = thermo::TngdInitFromString(params.Text("init"))});
      };
  // TNGD App. C: each step runs the digital work (its roofline), the link transfers and the
  // analog time (t + t_d) tau of the device in sequence.
  recipe.train_time =
      [](const PhaseReport& phase, const MethodParams& params, const FitSummary& fit) {
        return thermo::TngdTrainingTime(
            phase, fit.steps, (params.Real("analog_time") + params.Real("delay")) * kSpuTauSeconds);
      };
  recipe.variants = {{.name = "fp32", .engine = "digital-fp32"}};
  MethodRegistration registration = MlpMethodRegistration(std::move(recipe));
  registration.validate = [](const MethodParams& params) {
    if (params.Text("init") == "gradient" && params.Real("delay") > 0.0) {
      throw std::invalid_argument(fmt::format(
          "delay = {} with init = gradient: the SPU restarts from the new gradient at upload, "
          "which discards what the delay computed; use init=warm or delay=0",
          params.values().at("delay")));
    }
  };
  return registration;
}

}  // namespace landauer

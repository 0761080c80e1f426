// snn-surrogate: a spiking MLP trained by surrogate gradients; snn-converted: the digital MLP
// converted to IF neurons. Inference priced on a neuromorphic chip or as digital operations
// (builtin_methods.h; the library is spiking/).
#include <fmt/format.h>

#include <chrono>
#include <memory>
#include <stdexcept>

#include "landauer/energy/erasure.h"
#include "landauer/methods/builtin_methods.h"
#include "landauer/methods/mlp_method.h"
#include "landauer/nn/linear_engine.h"
#include "landauer/nn/trainer.h"
#include "landauer/spiking/conversion.h"
#include "landauer/spiking/snn_training.h"
#include "landauer/spiking/spiking_cost.h"

namespace landauer {
namespace {

ParamSpec ChipParam() {
  return {.key = "chip",
          .type = ParamType::kText,
          .default_value = "loihi",
          .doc =
              "where inference runs: a neuromorphic chip's table, or digital (the events as "
              "digital operations on the run's table: the ANN comparison)",
          .choices = {"loihi", "truenorth", "spinnaker", "spinnaker2", "digital"}};
}

std::vector<std::string> ChipTables(const MethodParams& params) {
  const std::string& chip = params.Text("chip");
  if (chip == "digital") return {};
  return {chip};
}

std::vector<ParamSpec> SnnParams() {
  ParamSpec lr = LearningRateParam();
  lr.default_value = "0.0005";
  return {
      {.key = "hidden",
       .type = ParamType::kInt,
       .default_value = "800",
       .doc = "hidden LIF neurons (one hidden layer)",
       .min = 1,
       .max = 1 << 20},
      {.key = "steps",
       .type = ParamType::kInt,
       .default_value = "25",
       .doc = "time steps T per inference",
       .min = 1,
       .max = 100000},
      {.key = "beta",
       .type = ParamType::kReal,
       .default_value = "0.95",
       .doc = "membrane decay per step, e^(-dt/tau), in (0, 1)",
       .min = 0.0,
       .max = 1.0,
       .min_exclusive = true},
      {.key = "threshold",
       .type = ParamType::kReal,
       .default_value = "1",
       .doc = "firing threshold (the reset value is 0)",
       .min = 0.0,
       .min_exclusive = true},
      {.key = "surrogate",
       .type = ParamType::kText,
       .default_value = "fast-sigmoid",
       .doc = "the spike's surrogate derivative",
       .choices = {"fast-sigmoid", "arctan"}},
      {.key = "slope",
       .type = ParamType::kReal,
       .default_value = "25",
       .doc = "k of the fast sigmoid, alpha of the arctan",
       .min = 0.0,
       .min_exclusive = true},
      {.key = "loss",
       .type = ParamType::kText,
       .default_value = "membrane",
       .doc = "membrane (CE of the output membrane each step), count (CE of spike counts), "
              "rate (CE of the spikes each step) or first-spike (time-to-first-spike output)",
       .choices = {"membrane", "count", "rate", "first-spike"}},
      {.key = "neuron",
       .type = ParamType::kText,
       .default_value = "lif",
       .doc = "lif (leaky, decay beta per step) or if (integrate-and-fire: beta = 1)",
       .choices = {"lif", "if"}},
      {.key = "coding",
       .type = ParamType::kText,
       .default_value = "direct",
       .doc = "input coding: direct (the image held as a current), poisson, rate or latency",
       .choices = {"direct", "poisson", "rate", "latency"}},
      ChipParam(),
      EpochsParam(),
      BatchParam(128, /*follows=*/true),
      lr,
  };
}

spiking::SnnSpec SpecFromParams(const MethodParams& params, int input, int classes) {
  return {.widths = {input, params.Int("hidden"), classes},
          .steps = params.Int("steps"),
          .beta = params.Text("neuron") == "if" ? 1.0 : params.Real("beta"),
          .threshold = params.Real("threshold"),
          .surrogate = spiking::SurrogateFromString(params.Text("surrogate")),
          .slope = params.Real("slope"),
          .loss = spiking::SnnLossFromString(params.Text("loss")),
          .coding = spiking::InputCodingFromString(params.Text("coding"))};
}

class SnnSurrogateMethod final : public Method {
 public:
  SnnSurrogateMethod(MethodInfo info, const MethodParams& params, const MethodContext& context)
      : info_(std::move(info)), params_(params), context_(context) {}

  MethodInfo Describe() const override { return info_; }

  FitSummary Fit(const Dataset& train, Ledger& ledger) override {
    const auto start = std::chrono::steady_clock::now();
    spec_ = SpecFromParams(params_, static_cast<int>(train.dimension()), train.num_classes);
    model_ = std::make_unique<spiking::SnnMlp>(spec_);
    model_->Initialize(context_.seed);
    range_ = spiking::IntensityRange::Of(train);
    const spiking::SnnTrainingResult r =
        spiking::TrainSnn(*model_,
                          train,
                          range_,
                          {.epochs = params_.Int("epochs"),
                           .batch = params_.Int("batch"),
                           .seed = context_.seed,
                           .threads = context_.threads,
                           .optimizer = {.name = "adam", .learning_rate = params_.Real("lr")},
                           .progress_name = info_.name},
                          context_.progress);
    ledger.Merge(r.ledger);
    FitSummary fit;
    for (const spiking::SnnEpoch& e : r.curve) {
      fit.curve.push_back({.epoch = e.epoch, .loss = e.loss, .train_accuracy = e.train_accuracy});
    }
    const std::int64_t batch = std::min<std::int64_t>(params_.Int("batch"), train.size());
    fit.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    fit.samples = train.size() * params_.Int("epochs");
    fit.steps = (train.size() + batch - 1) / batch * params_.Int("epochs");
    fit.final_loss = r.curve.back().loss;
    return fit;
  }

  std::vector<Evaluation> Evaluate(const Dataset& test) override {
    if (!model_) throw std::logic_error(info_.name + ": Evaluate before Fit");
    const auto start = std::chrono::steady_clock::now();
    const spiking::SnnEvaluation r = spiking::EvaluateSnn(
        *model_, test, range_, kEvaluationBatch, context_.seed, context_.threads);
    Evaluation e;
    e.variant = fmt::format("{}-T{}-{}", params_.Text("coding"), spec_.steps, params_.Text("chip"));
    e.accuracy = r.accuracy;
    e.samples = test.size();
    spiking::CountSnnInference(e.ledger,
                               "inference",
                               r.work,
                               r.input_macs,
                               spiking::ShapeOf(spec_),
                               params_.Text("chip") != "digital");
    e.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double per = 1.0 / static_cast<double>(test.size());
    e.metrics = {{"steps", double(spec_.steps)},
                 {"input_spikes_per_inference", r.spikes_per_sample[0]},
                 {"hidden_spikes_per_inference", r.spikes_per_sample[1]},
                 {"output_spikes_per_inference", r.spikes_per_sample.back()},
                 {"synaptic_events_per_inference", r.work.synaptic_events * per},
                 {"neuron_updates_per_inference", r.work.neuron_updates * per},
                 {"input_macs_per_inference", r.input_macs * per}};
    std::vector<Evaluation> out;
    out.push_back(std::move(e));
    return out;
  }

 private:
  MethodInfo info_;
  MethodParams params_;
  MethodContext context_;
  spiking::SnnSpec spec_;
  spiking::IntensityRange range_;
  std::unique_ptr<spiking::SnnMlp> model_;
};

// snn-converted: the digital MLP (digital-mlp's recipe, trained once when both run) converted to
// IF neurons with data-based threshold balancing (spiking/conversion.h).
std::vector<ParamSpec> ConvertedParams() {
  return {
      {.key = "steps",
       .type = ParamType::kInt,
       .default_value = "100",
       .doc = "time steps T per inference (the readout step)",
       .min = 1,
       .max = 100000},
      {.key = "normalization",
       .type = ParamType::kText,
       .default_value = "percentile",
       .doc = "threshold balancing: max (Diehl et al. 2015) or percentile (Rueckauer et al. 2017)",
       .choices = {"max", "percentile"}},
      {.key = "percentile",
       .type = ParamType::kReal,
       .default_value = "99.9",
       .doc = "the activation percentile a layer is scaled by",
       .min = 0.0,
       .max = 100.0,
       .min_exclusive = true},
      ChipParam(),
      HiddenParam(),
      EpochsParam(),
      BatchParam(128, /*follows=*/true),
      LearningRateParam(),
  };
}

class SnnConvertedMethod final : public Method {
 public:
  SnnConvertedMethod(MethodInfo info, const MethodParams& params, const MethodContext& context)
      : info_(std::move(info)), params_(params), context_(context) {}

  MethodInfo Describe() const override { return info_; }

  FitSummary Fit(const Dataset& train, Ledger& ledger) override {
    // The ANN is digital-mlp itself, with the same training parameters: in one compare run it is
    // trained once (SharedWork) and both rows describe the same network.
    const MethodRegistration digital = FindMethod("digital-mlp");
    const std::vector<ParamOverride> same = {
        {"digital-mlp", "hidden", params_.Text("hidden")},
        {"digital-mlp", "epochs", std::to_string(params_.Int("epochs"))},
        {"digital-mlp", "batch", std::to_string(params_.Int("batch"))},
        {"digital-mlp", "lr", fmt::format("{}", params_.Real("lr"))}};
    const MethodParams ann_params = ResolveParams("digital-mlp", digital.params, {}, same);
    std::unique_ptr<Method> ann = digital.factory(ann_params, context_);
    const FitSummary fit = ann->Fit(train, ledger);
    const auto* trained = dynamic_cast<const MlpMethod*>(ann.get());
    if (trained == nullptr || trained->model() == nullptr) {
      throw std::logic_error("snn-converted: digital-mlp did not train an MLP");
    }
    ann_ = std::make_unique<nn::Mlp>(*trained->model());
    snn_ = spiking::ConvertMlp(
        *ann_,
        train,
        {.normalization = spiking::NormalizationFromString(params_.Text("normalization")),
         .percentile = params_.Real("percentile"),
         .threads = context_.threads});
    return fit;
  }

  std::vector<Evaluation> Evaluate(const Dataset& test) override {
    if (!ann_) throw std::logic_error(info_.name + ": Evaluate before Fit");
    const auto start = std::chrono::steady_clock::now();
    nn::DigitalEngine engine(context_.threads);
    const nn::EvalResult ann =
        nn::Evaluate(*ann_, test, kEvaluationBatch, engine, nullptr, nullptr, "inference");
    const int steps = params_.Int("steps");
    const spiking::ConversionResult r =
        spiking::EvaluateConverted(snn_, test, {steps}, context_.threads);
    const spiking::ConversionPoint& point = r.curve.front();
    Evaluation e;
    e.variant = fmt::format("T{}-{}", steps, params_.Text("chip"));
    e.accuracy = point.accuracy;
    e.samples = test.size();
    const double n = static_cast<double>(test.size());
    spiking::SpikingWork total = point.work;  // per sample → the whole test set
    total.spikes *= n;
    total.synaptic_events *= n;
    total.neuron_updates *= n;
    spiking::CountSnnInference(e.ledger,
                               "inference",
                               total,
                               r.input_macs_per_sample * n,
                               spiking::ShapeOf(snn_),
                               params_.Text("chip") != "digital");
    e.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    e.metrics = {{"steps", double(steps)},
                 {"ann_accuracy", ann.accuracy},
                 {"accuracy_loss_points", 100 * (ann.accuracy - point.accuracy)},
                 {"spikes_per_inference", point.spikes_per_sample},
                 {"synaptic_events_per_inference", point.work.synaptic_events},
                 {"neuron_updates_per_inference", point.work.neuron_updates},
                 {"input_macs_per_inference", r.input_macs_per_sample}};
    std::vector<Evaluation> out;
    out.push_back(std::move(e));
    return out;
  }

 private:
  MethodInfo info_;
  MethodParams params_;
  MethodContext context_;
  std::unique_ptr<nn::Mlp> ann_;
  spiking::ConvertedSnn snn_;
};

}  // namespace

MethodRegistration SnnSurrogateRegistration() {
  MethodInfo info{
      .name = "snn-surrogate",
      .substrate = "spiking",
      .summary =
          "a LIF MLP (784-800-10, T = 25) trained by surrogate-gradient backpropagation "
          "through time (snnTorch's algorithm); inference counted as synaptic events, "
          "neuron updates and spikes on a neuromorphic chip's table, or as digital "
          "operations",
      .erased_bits =
          "on a chip: 32 bits per synaptic event and neuron update, 33 per spike; as "
          "digital operations: every bit written and each add's and multiply's "
          "result; training: each MAC's 32-bit accumulator (energy/erasure.h)",
      .in_default_set = false,
      .device_tables = {"loihi"}};
  return {.info = info,
          .params = SnnParams(),
          .factory =
              [info](const MethodParams& params, const MethodContext& context) {
                return std::make_unique<SnnSurrogateMethod>(info, params, context);
              },
          .validate =
              [](const MethodParams& params) {
                try {
                  SpecFromParams(params, 1, 2).Validate();
                } catch (const std::invalid_argument& e) {
                  throw std::invalid_argument(fmt::format("method snn-surrogate: {}", e.what()));
                }
              },
          .device_tables_for = ChipTables};
}

MethodRegistration SnnConvertedRegistration() {
  MethodInfo info{
      .name = "snn-converted",
      .substrate = "spiking",
      .summary =
          "the digital MLP (digital-mlp's network and training) converted to IF neurons "
          "with data-based threshold balancing (Rueckauer et al. 2017), run for T steps; "
          "inference counted on a neuromorphic chip's table or as digital operations",
      .erased_bits =
          "training: as digital-mlp; inference on a chip: 32 bits per synaptic event "
          "and neuron update, 33 per spike; as digital operations: every bit written "
          "and each result register (energy/erasure.h)",
      .in_default_set = false,
      .device_tables = {"loihi"}};
  return {.info = info,
          .params = ConvertedParams(),
          .factory =
              [info](const MethodParams& params, const MethodContext& context) {
                return std::make_unique<SnnConvertedMethod>(info, params, context);
              },
          .validate = {},
          .device_tables_for = ChipTables};
}

}  // namespace landauer

// hdc-idlevel and hdc-projection: hyperdimensional classifiers (builtin_methods.h; the library
// is hdc/). Both run BSC, packed; hdc-idlevel also runs MAP and FHRR (vsa=map|fhrr).
#include <fmt/format.h>

#include <chrono>
#include <memory>
#include <stdexcept>

#include "landauer/core/memory_budget.h"
#include "landauer/core/progress.h"
#include "landauer/hdc/hdc_cost.h"
#include "landauer/hdc/model.h"
#include "landauer/methods/builtin_methods.h"

namespace landauer {
namespace {

std::string CheckDimensionParam(std::string_view text) {
  const long long d = std::stoll(std::string(text));
  return d % hdc::kWordBits == 0 ? ""
                                 : "'" + std::string(text) +
                                       "' is not a multiple of 64 (the "
                                       "bits of a packed word)";
}

// The model a method's parameters describe, before the data is known (features and classes are
// placeholders that pass the checks).
hdc::ModelConfig ConfigFromParams(bool projection, const MethodParams& params) {
  return {.vsa = projection ? hdc::Vsa::kBsc : hdc::VsaFromString(params.Text("vsa")),
          .projection = projection,
          .features = 1,
          .dimension = static_cast<int>(params.Int("dimension")),
          .levels = projection ? 2 : static_cast<int>(params.Int("levels")),
          .classes = 2,
          .memory = hdc::ClassMemoryFromString(params.Text("class_memory"))};
}

std::vector<ParamSpec> HdcParams(bool projection) {
  std::vector<ParamSpec> params = {
      {.key = "dimension",
       .type = ParamType::kInt,
       .default_value = "10048",
       .unit = "bits",
       .doc = "hypervector dimension D (a multiple of 64; 10,048 = 157 words, the packed D "
              "nearest the literature's 10,000)",
       .min = 64,
       .max = 1 << 20,
       .check = CheckDimensionParam,
       .accepted = "a multiple of 64 from 64 to 1048576"},
      {.key = "retrain_epochs",
       .type = ParamType::kInt,
       .default_value = "10",
       .unit = "epochs",
       .doc = "retraining epochs after one-shot bundling (0: one-shot only)",
       .min = 0,
       .max = 1000},
      {.key = "retraining",
       .type = ParamType::kText,
       .default_value = "perceptron",
       .doc = "perceptron (AdaptHD: ±1 per misclassified sample) or adaptive (OnlineHD: scaled "
              "by 1 − cosine)",
       .choices = {"perceptron", "adaptive"}},
      {.key = "class_memory",
       .type = ParamType::kText,
       .default_value = "integer",
       .doc = "integer (search the class accumulators by cosine, as torchhd's Centroid) or binary "
              "(binarised class vectors, Hamming search: XOR + popcount)",
       .choices = {"integer", "binary"}},
      {.key = "retrain_lr",
       .type = ParamType::kReal,
       .default_value = "1",
       .doc = "adaptive retraining's learning rate η",
       .min = 0,
       .min_exclusive = true},
  };
  if (!projection) {
    params.insert(params.begin() + 1,
                  {.key = "vsa",
                   .type = ParamType::kText,
                   .default_value = "bsc",
                   .doc = "VSA model: bsc (packed binary records, XOR and majority), map (the "
                          "same binding, records kept as int16 sums) or fhrr (complex phasor "
                          "records, fp32); map and fhrr search the class accumulators by cosine",
                   .choices = {"bsc", "map", "fhrr"}});
    params.insert(params.begin() + 1,
                  {.key = "levels",
                   .type = ParamType::kInt,
                   .default_value = "64",
                   .unit = "levels",
                   .doc = "quantisation levels of each feature's value (level memory)",
                   .min = 2,
                   .max = 65536});
  }
  return params;
}

class HdcMethod final : public Method {
 public:
  HdcMethod(MethodInfo info,
            bool projection,
            const MethodParams& params,
            const MethodContext& context)
      : info_(std::move(info)),
        config_(ConfigFromParams(projection, params)),
        epochs_(params.Int("retrain_epochs")),
        mode_(hdc::RetrainingFromString(params.Text("retraining"))),
        learning_rate_(params.Real("retrain_lr")),
        context_(context) {
    config_.seed = context.seed;
  }

  MethodInfo Describe() const override { return info_; }

  FitSummary Fit(const Dataset& train, Ledger& ledger) override {
    const auto start = std::chrono::steady_clock::now();
    config_.features = static_cast<int>(train.dimension());
    config_.classes = train.num_classes;
    config_.Check();
    CheckMemory(fmt::format("method {} at dimension = {} (vsa = {}, {} stored training records)",
                            info_.name,
                            config_.dimension,
                            hdc::ToString(config_.vsa),
                            train.size()),
                config_.Bytes(train.size()),
                "use a smaller dimension, vsa = bsc, or --max-train");
    model_ = std::make_unique<hdc::HdcModel>(config_);
    shape_ = config_.Shape();
    ProgressTask progress(context_.progress, info_.name, 2 + epochs_);
    hdc::EncodeWork encode;
    model_->Fit(train.features);
    const hdc::Encoded encoded = model_->Encode(train.features, context_.threads, encode);
    progress.Advance(1, "encoded");
    const std::int64_t n = train.size();
    hdc::CountEncoding(ledger, "train", shape_, n, encode, n);
    hdc::ClassifierWork work;
    model_->TrainOneShot(encoded, train.labels, work);
    FitSummary fit;
    {
      hdc::ClassifierWork search;
      const std::vector<std::int32_t> p = model_->PredictAll(encoded, context_.threads, search);
      const double accuracy = train.AccuracyOf(p);
      fit.curve.push_back({.epoch = 0, .loss = 1.0 - accuracy, .train_accuracy = accuracy});
      // A measurement for the training curve, not part of the algorithm: not counted.
    }
    progress.Advance(1, "one-shot");
    for (int e = 0; e < epochs_; ++e) {
      const double accuracy = model_->RetrainEpoch(
          encoded, train.labels, mode_, learning_rate_, static_cast<std::uint64_t>(e), work);
      fit.curve.push_back({.epoch = e + 1, .loss = 1.0 - accuracy, .train_accuracy = accuracy});
      progress.Advance(
          1, fmt::format("retraining epoch {}, train accuracy {:.2f} %", e + 1, 100.0 * accuracy));
    }
    hdc::CountClassifier(ledger, "train", shape_, work, n);
    fit.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    fit.samples = n * (1 + epochs_);
    fit.steps = work.updates;
    fit.final_loss = fit.curve.back().loss;
    return fit;
  }

  std::vector<Evaluation> Evaluate(const Dataset& test) override {
    if (!model_) throw std::logic_error(info_.name + ": Evaluate before Fit");
    const auto start = std::chrono::steady_clock::now();
    Evaluation evaluation;
    evaluation.variant = fmt::format("{}-{}", hdc::ToString(config_.vsa), config_.dimension);
    hdc::EncodeWork encode;
    const hdc::Encoded encoded = model_->Encode(test.features, context_.threads, encode);
    hdc::ClassifierWork work;
    const std::vector<std::int32_t> predicted = model_->PredictAll(encoded, context_.threads, work);
    evaluation.samples = test.size();
    evaluation.accuracy = test.AccuracyOf(predicted);
    // Streaming inference: one encoding held at a time.
    hdc::CountEncoding(evaluation.ledger, "inference", shape_, test.size(), encode, 1);
    hdc::CountClassifier(evaluation.ledger, "inference", shape_, work, 1);
    evaluation.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::vector<Evaluation> out;
    out.push_back(std::move(evaluation));
    return out;
  }

 private:
  MethodInfo info_;
  hdc::ModelConfig config_;
  int epochs_;
  hdc::Retraining mode_;
  double learning_rate_;
  MethodContext context_;
  hdc::HdcShape shape_;
  std::unique_ptr<hdc::HdcModel> model_;
};

MethodRegistration HdcRegistration(bool projection) {
  MethodInfo info{
      .name = projection ? "hdc-projection" : "hdc-idlevel",
      .substrate = "hyperdimensional",
      .summary =
          projection
              ? "binary hypervectors sign(P x) of a random ±1 projection, class vectors bundled "
                "one-shot and retrained, searched by cosine against the class accumulators (or, "
                "class_memory=binary, by Hamming distance: packed XOR + popcount)"
              : "ID–level hypervectors (binary: XOR binding, bit-sliced majority bundling; or "
                "vsa=map|fhrr), class vectors bundled one-shot and retrained, searched by cosine "
                "against the class accumulators (or, class_memory=binary, by Hamming distance)",
      .erased_bits =
          "every bit written (encodings, counters, class vectors, accumulators); 64 "
          "per 64-bit logic result, 7 per popcount, 32 per accumulator update",
      // ID–level is the substrate's default row; the projection's D × n multiply-adds make it
      // the slower of the two (opt-in).
      .in_default_set = !projection};
  return {.info = info,
          .params = HdcParams(projection),
          .factory =
              [info, projection](const MethodParams& params, const MethodContext& context) {
                return std::make_unique<HdcMethod>(info, projection, params, context);
              },
          .validate =
              [projection](const MethodParams& params) {
                ConfigFromParams(projection, params).Check();
              }};
}

}  // namespace

MethodRegistration HdcIdLevelRegistration() { return HdcRegistration(false); }
MethodRegistration HdcProjectionRegistration() { return HdcRegistration(true); }

}  // namespace landauer

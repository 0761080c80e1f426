// hdc-idlevel and hdc-projection: binary (BSC, packed) hyperdimensional classifiers
// (builtin_methods.h; the library is hdc/).
#include <fmt/format.h>

#include <chrono>
#include <memory>
#include <stdexcept>

#include "landauer/core/progress.h"
#include "landauer/hdc/classifier.h"
#include "landauer/hdc/encoders.h"
#include "landauer/hdc/hdc_cost.h"
#include "landauer/methods/builtin_methods.h"

namespace landauer {
namespace {

using hdc::BinaryHv;

std::string CheckDimensionParam(std::string_view text) {
  const long long d = std::stoll(std::string(text));
  return d % hdc::kWordBits == 0 ? ""
                                 : "'" + std::string(text) +
                                       "' is not a multiple of 64 (the "
                                       "bits of a packed word)";
}

// A level memory of L levels flips at least one dimension per level: D >= 2 (L − 1).
void CheckLevels(std::int64_t levels, std::int64_t dimension) {
  if (levels - 1 > dimension / 2) {
    throw std::invalid_argument(fmt::format(
        "levels = {} needs dimension >= 2 (levels - 1) = {}, but dimension = {} (each level flips "
        "at least one dimension of the one before)",
        levels,
        2 * (levels - 1),
        dimension));
  }
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
        projection_(projection),
        dimension_(params.Int("dimension")),
        levels_(projection ? 0 : params.Int("levels")),
        epochs_(params.Int("retrain_epochs")),
        mode_(hdc::RetrainingFromString(params.Text("retraining"))),
        memory_(hdc::ClassMemoryFromString(params.Text("class_memory"))),
        learning_rate_(params.Real("retrain_lr")),
        context_(context) {}

  MethodInfo Describe() const override { return info_; }

  FitSummary Fit(const Dataset& train, Ledger& ledger) override {
    const auto start = std::chrono::steady_clock::now();
    shape_ = {.features = static_cast<int>(train.dimension()),
              .dimension = dimension_,
              .levels = levels_,
              .classes = train.num_classes,
              .projection = projection_};
    if (!projection_) CheckLevels(levels_, dimension_);
    ProgressTask progress(context_.progress, info_.name, 2 + epochs_);
    hdc::EncodeWork encode;
    encoder_ = std::make_unique<hdc::FeatureEncoder>(
        projection_, shape_.features, dimension_, levels_, context_.seed);
    encoder_->Fit(train.features);
    const std::vector<BinaryHv> encoded =
        encoder_->EncodeAll(train.features, context_.threads, encode);
    progress.Advance(1, "encoded");
    const std::int64_t n = train.size();
    hdc::CountEncoding(ledger, "train", shape_, n, encode, n);
    model_ = std::make_unique<hdc::CentroidClassifier>(
        train.num_classes, dimension_, context_.seed, memory_);
    hdc::ClassifierWork work;
    model_->TrainOneShot(encoded, train.labels, work);
    FitSummary fit;
    {
      hdc::ClassifierWork search;
      const std::vector<std::int32_t> p = model_->PredictAll(encoded, context_.threads, search);
      std::int64_t correct = 0;
      for (std::size_t i = 0; i < p.size(); ++i) correct += p[i] == train.labels[i];
      const double accuracy = static_cast<double>(correct) / static_cast<double>(n);
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
    evaluation.variant = fmt::format("bsc-{}", dimension_);
    hdc::EncodeWork encode;
    const std::vector<BinaryHv> encoded =
        encoder_->EncodeAll(test.features, context_.threads, encode);
    hdc::ClassifierWork work;
    const std::vector<std::int32_t> predicted = model_->PredictAll(encoded, context_.threads, work);
    std::int64_t correct = 0;
    for (std::size_t i = 0; i < predicted.size(); ++i) correct += predicted[i] == test.labels[i];
    evaluation.samples = test.size();
    evaluation.accuracy = static_cast<double>(correct) / static_cast<double>(test.size());
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
  bool projection_;
  int dimension_, levels_, epochs_;
  hdc::Retraining mode_;
  hdc::ClassMemory memory_;
  double learning_rate_;
  MethodContext context_;
  hdc::HdcShape shape_;
  std::unique_ptr<hdc::FeatureEncoder> encoder_;
  std::unique_ptr<hdc::CentroidClassifier> model_;
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
              : "binary ID–level hypervectors (XOR binding, bit-sliced majority bundling), class "
                "vectors bundled one-shot and retrained, searched by cosine against the class "
                "accumulators (or, class_memory=binary, by Hamming distance)",
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
                if (!projection) CheckLevels(params.Int("levels"), params.Int("dimension"));
              }};
}

}  // namespace

MethodRegistration HdcIdLevelRegistration() { return HdcRegistration(false); }
MethodRegistration HdcProjectionRegistration() { return HdcRegistration(true); }

}  // namespace landauer

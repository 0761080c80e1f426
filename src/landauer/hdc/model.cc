#include "landauer/hdc/model.h"

#include <fmt/format.h>

#include <stdexcept>

namespace landauer::hdc {

void ModelConfig::Check(bool flags) const {
  // "levels = 64" (a method parameter) or "--levels 64" (a flag of hdc train).
  const auto name = [flags](const char* param, const char* flag, const auto& value) {
    return flags ? fmt::format("{} {}", flag, value) : fmt::format("{} = {}", param, value);
  };
  CheckDimension(dimension, flags ? "--dimensions" : "dimension");
  if (dimension > (1 << 20)) {
    throw std::invalid_argument(
        fmt::format("{}: at most 2^20 = 1048576", name("dimension", "--dimensions", dimension)));
  }
  if (features < 1 || features > (1 << 24)) {
    throw std::invalid_argument(fmt::format("features = {}: need 1 to 2^24", features));
  }
  if (classes < 2) {
    throw std::invalid_argument(fmt::format("classes = {}: need at least two", classes));
  }
  const std::string vsa_name = name("vsa", "--vsa", ToString(vsa));
  if (vsa != Vsa::kBsc && projection) {
    throw std::invalid_argument(fmt::format(
        "{} with the projection encoder: sign(P x) is a binary record; use {}, or the ID–level "
        "encoder",
        vsa_name,
        name("vsa", "--vsa", "bsc")));
  }
  if (vsa != Vsa::kBsc && memory == ClassMemory::kBinary) {
    throw std::invalid_argument(
        fmt::format("{} with {}: binarised class vectors are BSC; use {}, or {}",
                    vsa_name,
                    name("class_memory", "--class-memory", "binary"),
                    name("class_memory", "--class-memory", "integer"),
                    name("vsa", "--vsa", "bsc")));
  }
  if (vsa == Vsa::kMap && features > 32767) {
    throw std::invalid_argument(fmt::format(
        "{} with {} features: a MAP record is int16, so at most 32767; reduce the features "
        "(e.g. --pca 256)",
        vsa_name,
        features));
  }
  if (!projection) {
    if (levels < 2) {
      throw std::invalid_argument(
          fmt::format("{}: need at least 2", name("levels", "--levels", levels)));
    }
    // BSC and MAP flip D/(2(L − 1)) bits per level; FHRR replaces D/(L − 1) phases.
    const std::int64_t most = vsa == Vsa::kFhrr ? dimension + 1 : dimension / 2 + 1;
    if (levels > most) {
      throw std::invalid_argument(fmt::format(
          "{} with {}: each level changes at least one dimension of the one before, so at most "
          "{} levels (or a larger dimension)",
          name("levels", "--levels", levels),
          name("dimension", "--dimensions", dimension),
          most));
    }
  }
}

HdcShape ModelConfig::Shape() const {
  return {.features = features,
          .dimension = dimension,
          .levels = projection ? 0 : levels,
          .classes = classes,
          .projection = projection,
          .vsa = vsa};
}

double ModelConfig::Bytes(std::int64_t records) const {
  const double d = dimension, vector_bytes = vsa == Vsa::kFhrr ? 8.0 * d : d / 8.0;
  const double encoders =
      projection ? 4.0 * d * features : vector_bytes * (static_cast<double>(features) + levels);
  const double width = vsa == Vsa::kFhrr ? 2.0 * d : d;
  const double record_bytes = vsa == Vsa::kBsc ? d / 8.0 : 4.0 * width;  // dense rows are float
  return encoders + 4.0 * classes * width + static_cast<double>(records) * record_bytes;
}

HdcModel::HdcModel(const ModelConfig& config) : config_(config) {
  config_.Check();
  const ModelConfig& c = config_;
  switch (c.vsa) {
    case Vsa::kBsc:
      if (c.projection) {
        projection_ = std::make_unique<ProjectionEncoder>(c.features, c.dimension, c.seed);
      } else {
        id_level_ = std::make_unique<IdLevelEncoder>(c.features, c.dimension, c.levels, c.seed);
      }
      packed_ = std::make_unique<CentroidClassifier>(c.classes, c.dimension, c.seed, c.memory);
      break;
    case Vsa::kMap:
      id_level_ = std::make_unique<IdLevelEncoder>(c.features, c.dimension, c.levels, c.seed);
      dense_ = std::make_unique<DenseCentroid>(c.classes, c.dimension, c.seed);
      break;
    case Vsa::kFhrr:
      phasor_ = std::make_unique<PhasorIdLevelEncoder>(c.features, c.dimension, c.levels, c.seed);
      dense_ = std::make_unique<DenseCentroid>(c.classes, 2 * c.dimension, c.seed);
      break;
  }
}

HdcModel::~HdcModel() = default;
HdcModel::HdcModel(HdcModel&&) noexcept = default;
HdcModel& HdcModel::operator=(HdcModel&&) noexcept = default;

void HdcModel::Fit(const MatrixF& train) {
  if (LevelQuantizer* q = quantizer()) q->Fit(train);
}

Encoded HdcModel::Encode(const MatrixF& x, int threads, EncodeWork& work) const {
  Encoded out;
  if (phasor_) {
    out.dense = phasor_->EncodeAll(x, threads, work);
  } else if (config_.vsa == Vsa::kMap) {
    out.dense = id_level_->EncodeSums(x, threads, work);
  } else if (id_level_) {
    out.packed = id_level_->EncodeAll(x, threads, work);
  } else {
    out.packed = projection_->EncodeAll(x, threads, work);
  }
  return out;
}

void HdcModel::TrainOneShot(const Encoded& train,
                            std::span<const std::int32_t> labels,
                            ClassifierWork& work) {
  if (packed_) {
    packed_->TrainOneShot(train.packed, labels, work);
  } else {
    dense_->TrainOneShot(train.dense, labels, work);
  }
}

double HdcModel::RetrainEpoch(const Encoded& train,
                              std::span<const std::int32_t> labels,
                              Retraining mode,
                              double learning_rate,
                              std::uint64_t epoch,
                              ClassifierWork& work) {
  return packed_ ? packed_->RetrainEpoch(train.packed, labels, mode, learning_rate, epoch, work)
                 : dense_->RetrainEpoch(train.dense, labels, mode, learning_rate, epoch, work);
}

std::vector<std::int32_t> HdcModel::PredictAll(const Encoded& x,
                                               int threads,
                                               ClassifierWork& work) const {
  return packed_ ? packed_->PredictAll(x.packed, threads, work)
                 : dense_->PredictAll(x.dense, threads, work);
}

const LevelQuantizer* HdcModel::quantizer() const {
  if (id_level_) return &id_level_->quantizer();
  if (phasor_) return &phasor_->quantizer();
  return nullptr;
}

LevelQuantizer* HdcModel::quantizer() {
  return const_cast<LevelQuantizer*>(static_cast<const HdcModel*>(this)->quantizer());
}

std::span<const float> HdcModel::accumulators() const {
  return packed_ ? packed_->accumulators() : dense_->accumulators();
}

bool HdcModel::fractional() const { return packed_ ? packed_->fractional() : dense_->fractional(); }

void HdcModel::RestoreAccumulators(std::span<const float> accumulators, bool fractional) {
  if (packed_) {
    packed_->Restore(accumulators, fractional);
  } else {
    dense_->Restore(accumulators, fractional);
  }
}

}  // namespace landauer::hdc

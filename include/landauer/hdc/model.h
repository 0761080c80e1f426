// landauer/hdc/model.h — one HDC classifier: an encoder and its class memory, for any VSA model.
//
//   vsa = bsc    ID–level (or projection) records packed as bits; CentroidClassifier over the
//                integer or binary class memory (classifier.h);
//   vsa = map    ID–level records kept as their integer sums M(x) (encoders.h);
//                DenseCentroid, cosine search;
//   vsa = fhrr   ID–level phasor records F(x) as [Re | Im]; DenseCentroid, cosine search.
//
// The item, level and tie-breaking vectors are pure functions of (seed, shape), so a model is
// saved as its configuration, its feature ranges and its class accumulators (model_file.h). The
// `hdc-idlevel` and `hdc-projection` methods and `landauer hdc train|eval` all run this class.
#ifndef LANDAUER_HDC_MODEL_H_
#define LANDAUER_HDC_MODEL_H_

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "landauer/core/matrix.h"
#include "landauer/hdc/classifier.h"
#include "landauer/hdc/encoders.h"
#include "landauer/hdc/hdc_cost.h"

namespace landauer::hdc {

struct ModelConfig {
  Vsa vsa = Vsa::kBsc;
  bool projection = false;  // sign(P x) instead of ID–level (BSC only)
  int features = 0, dimension = 0, levels = 64, classes = 0;
  ClassMemory memory = ClassMemory::kInteger;  // BSC only; MAP and FHRR search accumulators
  std::uint64_t seed = 0;

  // Throws std::invalid_argument naming the parameter: a dimension that is not a multiple of 64
  // from 64 to 2^20; levels < 2 or more than the dimension allows (ID–level); fewer than 2
  // classes or 1 feature; a projection or a binary class memory with MAP or FHRR; more than
  // 32,767 features with MAP (int16 records). `flags`: name them as `landauer hdc train`'s flags
  // ("--levels 64") instead of as method parameters ("levels = 64").
  void Check(bool flags = false) const;
  // The cost model's view (hdc_cost.h).
  HdcShape Shape() const;
  // Bytes of the large arrays: item and level memory (or the projection matrix), class
  // accumulators, and `records` stored encodings; for CheckMemory before anything is allocated.
  double Bytes(std::int64_t records) const;
};

// Encoded samples: packed vectors (BSC) or rows of floats (MAP: D, FHRR: 2D per row).
struct Encoded {
  std::vector<BinaryHv> packed;
  MatrixF dense;
  std::int64_t size() const {
    return packed.empty() ? dense.rows() : static_cast<std::int64_t>(packed.size());
  }
};

class HdcModel {
 public:
  explicit HdcModel(const ModelConfig& config);  // checks it
  ~HdcModel();
  HdcModel(HdcModel&&) noexcept;
  HdcModel& operator=(HdcModel&&) noexcept;

  const ModelConfig& config() const { return config_; }
  // Learns the feature ranges (ID–level) from the training features; the projection needs none.
  void Fit(const MatrixF& train);
  // Encodes every row of x (n × features) in parallel; adds the work to `work`.
  Encoded Encode(const MatrixF& x, int threads, EncodeWork& work) const;
  // Throws std::invalid_argument as the classifiers do (classifier.h).
  void TrainOneShot(const Encoded& train,
                    std::span<const std::int32_t> labels,
                    ClassifierWork& work);
  double RetrainEpoch(const Encoded& train,
                      std::span<const std::int32_t> labels,
                      Retraining mode,
                      double learning_rate,
                      std::uint64_t epoch,
                      ClassifierWork& work);
  std::vector<std::int32_t> PredictAll(const Encoded& x, int threads, ClassifierWork& work) const;

  // What a model file holds besides the configuration: the ID–level ranges (null for the
  // projection), the class accumulators and whether they are fractional.
  const LevelQuantizer* quantizer() const;
  LevelQuantizer* quantizer();
  std::span<const float> accumulators() const;
  bool fractional() const;
  // Throws std::invalid_argument for accumulators of another size or a non-finite value.
  void RestoreAccumulators(std::span<const float> accumulators, bool fractional);

 private:
  ModelConfig config_;
  std::unique_ptr<IdLevelEncoder> id_level_;
  std::unique_ptr<ProjectionEncoder> projection_;
  std::unique_ptr<PhasorIdLevelEncoder> phasor_;
  std::unique_ptr<CentroidClassifier> packed_;
  std::unique_ptr<DenseCentroid> dense_;
};

}  // namespace landauer::hdc

#endif  // LANDAUER_HDC_MODEL_H_

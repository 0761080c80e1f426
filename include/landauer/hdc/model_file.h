// landauer/hdc/model_file.h — a trained HDC model on disk, for `landauer hdc eval`.
//
// The random item, level and tie-breaking vectors are pure functions of the seed and the shape,
// so the file holds only what training learned: the configuration, each feature's level range,
// and the class accumulators. It is text, one item per line, in this order:
//
//   landauer-hdc-model 1                  magic and version
//   data fashion-mnist                    the workload it was trained on (the rest of the line),
//   pca 0                                 and its preprocessing, so that `hdc eval` reads the
//   binarize 0                            data exactly as training did
//   max_train 0
//   vsa bsc                               bsc | map | fhrr
//   encoder idlevel                       idlevel | projection
//   features 784
//   dimension 10048
//   levels 64                             (0 for the projection)
//   classes 10
//   class_memory integer                  integer | binary
//   seed 0
//   fractional 0                          1 once adaptive updates made the accumulators non-integer
//   range <lo> <scale>                    one line per feature (ID–level only), float32
//   accumulator <c> <v_0> … <v_{w−1}>     one line per class c = 0, 1, …; w = D (2D for FHRR)
//   checksum <16 hex digits>              FNV-1a 64 of every byte before this line
//
// Floats are written in the shortest form that reads back to the same float32, so a saved and
// loaded model predicts exactly what the trained one did. Written with WriteFileAtomically.
// Loading checks every line — the key, the count and form of its values, ranges, the model the
// header describes (ModelConfig::Check) and the memory it needs (CheckMemory) before
// allocating, the checksum — and throws InputError naming the file, the line and the fix.
#ifndef LANDAUER_HDC_MODEL_FILE_H_
#define LANDAUER_HDC_MODEL_FILE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "landauer/hdc/model.h"

namespace landauer::hdc {

// The workload a model was trained on (data/workload.h's options, less the seed: the model's).
struct ModelWorkload {
  std::string data;
  int pca = 0;
  bool binarize = false;
  std::int64_t max_train = 0;
};

struct SavedModel {
  ModelWorkload workload;
  HdcModel model;
};

// The text SaveModel writes.
std::string EncodeModel(const HdcModel& model, const ModelWorkload& workload);
void SaveModel(const std::string& path, const HdcModel& model, const ModelWorkload& workload);
// Parses the text of a model file; `origin` names it in errors (used by the fuzzer).
SavedModel DecodeModel(std::string_view text, const std::string& origin);
SavedModel LoadModel(const std::string& path);

}  // namespace landauer::hdc

#endif  // LANDAUER_HDC_MODEL_FILE_H_

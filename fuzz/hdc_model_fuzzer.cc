// libFuzzer target for HDC model files (hdc/model_file.h): DecodeModel on arbitrary bytes.
//
// A checksum only catches accidents, so most inputs are made to pass it: when the first byte is
// odd, the rest gets a valid "checksum" line appended and the fuzzer explores the header and
// value validation behind it; when even, the rest is taken as is. The memory limit is 16 MiB, so
// a header that asks for more is refused before anything is allocated. Any input must load or
// throw landauer::InputError; a loaded model must classify a sample into one of its classes. A
// crash, a sanitizer report or any other exception is a bug:
//   build-fuzz/bin/hdc_model_fuzzer -runs=20000 fuzz/hdc_model_corpus
#include <fmt/format.h>
#include <stdlib.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "landauer/core/checksum.h"
#include "landauer/core/errors.h"
#include "landauer/hdc/model_file.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  setenv("LANDAUER_MEMORY_LIMIT", "16M", 1);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  using namespace landauer::hdc;
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] & 1) text += fmt::format("checksum {:016x}\n", landauer::Fnv1a64(text));
  try {
    const SavedModel saved = DecodeModel(text, "fuzz.hdc");
    const ModelConfig& c = saved.model.config();
    const landauer::MatrixF x = landauer::MatrixF::Zero(1, c.features);
    EncodeWork encode;
    ClassifierWork query;
    const std::vector<std::int32_t> p =
        saved.model.PredictAll(saved.model.Encode(x, 1, encode), 1, query);
    if (p.size() != 1 || p[0] < 0 || p[0] >= c.classes) __builtin_trap();
  } catch (const landauer::InputError&) {
  }
  return 0;
}

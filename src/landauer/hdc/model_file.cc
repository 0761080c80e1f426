#include "landauer/hdc/model_file.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <vector>

#include "landauer/core/atomic_file.h"
#include "landauer/core/checksum.h"
#include "landauer/core/errors.h"
#include "landauer/core/memory_budget.h"
#include "landauer/core/number_parse.h"

namespace landauer::hdc {
namespace {

constexpr std::string_view kMagic = "landauer-hdc-model";
constexpr int kVersion = 1;
constexpr const char* kFix =
    "pass a file written by `landauer hdc train --save`, or train and save the model again";

// Reads the file line by line; every failure names the file and the line.
class Reader {
 public:
  Reader(std::string_view text, const std::string& origin) : text_(text), origin_(origin) {}

  [[noreturn]] void Fail(const std::string& problem, const std::string& fix = kFix) const {
    throw InputError(origin_, line_, problem, fix);
  }

  // The next line; its start offset in `start`.
  std::string_view NextLine(std::string_view expected, std::size_t* start = nullptr) {
    if (position_ >= text_.size()) {
      ++line_;
      Fail(fmt::format("the file ends where {} was expected (it is truncated)", expected));
    }
    if (start != nullptr) *start = position_;
    const std::size_t end = text_.find('\n', position_);
    const std::size_t stop = end == std::string_view::npos ? text_.size() : end;
    const std::string_view line = text_.substr(position_, stop - position_);
    position_ = end == std::string_view::npos ? text_.size() : end + 1;
    ++line_;
    return line;
  }

  // A line `key v_1 … v_count` (count < 0: any number); returns the values.
  std::vector<std::string_view> Fields(std::string_view key, int count = -1) {
    const std::string_view line = NextLine(fmt::format("'{}'", key));
    std::vector<std::string_view> fields;
    std::size_t from = 0;
    while (true) {
      if (count >= 0 && static_cast<int>(fields.size()) > count + 1) {
        Fail(fmt::format("'{}' takes {} value(s), found more", key, count));
      }
      const std::size_t space = line.find(' ', from);
      fields.push_back(
          line.substr(from, space == std::string_view::npos ? line.npos : space - from));
      if (fields.back().empty()) Fail(fmt::format("an empty field in the '{}' line", key));
      if (space == std::string_view::npos) break;
      from = space + 1;
    }
    if (fields.front() != key) {
      Fail(fmt::format("expected the '{}' line, found '{}'", key, Clip(fields.front())));
    }
    fields.erase(fields.begin());
    if (count >= 0 && static_cast<int>(fields.size()) != count) {
      Fail(fmt::format("'{}' takes {} value(s), found {}", key, count, fields.size()));
    }
    return fields;
  }

  std::string_view Word(std::string_view key) { return Fields(key, 1)[0]; }

  std::int64_t Integer(std::string_view key, std::int64_t lo, std::int64_t hi) {
    return IntegerValue(Word(key), key, lo, hi);
  }

  std::int64_t IntegerValue(std::string_view text,
                            std::string_view key,
                            std::int64_t lo,
                            std::int64_t hi) const {
    const ParsedInteger v = ParseInteger(text);
    if (!v.ok()) Fail(fmt::format("{}: {}", key, Describe(v.problem, Clip(text))));
    if (v.value < lo || v.value > hi) {
      Fail(fmt::format("{} = {} is outside [{}, {}]", key, v.value, lo, hi));
    }
    return v.value;
  }

  float Float(std::string_view text, std::string_view what) const {
    const ParsedNumber v = ParseDecimal(text);
    if (!v.ok()) Fail(fmt::format("{}: {}", what, Describe(v.problem, Clip(text))));
    if (std::abs(v.value) > std::numeric_limits<float>::max()) {
      Fail(fmt::format("{}: '{}' is too large for a float32", what, Clip(text)));
    }
    return static_cast<float>(v.value);
  }

  std::size_t remaining() const { return text_.size() - position_; }
  std::size_t position() const { return position_; }
  int line() const { return line_; }

  static std::string Clip(std::string_view s) {
    std::string out(s.substr(0, 40));
    for (char& c : out) {
      if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
    }
    return s.size() > 40 ? out + "…" : out;
  }

 private:
  std::string_view text_;
  const std::string& origin_;
  std::size_t position_ = 0;
  int line_ = 0;
};

}  // namespace

std::string EncodeModel(const HdcModel& model, const ModelWorkload& workload) {
  if (workload.data.empty() || workload.data.find('\n') != std::string::npos) {
    throw std::invalid_argument(fmt::format(
        "EncodeModel: the workload name '{}' must be one non-empty line", workload.data));
  }
  const ModelConfig& c = model.config();
  std::string out = fmt::format(
      "{} {}\ndata {}\npca {}\nbinarize {}\nmax_train {}\nvsa {}\nencoder {}\nfeatures {}\n"
      "dimension {}\nlevels {}\nclasses {}\nclass_memory {}\nseed {}\nfractional {}\n",
      kMagic,
      kVersion,
      workload.data,
      workload.pca,
      workload.binarize ? 1 : 0,
      workload.max_train,
      ToString(c.vsa),
      c.projection ? "projection" : "idlevel",
      c.features,
      c.dimension,
      c.projection ? 0 : c.levels,
      c.classes,
      c.memory == ClassMemory::kBinary ? "binary" : "integer",
      c.seed,
      model.fractional() ? 1 : 0);
  if (const LevelQuantizer* q = model.quantizer()) {
    for (int i = 0; i < q->features(); ++i) {
      out += fmt::format("range {} {}\n",
                         q->lo()[static_cast<std::size_t>(i)],
                         q->scale()[static_cast<std::size_t>(i)]);
    }
  }
  const std::span<const float> acc = model.accumulators();
  const std::size_t width = acc.size() / static_cast<std::size_t>(c.classes);
  for (int k = 0; k < c.classes; ++k) {
    out += fmt::format("accumulator {}", k);
    for (const float v : acc.subspan(static_cast<std::size_t>(k) * width, width)) {
      out += fmt::format(" {}", v);  // shortest text that reads back to the same float32
    }
    out += '\n';
  }
  out += fmt::format("checksum {:016x}\n", Fnv1a64(out));
  return out;
}

void SaveModel(const std::string& path, const HdcModel& model, const ModelWorkload& workload) {
  WriteFileAtomically(path, EncodeModel(model, workload));
}

SavedModel DecodeModel(std::string_view text, const std::string& origin) {
  Reader read(text, origin);
  {
    const std::string_view first = read.NextLine("the first line");
    if (first.substr(0, kMagic.size()) != kMagic || first.size() < kMagic.size() + 2 ||
        first[kMagic.size()] != ' ') {
      read.Fail("not a landauer HDC model (the first line is not 'landauer-hdc-model <version>')");
    }
    const std::int64_t version =
        read.IntegerValue(first.substr(kMagic.size() + 1), "version", 0, 1 << 30);
    if (version != kVersion) {
      read.Fail(
          fmt::format("model file version {} is not supported (this landauer reads "
                      "version {})",
                      version,
                      kVersion));
    }
  }
  ModelWorkload workload;
  {
    const std::string_view line = read.NextLine("'data'");
    if (line.substr(0, 5) != "data " || line.size() == 5) {
      read.Fail("expected 'data <workload>'");
    }
    workload.data = std::string(line.substr(5));
  }
  workload.pca = static_cast<int>(read.Integer("pca", 0, 100000));
  workload.binarize = read.Integer("binarize", 0, 1) == 1;
  workload.max_train = read.Integer("max_train", 0, std::numeric_limits<std::int64_t>::max());
  ModelConfig config;
  try {
    config.vsa = VsaFromString(std::string(read.Word("vsa")));
  } catch (const InputError&) {
    throw;
  } catch (const std::invalid_argument& e) {
    read.Fail(e.what());
  }
  {
    const std::string_view encoder = read.Word("encoder");
    if (encoder != "idlevel" && encoder != "projection") {
      read.Fail(fmt::format("encoder '{}': expected idlevel or projection", Reader::Clip(encoder)));
    }
    config.projection = encoder == "projection";
  }
  config.features = static_cast<int>(read.Integer("features", 1, 1 << 24));
  config.dimension = static_cast<int>(read.Integer("dimension", 64, 1 << 30));
  config.levels = static_cast<int>(read.Integer("levels", 0, 1 << 30));
  if (config.projection != (config.levels == 0)) {
    read.Fail(
        fmt::format("levels = {} with the {} encoder: the projection has 0 levels, "
                    "ID–level at least 2",
                    config.levels,
                    config.projection ? "projection" : "idlevel"));
  }
  config.classes = static_cast<int>(read.Integer("classes", 2, 1 << 16));
  {
    const std::string_view memory = read.Word("class_memory");
    if (memory != "integer" && memory != "binary") {
      read.Fail(fmt::format("class_memory '{}': expected integer or binary", Reader::Clip(memory)));
    }
    config.memory = memory == "binary" ? ClassMemory::kBinary : ClassMemory::kInteger;
  }
  {
    const std::string_view seed = read.Word("seed");
    const auto [end, error] = std::from_chars(seed.data(), seed.data() + seed.size(), config.seed);
    if (error != std::errc() || end != seed.data() + seed.size()) {
      read.Fail(
          fmt::format("seed '{}' is not a whole number from 0 to 2^64 − 1", Reader::Clip(seed)));
    }
  }
  const bool fractional = read.Integer("fractional", 0, 1) == 1;
  try {
    config.Check();
  } catch (const std::invalid_argument& e) {
    read.Fail(fmt::format("the header describes no valid model: {}", e.what()));
  }
  // Before allocating: the lines the header promises must fit in what is left of the file (each
  // value takes at least two bytes), and the model must fit in memory.
  const double width = config.vsa == Vsa::kFhrr ? 2.0 * config.dimension : config.dimension;
  const double ranges = config.projection ? 0.0 : config.features;
  if (2.0 * (2.0 * ranges + config.classes * width) > static_cast<double>(read.remaining())) {
    read.Fail(
        fmt::format("the header promises {} ranges and {} × {} accumulator values, more "
                    "than the {} bytes left in the file hold (it is truncated)",
                    ranges,
                    config.classes,
                    width,
                    read.remaining()));
  }
  CheckMemory(fmt::format("the model in {}", origin),
              config.Bytes(0) + 4.0 * config.classes * width,  // and the staged accumulators
              "load it on a machine with more memory");
  SavedModel saved{.workload = std::move(workload), .model = HdcModel(config)};
  if (LevelQuantizer* q = saved.model.quantizer()) {
    std::vector<float> lo(static_cast<std::size_t>(config.features)), scale(lo.size());
    for (std::size_t i = 0; i < lo.size(); ++i) {
      const std::vector<std::string_view> f = read.Fields("range", 2);
      lo[i] = read.Float(f[0], "range offset");
      scale[i] = read.Float(f[1], "range scale");
      if (scale[i] < 0.0f) read.Fail(fmt::format("range scale {} is negative", scale[i]));
    }
    q->Restore(lo, scale);
  }
  std::vector<float> accumulators;
  accumulators.reserve(static_cast<std::size_t>(config.classes * width));
  for (int k = 0; k < config.classes; ++k) {
    const std::vector<std::string_view> f = read.Fields("accumulator", 1 + static_cast<int>(width));
    if (read.IntegerValue(f[0], "accumulator class", 0, config.classes - 1) != k) {
      read.Fail(fmt::format("expected the accumulator of class {}, found class {}", k, f[0]));
    }
    for (std::size_t j = 1; j < f.size(); ++j) {
      accumulators.push_back(read.Float(f[j], "accumulator value"));
    }
  }
  std::size_t checksum_start = 0;
  {
    const std::string_view line = read.NextLine("'checksum'", &checksum_start);
    std::uint64_t stored = 0;
    const auto [end, error] =
        line.size() == 9 + 16 && line.substr(0, 9) == "checksum "
            ? std::from_chars(line.data() + 9, line.data() + line.size(), stored, 16)
            : std::from_chars_result{line.data(), std::errc::invalid_argument};
    if (error != std::errc() || end != line.data() + line.size()) {
      read.Fail("expected 'checksum <16 hex digits>'");
    }
    if (stored != Fnv1a64(text.substr(0, checksum_start))) {
      read.Fail("checksum mismatch: the file was changed or damaged after it was written");
    }
  }
  if (read.remaining() != 0) read.Fail("text after the checksum line");
  saved.model.RestoreAccumulators(accumulators, fractional);
  return saved;
}

SavedModel LoadModel(const std::string& path) { return DecodeModel(ReadFile(path), path); }

}  // namespace landauer::hdc

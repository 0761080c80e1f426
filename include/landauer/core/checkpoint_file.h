// landauer/core/checkpoint_file.h — the container every landauer checkpoint is written in, and
// the header reader that validates its fields.
//
// Layout: an 8-byte magic naming the kind ("LANDCKPT": an MLP run, nn/checkpoint.h; "LANDD2NN": a
// diffractive network, optical/diffractive_checkpoint.h), a little-endian u32 version, a u64
// header length, a JSON header, the raw payload the header describes, and a u64 FNV-1a checksum
// of every byte before it (core/checksum.h). The checksum catches accidents (a torn or flipped
// file), not tampering: anyone can recompute it, so each reader validates every header field like
// any other input (CheckpointHeader) and checks the payload's length against the header.
//
//   const std::string bytes = EncodeCheckpointFile("LANDD2NN", 1, header, payload);
//   const CheckpointFile file = DecodeCheckpointFile(bytes, path, "LANDD2NN", 1, "checkpoint");
//   const CheckpointHeader read(path);
//   const std::int64_t epoch = read.Integer(file.header, "epoch", 0, epochs);
#ifndef LANDAUER_CORE_CHECKPOINT_FILE_H_
#define LANDAUER_CORE_CHECKPOINT_FILE_H_

#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace landauer {

// What every checkpoint error suggests.
inline constexpr std::string_view kCheckpointFix =
    "delete it to start afresh, or resume with the options it was written with";

// The bytes of a checkpoint: `magic` (8 characters), `version`, the header, `payload`, checksum.
std::string EncodeCheckpointFile(std::string_view magic,
                                 std::uint32_t version,
                                 const nlohmann::json& header,
                                 std::string_view payload);

// Appends `values`' raw bytes (a contiguous container of trivially copyable values) to a payload.
template <typename Values>
void AppendCheckpointArray(std::string& payload, const Values& values) {
  if (values.empty()) return;  // the null data() of an empty vector
  payload.append(reinterpret_cast<const char*>(values.data()),
                 values.size() * sizeof(typename Values::value_type));
}

// Fills `values` (already sized) from payload[offset, ...) and advances `offset`. The caller has
// checked the payload's length against the header first.
template <typename Values>
void TakeCheckpointArray(std::string_view payload, std::size_t& offset, Values& values) {
  if (values.empty()) return;
  const std::size_t bytes = values.size() * sizeof(typename Values::value_type);
  std::memcpy(values.data(), payload.data() + offset, bytes);
  offset += bytes;
}

struct CheckpointFile {
  nlohmann::json header;     // a JSON object
  std::string_view payload;  // into the bytes decoded: valid while they are
};

// Checks, in this order, the magic (else "not a landauer <kind>"), the checksum, the version, the
// header's length, its nesting (at most 64 levels: nlohmann's parser and serializer recurse) and
// that it parses to a JSON object. Each failure throws InputError naming `origin`.
CheckpointFile DecodeCheckpointFile(std::string_view bytes,
                                    const std::string& origin,
                                    std::string_view magic,
                                    std::uint32_t version,
                                    std::string_view kind);

// A short JSON text of `value` (at most 40 characters), safe for any bytes in its strings.
std::string JsonBrief(const nlohmann::json& value);

// How two run configurations differ: "epochs: saved 3, now 5; lr: saved 0.01, now 0.001" (at most
// four keys, each value short).
std::string ConfigDifference(const nlohmann::json& saved, const nlohmann::json& now);

// Throws InputError naming `origin` ("checkpoint was written by a different run: " and the
// ConfigDifference) unless the saved configuration equals the run's.
void CheckSameRun(const nlohmann::json& saved,
                  const nlohmann::json& now,
                  const std::string& origin);

// JSON has no NaN or infinity: a diverged run's statistic is stored as null (and read back as NaN
// by CheckpointHeader::NonNegative with statistic = true).
nlohmann::json JsonStatistic(double value);

// Reads a checkpoint's header field by field, each checked for presence, type and range; every
// problem is an InputError naming the file and the field ("checkpoint header: ...").
class CheckpointHeader {
 public:
  // `origin` (the file's name, in errors) is referenced, not copied: it must outlive the reader.
  explicit CheckpointHeader(const std::string& origin) : origin_(origin) {}

  [[noreturn]] void Fail(const std::string& problem) const;

  // object[key], which must exist.
  const nlohmann::json& Get(const nlohmann::json& object, const std::string& key) const;
  // A whole number in [lower, upper].
  std::int64_t Integer(const nlohmann::json& object,
                       const std::string& key,
                       std::int64_t lower,
                       std::int64_t upper) const;
  // A finite number ≥ 0, or (when `statistic`) also null, read as NaN.
  double NonNegative(const nlohmann::json& object, const std::string& key, bool statistic) const;

 private:
  const std::string& origin_;
};

}  // namespace landauer

#endif  // LANDAUER_CORE_CHECKPOINT_FILE_H_

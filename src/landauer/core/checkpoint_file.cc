#include "landauer/core/checkpoint_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "landauer/core/checksum.h"
#include "landauer/core/errors.h"

namespace landauer {
namespace {

constexpr std::size_t kMagicSize = 8;
constexpr std::size_t kPrefix = kMagicSize + 4 + 8;  // magic, version, header length
constexpr std::size_t kChecksum = 8;
constexpr int kMaxNesting = 64;

template <typename T>
void Append(std::string& out, const T& value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof(T));
}

// The deepest nesting of [ and { outside strings.
int NestingDepth(std::string_view text) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

}  // namespace

std::string EncodeCheckpointFile(std::string_view magic,
                                 std::uint32_t version,
                                 const nlohmann::json& header,
                                 std::string_view payload) {
  if (magic.size() != kMagicSize) {
    throw std::invalid_argument("EncodeCheckpointFile: the magic must be 8 characters");
  }
  const std::string header_text =
      header.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out(magic);
  Append(out, version);
  Append(out, static_cast<std::uint64_t>(header_text.size()));
  out.reserve(out.size() + header_text.size() + payload.size() + kChecksum);
  out += header_text;
  out += payload;
  Append(out, Fnv1a64(out));
  return out;
}

CheckpointFile DecodeCheckpointFile(std::string_view bytes,
                                    const std::string& origin,
                                    std::string_view magic,
                                    std::uint32_t version,
                                    std::string_view kind) {
  const std::string fix(kCheckpointFix);
  if (bytes.size() < kPrefix + kChecksum || bytes.substr(0, kMagicSize) != magic) {
    throw InputError(
        origin, 0, fmt::format("not a landauer {}", kind), "pass a file written by --checkpoint");
  }
  std::uint64_t stored = 0;
  std::memcpy(&stored, bytes.data() + bytes.size() - kChecksum, kChecksum);
  if (stored != Fnv1a64(bytes.substr(0, bytes.size() - kChecksum))) {
    throw InputError(origin, 0, fmt::format("{} is corrupt (checksum mismatch)", kind), fix);
  }
  std::uint32_t saved_version = 0;
  std::memcpy(&saved_version, bytes.data() + kMagicSize, 4);
  if (saved_version != version) {
    throw InputError(origin,
                     0,
                     fmt::format("{} version {} is not supported (this landauer reads version {})",
                                 kind,
                                 saved_version,
                                 version),
                     fix);
  }
  std::uint64_t header_size = 0;
  std::memcpy(&header_size, bytes.data() + kMagicSize + 4, 8);
  if (header_size > bytes.size() - kPrefix - kChecksum) {
    throw InputError(origin, 0, fmt::format("{} header is truncated", kind), fix);
  }
  const std::string_view header_text = bytes.substr(kPrefix, header_size);
  if (NestingDepth(header_text) > kMaxNesting) {
    // nlohmann's serializer recurses: a million nested brackets would overflow the stack.
    throw InputError(
        origin, 0, fmt::format("{} header nests deeper than {} levels", kind, kMaxNesting), fix);
  }
  CheckpointFile file;
  file.header = nlohmann::json::parse(header_text, nullptr, /*allow_exceptions=*/false);
  if (file.header.is_discarded() || !file.header.is_object()) {
    CheckpointHeader(origin).Fail("not a JSON object");
  }
  file.payload =
      bytes.substr(kPrefix + header_size, bytes.size() - kPrefix - header_size - kChecksum);
  return file;
}

std::string JsonBrief(const nlohmann::json& value) {
  std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return text.size() > 40 ? text.substr(0, 37) + "..." : text;
}

std::string ConfigDifference(const nlohmann::json& saved, const nlohmann::json& now) {
  if (!saved.is_object() || !now.is_object())
    return "saved " + JsonBrief(saved) + ", now " + JsonBrief(now);
  std::vector<std::string> differences;
  for (const auto& [key, value] : now.items()) {
    if (!saved.contains(key)) {
      differences.push_back(fmt::format("{}: saved (none), now {}", key, JsonBrief(value)));
    } else if (saved[key] != value) {
      differences.push_back(
          fmt::format("{}: saved {}, now {}", key, JsonBrief(saved[key]), JsonBrief(value)));
    }
  }
  for (const auto& [key, value] : saved.items()) {
    if (!now.contains(key)) {
      differences.push_back(fmt::format("{}: saved {}, now (none)", key, JsonBrief(value)));
    }
  }
  std::string out;
  for (std::size_t i = 0; i < differences.size() && i < 4; ++i) {
    out += (i ? "; " : "") + differences[i];
  }
  if (differences.size() > 4) out += "; ...";
  return out;
}

void CheckSameRun(const nlohmann::json& saved,
                  const nlohmann::json& now,
                  const std::string& origin) {
  if (saved == now) return;
  throw InputError(origin,
                   0,
                   "checkpoint was written by a different run: " + ConfigDifference(saved, now),
                   std::string(kCheckpointFix));
}

nlohmann::json JsonStatistic(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

void CheckpointHeader::Fail(const std::string& problem) const {
  throw InputError(origin_,
                   0,
                   "checkpoint header: " + problem,
                   "delete the checkpoint to start afresh, or resume with the options it was "
                   "written with");
}

const nlohmann::json& CheckpointHeader::Get(const nlohmann::json& object,
                                            const std::string& key) const {
  if (!object.is_object() || !object.contains(key)) Fail("missing field '" + key + "'");
  return object[key];
}

std::int64_t CheckpointHeader::Integer(const nlohmann::json& object,
                                       const std::string& key,
                                       std::int64_t lower,
                                       std::int64_t upper) const {
  const nlohmann::json& value = Get(object, key);
  if (!value.is_number_integer())
    Fail(fmt::format("'{}' = {} is not a whole number", key, JsonBrief(value)));
  std::int64_t number = 0;
  if (value.is_number_unsigned()) {
    const auto u = value.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      Fail(fmt::format("'{}' = {} is out of range [{}, {}]", key, u, lower, upper));
    }
    number = static_cast<std::int64_t>(u);
  } else {
    number = value.get<std::int64_t>();
  }
  if (number < lower || number > upper) {
    Fail(fmt::format("'{}' = {} is out of range [{}, {}]", key, number, lower, upper));
  }
  return number;
}

double CheckpointHeader::NonNegative(const nlohmann::json& object,
                                     const std::string& key,
                                     bool statistic) const {
  const nlohmann::json& value = Get(object, key);
  if (statistic && value.is_null()) return std::numeric_limits<double>::quiet_NaN();
  if (!value.is_number()) Fail(fmt::format("'{}' = {} is not a number", key, JsonBrief(value)));
  const auto number = value.get<double>();
  if (!(number >= 0.0) || !std::isfinite(number)) {
    Fail(fmt::format("'{}' = {} must be a finite number >= 0", key, number));
  }
  return number;
}

}  // namespace landauer

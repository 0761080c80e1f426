// Forging checkpoints for tests: the header edited and the checksum made valid again, as a
// tamperer (or a bug in another writer) would leave it. Checkpoints validate every header field
// for exactly this reason (nn/checkpoint.h).
//
//   const std::string forged = EditCheckpointHeader(bytes, [](nlohmann::json& h) { h["epoch"] = -1;
//   });
#ifndef LANDAUER_TESTS_SUPPORT_CHECKPOINT_EDIT_H_
#define LANDAUER_TESTS_SUPPORT_CHECKPOINT_EDIT_H_

#include <cstdint>
#include <cstring>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "landauer/nn/checkpoint.h"

namespace landauer::testing {

// Layout (core/checkpoint_file.h, any magic): 8-byte magic, u32 version, u64 header length,
// header, payload, u64 checksum.
inline std::string EditCheckpointHeader(const std::string& bytes,
                                        const std::function<void(nlohmann::json&)>& edit) {
  constexpr std::size_t kPrefix = 20, kChecksum = 8;
  std::uint64_t header_size = 0;
  std::memcpy(&header_size, bytes.data() + 12, 8);
  nlohmann::json header = nlohmann::json::parse(bytes.substr(kPrefix, header_size));
  edit(header);
  const std::string text = header.dump();
  const std::uint64_t size = text.size();
  std::string out = bytes.substr(0, 12);
  out.append(reinterpret_cast<const char*>(&size), 8);
  out += text;
  out += bytes.substr(kPrefix + header_size, bytes.size() - kPrefix - header_size - kChecksum);
  const std::uint64_t checksum = nn::CheckpointChecksum(out);
  out.append(reinterpret_cast<const char*>(&checksum), 8);
  return out;
}

}  // namespace landauer::testing

#endif  // LANDAUER_TESTS_SUPPORT_CHECKPOINT_EDIT_H_

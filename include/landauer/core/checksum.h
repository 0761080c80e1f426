// landauer/core/checksum.h — the FNV-1a 64-bit hash that checkpoints and model files end with.
//
// It catches accidents (a torn or flipped file), not tampering: anyone can recompute it, so every
// field a file holds is validated as well (Fowler, Noll and Vo; the 64-bit offset basis and
// prime of the IETF draft "The FNV Non-Cryptographic Hash Algorithm").
#ifndef LANDAUER_CORE_CHECKSUM_H_
#define LANDAUER_CORE_CHECKSUM_H_

#include <cstdint>
#include <string_view>

namespace landauer {

inline std::uint64_t Fnv1a64(std::string_view bytes) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ull;
  }
  return hash;
}

}  // namespace landauer

#endif  // LANDAUER_CORE_CHECKSUM_H_

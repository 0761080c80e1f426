// landauer/core/atomic_file.h — write outputs so that a crash never leaves a half file.
//
//   WriteFileAtomically("out/results.json", json_text);
//
// Writes to a temporary file in the same directory ("<name>.tmp-<pid>"), flushes it to disk
// (fsync), then renames it over the target. Readers see the old file or the new one, never a
// mix. The parent directory must exist. Throws InputError naming the path and the OS error.
#ifndef LANDAUER_CORE_ATOMIC_FILE_H_
#define LANDAUER_CORE_ATOMIC_FILE_H_

#include <string>
#include <string_view>

namespace landauer {

void WriteFileAtomically(const std::string& path, std::string_view contents);

// Reads a whole file; throws InputError naming the path if it cannot be opened.
std::string ReadFile(const std::string& path);

}  // namespace landauer

#endif  // LANDAUER_CORE_ATOMIC_FILE_H_

// landauer/core/atomic_file.h — write outputs so that nothing is lost: no half files, no clobbered
// devices or links, no temporaries left behind, and sets of files replaced as a unit.
//
//   CheckOutputFile("out/results.json");            // before the run: can it be written?
//   WriteFileAtomically("out/results.json", json);  // after: all or nothing
//   WriteDirectoryAtomically("out", {{"results.json", json}, {"report.html", html}});
//
// WriteFileAtomically writes a temporary file beside the target ("<name>.tmp-<host>-<pid>-<n>",
// created exclusively, so a planted link is never followed), flushes it (fsync), renames it over
// the target and flushes the directory. Readers see the old file or the new one, never a mix.
//
// Outputs go only to regular files or new paths: an existing directory, device, FIFO, socket or
// symbolic link at the target is refused (as root, renaming over /dev/full would replace the
// device). Temporaries of this host's processes that no longer exist (a dead pid's, left by a
// kill -9) are removed on the next write to the same target.
//
// WriteDirectoryAtomically builds the whole directory beside the target (a temporary name) and
// swaps it in with one renameat2(RENAME_EXCHANGE), so a reader (or a kill at any moment) sees the
// previous complete directory or the new one. Where the file system cannot exchange, it renames
// the old one aside first: a kill between the two renames then leaves no directory (never a
// mixed one). The target may hold only files the set names (CheckOutputDirectory says so before
// the run): replacing it must not delete anything else.
//
// Every failure throws InputError naming the path, the OS error and a fix.
#ifndef LANDAUER_CORE_ATOMIC_FILE_H_
#define LANDAUER_CORE_ATOMIC_FILE_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace landauer {

void WriteFileAtomically(const std::string& path, std::string_view contents);

// Throws InputError unless `path` can be written by WriteFileAtomically: it is a regular file or
// does not exist, and its directory exists and accepts new files (probed by creating and removing
// a temporary). `flag` ("--json") is named in the message when not empty.
void CheckOutputFile(const std::string& path, std::string_view flag = "");

// Replaces directory `path` by one holding exactly `files` (name → contents), as one unit.
void WriteDirectoryAtomically(const std::string& path,
                              const std::map<std::string, std::string>& files);

// Throws InputError unless WriteDirectoryAtomically(path, files named `names`) may run: `path`
// does not exist, or is a directory (not a link) holding only files in `names`; and its parent
// exists and accepts new entries.
void CheckOutputDirectory(const std::string& path,
                          const std::vector<std::string>& names,
                          std::string_view flag = "");

// The name of a temporary beside `path` for process `pid` of this host:
// "<path>.tmp-<host>-<pid>-<n>" (n counts the process's temporaries). Exposed for tests.
std::string TemporaryPath(const std::string& path, long pid, unsigned n);

// Reads a whole file; throws InputError naming the path if it cannot be opened or is a directory.
std::string ReadFile(const std::string& path);

}  // namespace landauer

#endif  // LANDAUER_CORE_ATOMIC_FILE_H_

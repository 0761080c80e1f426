#include "landauer/core/atomic_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "landauer/core/errors.h"
#include "landauer/core/memory_budget.h"

namespace landauer {
namespace {

namespace fs = std::filesystem;

std::string Where(const std::string& path, std::string_view flag) {
  return flag.empty() ? path : std::string(flag) + " " + path;
}

[[noreturn]] void Fail(const std::string& path,
                       const std::string& what,
                       int error,
                       const std::string& fix = "check that the directory exists and is writable") {
  throw InputError(path, 0, what + ": " + std::strerror(error), fix);
}

// What is at `path` (without following a link): "" when nothing, else a description of anything
// but a regular file ("a directory", "a symbolic link", ...), or "regular".
std::string Kind(const std::string& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) return "";
  if (S_ISREG(info.st_mode)) return "regular";
  if (S_ISDIR(info.st_mode)) return "a directory";
  if (S_ISLNK(info.st_mode)) return "a symbolic link";
  if (S_ISCHR(info.st_mode) || S_ISBLK(info.st_mode)) return "a device";
  if (S_ISFIFO(info.st_mode)) return "a FIFO";
  if (S_ISSOCK(info.st_mode)) return "a socket";
  return "not a regular file";
}

fs::path Directory(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

// This host's name as it may appear in a file name: letters, digits and '_' (processes of
// another host sharing the directory, e.g. over NFS, have other names and are never touched).
const std::string& HostTag() {
  static const std::string tag = [] {
    char name[256] = {};
    if (::gethostname(name, sizeof(name) - 1) != 0 || name[0] == '\0') return std::string("host");
    std::string out;
    for (const char* c = name; *c != '\0'; ++c) {
      out += std::isalnum(static_cast<unsigned char>(*c)) ? *c : '_';
    }
    return out;
  }();
  return tag;
}

// `given` as an absolute, normal path without a trailing '/' ("out/", "./out" and "out" are one
// directory, whose temporaries go beside it, not inside). The current directory and its
// ancestors are refused: replacing them would pull the directory from under the process.
std::string OutputDirectory(const std::string& given, std::string_view flag) {
  std::error_code error;
  fs::path path = fs::absolute(given, error).lexically_normal();
  if (!path.has_filename()) path = path.parent_path();  // a trailing '/'
  const fs::path resolved = fs::weakly_canonical(path, error);
  const fs::path here = fs::current_path(error);
  const auto [r, h] = std::mismatch(resolved.begin(), resolved.end(), here.begin(), here.end());
  if (!error && r == resolved.end()) {
    throw InputError(Where(given, flag),
                     0,
                     "is the current directory or contains it; the output directory is replaced "
                     "as a whole",
                     "pass a directory of its own, e.g. landauer-compare");
  }
  return path.string();
}

std::string TemporaryName(const std::string& path) {
  static std::atomic<unsigned> next{0};
  return TemporaryPath(path, ::getpid(), next++);
}

// Removes "<name>.tmp-<host>-<pid>-<n>" beside `path` for every pid of this host that no longer
// runs (a killed landauer's leftovers). A live pid — ours or another run's — is left alone.
void RemoveStaleTemporaries(const std::string& path) {
  const std::string prefix = fs::path(path).filename().string() + ".tmp-" + HostTag() + "-";
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(Directory(path), error)) {
    const std::string name = entry.path().filename().string();
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    long pid = 0;
    unsigned n = 0;
    const char* last = name.data() + name.size();
    const auto [dash, pid_error] = std::from_chars(name.data() + prefix.size(), last, pid);
    if (pid_error != std::errc() || dash == last || *dash != '-' || pid <= 0) continue;
    const auto [end, n_error] = std::from_chars(dash + 1, last, n);
    if (n_error != std::errc() || end != last) continue;
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // alive (or not ours)
    std::error_code ignored;
    fs::remove_all(entry.path(), ignored);
  }
}

void SyncDirectory(const fs::path& directory) {
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // best effort: the rename itself already happened
  ::fsync(fd);
  ::close(fd);
}

// Creates `temporary` exclusively and writes `contents` to disk; removes it on failure.
void WriteNewFile(const std::string& path,
                  const std::string& temporary,
                  std::string_view contents) {
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0 && errno == EEXIST) {
    // Our own pid's name: a leftover of an earlier process that had this pid.
    ::unlink(temporary.c_str());
    fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
  }
  if (fd < 0) Fail(path, "cannot create temporary file " + temporary, errno);
  std::size_t written = 0;
  while (written < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(fd);
      ::unlink(temporary.c_str());
      Fail(path, "cannot write", error);
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const int error = errno;
    ::close(fd);
    ::unlink(temporary.c_str());
    Fail(path, "cannot flush", error);
  }
  if (::close(fd) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    Fail(path, "cannot flush", error);
  }
}

void RefuseNonRegular(const std::string& path, std::string_view flag) {
  const std::string kind = Kind(path);
  if (kind.empty() || kind == "regular") return;
  throw InputError(Where(path, flag),
                   0,
                   "is " + kind + "; landauer writes outputs only to regular files or new paths",
                   "choose another path");
}

// Throws unless the directory of `path` exists and accepts a new entry named like our temporary:
// the one reliable test of permissions, read-only mounts and ACLs.
void ProbeDirectory(const std::string& path, std::string_view flag) {
  const fs::path directory = Directory(path);
  std::error_code error;
  if (!fs::is_directory(directory, error)) {
    throw InputError(Where(path, flag),
                     0,
                     "its directory " + directory.string() + " does not exist",
                     "create the directory first, or choose another path");
  }
  const std::string probe = TemporaryName(path);
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0 && errno != EEXIST) {
    Fail(Where(path, flag), "cannot create files in " + directory.string(), errno);
  }
  if (fd >= 0) {
    ::close(fd);
    ::unlink(probe.c_str());
  }
}

}  // namespace

std::string TemporaryPath(const std::string& path, long pid, unsigned n) {
  return fmt::format("{}.tmp-{}-{}-{}", path, HostTag(), pid, n);
}

void WriteFileAtomically(const std::string& path, std::string_view contents) {
  RefuseNonRegular(path, "");
  RemoveStaleTemporaries(path);
  const std::string temporary = TemporaryName(path);
  WriteNewFile(path, temporary, contents);
  // The target may have become something else while we wrote: check again just before.
  const std::string kind = Kind(path);
  if (!kind.empty() && kind != "regular") {
    ::unlink(temporary.c_str());
    RefuseNonRegular(path, "");
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    Fail(path, "cannot rename the temporary file into place", error);
  }
  SyncDirectory(Directory(path));
}

void CheckOutputFile(const std::string& path, std::string_view flag) {
  if (path.empty()) {
    throw InputError(std::string(flag), 0, "the output path is empty", "give a file name");
  }
  RefuseNonRegular(path, flag);
  ProbeDirectory(path, flag);
}

void CheckOutputDirectory(const std::string& given,
                          const std::vector<std::string>& names,
                          std::string_view flag) {
  if (given.empty()) {
    throw InputError(std::string(flag), 0, "the output directory is empty", "give a directory");
  }
  const std::string path = OutputDirectory(given, flag);
  const std::string kind = Kind(path);
  if (!kind.empty() && kind != "a directory") {
    throw InputError(
        Where(path, flag),
        0,
        "is " + (kind == "regular" ? std::string("a file") : kind) + ", not a directory",
        "choose a new or existing directory");
  }
  if (kind == "a directory") {
    std::string foreign;
    int count = 0;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(path, error)) {
      const std::string name = entry.path().filename().string();
      const bool ours = std::find(names.begin(), names.end(), name) != names.end() &&
                        Kind(entry.path().string()) == "regular";
      if (!ours && ++count <= 3) foreign += (foreign.empty() ? "" : ", ") + name;
    }
    if (error) Fail(Where(path, flag), "cannot list the directory", error.value());
    if (count > 0) {
      throw InputError(Where(given, flag),
                       0,
                       "holds " + std::to_string(count) + " entr" + (count == 1 ? "y" : "ies") +
                           " landauer did not write (" + foreign + (count > 3 ? ", ..." : "") +
                           "); the directory is replaced as a whole, which would delete them",
                       "pass a new or empty directory, or one written by an earlier run");
    }
  }
  // Missing parents are created when the output is written: the nearest existing one must accept
  // new entries.
  fs::path ancestor = fs::path(path).parent_path();
  std::error_code error;
  while (!ancestor.empty() && !fs::exists(ancestor, error)) ancestor = ancestor.parent_path();
  ProbeDirectory((ancestor / fs::path(path).filename()).string(), flag);
}

void WriteDirectoryAtomically(const std::string& given,
                              const std::map<std::string, std::string>& files) {
  const std::string path = OutputDirectory(given, "");
  std::vector<std::string> names;
  for (const auto& [name, contents] : files) names.push_back(name);
  CheckOutputDirectory(path, names);
  RemoveStaleTemporaries(path);
  const std::string temporary = TemporaryName(path);
  std::error_code error;
  fs::remove_all(temporary, error);  // our pid's leftover, if any
  if (::mkdir(temporary.c_str(), 0755) != 0) {
    Fail(path, "cannot create temporary directory " + temporary, errno);
  }
  try {
    for (const auto& [name, contents] : files) {
      const std::string file = (fs::path(temporary) / name).string();
      WriteNewFile(file, file, contents);
    }
    SyncDirectory(temporary);
  } catch (...) {
    fs::remove_all(temporary, error);
    throw;
  }
  if (Kind(path).empty()) {
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
      const int rename_error = errno;
      fs::remove_all(temporary, error);
      Fail(path, "cannot rename the new directory into place", rename_error);
    }
  } else if (::renameat2(AT_FDCWD, temporary.c_str(), AT_FDCWD, path.c_str(), RENAME_EXCHANGE) ==
             0) {
    fs::remove_all(temporary, error);  // now the previous directory
  } else {
    // No exchange on this file system: the old directory aside, the new one in, the old one away.
    const std::string aside = path + ".tmp-" + std::to_string(::getpid()) + "-old";
    if (std::rename(path.c_str(), aside.c_str()) != 0) {
      const int rename_error = errno;
      fs::remove_all(temporary, error);
      Fail(path, "cannot move the previous directory aside", rename_error);
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
      const int rename_error = errno;
      std::rename(aside.c_str(), path.c_str());  // put the previous one back
      fs::remove_all(temporary, error);
      Fail(path, "cannot rename the new directory into place", rename_error);
    }
    fs::remove_all(aside, error);
  }
  SyncDirectory(Directory(path));
}

std::string ReadFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw InputError(
        path, 0, std::string("cannot open file: ") + std::strerror(errno), "check the path");
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat info {};
  if (::fstat(fd, &info) != 0) Fail(path, "cannot read file", errno, "check the path");
  if (S_ISDIR(info.st_mode)) {
    throw InputError(path, 0, "is a directory, not a file", "pass the path of a file");
  }
  if (S_ISCHR(info.st_mode) || S_ISBLK(info.st_mode) || S_ISSOCK(info.st_mode)) {
    // /dev/zero would be read until memory runs out.
    throw InputError(path, 0, "is a device, not a file", "pass the path of a regular file");
  }
  // A pipe has no size: read it in chunks, each priced against the memory budget.
  const MemoryLimit limit = CurrentMemoryLimit();
  std::string contents;
  if (S_ISREG(info.st_mode)) contents.reserve(static_cast<std::size_t>(info.st_size));
  char chunk[1 << 16];
  while (true) {
    const ssize_t n = ::read(fd, chunk, sizeof(chunk));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) Fail(path, "cannot read file", errno, "check the path");
    if (n == 0) break;
    if (limit.bytes > 0.0 && static_cast<double>(contents.size() + n) > limit.bytes) {
      CheckMemory(path, static_cast<double>(contents.size() + n), "pass a smaller file");
    }
    contents.append(chunk, static_cast<std::size_t>(n));
  }
  return contents;
}

}  // namespace landauer

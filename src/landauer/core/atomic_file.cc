#include "landauer/core/atomic_file.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "landauer/core/errors.h"

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

// "out/" and "out//" name the directory "out" (whose temporaries go beside it, not inside).
std::string WithoutTrailingSlashes(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

std::string TemporaryName(const std::string& path) {
  return path + ".tmp-" + std::to_string(::getpid());
}

// Removes "<name>.tmp-<pid>" beside `path` for every pid that no longer runs (a killed landauer's
// leftovers). A live pid — ours or another run's — is left alone.
void RemoveStaleTemporaries(const std::string& path) {
  const fs::path target(path);
  const std::string prefix = target.filename().string() + ".tmp-";
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(Directory(path), error)) {
    const std::string name = entry.path().filename().string();
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    long pid = 0;
    const char* first = name.data() + prefix.size();
    const char* last = name.data() + name.size();
    const auto [end, parse_error] = std::from_chars(first, last, pid);
    if (parse_error != std::errc() || end != last || pid <= 0) continue;
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
  const std::string path = WithoutTrailingSlashes(given);
  if (path.empty()) {
    throw InputError(std::string(flag), 0, "the output directory is empty", "give a directory");
  }
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
      throw InputError(Where(path, flag),
                       0,
                       "holds " + std::to_string(count) + " entr" + (count == 1 ? "y" : "ies") +
                           " landauer did not write (" + foreign + (count > 3 ? ", ..." : "") +
                           "); the directory is replaced as a whole, which would delete them",
                       "pass a new or empty directory, or one written by an earlier run");
    }
  }
  ProbeDirectory(path, flag);
}

void WriteDirectoryAtomically(const std::string& given,
                              const std::map<std::string, std::string>& files) {
  const std::string path = WithoutTrailingSlashes(given);
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
  std::error_code error;
  if (fs::is_directory(path, error)) {
    throw InputError(path, 0, "is a directory, not a file", "pass the path of a file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError(
        path, 0, std::string("cannot open file: ") + std::strerror(errno), "check the path");
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    throw InputError(
        path, 0, std::string("cannot read file: ") + std::strerror(errno), "check the path");
  }
  return buffer.str();
}

}  // namespace landauer

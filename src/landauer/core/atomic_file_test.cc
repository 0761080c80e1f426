#include "landauer/core/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "landauer/core/errors.h"

namespace landauer {
namespace {

namespace fs = std::filesystem;

TEST(AtomicFile, WritesReplacesAndLeavesNoTemporary) {
  const fs::path dir = fs::temp_directory_path() / "landauer_atomic_file_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string path = (dir / "out.json").string();
  WriteFileAtomically(path, "first");
  EXPECT_EQ(ReadFile(path), "first");
  WriteFileAtomically(path, "second, longer");
  EXPECT_EQ(ReadFile(path), "second, longer");
  int files = 0;
  for ([[maybe_unused]] const auto& item : fs::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1);
  fs::remove_all(dir);
}

TEST(AtomicFile, MissingDirectoryIsBadInputNamingThePath) {
  try {
    WriteFileAtomically("/nonexistent-dir-landauer/out.json", "x");
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("/nonexistent-dir-landauer/out.json"),
              std::string::npos);
  }
  EXPECT_THROW(ReadFile("/nonexistent-dir-landauer/in.toml"), InputError);
}

class ScratchDirectory {
 public:
  explicit ScratchDirectory(const std::string& name)
      : path_(fs::temp_directory_path() / (name + "_" + std::to_string(::getpid()))) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~ScratchDirectory() { fs::remove_all(path_); }
  fs::path operator/(const std::string& name) const { return path_ / name; }
  const fs::path& path() const { return path_; }
  std::vector<std::string> Names() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(path_)) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  fs::path path_;
};

// A pid that no longer runs: a child that has exited and been reaped.
pid_t DeadPid() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  int status = 0;
  ::waitpid(child, &status, 0);
  return child;
}

std::string MessageOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

TEST(AtomicFile, Issue11Class6RefusesEverythingButRegularFilesAndNewPaths) {
  const ScratchDirectory dir("landauer_atomic_kinds");
  fs::create_directory(dir / "a_directory");
  std::ofstream(dir / "target.json") << "keep me";
  fs::create_symlink(dir / "target.json", dir / "link.json");
  ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0644), 0);
  for (const std::string& name : {"a_directory", "link.json", "fifo"}) {
    const std::string path = (dir / name).string();
    const std::string message = MessageOf([&] { WriteFileAtomically(path, "x"); });
    EXPECT_NE(message.find(path), std::string::npos) << message;
    EXPECT_NE(message.find("regular files or new paths"), std::string::npos) << message;
    EXPECT_NE(MessageOf([&] { CheckOutputFile(path, "--json"); }).find("--json"),
              std::string::npos);
  }
  // A device, as root would have replaced it.
  EXPECT_NE(MessageOf([] { WriteFileAtomically("/dev/null", "x"); }).find("a device"),
            std::string::npos);
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
  // The link's target is untouched, and no temporary is left anywhere.
  EXPECT_EQ(ReadFile((dir / "target.json").string()), "keep me");
  EXPECT_EQ(dir.Names(),
            (std::vector<std::string>{"a_directory", "fifo", "link.json", "target.json"}));
}

TEST(AtomicFile, CheckOutputFileProbesTheDirectory) {
  const ScratchDirectory dir("landauer_atomic_probe");
  EXPECT_EQ(MessageOf([&] { CheckOutputFile((dir / "new.json").string(), "--json"); }), "");
  EXPECT_NE(MessageOf([&] {
              CheckOutputFile((dir / "missing" / "x.json").string(), "--json");
            }).find("does not exist"),
            std::string::npos);
  EXPECT_TRUE(dir.Names().empty());  // the probe is gone
  if (::geteuid() != 0) {            // root may write anywhere
    fs::create_directory(dir / "read_only");
    fs::permissions(dir / "read_only", fs::perms::owner_read | fs::perms::owner_exec);
    EXPECT_NE(MessageOf([&] {
                CheckOutputFile((dir / "read_only" / "x").string(), "--json");
              }).find("cannot create files"),
              std::string::npos);
    fs::permissions(dir / "read_only", fs::perms::owner_all);
  }
}

TEST(AtomicFile, Issue11Class7StaleTemporariesOfDeadProcessesAreRemoved) {
  const ScratchDirectory dir("landauer_atomic_stale");
  const std::string path = (dir / "out.json").string();
  const std::string stale = TemporaryPath(path, DeadPid(), 0);
  const std::string live = TemporaryPath(path, 1, 0);  // pid 1 always runs
  const std::string foreign = path + ".tmp-otherhost-" + std::to_string(DeadPid()) + "-0";
  std::ofstream(stale) << "left by kill -9";
  std::ofstream(live) << "another run's";
  std::ofstream(foreign) << "another host's, over NFS";
  WriteFileAtomically(path, "new");
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_TRUE(fs::exists(live));
  EXPECT_TRUE(fs::exists(foreign));  // its pid means nothing on this host
  EXPECT_EQ(ReadFile(path), "new");
}

TEST(AtomicFile, Issue11Class7DirectoriesAreReplacedAsAUnit) {
  const ScratchDirectory dir("landauer_atomic_dir");
  const std::string out = (dir / "out").string();
  WriteDirectoryAtomically(out, {{"results.json", "1"}, {"report.html", "one"}});
  EXPECT_EQ(ReadFile(out + "/results.json"), "1");
  // A killed run's temporary directory is cleaned up by the next one.
  const std::string stale = TemporaryPath(out, DeadPid(), 3);
  fs::create_directory(stale);
  std::ofstream(stale + "/results.json") << "half";
  WriteDirectoryAtomically(out + "/", {{"results.json", "2"}, {"report.html", "two"}});
  EXPECT_EQ(ReadFile(out + "/results.json"), "2");
  EXPECT_EQ(ReadFile(out + "/report.html"), "two");
  EXPECT_EQ(dir.Names(), std::vector<std::string>{"out"});
  // "out/", "./out" and an absolute path name the same directory.
  WriteDirectoryAtomically((dir / "." / "out").string(),
                           {{"results.json", "4"}, {"report.html", "four"}});
  EXPECT_EQ(ReadFile(out + "/results.json"), "4");
  EXPECT_EQ(dir.Names(), std::vector<std::string>{"out"});
  // A directory holding anything else is refused before anything is written.
  std::ofstream(out + "/notes.txt") << "mine";
  const std::string message = MessageOf([&] {
    CheckOutputDirectory(out, {"results.json", "report.html"}, "--out");
  });
  EXPECT_NE(message.find("notes.txt"), std::string::npos) << message;
  EXPECT_NE(message.find("--out"), std::string::npos) << message;
  EXPECT_THROW(WriteDirectoryAtomically(out, {{"results.json", "3"}}), InputError);
  EXPECT_EQ(ReadFile(out + "/notes.txt"), "mine");
  EXPECT_EQ(ReadFile(out + "/results.json"), "4");
  // A file where the directory should be.
  std::ofstream(dir / "file") << "x";
  EXPECT_NE(MessageOf([&] {
              CheckOutputDirectory((dir / "file").string(), {}, "--out");
            }).find("not a directory"),
            std::string::npos);
}

TEST(AtomicFile, OutputDirectoriesMayBeNewButNeverTheCurrentDirectory) {
  const ScratchDirectory dir("landauer_atomic_nested");
  EXPECT_NO_THROW(CheckOutputDirectory((dir / "runs" / "today").string(), {"a"}, "--out"));
  for (const std::string& here :
       std::vector<std::string>{".", "./", fs::current_path().string(), ".."}) {
    const std::string message = MessageOf([&] { CheckOutputDirectory(here, {"a"}, "--out"); });
    EXPECT_NE(message.find("current directory"), std::string::npos) << here << ": " << message;
  }
}

TEST(AtomicFile, Issue11Class11ReadingADirectorySaysSo) {
  const ScratchDirectory dir("landauer_atomic_read");
  const std::string message = MessageOf([&] { ReadFile(dir.path().string()); });
  EXPECT_NE(message.find("is a directory"), std::string::npos) << message;
  // A device would be read until memory ran out.
  EXPECT_NE(MessageOf([] { ReadFile("/dev/zero"); }).find("is a device"), std::string::npos);
}

}  // namespace
}  // namespace landauer

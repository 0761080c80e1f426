#include "landauer/core/atomic_file.h"

#include <gtest/gtest.h>

#include <filesystem>

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

}  // namespace
}  // namespace landauer

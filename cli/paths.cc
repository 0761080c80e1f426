#include "paths.h"

#include <fmt/format.h>
#include <fnmatch.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "landauer/core/atomic_file.h"
#include "landauer/core/errors.h"

namespace landauer::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kInputFile = "input-file";
constexpr const char* kInputDirectory = "input-directory:";
constexpr const char* kInputOrName = "input-or-name:";
constexpr const char* kOutputFile = "output-file";
constexpr const char* kOutputDirectory = "output-directory:";

CLI::Option* WithRole(CLI::Option* option, CLI::Validator validator, const std::string& role) {
  validator.name(role);
  return option->check(std::move(validator));
}

std::string Join(const char* role, const std::vector<std::string>& items) {
  std::string joined = role;
  for (std::size_t i = 0; i < items.size(); ++i) joined += (i ? "," : "") + items[i];
  return joined;
}

CLI::Validator Accept() {
  return CLI::Validator([](const std::string&) { return std::string(); }, "");
}

// The role of `option` ("" if it has none) and its list: for a directory output the names it
// writes, for an input directory the patterns of the files it is read for.
std::string RoleOf(const CLI::Option* option, std::vector<std::string>& names) {
  auto* mutable_option = const_cast<CLI::Option*>(option);  // get_validator is not const
  for (int index = 0;; ++index) {
    const CLI::Validator* validator = nullptr;
    try {
      validator = mutable_option->get_validator(index);
    } catch (const CLI::OptionNotFound&) {
      return "";
    }
    const std::string& name = validator->get_name();
    if (name == kInputFile || name == kOutputFile) return name;
    for (const char* role : {kInputDirectory, kInputOrName, kOutputDirectory}) {
      if (name.rfind(role, 0) != 0) continue;
      const std::string list = name.substr(std::string(role).size());
      std::size_t start = 0;
      while (start <= list.size()) {
        const std::size_t comma = std::min(list.find(',', start), list.size());
        if (comma > start) names.push_back(list.substr(start, comma - start));
        start = comma + 1;
      }
      return role;
    }
  }
}

struct PathUse {
  std::string flag;
  std::string path;
  bool directory = false;
  std::vector<std::string> reads;  // an input directory: the files it reads, as fnmatch patterns
};

// The canonical form of a path that may not exist yet (its existing prefix resolved), without a
// trailing '/'.
fs::path Canonical(const std::string& path) {
  std::error_code error;
  fs::path canonical = fs::weakly_canonical(fs::absolute(path, error), error);
  if (error) canonical = fs::absolute(path).lexically_normal();
  if (!canonical.has_filename() && canonical.has_parent_path()) canonical = canonical.parent_path();
  return canonical;
}

bool Inside(const fs::path& path, const fs::path& directory) {
  const auto [d, p] = std::mismatch(directory.begin(), directory.end(), path.begin(), path.end());
  return d == directory.end() && p != path.end();
}

std::string Describe(const PathUse& use) { return use.flag + " " + use.path; }

void Collect(const CLI::App& app,
             std::vector<PathUse>& inputs,
             std::vector<PathUse>& output_files,
             std::vector<std::pair<PathUse, std::vector<std::string>>>& output_directories) {
  for (const CLI::Option* option : app.get_options()) {
    std::vector<std::string> names;
    const std::string role = RoleOf(option, names);
    if (role.empty()) continue;
    // An output not given on the command line still goes to its default (compare --out).
    std::vector<std::string> values = option->results();
    if (option->count() == 0) {
      values.clear();
      const bool output = role == kOutputFile || role == kOutputDirectory;
      if (!output || option->get_default_str().empty()) continue;
      values.push_back(option->get_default_str());
    }
    const std::string flag = option->get_name();
    for (const std::string& path : values) {
      if (path.empty() && option->get_expected_min() == 0) continue;  // bare --json: stdout
      std::error_code error;
      if (role == kInputFile) {
        inputs.push_back({flag, path, false, {}});
      } else if (role == kInputDirectory) {
        inputs.push_back({flag, path, true, names});
      } else if (role == kInputOrName) {
        if (fs::exists(path, error)) {
          inputs.push_back({flag, path, fs::is_directory(path, error), names});
        }
      } else if (role == kOutputFile) {
        CheckOutputFile(path, flag);
        output_files.push_back({flag, path, false, {}});
      } else {
        CheckOutputDirectory(path, names, flag);
        output_directories.push_back({{flag, path, true, {}}, names});
      }
    }
  }
  for (const CLI::App* sub : app.get_subcommands()) {  // the parsed ones
    Collect(*sub, inputs, output_files, output_directories);
  }
}

[[noreturn]] void Conflict(const PathUse& output, const std::string& problem) {
  throw InputError(Describe(output), 0, problem, "write the output somewhere else");
}

}  // namespace

CLI::Option* AsInputFile(CLI::Option* option) {
  return WithRole(option,
                  CLI::Validator(
                      [](const std::string& path) -> std::string {
                        std::error_code error;
                        if (!fs::exists(path, error)) return "no such file: " + path;
                        if (fs::is_directory(path, error)) {
                          return path + " is a directory; pass a file";
                        }
                        return "";
                      },
                      "FILE"),
                  kInputFile);
}

CLI::Option* AsInputDirectory(CLI::Option* option, const std::vector<std::string>& reads) {
  return WithRole(option,
                  CLI::Validator(
                      [](const std::string& path) -> std::string {
                        std::error_code error;
                        if (!fs::exists(path, error)) return "no such directory: " + path;
                        if (!fs::is_directory(path, error)) {
                          return path + " is not a directory";
                        }
                        return "";
                      },
                      "DIR"),
                  Join(kInputDirectory, reads));
}

CLI::Option* AsInputOrName(CLI::Option* option, const std::vector<std::string>& reads) {
  return WithRole(option, Accept(), Join(kInputOrName, reads));
}

CLI::Option* AsOutputFile(CLI::Option* option) { return WithRole(option, Accept(), kOutputFile); }

CLI::Option* AsOutputDirectory(CLI::Option* option, const std::vector<std::string>& names) {
  return WithRole(option, Accept(), Join(kOutputDirectory, names));
}

void CheckPaths(const CLI::App& root) {
  std::vector<PathUse> inputs, output_files;
  std::vector<std::pair<PathUse, std::vector<std::string>>> output_directories;
  Collect(root, inputs, output_files, output_directories);
  for (const auto& [directory, names] : output_directories) {
    const fs::path d = Canonical(directory.path);
    for (const PathUse& input : inputs) {
      const fs::path source = Canonical(input.path);
      if (source == d || Inside(source, d)) {
        Conflict(directory,
                 fmt::format("would replace or write into the input {}", Describe(input)));
      }
    }
  }
  // Every file an output directory will hold is an output file too.
  std::vector<PathUse> outputs = output_files;
  for (const auto& [directory, names] : output_directories) {
    for (const std::string& name : names) {
      outputs.push_back({directory.flag, (fs::path(directory.path) / name).string(), false, {}});
    }
  }
  for (const PathUse& output : outputs) {
    const fs::path target = Canonical(output.path);
    for (const PathUse& input : inputs) {
      const fs::path source = Canonical(input.path);
      if (!input.directory && target == source) {
        Conflict(output,
                 fmt::format("is also the input {}; it would be overwritten", Describe(input)));
      }
      if (input.directory && Inside(target, source)) {
        // New files beside the inputs are fine; a file the input directory is read for is not.
        const std::string relative = target.lexically_relative(source).string();
        for (const std::string& pattern : input.reads) {
          if (::fnmatch(pattern.c_str(), relative.c_str(), FNM_PATHNAME) == 0) {
            Conflict(output,
                     fmt::format("is a file the input {} reads ({}); it would be overwritten",
                                 Describe(input),
                                 pattern));
          }
        }
      }
    }
  }
  for (std::size_t i = 0; i < output_files.size(); ++i) {
    const fs::path a = Canonical(output_files[i].path);
    for (std::size_t j = i + 1; j < output_files.size(); ++j) {
      if (a == Canonical(output_files[j].path)) {
        Conflict(output_files[j], fmt::format("is also {}", Describe(output_files[i])));
      }
    }
    for (const auto& [directory, names] : output_directories) {
      if (Inside(a, Canonical(directory.path))) {
        Conflict(output_files[i],
                 fmt::format("lies in {}, which is replaced as a whole", Describe(directory)));
      }
    }
  }
}

}  // namespace landauer::cli

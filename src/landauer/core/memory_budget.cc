#include "landauer/core/memory_budget.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <string>

#include "landauer/core/errors.h"
#include "landauer/core/number_parse.h"

namespace landauer {
namespace {

constexpr const char* kVariable = "LANDAUER_MEMORY_LIMIT";

double ParseSize(std::string_view text) {
  double multiplier = 1.0;
  if (!text.empty()) {
    switch (text.back()) {
      case 'K':
      case 'k':
        multiplier = 1024.0;
        break;
      case 'M':
      case 'm':
        multiplier = 1024.0 * 1024.0;
        break;
      case 'G':
      case 'g':
        multiplier = 1024.0 * 1024.0 * 1024.0;
        break;
      case 'T':
      case 't':
        multiplier = 1024.0 * 1024.0 * 1024.0 * 1024.0;
        break;
      default:
        break;
    }
    if (multiplier != 1.0) text.remove_suffix(1);
  }
  const ParsedNumber number = ParseDecimal(text);
  if (!number.ok() || !(number.value > 0.0)) return -1.0;
  return number.value * multiplier;
}

// cgroup v2 (memory.max) or v1 (memory.limit_in_bytes); 0 when unlimited or absent.
double CgroupLimit() {
  for (const char* path :
       {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
    std::ifstream in(path);
    std::string text;
    if (!(in >> text) || text == "max") continue;
    const ParsedNumber number = ParseDecimal(text);
    // v1 reports "unlimited" as a huge page-aligned number.
    if (number.ok() && number.value > 0.0 && number.value < 1e18) return number.value;
  }
  return 0.0;
}

}  // namespace

MemoryLimit CurrentMemoryLimit() {
  if (const char* text = std::getenv(kVariable); text != nullptr && *text != '\0') {
    const double bytes = ParseSize(text);
    if (!(bytes > 0.0)) {
      throw InputError(kVariable,
                       0,
                       fmt::format("'{}' is not a memory size", text),
                       "set it to a positive number of bytes or e.g. 8G, or unset it");
    }
    return {bytes, kVariable};
  }
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
  MemoryLimit limit{
      pages > 0 && page > 0 ? static_cast<double>(pages) * static_cast<double>(page) : 0.0,
      "the machine's physical memory"};
  const double cgroup = CgroupLimit();
  if (cgroup > 0.0 && (limit.bytes == 0.0 || cgroup < limit.bytes)) {
    limit = {cgroup, "the container's memory limit"};
  }
  return limit;
}

void CheckMemory(std::string_view what, double bytes, std::string_view fix) {
  const MemoryLimit limit = CurrentMemoryLimit();
  if (limit.bytes == 0.0 || bytes <= limit.bytes) return;  // unknown limit: nothing to check
  throw InputError(
      std::string(what),
      0,
      fmt::format("needs {} of memory, more than the limit of {} ({})",
                  FormatBytes(bytes),
                  FormatBytes(limit.bytes),
                  limit.source),
      fmt::format(
          "{}; or set {} (e.g. {}=64G) if the machine has more", fix, kVariable, kVariable));
}

std::string FormatBytes(double bytes) {
  static constexpr const char* kUnits[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
  int unit = 0;
  while (bytes >= 1000.0 && unit < 6) bytes /= 1000.0, ++unit;
  if (unit == 0) return fmt::format("{:.0f} B", bytes);
  return fmt::format("{:.3g} {}", bytes, kUnits[unit]);
}

}  // namespace landauer

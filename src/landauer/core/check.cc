#include "landauer/core/check.h"

#include <cstdio>
#include <cstdlib>

namespace landauer::internal {

CheckFailure::CheckFailure(const char* file, int line, const char* condition)
    : file_(file), line_(line), condition_(condition) {}

CheckFailure::~CheckFailure() {
  const std::string context = message_.str();
  std::fprintf(stderr,
               "landauer internal error: %s:%d: check failed: %s%s%s\n"
               "This is a bug in landauer, not in your input; please report it with the command "
               "you ran.\n",
               file_,
               line_,
               condition_,
               context.empty() ? "" : ": ",
               context.c_str());
  std::fflush(stderr);
  std::abort();
}

}  // namespace landauer::internal

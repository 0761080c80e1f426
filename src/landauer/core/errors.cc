#include "landauer/core/errors.h"

#include <fmt/format.h>

#include <utility>

namespace landauer {

InputError::InputError(std::string file,
                       int line,
                       const std::string& problem,
                       const std::string& fix)
    : std::invalid_argument(Format(file, line, problem, fix)),
      file_(std::move(file)),
      line_(line) {}

std::string InputError::Format(const std::string& file,
                               int line,
                               const std::string& problem,
                               const std::string& fix) {
  std::string location = file;
  if (line > 0) location = fmt::format("{}:{}", file, line);
  return fmt::format("{}{}{}{}{}",
                     location,
                     location.empty() ? "" : ": ",
                     problem,
                     fix.empty() ? "" : ". Fix: ",
                     fix);
}

}  // namespace landauer

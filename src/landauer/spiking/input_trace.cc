#include "landauer/spiking/input_trace.h"

#include <fmt/format.h>

#include "landauer/core/atomic_file.h"
#include "landauer/core/errors.h"
#include "landauer/core/number_parse.h"

namespace landauer::spiking {
namespace {

constexpr std::size_t kMaxFields = 1 << 20;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> Split(std::string_view line) {
  std::vector<std::string_view> fields;
  while (true) {
    const std::size_t comma = line.find(',');
    fields.push_back(Trim(line.substr(0, comma)));
    if (comma == std::string_view::npos || fields.size() > kMaxFields) break;
    line.remove_prefix(comma + 1);
  }
  return fields;
}

}  // namespace

InputTrace ParseInputTrace(std::string_view text,
                           const std::string& origin,
                           const std::vector<int>& columns) {
  for (const int c : columns) {
    if (c < 0) throw std::invalid_argument(fmt::format("input trace: column {} < 0", c));
  }
  InputTrace trace;
  int line_number = 0;
  std::size_t width = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line = Trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    const std::vector<std::string_view> fields = Split(line);
    if (fields.size() > kMaxFields) {
      throw InputError(origin,
                       line_number,
                       fmt::format("more than {} fields", kMaxFields),
                       "give at most one value per network input, and one row per step");
    }
    std::vector<double> values;
    values.reserve(fields.size());
    bool numbers = true;
    for (std::size_t f = 0; f < fields.size() && numbers; ++f) {
      const ParsedNumber n = ParseDecimal(fields[f]);
      if (n.ok()) {
        values.push_back(n.value);
      } else if (trace.rows.empty() && trace.header.empty()) {
        numbers = false;  // a header line
      } else {
        throw InputError(origin,
                         line_number,
                         fmt::format("field {}: {}", f + 1, Describe(n.problem, fields[f])),
                         "write every field as a finite decimal number");
      }
    }
    if (!numbers) {
      trace.header = std::string(line);
      continue;
    }
    if (width == 0) width = values.size();
    if (values.size() != width) {
      throw InputError(origin,
                       line_number,
                       fmt::format("{} fields where the first row has {}", values.size(), width),
                       "give every row the same number of fields");
    }
    if (columns.empty()) {
      trace.rows.push_back(std::move(values));
      continue;
    }
    std::vector<double> picked;
    picked.reserve(columns.size());
    for (const int c : columns) {
      if (static_cast<std::size_t>(c) >= values.size()) {
        throw InputError(
            origin,
            line_number,
            fmt::format(
                "column {} asked for, the row has {} (columns count from 0)", c, values.size()),
            "choose columns that every row has");
      }
      picked.push_back(values[static_cast<std::size_t>(c)]);
    }
    trace.rows.push_back(std::move(picked));
  }
  if (trace.rows.empty()) {
    throw InputError(origin, 0, "no rows of numbers", "give one row of input values per time step");
  }
  return trace;
}

InputTrace ReadInputTrace(const std::string& path, const std::vector<int>& columns) {
  return ParseInputTrace(ReadFile(path), path, columns);
}

}  // namespace landauer::spiking

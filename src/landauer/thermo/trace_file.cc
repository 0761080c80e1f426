#include "landauer/thermo/trace_file.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <optional>
#include <sstream>

#include "landauer/core/atomic_file.h"
#include "landauer/core/errors.h"
#include "landauer/core/memory_budget.h"
#include "landauer/core/number_parse.h"

namespace landauer::thermo {
namespace {

// Times may differ from start + k·step by this fraction of a step, plus their own rounding.
constexpr double kSpacingTolerance = 1e-6;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::vector<std::string_view> SplitCommas(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= line.size(); ++i) {
    if (i == line.size() || line[i] == ',') {
      fields.push_back(Trim(line.substr(start, i - start)));
      start = i + 1;
    }
  }
  return fields;
}

double Number(std::string_view field, const std::string& origin, int line) {
  const ParsedNumber number = ParseDecimal(field);
  if (!number.ok()) throw InputError(origin, line, Describe(number.problem, field));
  if (!std::isfinite(number.value)) {
    throw InputError(origin, line, fmt::format("'{}' is not a finite number", field));
  }
  return number.value;
}

bool Close(double t, double expected, double step) {
  return std::abs(t - expected) <=
         kSpacingTolerance * step + 8.0 * std::numeric_limits<double>::epsilon() *
                                        std::max(std::abs(t), std::abs(expected));
}

// "# key = value" → {key, value}; anything else → nothing.
std::optional<std::pair<std::string, std::string>> Note(std::string_view line) {
  line.remove_prefix(1);
  const std::size_t equals = line.find('=');
  if (equals == std::string_view::npos) return std::nullopt;
  std::string key(Trim(line.substr(0, equals))), value(Trim(line.substr(equals + 1)));
  if (key.empty() || key.find(' ') != std::string::npos) return std::nullopt;
  return std::pair{std::move(key), std::move(value)};
}

}  // namespace

Trace ParseTrace(const std::string& text, const std::string& origin) {
  // A sample of d positions takes at least 2d + 4 characters and is held as d doubles, at most
  // three times over (the growing buffer and the chain's matrix): under 12 bytes per character.
  CheckMemory(origin, 12.0 * static_cast<double>(text.size()), "record a shorter trace");
  std::istringstream in(text);
  std::string line;
  int number = 0;
  std::size_t d = 0;
  bool header = false;
  Trace trace;
  std::vector<double> current;  // the current chain's samples × d, flat
  std::vector<double> times;
  long long chain = -1;
  auto finish_chain = [&](int at_line) {
    if (chain < 0) return;
    const auto samples = static_cast<Eigen::Index>(times.size());
    if (chain == 0) {
      trace.start_tau = times.front();
      trace.step_tau = samples > 1 ? times[1] - times[0] : 0.0;
      if (samples > 1 && !(trace.step_tau > 0.0)) {
        throw InputError(origin,
                         at_line,
                         "chain 0's times do not increase",
                         "write each chain's samples in time order");
      }
    }
    ColMatrixD matrix(static_cast<Eigen::Index>(d), samples);
    for (Eigen::Index k = 0; k < samples; ++k) {
      for (std::size_t i = 0; i < d; ++i) {
        matrix(static_cast<Eigen::Index>(i), k) = current[static_cast<std::size_t>(k) * d + i];
      }
    }
    trace.chains.push_back(std::move(matrix));
    current.clear();
    times.clear();
  };
  while (std::getline(in, line)) {
    ++number;
    const std::string_view view(line);
    if (view.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    if (view.front() == '#') {
      if (auto note = Note(view)) trace.notes[note->first] = note->second;
      continue;
    }
    const std::vector<std::string_view> fields = SplitCommas(view);
    if (!header) {
      if (fields.size() < 3 || fields[0] != "chain" || fields[1] != "t_tau") {
        throw InputError(origin,
                         number,
                         "expected the header 'chain,t_tau,x0,...'",
                         "start the trace with a line naming its columns (landauer thermo sample "
                         "writes one)");
      }
      for (std::size_t i = 2; i < fields.size(); ++i) {
        if (fields[i] != fmt::format("x{}", i - 2)) {
          throw InputError(
              origin, number, fmt::format("column {} is '{}', not 'x{}'", i + 1, fields[i], i - 2));
        }
      }
      d = fields.size() - 2;
      header = true;
      continue;
    }
    if (fields.size() != d + 2) {
      throw InputError(
          origin,
          number,
          fmt::format(
              "{} fields, expected {} (chain, t_tau and {} positions)", fields.size(), d + 2, d));
    }
    const ParsedInteger id = ParseInteger(fields[0]);
    if (!id.ok()) {
      throw InputError(
          origin, number, Describe(id.problem, fields[0]), "chains are numbered 0, 1, ...");
    }
    const double t = Number(fields[1], origin, number);
    if (chain < 0 && id.value != 0) {
      throw InputError(origin,
                       number,
                       fmt::format("the first sample is chain {}", id.value),
                       "chains are numbered from 0");
    }
    if (id.value != chain) {
      if (id.value != chain + 1) {
        throw InputError(origin,
                         number,
                         fmt::format("chain {} after chain {}", id.value, chain),
                         "write the chains in order 0, 1, ..., each as one block of lines");
      }
      finish_chain(number);
      chain = id.value;
    }
    if (!times.empty()) {
      // Chain 0's first two samples set the step; every later sample keeps to it.
      const bool first_step = chain == 0 && times.size() == 1;
      if (first_step && !(t > times.front())) {
        throw InputError(origin,
                         number,
                         fmt::format("t_tau {} does not follow {}", t, times.back()),
                         "write each chain's samples in time order, equally spaced");
      }
      const double step = chain != 0   ? trace.step_tau
                          : first_step ? t - times.front()
                                       : times[1] - times[0];
      if (first_step && !(std::isfinite(step) && step > 1e-12 * std::abs(t))) {
        throw InputError(origin,
                         number,
                         fmt::format("a step of {} tau from t_tau {} cannot be resolved", step, t),
                         "sample at a step above 1e-12 of the times");
      }
      const double expected = times.front() + static_cast<double>(times.size()) * step;
      if (!Close(t, expected, step)) {
        throw InputError(
            origin,
            number,
            fmt::format("t_tau {} breaks the equal spacing (expected {})", t, expected),
            "sample every chain at one fixed step");
      }
    } else if (!trace.chains.empty() && !Close(t, trace.start_tau, trace.step_tau)) {
      throw InputError(
          origin,
          number,
          fmt::format("chain {} starts at t_tau {}, chain 0 at {}", chain, t, trace.start_tau),
          "start every chain at the same time");
    }
    times.push_back(t);
    for (std::size_t i = 0; i < d; ++i) current.push_back(Number(fields[i + 2], origin, number));
  }
  if (!header)
    throw InputError(
        origin, number, "no header and no samples", "write a trace with landauer thermo sample");
  finish_chain(number);
  if (trace.chains.empty()) throw InputError(origin, number, "the trace has no samples");
  return trace;
}

Trace ReadTrace(const std::string& path) { return ParseTrace(ReadFile(path), path); }

std::string FormatTrace(const Trace& trace) {
  std::string out = "# landauer SPU trace\n";
  for (const auto& [key, value] : trace.notes) out += fmt::format("# {} = {}\n", key, value);
  out += "chain,t_tau";
  const Eigen::Index d = trace.chains.empty() ? 0 : trace.chains.front().rows();
  for (Eigen::Index i = 0; i < d; ++i) out += fmt::format(",x{}", i);
  out += '\n';
  for (std::size_t c = 0; c < trace.chains.size(); ++c) {
    const ColMatrixD& chain = trace.chains[c];
    for (Eigen::Index k = 0; k < chain.cols(); ++k) {
      out += fmt::format("{},{}", c, trace.start_tau + static_cast<double>(k) * trace.step_tau);
      for (Eigen::Index i = 0; i < d; ++i) out += fmt::format(",{}", chain(i, k));
      out += '\n';
    }
  }
  return out;
}

void WriteTrace(const std::string& path, const Trace& trace) {
  WriteFileAtomically(path, FormatTrace(trace));
}

}  // namespace landauer::thermo

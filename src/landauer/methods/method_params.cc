#include "landauer/methods/method_params.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <stdexcept>

#include "landauer/core/number_parse.h"

namespace landauer {
namespace {

// Values read as on the command line and in every file (core/number_parse.h).
bool ParseInt(std::string_view text, std::int64_t& value) {
  const ParsedInteger number = ParseInteger(text);
  value = number.value;
  return number.ok();
}

bool ParseReal(std::string_view text, double& value) {
  const ParsedNumber number = ParseDecimal(text);
  value = number.value;
  return number.ok();
}

std::string Range(const ParamSpec& spec) {
  const bool low = std::isfinite(spec.min), high = std::isfinite(spec.max);
  if (low && high && !spec.min_exclusive)
    return fmt::format(" in [{:g}, {:g}]", spec.min, spec.max);
  if (low && high) return fmt::format(" in ({:g}, {:g}]", spec.min, spec.max);
  if (low) return fmt::format(" {} {:g}", spec.min_exclusive ? ">" : ">=", spec.min);
  if (high) return fmt::format(" <= {:g}", spec.max);
  return "";
}

bool InRange(const ParamSpec& spec, double value) {
  const bool above = spec.min_exclusive ? value > spec.min : value >= spec.min;
  return above && value <= spec.max;
}

}  // namespace

std::string_view ToString(ParamType type) {
  switch (type) {
    case ParamType::kInt:
      return "int";
    case ParamType::kReal:
      return "real";
    case ParamType::kText:
      return "text";
  }
  return "unknown";
}

std::string_view ToString(CommonSetting setting) {
  switch (setting) {
    case CommonSetting::kNone:
      return "";
    case CommonSetting::kEpochs:
      return "--epochs";
    case CommonSetting::kBatch:
      return "--batch";
    case CommonSetting::kLearningRate:
      return "--lr";
    case CommonSetting::kHidden:
      return "--hidden";
  }
  return "";
}

std::string MethodSettings::Value(CommonSetting setting) const {
  switch (setting) {
    case CommonSetting::kNone:
      return "";
    case CommonSetting::kEpochs:
      return std::to_string(epochs);
    case CommonSetting::kBatch:
      return std::to_string(batch);
    case CommonSetting::kLearningRate:
      return fmt::format("{}", learning_rate);
    case CommonSetting::kHidden:
      return hidden;
  }
  return "";
}

std::string ParamSpec::Accepted() const {
  if (!accepted.empty()) return accepted;
  std::string text;
  switch (type) {
    case ParamType::kInt:
      text = "an integer" + Range(*this);
      break;
    case ParamType::kReal:
      text = "a number" + Range(*this);
      break;
    case ParamType::kText:
      if (!choices.empty()) {
        text = "one of: ";
        for (std::size_t i = 0; i < choices.size(); ++i) text += (i ? ", " : "") + choices[i];
      } else {
        text = "text";
      }
      break;
  }
  return text;
}

namespace {

std::string CheckType(const ParamSpec& spec, std::string_view value) {
  switch (spec.type) {
    case ParamType::kInt: {
      std::int64_t number = 0;
      if (!ParseInt(value, number) || number < std::numeric_limits<int>::min() ||
          number > std::numeric_limits<int>::max() || !InRange(spec, static_cast<double>(number))) {
        return "expected " + spec.Accepted();
      }
      return "";
    }
    case ParamType::kReal: {
      double number = 0.0;
      if (!ParseReal(value, number) || !InRange(spec, number)) return "expected " + spec.Accepted();
      return "";
    }
    case ParamType::kText: {
      if (!spec.choices.empty()) {
        for (const std::string& choice : spec.choices) {
          if (choice == value) return "";
        }
        return "expected " + spec.Accepted();
      }
      return "";
    }
  }
  return "unknown type";
}

}  // namespace

namespace {

// An int as its plain decimal text ("1e3" and "+0010" are "1000" and "10"), so a declaration's
// check and everything downstream read the value the type check accepted.
std::string Canonical(const ParamSpec& spec, std::string_view value) {
  std::int64_t number = 0;
  if (spec.type == ParamType::kInt && ParseInt(value, number)) return std::to_string(number);
  return std::string(value);
}

}  // namespace

std::string CheckParamValue(const ParamSpec& spec, std::string_view value) {
  std::string problem = CheckType(spec, value);
  if (problem.empty() && spec.check) {
    problem = spec.check(Canonical(spec, value));
    if (!problem.empty()) problem += "; expected " + spec.Accepted();
  }
  if (!problem.empty() && !spec.unit.empty()) problem += " (unit: " + spec.unit + ")";
  return problem;
}

MethodParams::MethodParams(std::string method,
                           std::vector<ParamSpec> specs,
                           std::map<std::string, std::string> values)
    : method_(std::move(method)), specs_(std::move(specs)), values_(std::move(values)) {}

const std::string& MethodParams::Raw(std::string_view key, ParamType type) const {
  for (const ParamSpec& spec : specs_) {
    if (spec.key != key) continue;
    if (spec.type != type) {
      throw std::logic_error(fmt::format("{}.{} is a {} parameter, read as {}",
                                         method_,
                                         key,
                                         ToString(spec.type),
                                         ToString(type)));
    }
    return values_.at(spec.key);
  }
  throw std::logic_error(fmt::format("{} declares no parameter '{}'", method_, key));
}

int MethodParams::Int(std::string_view key) const {
  std::int64_t value = 0;
  ParseInt(Raw(key, ParamType::kInt), value);
  return static_cast<int>(value);
}

double MethodParams::Real(std::string_view key) const {
  double value = 0.0;
  ParseReal(Raw(key, ParamType::kReal), value);
  return value;
}

const std::string& MethodParams::Text(std::string_view key) const {
  return Raw(key, ParamType::kText);
}

nlohmann::json MethodParams::ToJson() const {
  nlohmann::json json = nlohmann::json::object();
  for (const ParamSpec& spec : specs_) {
    switch (spec.type) {
      case ParamType::kInt:
        json[spec.key] = Int(spec.key);
        break;
      case ParamType::kReal:
        json[spec.key] = Real(spec.key);
        break;
      case ParamType::kText:
        json[spec.key] = Text(spec.key);
        break;
    }
  }
  return json;
}

ParamOverride ParseParamOverride(std::string_view text) {
  const std::size_t dot = text.find('.');
  const std::size_t equals = text.find('=');
  if (dot == std::string_view::npos || equals == std::string_view::npos || dot == 0 ||
      equals < dot + 2) {
    throw std::invalid_argument(fmt::format(
        "--param '{}': write METHOD.KEY=VALUE, e.g. --param tngd-mlp.batch=32 ('landauer "
        "methods' lists every method's parameters)",
        text));
  }
  return {std::string(text.substr(0, dot)),
          std::string(text.substr(dot + 1, equals - dot - 1)),
          std::string(text.substr(equals + 1))};
}

MethodParams ResolveParams(const std::string& method,
                           const std::vector<ParamSpec>& specs,
                           const MethodSettings& settings,
                           const std::vector<ParamOverride>& overrides) {
  std::map<std::string, std::string> values;
  for (const ParamSpec& spec : specs) {
    values[spec.key] =
        spec.setting == CommonSetting::kNone ? spec.default_value : settings.Value(spec.setting);
  }
  for (const ParamOverride& o : overrides) {
    if (o.method != method) continue;
    if (values.count(o.key) == 0) {
      std::string known;
      for (const ParamSpec& spec : specs) known += (known.empty() ? "" : ", ") + spec.key;
      throw std::invalid_argument(fmt::format(
          "--param {}.{}={}: {} has no parameter '{}'; its parameters are: {} ('landauer methods' "
          "lists them with their units)",
          o.method,
          o.key,
          o.value,
          method,
          o.key,
          known.empty() ? "(none)" : known));
    }
    values[o.key] = o.value;
  }
  for (const ParamSpec& spec : specs) {
    const std::string& value = values[spec.key];
    if (const std::string problem = CheckParamValue(spec, value); !problem.empty()) {
      const bool overridden = [&] {
        for (const ParamOverride& o : overrides) {
          if (o.method == method && o.key == spec.key) return true;
        }
        return false;
      }();
      const std::string source = overridden ? "--param " + method + "." + spec.key + "=" + value
                                 : spec.setting != CommonSetting::kNone
                                     ? std::string(ToString(spec.setting)) + " " + value
                                     : "the default '" + value + "'";
      throw std::invalid_argument(fmt::format(
          "{}: '{}' is not a valid value for {}.{}: {}", source, value, method, spec.key, problem));
    }
    values[spec.key] = Canonical(spec, value);
  }
  return MethodParams(method, specs, std::move(values));
}

}  // namespace landauer

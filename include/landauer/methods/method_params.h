// landauer/methods/method_params.h — a method's parameters: declared once, validated once.
//
// A method declares its knobs with its registration (registry.h): name, type, default, unit,
// accepted values and a one-line doc. `landauer methods` lists them, `landauer compare --param
// METHOD.KEY=VALUE` sets them, and the Python bindings will take them as keyword arguments; all
// three read the same declaration.
//
//   const ParamSpec batch{.key = "batch", .type = ParamType::kInt, .default_value = "64",
//                         .unit = "samples", .doc = "mini-batch size (TNGD App. E)", .min = 1};
//   MethodParams params = ResolveParams("tngd-mlp", {batch}, settings, overrides);  // or throws
//   int b = params.Int("batch");
//
// Resolution order: the declared default; then, for a parameter that follows a run-wide setting
// (`setting`: compare's --epochs, --batch, --lr, --hidden), that setting's value; then a
// `--param` override. Every value is checked against its type and range before anything runs;
// a bad one throws std::invalid_argument naming the method, the key, the accepted values and the
// unit.
#ifndef LANDAUER_METHODS_METHOD_PARAMS_H_
#define LANDAUER_METHODS_METHOD_PARAMS_H_

#include <functional>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace landauer {

enum class ParamType { kInt, kReal, kText };
std::string_view ToString(ParamType type);  // "int", "real", "text"

// The run-wide settings of `compare` (--epochs, --batch, --lr, --hidden) that parameters may
// follow. Each method decides which of its parameters follow one.
enum class CommonSetting { kNone, kEpochs, kBatch, kLearningRate, kHidden };
std::string_view ToString(CommonSetting setting);  // "", "--epochs", "--batch", "--lr", "--hidden"

struct MethodSettings {
  int epochs = 5;
  int batch = 128;
  double learning_rate = 1e-3;
  std::string hidden = "256-256";
  // The setting's value as text (CommonSetting::kNone: empty).
  std::string Value(CommonSetting setting) const;
};

struct ParamSpec {
  std::string key = {};  // [a-z0-9_]+, unique within the method
  ParamType type = ParamType::kReal;
  std::string default_value = {};  // as text, valid
  std::string unit = {};           // "" when dimensionless, e.g. "samples", "tau"
  std::string doc = {};            // one line
  // Numbers: the accepted range; min_exclusive makes it (min, max].
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_exclusive = false;
  // Text: the accepted values (empty: any text that `check` accepts).
  std::vector<std::string> choices = {};
  // Any type, after the checks above: "" for a valid value, else what is wrong with it ("'x' is
  // not a width"). `accepted` then describes the valid values in words ("widths joined by '-',
  // e.g. 256-256"); it replaces the type's own description.
  std::function<std::string(std::string_view)> check = {};
  std::string accepted = {};
  CommonSetting setting = CommonSetting::kNone;  // the run-wide setting it follows

  // "an integer >= 1", "a number > 0", "one of: exact, euler-maruyama", ... (without the unit)
  std::string Accepted() const;
};

// A method's resolved parameter values, by key. Typed getters throw std::logic_error for a key
// the method did not declare (a bug) or of another type.
class MethodParams {
 public:
  MethodParams() = default;
  MethodParams(std::string method,
               std::vector<ParamSpec> specs,
               std::map<std::string, std::string> values);

  const std::string& method() const { return method_; }
  int Int(std::string_view key) const;
  double Real(std::string_view key) const;
  const std::string& Text(std::string_view key) const;
  // {key: value} with numbers as numbers, for results.json.
  nlohmann::json ToJson() const;
  const std::map<std::string, std::string>& values() const { return values_; }

 private:
  const std::string& Raw(std::string_view key, ParamType type) const;
  std::string method_;
  std::vector<ParamSpec> specs_;
  std::map<std::string, std::string> values_;
};

// One `--param METHOD.KEY=VALUE`.
struct ParamOverride {
  std::string method, key, value;
};
// Parses "METHOD.KEY=VALUE": the method is the text before the first '.' (method names have
// none), the key the text up to the first '='. Throws std::invalid_argument naming the text and
// the expected form.
ParamOverride ParseParamOverride(std::string_view text);

// Checks `value` against `spec`; "" when valid, else the reason. Numbers must be finite.
std::string CheckParamValue(const ParamSpec& spec, std::string_view value);

// Resolves the parameters of method `method` with declarations `specs`: defaults, the settings
// they follow, then `overrides` whose method is `method`. Throws std::invalid_argument for an
// unknown key (listing the declared ones) or a bad value (naming method, key, accepted values and
// unit). Overrides naming other methods are ignored here.
MethodParams ResolveParams(const std::string& method,
                           const std::vector<ParamSpec>& specs,
                           const MethodSettings& settings,
                           const std::vector<ParamOverride>& overrides);

}  // namespace landauer

#endif  // LANDAUER_METHODS_METHOD_PARAMS_H_

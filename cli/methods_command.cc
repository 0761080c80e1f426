// `landauer methods` — every registered method with its substrate, summary and parameters, and
// every registered engine.
#include <fmt/format.h>

#include "commands.h"
#include "landauer/methods/registry.h"
#include "landauer/nn/engine_registry.h"
#include "landauer/report/text_table.h"

namespace landauer::cli {
namespace {

struct MethodsOptions {
  CommonOptions common;
};

std::string DefaultText(const ParamSpec& spec) {
  if (spec.setting == CommonSetting::kNone) return spec.default_value;
  return fmt::format("{} ({})", MethodSettings{}.Value(spec.setting), ToString(spec.setting));
}

void RunMethods(const MethodsOptions& options) {
  nlohmann::json methods = nlohmann::json::array();
  std::string human = "Methods (landauer compare --methods NAME; --param NAME.KEY=VALUE)\n";
  for (const std::string& name : MethodNames()) {
    const MethodRegistration r = FindMethod(name);
    nlohmann::json params = nlohmann::json::array();
    TextTable table({"parameter", "type", "default", "unit", "accepted", "meaning"});
    for (const ParamSpec& spec : r.params) {
      params.push_back(
          {{"key", spec.key},
           {"type", std::string(ToString(spec.type))},
           {"default",
            spec.setting == CommonSetting::kNone ? spec.default_value
                                                 : MethodSettings{}.Value(spec.setting)},
           {"follows", std::string(ToString(spec.setting))},
           {"unit", spec.unit},
           {"accepted", spec.Accepted()},
           {"doc", spec.doc}});
      table.AddRow({spec.key,
                    std::string(ToString(spec.type)),
                    DefaultText(spec),
                    spec.unit.empty() ? "-" : spec.unit,
                    spec.Accepted(),
                    spec.doc});
    }
    std::string devices;
    for (const std::string& d : r.info.device_tables) devices += (devices.empty() ? "" : ", ") + d;
    methods.push_back({{"name", r.info.name},
                       {"substrate", r.info.substrate},
                       {"summary", r.info.summary},
                       {"erased_bits", r.info.erased_bits},
                       {"in_default_set", r.info.in_default_set},
                       {"device_tables", r.info.device_tables},
                       {"params", params}});
    human += fmt::format("\n{} ({}{}{})\n  {}\n  bits erased: {}\n\n{}",
                         r.info.name,
                         r.info.substrate,
                         r.info.in_default_set ? ", in the default set" : ", opt-in",
                         devices.empty() ? "" : ", also priced with " + devices,
                         r.info.summary,
                         r.info.erased_bits,
                         r.params.empty() ? "  (no parameters)\n" : table.Render());
  }
  nlohmann::json engines = nlohmann::json::array();
  TextTable engine_table({"engine", "what it computes"});
  for (const std::string& name : nn::EngineNames()) {
    const nn::EngineRegistration r = nn::FindEngine(name);
    engines.push_back({{"name", r.name}, {"summary", r.summary}});
    engine_table.AddRow({r.name, r.summary});
  }
  human += "\nLinear engines (nn/engine_registry.h)\n\n" + engine_table.Render();
  Emit(options.common, {{"command", "methods"}, {"methods", methods}, {"engines", engines}}, human);
}

}  // namespace

void AddMethodsCommand(CLI::App& app,
                       CliEnvironment& /*environment*/,
                       std::vector<Command>& commands) {
  AddCommand<MethodsOptions>(app,
                             commands,
                             "methods",
                             "List every registered method with its substrate, summary and "
                             "parameters (set them with compare --param), and every engine",
                             [](MethodsOptions& o) { RunMethods(o); });
}

}  // namespace landauer::cli

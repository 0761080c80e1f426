// libFuzzer target for the method-parameter parser of `compare --param METHOD.KEY=VALUE`
// (methods/method_params.h): ParseParamOverride, then ResolveParams against declarations of
// every type (int with a range and a check, real with an exclusive bound and a unit, text with
// choices, text with a check).
//
// Any input must resolve or throw std::invalid_argument; a crash, a sanitizer report, a hang or
// any other exception is a bug. What resolves is read back through the typed getters:
//   build-fuzz/bin/param_fuzzer -runs=20000 fuzz/param_corpus
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "landauer/methods/method_params.h"

namespace {

std::vector<landauer::ParamSpec> Specs() {
  using landauer::ParamType;
  return {{.key = "batch",
           .type = ParamType::kInt,
           .default_value = "64",
           .unit = "samples",
           .doc = "d",
           .min = 1},
          {.key = "bits",
           .type = ParamType::kInt,
           .default_value = "0",
           .doc = "d",
           .min = 0,
           .max = 24,
           .check = [](std::string_view v) -> std::string { return v == "1" ? "no" : ""; },
           .accepted = "0 or 2 to 24"},
          {.key = "rate",
           .type = ParamType::kReal,
           .default_value = "0.5",
           .unit = "1/tau",
           .doc = "d",
           .min = 0.0,
           .max = 1.0,
           .min_exclusive = true},
          {.key = "mode",
           .type = ParamType::kText,
           .default_value = "a",
           .doc = "d",
           .choices = {"a", "b"}},
          {.key = "hidden",
           .type = ParamType::kText,
           .default_value = "8",
           .doc = "d",
           .check = [](std::string_view v) -> std::string {
             return v.find_first_not_of("0123456789-") == std::string_view::npos ? "" : "no";
           },
           .setting = landauer::CommonSetting::kHidden}};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    std::vector<landauer::ParamOverride> overrides;
    std::size_t start = 0;
    while (start <= text.size()) {  // one --param per line
      std::size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      overrides.push_back(landauer::ParseParamOverride(text.substr(start, end - start)));
      start = end + 1;
    }
    const landauer::MethodParams params =
        landauer::ResolveParams("m", Specs(), landauer::MethodSettings{}, overrides);
    const int batch = params.Int("batch"), bits = params.Int("bits");
    const double rate = params.Real("rate");
    if (batch < 1 || bits < 0 || bits > 24 || bits == 1 || !(rate > 0.0) || rate > 1.0) {
      __builtin_trap();  // a value outside its declaration got through
    }
    (void)params.Text("mode");
    (void)params.ToJson().dump();
  } catch (const std::invalid_argument&) {
    // Expected for bad input.
  }
  return 0;
}

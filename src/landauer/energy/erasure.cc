#include "landauer/energy/erasure.h"

#include <charconv>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>

namespace landauer {
namespace {

// The width of a precision prefix ("int8", "bf16", "fp32"...); empty if unknown.
std::optional<double> WidthOf(std::string_view precision) {
  for (const auto& [name, bits] : {std::pair{"int8", 8.0},
                                   std::pair{"int16", 16.0},
                                   std::pair{"int32", 32.0},
                                   std::pair{"fp8", 8.0},
                                   std::pair{"fp16", 16.0},
                                   std::pair{"bf16", 16.0},
                                   std::pair{"fp32", 32.0},
                                   std::pair{"fp64", 64.0}}) {
    if (precision == name) return bits;
  }
  return std::nullopt;
}

// n of "convert_<n>b"; empty if the action is not spelled so.
std::optional<double> ConverterBits(std::string_view action) {
  constexpr std::string_view kPrefix = "convert_";
  if (!action.starts_with(kPrefix) || !action.ends_with("b")) return std::nullopt;
  const std::string_view digits = action.substr(kPrefix.size(), action.size() - kPrefix.size() - 1);
  int bits = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
  if (error != std::errc() || end != digits.data() + digits.size() || bits <= 0)
    return std::nullopt;
  return bits;
}

struct Rules {
  std::mutex mutex;
  std::map<std::string, ErasureRule, std::less<>> by_component;
};

Rules& RegisteredRules() {
  static Rules rules;
  return rules;
}

bool BuiltIn(std::string_view component) {
  for (std::string_view name : {"alu",
                                "register",
                                "sram_small",
                                "sram_large",
                                "dram",
                                "adc",
                                "dac",
                                "link",
                                "spu",
                                "node",
                                "resonator",
                                "static"}) {
    if (component == name) return true;
  }
  return false;
}

}  // namespace

void RegisterErasureRule(std::string component, ErasureRule rule) {
  if (BuiltIn(component)) {
    throw std::logic_error("RegisterErasureRule: component '" + component +
                           "' is covered by the built-in convention (energy/erasure.h)");
  }
  Rules& rules = RegisteredRules();
  const std::lock_guard lock(rules.mutex);
  if (!rules.by_component.emplace(component, std::move(rule)).second) {
    throw std::logic_error("RegisterErasureRule: component '" + component + "' has a rule already");
  }
}

std::optional<double> ErasedBitsPerAction(std::string_view component, std::string_view action) {
  if (!BuiltIn(component)) {
    ErasureRule rule;
    {
      Rules& rules = RegisteredRules();
      const std::lock_guard lock(rules.mutex);
      const auto it = rules.by_component.find(component);
      if (it != rules.by_component.end()) rule = it->second;
    }
    if (rule) return rule(action);  // outside the lock: a rule may ask about other actions
  }
  if (action == "write_bit") return 1.0;
  if (action == "read_bit") return 0.0;
  if (component == "alu") {
    const std::size_t underscore = action.rfind('_');
    if (underscore == std::string_view::npos) return std::nullopt;
    const std::optional<double> width = WidthOf(action.substr(0, underscore));
    const std::string_view op = action.substr(underscore + 1);
    if (!width) return std::nullopt;
    if (op == "mac") return *width > 32.0 ? *width : 32.0;
    if (op == "add" || op == "mult") return *width;
    return std::nullopt;
  }
  if (component == "adc" || component == "dac") return ConverterBits(action);
  if (component == "link" && action == "bit") return 1.0;
  if (component == "spu" && action == "cell_tau") return 0.0;
  if (component == "node" || component == "resonator") return 0.0;
  if (component == "static" && action == "second") return 0.0;
  return std::nullopt;
}

double ConventionErasedBits(const Ledger& ledger, std::string_view phase) {
  double bits = ledger.logic_erased_bits(phase);
  for (const ActionCount& counted : ledger.actions(phase)) {
    const std::optional<double> per = ErasedBitsPerAction(counted.component, counted.action);
    if (!per) {
      throw std::invalid_argument("the erasure convention does not cover action (" +
                                  counted.component + ", " + counted.action +
                                  "); state what it erases in energy/erasure.cc and "
                                  "docs/ledger.md");
    }
    bits += counted.count * *per;
  }
  return bits;
}

void CountWithErasure(Ledger& ledger,
                      std::string_view phase,
                      std::string_view component,
                      std::string_view action,
                      double count) {
  const std::optional<double> per = ErasedBitsPerAction(component, action);
  if (!per) {
    throw std::invalid_argument("CountWithErasure: the erasure convention does not cover (" +
                                std::string(component) + ", " + std::string(action) + ")");
  }
  ledger.Count(phase, component, action, count);
  if (*per > 0.0) ledger.CountErasedBits(phase, count * *per);
}

}  // namespace landauer

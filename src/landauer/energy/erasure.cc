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

// Bits erased by an action of a memory: a written bit overwrites one, a read keeps it.
std::optional<double> MemoryRule(std::string_view action) {
  if (action == "write_bit") return 1.0;
  if (action == "read_bit") return 0.0;
  return std::nullopt;
}

// An ALU result: the result register at the operand width, a MAC's accumulator (32 bits, 64 for
// fp64).
std::optional<double> AluRule(std::string_view action) {
  if (action == "logic_64b") return 64.0;    // a 64-bit bitwise result register
  if (action == "popcount_64b") return 7.0;  // a count of 0–64 in 7 bits
  const std::size_t underscore = action.rfind('_');
  if (underscore == std::string_view::npos) return std::nullopt;
  const std::optional<double> width = WidthOf(action.substr(0, underscore));
  const std::string_view op = action.substr(underscore + 1);
  if (!width) return std::nullopt;
  if (op == "mac") return *width > 32.0 ? *width : 32.0;
  if (op == "add" || op == "mult") return *width;
  return std::nullopt;
}

std::optional<double> QpuRule(std::string_view action) {
  for (const std::string_view slot :
       {"one_qubit_gate", "two_qubit_gate", "readout", "reset", "shot_cycle"}) {
    if (action == slot) return 0.0;
  }
  return std::nullopt;
}

std::optional<double> StaticRule(std::string_view action) {
  return action == "second" ? std::optional(0.0) : std::nullopt;
}

// The built-in convention, one row per component (erasure.h lists the same rows), after the
// memory rule that holds for every component (a written bit erases one, a read none): a component
// not here needs a registered rule. `prefix` rows cover every component that starts with the name
// (a combined table's device static power, "static_spu").
struct BuiltInRule {
  std::string_view component;
  bool prefix;
  std::optional<double> (*bits)(std::string_view action);
};
constexpr BuiltInRule kBuiltIn[] = {
    {"alu", false, AluRule},
    {"register", false, MemoryRule},
    {"sram_small", false, MemoryRule},
    {"sram_large", false, MemoryRule},
    {"dram", false, MemoryRule},
    {"adc", false, ConverterBits},
    {"dac", false, ConverterBits},
    {"link",
     false,
     [](std::string_view a) { return a == "bit" ? std::optional(1.0) : std::nullopt; }},
    // A bit between chips of one system (a mixture of experts' all-to-all), received into a
    // buffer like the link's.
    {"interconnect",
     false,
     [](std::string_view a) { return a == "bit" ? std::optional(1.0) : std::nullopt; }},
    // Analog relaxation erases nothing until read out; a resistor write stores the value whose
    // bits the link delivered (each counted erased there, erasure.h).
    {"spu",
     false,
     [](std::string_view a) {
       return a == "cell_tau" || a == "resistor_tau" || a == "resistor_write" ? std::optional(0.0)
                                                                              : std::nullopt;
     }},
    // Adiabatic charge transfer; what the circuit erases is counted as logic erasure.
    {"node", false, [](std::string_view) { return std::optional(0.0); }},
    {"resonator", false, [](std::string_view) { return std::optional(0.0); }},
    // A QPU's time slots (gates are unitary; a measurement's outcome register and a qubit reset
    // are counted by the method as logic erasure, per qubit: quantum/qnn_cost.h).
    {"qpu_control", false, QpuRule},
    {"qpu_cryo", false, QpuRule},
    // A neuromorphic chip's events (spiking/spiking_cost.h), each overwriting a stored word taken
    // as 32 bits on every chip, as a digital MAC's accumulator, so that floors compare by counts:
    // a synaptic event the target's input accumulator, a neuron update its membrane state, and
    // a spike one event-register bit plus the membrane overwritten by the reset.
    {"neuromorphic",
     false,
     [](std::string_view a) -> std::optional<double> {
       if (a == "synaptic_event" || a == "neuron_update") return 32.0;
       if (a == "spike") return 33.0;
       return std::nullopt;
     }},
    // A photonic processor's analog actions (optical/optical_cost.h): a symbol modulated, a
    // photocurrent sampled, light emitted and a phase held store no bit; the converters' bits
    // are counted at the dac and adc.
    {"photonic",
     false,
     [](std::string_view a) -> std::optional<double> {
       if (a == "modulator_symbol" || a == "receiver_sample" || a == "laser_pj" ||
           a == "heater_rad_ns") {
         return 0.0;
       }
       return std::nullopt;
     }},
    // An analog crossbar's array (analog/analog_cost.h): the current through the devices, a
    // device's program-and-verify pulse and an in-situ update pulse (analog/in_situ_training.h)
    // store no bit of their own; the converters' bits are counted at the dac (each device's
    // target) and the adc (each read), an update's pulse count in the host's arithmetic.
    {"crossbar",
     false,
     [](std::string_view a) -> std::optional<double> {
       if (a == "read_us_pulse" || a == "program_pulse" || a == "update_pulse") return 0.0;
       return std::nullopt;
     }},
    // Static power over the modelled time: the base table's ("static") and a device's
    // ("static_<table>", EnergyTable::Combine).
    {"static", false, StaticRule},
    {"static_", true, StaticRule},
};

const BuiltInRule* FindBuiltIn(std::string_view component) {
  for (const BuiltInRule& rule : kBuiltIn) {
    if (rule.prefix ? component.starts_with(rule.component) : component == rule.component) {
      return &rule;
    }
  }
  return nullptr;
}

bool BuiltIn(std::string_view component) { return FindBuiltIn(component) != nullptr; }

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
  if (const BuiltInRule* built_in = FindBuiltIn(component)) {
    if (const std::optional<double> memory = MemoryRule(action)) return memory;  // any component
    return built_in->bits(action);
  }
  ErasureRule rule;
  {
    Rules& rules = RegisteredRules();
    const std::lock_guard lock(rules.mutex);
    const auto it = rules.by_component.find(component);
    if (it != rules.by_component.end()) rule = it->second;
  }
  if (rule) return rule(action);  // outside the lock: a rule may ask about other actions
  // Any memory of a substrate's own: a written bit overwrites one, a read keeps it.
  return MemoryRule(action);
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

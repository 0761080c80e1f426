#include "landauer/energy/ledger.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "landauer/core/argument_checks.h"
#include "landauer/energy/erasure.h"
#include "landauer/physics/bounds.h"

namespace landauer {
namespace {

constexpr std::string_view kLedgerSchema = "landauer.ledger/1";

void CheckName(std::string_view function, std::string_view what, std::string_view name) {
  if (name.empty()) {
    throw std::invalid_argument(std::string(function) + ": " + std::string(what) +
                                " must be a non-empty name");
  }
}

}  // namespace

Ledger::Phase& Ledger::PhaseFor(std::string_view phase) {
  auto it = phases_.find(phase);
  if (it == phases_.end()) it = phases_.emplace(std::string(phase), Phase{}).first;
  return it->second;
}

void Ledger::Count(std::string_view phase,
                   std::string_view component,
                   std::string_view action,
                   double count) {
  CheckName("Ledger::Count", "phase", phase);
  CheckName("Ledger::Count", "component", component);
  CheckName("Ledger::Count", "action", action);
  CheckNonNegative("Ledger::Count", "count", count, "actions");
  PhaseFor(phase).counts[{std::string(component), std::string(action)}].Add(count);
}

void Ledger::CountErasedBits(std::string_view phase, double bits) {
  CheckName("Ledger::CountErasedBits", "phase", phase);
  CheckNonNegative("Ledger::CountErasedBits", "bits", bits, "bit");
  PhaseFor(phase).erased_bits.Add(bits);
}

void Ledger::CountLogicErasedBits(std::string_view phase, double bits) {
  CheckName("Ledger::CountLogicErasedBits", "phase", phase);
  CheckNonNegative("Ledger::CountLogicErasedBits", "bits", bits, "bit");
  Phase& p = PhaseFor(phase);
  p.erased_bits.Add(bits);
  p.logic_erased_bits.Add(bits);
}

void Ledger::Merge(const Ledger& other) {
  for (const auto& [name, phase] : other.phases_) {
    Phase& mine = PhaseFor(name);
    for (const auto& [key, count] : phase.counts) mine.counts[key].Add(count);
    mine.erased_bits.Add(phase.erased_bits);
    mine.logic_erased_bits.Add(phase.logic_erased_bits);
  }
}

double Ledger::count(std::string_view phase,
                     std::string_view component,
                     std::string_view action) const {
  const auto it = phases_.find(phase);
  if (it == phases_.end()) return 0.0;
  const auto entry = it->second.counts.find({std::string(component), std::string(action)});
  return entry == it->second.counts.end() ? 0.0 : entry->second.value();
}

double Ledger::erased_bits(std::string_view phase) const {
  const auto it = phases_.find(phase);
  return it == phases_.end() ? 0.0 : it->second.erased_bits.value();
}

double Ledger::logic_erased_bits(std::string_view phase) const {
  const auto it = phases_.find(phase);
  return it == phases_.end() ? 0.0 : it->second.logic_erased_bits.value();
}

double Ledger::total_erased_bits() const {
  CompensatedSum total;
  for (const auto& [name, phase] : phases_) total.Add(phase.erased_bits);
  return total.value();
}

std::vector<ActionCount> Ledger::actions(std::string_view phase) const {
  std::vector<ActionCount> out;
  const auto it = phases_.find(phase);
  if (it == phases_.end()) return out;
  for (const auto& [key, count] : it->second.counts) {
    out.push_back({key.first, key.second, count.value()});
  }
  return out;
}

std::vector<std::string> Ledger::phases() const {
  std::vector<std::string> names;
  for (const auto& [name, phase] : phases_) names.push_back(name);
  return names;
}

EnergyReport Ledger::Price(const EnergyTable& table) const { return PriceWithin(table, nullptr); }

EnergyReport Ledger::Price(const EnergyTable& table, Scope scope) const {
  if (const std::string why = table.WhyNotAt(scope); !why.empty()) throw ScopeError(why);
  return PriceWithin(table, &scope);
}

EnergyReport Ledger::PriceWithin(const EnergyTable& table, const Scope* scope) const {
  EnergyReport report;
  if (scope != nullptr) report.scope = std::string(ToString(*scope));
  report.table_name = table.name();
  report.table_origin = table.origin();
  report.temperature_k = table.temperature().value();
  report.landauer_bound_j = physics::LandauerBound(table.temperature()).value();
  CompensatedSum total_energy, total_time, total_bits;
  for (const auto& [name, phase] : phases_) {
    PhaseReport phase_report;
    phase_report.name = name;
    CompensatedSum phase_energy, phase_time, outside_bits;
    for (const auto& [key, count] : phase.counts) {
      const auto& [component, action] = key;
      const EnergyEntry* entry = nullptr;
      try {
        entry = &table.Price(component, action);
      } catch (const MissingPriceError& error) {
        throw MissingPriceError(std::string(error.what()) + " [counted in phase '" + name + "']");
      }
      if (scope != nullptr && entry->scope > *scope) {
        phase_report.outside_scope.push_back(
            {component, action, count.value(), std::string(ToString(entry->scope))});
        const std::optional<double> erased = ErasedBitsPerAction(component, action);
        if (erased) outside_bits.Add(count.value() * *erased);
        continue;
      }
      PricedAction priced;
      priced.component = component;
      priced.scope = std::string(ToString(entry->scope));
      priced.action = action;
      priced.count = count.value();
      priced.energy_per_action_j = entry->energy_j;
      priced.energy_j = priced.count * entry->energy_j;
      priced.has_time = entry->time_s.has_value();
      priced.time_at_peak_s = priced.has_time ? priced.count * *entry->time_s : 0.0;
      priced.source = entry->source;
      priced.assumption = entry->assumption;
      report.uses_assumptions = report.uses_assumptions || entry->assumption;
      phase_energy.Add(priced.energy_j);
      phase_time.Add(priced.time_at_peak_s);
      phase_report.actions.push_back(std::move(priced));
    }
    phase_report.energy_j = phase_energy.value();
    phase_report.time_at_peak_s = phase_time.value();
    CompensatedSum inside_bits = phase.erased_bits;
    if (outside_bits.value() != 0.0) inside_bits.Add(-outside_bits.value());
    if (inside_bits.value() < 0.0) {
      throw std::logic_error("Ledger::Price: phase '" + name +
                             "' erases fewer bits than the actions outside the scope do; its "
                             "counts break the erasure convention (energy/erasure.h)");
    }
    phase_report.bits_erased = inside_bits.value();
    phase_report.landauer_floor_j = phase_report.bits_erased * report.landauer_bound_j;
    total_energy.Add(phase_energy);
    total_time.Add(phase_time);
    total_bits.Add(inside_bits);
    report.phases.push_back(std::move(phase_report));
  }
  report.energy_j = total_energy.value();
  report.time_at_peak_s = total_time.value();
  report.bits_erased = total_bits.value();
  report.landauer_floor_j = report.bits_erased * report.landauer_bound_j;
  return report;
}

nlohmann::json Ledger::ToJson(bool exact) const {
  const auto parts = [](nlohmann::json& into, const CompensatedSum& total) {
    into["sum"] = total.sum_part();
    into["compensation"] = total.compensation_part();
  };
  nlohmann::json phases = nlohmann::json::object();
  for (const auto& [name, phase] : phases_) {
    nlohmann::json actions = nlohmann::json::array();
    for (const auto& [key, count] : phase.counts) {
      nlohmann::json action = {
          {"component", key.first}, {"action", key.second}, {"count", count.value()}};
      if (exact) parts(action, count);
      actions.push_back(std::move(action));
    }
    phases[name] = {{"bits_erased", phase.erased_bits.value()}, {"actions", std::move(actions)}};
    const bool logic = phase.logic_erased_bits.value() != 0.0;
    if (logic) phases[name]["logic_bits_erased"] = phase.logic_erased_bits.value();
    if (exact) {
      nlohmann::json erased = nlohmann::json::object();
      parts(erased, phase.erased_bits);
      phases[name]["bits_erased_parts"] = std::move(erased);
      if (logic) {
        nlohmann::json logic_parts = nlohmann::json::object();
        parts(logic_parts, phase.logic_erased_bits);
        phases[name]["logic_bits_erased_parts"] = std::move(logic_parts);
      }
    }
  }
  return {{"schema", kLedgerSchema}, {"phases", std::move(phases)}};
}

Ledger Ledger::FromJson(const nlohmann::json& json) {
  auto fail = [](const std::string& what) -> void {
    throw std::invalid_argument("Ledger::FromJson: " + what +
                                " (see docs/ledger.md for the ledger format)");
  };
  if (!json.is_object() || !json.contains("schema") || json["schema"] != kLedgerSchema) {
    fail("expected an object with \"schema\": \"" + std::string(kLedgerSchema) + "\"");
  }
  if (!json.contains("phases") || !json["phases"].is_object()) fail("\"phases\" must be an object");
  // ToJson(exact = true)'s parts, when present, restore a total bit for bit.
  const auto restore_parts =
      [&](const nlohmann::json& parts, CompensatedSum& total, const std::string& where) {
        if (!parts.is_object() || !parts.contains("sum")) return;
        if (!parts["sum"].is_number() || !parts.contains("compensation") ||
            !parts["compensation"].is_number()) {
          fail(where + ": \"sum\" and \"compensation\" must be numbers");
        }
        const double sum = parts["sum"].get<double>(),
                     compensation = parts["compensation"].get<double>();
        const CompensatedSum exact = CompensatedSum::FromParts(sum, compensation);
        if (!std::isfinite(sum) || !std::isfinite(compensation) || exact.value() != total.value()) {
          fail(where + ": \"sum\" and \"compensation\" do not add up to the total");
        }
        total = exact;
      };
  Ledger ledger;
  for (const auto& [name, phase] : json["phases"].items()) {
    if (!phase.is_object()) fail("phase '" + name + "' must be an object");
    if (phase.contains("bits_erased")) {
      if (!phase["bits_erased"].is_number())
        fail("phase '" + name + "': bits_erased must be a number");
      ledger.CountErasedBits(name, phase["bits_erased"].get<double>());
      if (phase.contains("bits_erased_parts")) {
        restore_parts(phase["bits_erased_parts"],
                      ledger.PhaseFor(name).erased_bits,
                      "phase '" + name + "': bits_erased_parts");
      }
    }
    if (phase.contains("logic_bits_erased")) {
      const nlohmann::json& logic = phase["logic_bits_erased"];
      if (!logic.is_number() || !(logic.get<double>() >= 0.0) ||
          !(logic.get<double>() <= ledger.erased_bits(name))) {
        fail("phase '" + name + "': logic_bits_erased must be a number in [0, bits_erased]");
      }
      ledger.PhaseFor(name).logic_erased_bits.Add(logic.get<double>());
      if (phase.contains("logic_bits_erased_parts")) {
        restore_parts(phase["logic_bits_erased_parts"],
                      ledger.PhaseFor(name).logic_erased_bits,
                      "phase '" + name + "': logic_bits_erased_parts");
      }
    }
    if (!phase.contains("actions") || !phase["actions"].is_array()) {
      fail("phase '" + name + "': \"actions\" must be an array");
    }
    for (const auto& action : phase["actions"]) {
      if (!action.is_object() || !action.contains("component") ||
          !action["component"].is_string() || !action.contains("action") ||
          !action["action"].is_string() || !action.contains("count") ||
          !action["count"].is_number()) {
        fail("phase '" + name +
             "': each action needs string component, string action and number count");
      }
      const std::string component = action["component"].get<std::string>();
      const std::string verb = action["action"].get<std::string>();
      ledger.Count(name, component, verb, action["count"].get<double>());
      restore_parts(action,
                    ledger.PhaseFor(name).counts[{component, verb}],
                    "phase '" + name + "': action (" + component + ", " + verb + ")");
    }
  }
  return ledger;
}

}  // namespace landauer

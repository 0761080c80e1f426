// `landauer hardware list|show NAME` — inspect the energy tables and their sources.
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "commands.h"
#include "landauer/energy/energy_table.h"
#include "landauer/physics/bounds.h"
#include "landauer/report/text_table.h"
#include "paths.h"

namespace landauer::cli {
namespace {

struct ListOptions {
  CommonOptions common;
};

struct ShowOptions {
  CommonOptions common;
  std::string name;
};

nlohmann::json EntryJson(const EnergyEntry& entry) {
  return {{"component", entry.component},
          {"action", entry.action},
          {"energy_j", entry.energy_j},
          {"time_s", entry.time_s ? nlohmann::json(*entry.time_s) : nlohmann::json(nullptr)},
          {"source", entry.source},
          {"assumption", entry.assumption},
          {"note", entry.note},
          {"scope", ToString(entry.scope)},
          {"line", entry.line}};
}

std::string ScopeText(const EnergyTable& table) {
  return table.scope() ? std::string(ToString(*table.scope())) : std::string("undeclared");
}

void RunList(const ListOptions& options, const HardwareCatalog& catalog) {
  const std::string& directory = catalog.directory();
  TextTable table({"name", "scope", "node", "family", "T", "entries", "assumed", "description"});
  table.SetAlignment(5, TextTable::Align::kRight);
  table.SetAlignment(6, TextTable::Align::kRight);
  nlohmann::json tables = nlohmann::json::array();
  for (const std::string& name : catalog.Names()) {
    const EnergyTable& energy_table = catalog.Get(name);
    std::size_t assumed = 0;
    for (const EnergyEntry& entry : energy_table.entries()) assumed += entry.assumption ? 1 : 0;
    table.AddRow({name,
                  ScopeText(energy_table) + (energy_table.lumped() ? " (lumped)" : ""),
                  energy_table.node(),
                  energy_table.family(),
                  fmt::format("{:g} K", energy_table.temperature().value()),
                  std::to_string(energy_table.entries().size()),
                  std::to_string(assumed),
                  energy_table.description()});
    tables.push_back({{"name", name},
                      {"scope", ScopeText(energy_table)},
                      {"lumped", energy_table.lumped()},
                      {"node", energy_table.node()},
                      {"family", energy_table.family()},
                      {"description", energy_table.description()},
                      {"temperature_k", energy_table.temperature().value()},
                      {"entries", energy_table.entries().size()},
                      {"assumptions", assumed},
                      {"path", energy_table.origin()}});
  }
  const std::string human = fmt::format(
      "Energy tables in {}\n\n{}\nShow one with 'landauer hardware "
      "show NAME'.\n",
      directory,
      table.Render());
  Emit(options.common,
       {{"command", "hardware list"}, {"directory", directory}, {"tables", tables}},
       human);
}

// `name` is a table name, a path, or tables joined with '+' as train and compare print them
// ("h100+spu"), shown as the one table they combine into.
EnergyTable ShowTable(const std::string& name, const HardwareCatalog& catalog) {
  if (name.find('+') == std::string::npos || std::filesystem::exists(name))
    return catalog.Get(name);
  std::vector<std::string> parts;
  for (std::size_t start = 0;;) {
    const std::size_t plus = name.find('+', start);
    parts.push_back(name.substr(start, plus - start));
    if (plus == std::string::npos) break;
    start = plus + 1;
  }
  for (const std::string& part : parts) {
    if (part.empty()) {
      throw std::invalid_argument(fmt::format(
          "NAME '{}' has an empty table name around a '+'; write e.g. 'h100+spu'", name));
    }
  }
  return catalog.Combined(parts.front(), std::span(parts).subspan(1));
}

void RunShow(const ShowOptions& options, const HardwareCatalog& catalog) {
  const EnergyTable table = ShowTable(options.name, catalog);
  const double bound_j = physics::LandauerBound(table.temperature()).value();
  TextTable text({"component", "action", "scope", "energy", "× kT ln 2", "time", "source"});
  text.SetAlignment(3, TextTable::Align::kRight);
  text.SetAlignment(4, TextTable::Align::kRight);
  text.SetAlignment(5, TextTable::Align::kRight);
  nlohmann::json entries = nlohmann::json::array();
  for (const EnergyEntry& entry : table.entries()) {
    text.AddRow({entry.component,
                 entry.action,
                 std::string(ToString(entry.scope)),
                 FormatSi(entry.energy_j, "J"),
                 fmt::format("{:.3g}", entry.energy_j / bound_j),
                 entry.time_s ? FormatSi(*entry.time_s, "s") : "-",
                 (entry.assumption ? "[assumption] " : "") + entry.source});
    entries.push_back(EntryJson(entry));
  }
  std::string human = fmt::format("{} — {}\nfile: {}\ntemperature: {:g} K (k T ln 2 = {})\n",
                                  table.name(),
                                  table.description(),
                                  table.origin(),
                                  table.temperature().value(),
                                  FormatSi(bound_j, "J"));
  if (!table.reference().empty()) human += "reference: " + table.reference() + "\n";
  human += fmt::format(
      "scope: prices up to {} scope{} (core: operations; chip: + on-chip memory, converters, "
      "static power; system: + off-chip memory and I/O){}\n",
      ScopeText(table),
      table.lumped() ? ", lumped: every price includes everything up to it" : "",
      table.node().empty()
          ? ""
          : "\nnode: " + table.node() +
                (table.family().empty() ? "" : " (family " + table.family() + ")"));
  human += "\n" + text.Render();
  bool any_note = false;
  for (const EnergyEntry& entry : table.entries()) {
    if (entry.note.empty()) continue;
    if (!any_note) human += "\nNotes:\n";
    any_note = true;
    human += fmt::format("  ({}, {}): {}\n", entry.component, entry.action, entry.note);
  }
  Emit(options.common,
       {{"command", "hardware show"},
        {"name", table.name()},
        {"description", table.description()},
        {"reference", table.reference()},
        {"path", table.origin()},
        {"temperature_k", table.temperature().value()},
        {"scope", ScopeText(table)},
        {"lumped", table.lumped()},
        {"node", table.node()},
        {"family", table.family()},
        {"landauer_bound_j", bound_j},
        {"entries", entries}},
       human);
}

}  // namespace

void AddHardwareCommand(CLI::App& app,
                        CliEnvironment& environment,
                        std::vector<Command>& commands) {
  CLI::App* hardware =
      app.add_subcommand("hardware", "Inspect the energy tables and their sources");
  hardware->require_subcommand(1);
  AddCommand<ListOptions>(
      *hardware, commands, "list", "List the energy tables", [&environment](ListOptions& o) {
        RunList(o, environment.catalog());
      });
  auto [show, show_app] = AddCommand<ShowOptions>(
      *hardware,
      commands,
      "show",
      "Print one energy table with its sources",
      [&environment](ShowOptions& o) { RunShow(o, environment.catalog()); });
  AsInputOrName(
      show_app
          ->add_option("NAME",
                       show->name,
                       "Table name (see 'hardware list'), tables joined by '+' (h100+spu), "
                       "or path to a .toml")
          ->required());
}

}  // namespace landauer::cli

// `landauer hardware list|show NAME` — inspect the energy tables and their sources.
#include <fmt/format.h>

#include <memory>

#include "cli_common.h"
#include "landauer/energy/energy_table.h"
#include "landauer/physics/bounds.h"
#include "landauer/report/text_table.h"

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
          {"line", entry.line}};
}

void RunList(const ListOptions& options) {
  const std::string directory = HardwareDir();
  TextTable table({"name", "T", "entries", "assumed", "description"});
  table.SetAlignment(2, TextTable::Align::kRight);
  table.SetAlignment(3, TextTable::Align::kRight);
  nlohmann::json tables = nlohmann::json::array();
  for (const std::string& name : ListHardwareTables(directory)) {
    const EnergyTable energy_table = LoadHardwareTable(name, directory);
    std::size_t assumed = 0;
    for (const EnergyEntry& entry : energy_table.entries()) assumed += entry.assumption ? 1 : 0;
    table.AddRow({name,
                  fmt::format("{:g} K", energy_table.temperature().value()),
                  std::to_string(energy_table.entries().size()),
                  std::to_string(assumed),
                  energy_table.description()});
    tables.push_back({{"name", name},
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

void RunShow(const ShowOptions& options) {
  const EnergyTable table = LoadHardwareTable(options.name, HardwareDir());
  const double bound_j = physics::LandauerBound(table.temperature()).value();
  TextTable text({"component", "action", "energy", "× kT ln 2", "time", "source"});
  text.SetAlignment(2, TextTable::Align::kRight);
  text.SetAlignment(3, TextTable::Align::kRight);
  text.SetAlignment(4, TextTable::Align::kRight);
  nlohmann::json entries = nlohmann::json::array();
  for (const EnergyEntry& entry : table.entries()) {
    text.AddRow({entry.component,
                 entry.action,
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
        {"landauer_bound_j", bound_j},
        {"entries", entries}},
       human);
}

}  // namespace

void RegisterHardwareCommand(CLI::App& app, std::vector<Command>& commands) {
  CLI::App* hardware =
      app.add_subcommand("hardware", "Inspect the energy tables and their sources");
  hardware->require_subcommand(1);

  auto list_options = std::make_shared<ListOptions>();
  CLI::App* list = hardware->add_subcommand("list", "List the energy tables");
  AddCommonOptions(*list, list_options->common);
  commands.push_back({list, [list_options] { RunList(*list_options); }});

  auto show_options = std::make_shared<ShowOptions>();
  CLI::App* show = hardware->add_subcommand("show", "Print one energy table with its sources");
  show->add_option(
          "NAME", show_options->name, "Table name (see 'hardware list') or path to a .toml")
      ->required();
  AddCommonOptions(*show, show_options->common);
  commands.push_back({show, [show_options] { RunShow(*show_options); }});
}

}  // namespace landauer::cli

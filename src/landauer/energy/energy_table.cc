#include "landauer/energy/energy_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <set>

#define TOML_HEADER_ONLY 1
#define TOML_EXCEPTIONS 1
#include <toml++/toml.h>

#include "landauer/core/atomic_file.h"
#include "landauer/core/errors.h"
#include "landauer/energy/unit_parse.h"

namespace landauer {
namespace {

constexpr std::string_view kSchema = "landauer.energy-table/1";
const std::set<std::string, std::less<>> kTopKeys = {"schema",
                                                     "name",
                                                     "description",
                                                     "temperature",
                                                     "reference",
                                                     "scope",
                                                     "node",
                                                     "family",
                                                     "static",
                                                     "lumped",
                                                     "entry"};
const std::set<std::string, std::less<>> kEntryKeys = {
    "component", "action", "energy", "time", "source", "assumption", "note", "scope"};

int LineOf(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

bool IsIdentifier(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string JoinKeys(const std::set<std::string, std::less<>>& keys) {
  std::string out;
  for (const std::string& key : keys) out += (out.empty() ? "" : ", ") + key;
  return out;
}

// Rejects keys outside `allowed`, naming the line of the offending key.
void CheckKeys(const toml::table& table,
               const std::set<std::string, std::less<>>& allowed,
               const std::string& origin,
               const std::string& where) {
  for (const auto& [key, node] : table) {
    if (!allowed.contains(key.str())) {
      throw InputError(origin,
                       LineOf(node),
                       "unknown key '" + std::string(key.str()) + "' " + where,
                       "use only " + JoinKeys(allowed) + " (check the spelling)");
    }
  }
}

// A scope key's value, or empty when absent.
std::optional<Scope> OptionalScope(const toml::table& table,
                                   const std::string& origin,
                                   const std::string& where) {
  const toml::node* node = table.get("scope");
  if (node == nullptr) return std::nullopt;
  const auto* text = node->as_string();
  try {
    if (text == nullptr) throw std::invalid_argument("not a string");
    return ScopeFromString(text->get());
  } catch (const std::invalid_argument&) {
    throw InputError(origin,
                     LineOf(*node),
                     "'scope' " + where + " must be \"core\", \"chip\" or \"system\"",
                     "see energy/scope.h for what each boundary contains");
  }
}

const toml::node& Require(const toml::table& table,
                          std::string_view key,
                          const std::string& origin,
                          int line,
                          const std::string& where) {
  const toml::node* node = table.get(key);
  if (node == nullptr) {
    throw InputError(origin,
                     line,
                     "missing key '" + std::string(key) + "' " + where,
                     "add " + std::string(key) + " = ...");
  }
  return *node;
}

std::string RequireString(const toml::table& table,
                          std::string_view key,
                          const std::string& origin,
                          int line,
                          const std::string& where) {
  const toml::node& node = Require(table, key, origin, line, where);
  const auto* value = node.as_string();
  if (value == nullptr) {
    throw InputError(origin,
                     LineOf(node),
                     "'" + std::string(key) + "' " + where + " must be a string",
                     "quote it: " + std::string(key) + " = \"...\"");
  }
  return value->get();
}

std::string OptionalString(const toml::table& table,
                           std::string_view key,
                           const std::string& origin,
                           const std::string& where) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return "";
  const auto* value = node->as_string();
  if (value == nullptr) {
    throw InputError(origin,
                     LineOf(*node),
                     "'" + std::string(key) + "' " + where + " must be a string",
                     "quote it: " + std::string(key) + " = \"...\"");
  }
  return value->get();
}

double ParseUnitValue(const toml::node& node,
                      std::string_view key,
                      QuantityKind kind,
                      const std::string& origin,
                      const std::string& where) {
  const auto* value = node.as_string();
  if (value == nullptr) {
    throw InputError(origin,
                     LineOf(node),
                     "'" + std::string(key) + "' " + where + " must be a quoted " +
                         std::string(ToString(kind)) + " with a unit",
                     std::string("write e.g. ") + std::string(key) + " = \"" +
                         (kind == QuantityKind::kEnergy ? "1.5 pJ"
                          : kind == QuantityKind::kTime ? "1 ns"
                                                        : "300 K") +
                         "\"");
  }
  try {
    return ParseQuantity(value->get(), kind);
  } catch (const std::invalid_argument& error) {
    throw InputError(
        origin, LineOf(node), "'" + std::string(key) + "' " + where + ": " + error.what());
  }
}

// Returns `text` with every non-ASCII code point written as a TOML escape (\uXXXX or
// \UXXXXXXXX), so toml++ only ever sees ASCII. Inside double-quoted strings the escape denotes the
// same string; in comments it is inert; anywhere else non-ASCII is invalid TOML either way and
// toml++ reports it at the same line. Non-ASCII inside literal ('...') strings, where escapes are
// not processed, and invalid UTF-8 are rejected here. Newlines are kept, so line numbers hold.
//
// Why: Debian's toml++ 3.3.0 reaches __builtin_unreachable in its Unicode-whitespace classifier for
// some code points (e.g. U+01AF) met while lexing invalid input — undefined behaviour found by
// fuzz/energy_table_fuzzer.cc.
std::string EscapeNonAscii(std::string_view text, const std::string& origin) {
  enum class State { kNormal, kComment, kBasic, kLiteral, kMultiBasic, kMultiLiteral };
  State state = State::kNormal;
  int line = 1;
  std::string out;
  out.reserve(text.size());
  // Length of the run of `quote` characters starting at i (capped at 5: a closing delimiter may
  // be followed by up to two quotes that belong to the string).
  auto run = [&](std::size_t i, char quote) {
    std::size_t n = 0;
    while (n < 5 && i + n < text.size() && text[i + n] == quote) ++n;
    return n;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x80) {
      if (state == State::kLiteral || state == State::kMultiLiteral) {
        throw InputError(origin,
                         line,
                         "non-ASCII text in a literal ('...') string",
                         "use a double-quoted string for non-ASCII text");
      }
      // Decode one UTF-8 sequence.
      const int length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 0;
      char32_t code_point = length == 4 ? byte & 0x07u : length == 3 ? byte & 0x0Fu : byte & 0x1Fu;
      bool valid = length > 0 && byte < 0xF5 && i + length <= text.size();
      for (int k = 1; valid && k < length; ++k) {
        const auto continuation = static_cast<unsigned char>(text[i + k]);
        valid = (continuation & 0xC0u) == 0x80u;
        code_point = (code_point << 6) | (continuation & 0x3Fu);
      }
      const char32_t minimum = length == 4 ? 0x10000 : length == 3 ? 0x800 : 0x80;
      valid = valid && code_point >= minimum && code_point <= 0x10FFFF &&
              !(code_point >= 0xD800 && code_point <= 0xDFFF);
      if (!valid) {
        throw InputError(origin, line, "invalid UTF-8 byte sequence", "save the file as UTF-8");
      }
      out += code_point <= 0xFFFF
                 ? fmt::format("\\u{:04X}", static_cast<std::uint32_t>(code_point))
                 : fmt::format("\\U{:08X}", static_cast<std::uint32_t>(code_point));
      i += static_cast<std::size_t>(length) - 1;
      continue;
    }
    const char c = text[i];
    out += c;
    if (c == '\n') {
      ++line;
      // Single-line strings and comments end at a newline (toml++ reports unterminated strings).
      if (state == State::kComment || state == State::kBasic || state == State::kLiteral) {
        state = State::kNormal;
      }
      continue;
    }
    switch (state) {
      case State::kNormal:
        if (c == '#') {
          state = State::kComment;
        } else if (c == '"' || c == '\'') {
          const bool triple = run(i, c) >= 3;
          if (triple) {
            out += text.substr(i + 1, 2);
            i += 2;
          }
          state = c == '"' ? (triple ? State::kMultiBasic : State::kBasic)
                           : (triple ? State::kMultiLiteral : State::kLiteral);
        }
        break;
      case State::kComment:
        break;
      case State::kBasic:
      case State::kMultiBasic:
        if (c == '\\' && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0x80) {
          if (text[i + 1] == '\n') ++line;
          out += text[++i];  // copy the escaped ASCII character unexamined
        } else if (c == '"' && state == State::kBasic) {
          state = State::kNormal;
        } else if (c == '"' && run(i, '"') >= 3) {
          const std::size_t quotes = run(i, '"');
          out += text.substr(i + 1, quotes - 1);
          i += quotes - 1;
          state = State::kNormal;
        }
        break;
      case State::kLiteral:
        if (c == '\'') state = State::kNormal;
        break;
      case State::kMultiLiteral:
        if (c == '\'' && run(i, '\'') >= 3) {
          const std::size_t quotes = run(i, '\'');
          out += text.substr(i + 1, quotes - 1);
          i += quotes - 1;
          state = State::kNormal;
        }
        break;
    }
  }
  return out;
}

}  // namespace

EnergyTable EnergyTable::Parse(std::string_view text,
                               const std::string& origin,
                               const std::string& expected_name) {
  const std::string ascii = EscapeNonAscii(text, origin);
  toml::table root;
  try {
    root = toml::parse(ascii, origin);
  } catch (const toml::parse_error& error) {
    throw InputError(origin,
                     static_cast<int>(error.source().begin.line),
                     "malformed TOML: " + std::string(error.description()),
                     "see docs/energy-tables.md for the format");
  }
  EnergyTable table;
  table.origin_ = origin;
  CheckKeys(root, kTopKeys, origin, "at the top level");

  const std::string schema = RequireString(root, "schema", origin, 1, "at the top level");
  if (schema != kSchema) {
    throw InputError(origin,
                     LineOf(*root.get("schema")),
                     "unsupported schema '" + schema + "'",
                     "write schema = \"" + std::string(kSchema) + "\"");
  }
  table.name_ = RequireString(root, "name", origin, 1, "at the top level");
  if (!expected_name.empty() && table.name_ != expected_name) {
    throw InputError(
        origin,
        LineOf(*root.get("name")),
        "table name '" + table.name_ + "' differs from the file name '" + expected_name + "'",
        "rename the file or set name = \"" + expected_name + "\"");
  }
  table.description_ = RequireString(root, "description", origin, 1, "at the top level");
  table.reference_ = OptionalString(root, "reference", origin, "at the top level");
  const toml::node& temperature_node = Require(root, "temperature", origin, 1, "at the top level");
  const double temperature_k = ParseUnitValue(
      temperature_node, "temperature", QuantityKind::kTemperature, origin, "at the top level");
  if (!(temperature_k > 0.0)) {
    throw InputError(origin,
                     LineOf(temperature_node),
                     "temperature must be > 0 K (absolute temperature)",
                     "write e.g. temperature = \"300 K\"");
  }
  table.temperature_ = Kelvin(temperature_k);
  table.scope_ = OptionalScope(root, origin, "at the top level");
  table.node_ = OptionalString(root, "node", origin, "at the top level");
  table.family_ = OptionalString(root, "family", origin, "at the top level");
  if (root.get("family") != nullptr &&
      (table.family_.empty() || table.family_.find_first_not_of(
                                    "abcdefghijklmnopqrstuvwxyz0123456789") != std::string::npos)) {
    throw InputError(origin,
                     LineOf(*root.get("family")),
                     "family '" + table.family_ + "' must be lower-case letters and digits",
                     "write e.g. family = \"7nm\"");
  }
  if (const toml::node* lumped = root.get("lumped")) {
    if (lumped->as_boolean() == nullptr) {
      throw InputError(origin,
                       LineOf(*lumped),
                       "'lumped' must be true or false",
                       "write lumped = true or lumped = false (unquoted)");
    }
    table.lumped_ = lumped->as_boolean()->get();
  }
  const std::string static_power = OptionalString(root, "static", origin, "at the top level");
  if (!static_power.empty() && static_power != "counted") {
    throw InputError(origin,
                     LineOf(*root.get("static")),
                     "'static' must be \"counted\" (static power is in the actions' prices)",
                     "or leave it out and give a (static, second) entry");
  }
  const bool static_counted = static_power == "counted";
  if (table.lumped_ && !table.scope_) {
    throw InputError(origin,
                     LineOf(*root.get("lumped")),
                     "a lumped table must say up to which scope its prices reach",
                     "add scope = \"chip\" or \"system\"");
  }

  const toml::node& entries_node = Require(root, "entry", origin, 1, "at the top level");
  const toml::array* entries = entries_node.as_array();
  if (entries == nullptr || entries->empty()) {
    throw InputError(origin,
                     LineOf(entries_node),
                     "'entry' must be a non-empty array of tables",
                     "write one [[entry]] block per priced action");
  }
  for (const toml::node& entry_node : *entries) {
    const toml::table* entry_table = entry_node.as_table();
    const int line = LineOf(entry_node);
    if (entry_table == nullptr) {
      throw InputError(
          origin, line, "each 'entry' must be a table", "write entries as [[entry]] blocks");
    }
    const std::string where = "in [[entry]] at line " + std::to_string(line);
    CheckKeys(*entry_table, kEntryKeys, origin, where);
    EnergyEntry entry;
    entry.line = line;
    entry.component = RequireString(*entry_table, "component", origin, line, where);
    entry.action = RequireString(*entry_table, "action", origin, line, where);
    for (const std::string* id : {&entry.component, &entry.action}) {
      if (!IsIdentifier(*id)) {
        throw InputError(origin,
                         line,
                         "'" + *id + "' " + where + " is not a valid identifier",
                         "use lower-case letters, digits and '_' only");
      }
    }
    const std::string what = "(" + entry.component + ", " + entry.action + ")";
    const toml::node& energy_node = Require(*entry_table, "energy", origin, line, where);
    entry.energy_j = ParseUnitValue(energy_node, "energy", QuantityKind::kEnergy, origin, where);
    if (!(entry.energy_j > 0.0)) {
      throw InputError(
          origin,
          LineOf(energy_node),
          "energy of " + what + " must be > 0 J, got " + std::to_string(entry.energy_j) + " J",
          "a free action should not be counted; a negative energy is a sign error");
    }
    if (const toml::node* time_node = entry_table->get("time")) {
      const double time_s = ParseUnitValue(*time_node, "time", QuantityKind::kTime, origin, where);
      if (!(time_s >= 0.0)) {
        throw InputError(origin,
                         LineOf(*time_node),
                         "time of " + what + " must be >= 0 s",
                         "write a non-negative time, e.g. time = \"1 ns\"");
      }
      entry.time_s = time_s;
    }
    entry.source = RequireString(*entry_table, "source", origin, line, where);
    if (entry.source.find_first_not_of(" \t") == std::string::npos) {
      throw InputError(origin,
                       LineOf(*entry_table->get("source")),
                       "entry " + what + " has an empty source",
                       "cite where the number comes from; if it is assumed, say so and set "
                       "assumption = true");
    }
    const toml::node& assumption_node = Require(*entry_table, "assumption", origin, line, where);
    const auto* assumption = assumption_node.as_boolean();
    if (assumption == nullptr) {
      throw InputError(origin,
                       LineOf(assumption_node),
                       "'assumption' " + where + " must be true or false",
                       "write assumption = true or assumption = false (unquoted)");
    }
    entry.assumption = assumption->get();
    entry.note = OptionalString(*entry_table, "note", origin, where);
    const std::optional<Scope> entry_scope = OptionalScope(*entry_table, origin, where);
    entry.scope = entry_scope ? *entry_scope : table.lumped_ ? *table.scope_ : Scope::kCore;
    if (table.lumped_ && entry.scope != *table.scope_) {
      throw InputError(origin,
                       line,
                       "entry " + what + " of a lumped table must have the table's scope",
                       "drop the entry's scope, or set lumped = false");
    }

    auto key = std::make_pair(entry.component, entry.action);
    if (const auto it = table.index_.find(key); it != table.index_.end()) {
      throw InputError(origin,
                       line,
                       "duplicate entry " + what + "; first defined at line " +
                           std::to_string(table.entries_[it->second].line),
                       "keep one entry per (component, action)");
    }
    table.index_.emplace(std::move(key), table.entries_.size());
    table.entries_.push_back(std::move(entry));
  }
  const bool has_static = static_counted || table.Find("static", "second") != nullptr;
  if (table.scope_ && *table.scope_ >= Scope::kChip && !has_static && !table.lumped_) {
    throw InputError(origin,
                     LineOf(*root.get("scope")),
                     "scope " + std::string(ToString(*table.scope_)) +
                         " needs static power, and the table has no (static, second) entry",
                     "add one (energy = the static power times 1 s), set static = \"counted\" if "
                     "its actions include it, or declare scope = \"core\"");
  }
  table.parts_.push_back({table.name_, table.scope_, table.lumped_, has_static || table.lumped_});
  return table;
}

namespace {

// A table name as a component suffix: [a-z0-9_], anything else (the '-' of "adiabatic-cmos", the
// '+' of a combined name) as '_'.
std::string StaticSuffix(std::string_view name) {
  std::string suffix(name);
  for (char& c : suffix) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!keep) c = '_';
  }
  return suffix;
}

}  // namespace

std::string EnergyTable::WhyNotAt(Scope scope) const {
  const std::string wanted(ToString(scope));
  for (std::size_t i = 0; i < parts_.size(); ++i) {
    const Part& part = parts_[i];
    if (!part.scope) {
      return "table '" + part.name + "' does not declare its scope; add scope = \"core\", " +
             "\"chip\" or \"system\" (energy/scope.h)";
    }
    const std::string has(ToString(*part.scope));
    if (part.lumped && *part.scope != scope) {
      return "table '" + part.name + "' lumps everything up to " + has +
             " scope into each price, so it prices at " + has + " scope only, not " + wanted;
    }
    // Chip and system need static power; a table without it prices the operations only. (A chip
    // table with no off-chip entries prices at system scope too: it has nothing outside the chip.)
    if (scope >= Scope::kChip && !part.has_static) {
      return "table '" + part.name + "' prices at most " + has +
             " scope: it has no static power (no (static, second) entry), which " + wanted +
             " scope needs";
    }
    // The base table (the first part) sets the boundary and must reach it. A device table
    // combined with it may declare a narrower scope: it has nothing beyond it, and the base
    // prices what lies there (off-chip memory, I/O).
    if (i == 0 && *part.scope < scope) {
      return "table '" + part.name + "' prices at most " + has + " scope (it declares scope = \"" +
             has + "\"), not " + wanted;
    }
  }
  return "";
}

void EnergyTable::RequireScope(Scope scope) const {
  if (const std::string why = WhyNotAt(scope); !why.empty()) {
    throw ScopeError("--scope " + std::string(ToString(scope)) + ": " + why +
                     "; choose another --scope or --hardware (landauer hardware list)");
  }
}

EnergyTable EnergyTable::Combine(const EnergyTable& a, const EnergyTable& b) {
  if (a.temperature_.value() != b.temperature_.value()) {
    throw std::invalid_argument("cannot combine energy tables '" + a.name_ + "' and '" + b.name_ +
                                "': they are priced at different temperatures");
  }
  EnergyTable table = a;
  table.name_ = a.name_ + "+" + b.name_;
  table.scope_ =
      a.scope_ && b.scope_ ? std::optional<Scope>(std::min(*a.scope_, *b.scope_)) : std::nullopt;
  if (!b.node_.empty() && b.node_ != a.node_) {
    table.node_ = a.node_.empty() ? b.node_ : a.node_ + " + " + b.node_;
  }
  if (!b.family_.empty() && b.family_ != a.family_) {
    table.family_ = a.family_.empty() ? b.family_ : a.family_ + "+" + b.family_;
  }
  table.lumped_ = a.lumped_ || b.lumped_;
  table.parts_.insert(table.parts_.end(), b.parts_.begin(), b.parts_.end());
  table.description_ = a.description_ + "; " + b.description_;
  table.origin_ = a.origin_ + " + " + b.origin_;
  for (EnergyEntry entry : b.entries_) {
    // Each part keeps its own static power: a device table's becomes (static_<name>, second), so
    // both are charged over the modelled time (AddStaticPower) and the breakdown says whose.
    if (entry.component == "static" && entry.action == "second") {
      entry.component = "static_" + StaticSuffix(b.name_);
    }
    if (table.Find(entry.component, entry.action) != nullptr) {
      throw std::invalid_argument("cannot combine energy tables '" + a.name_ + "' and '" + b.name_ +
                                  "': both price (" + entry.component + ", " + entry.action + ")");
    }
    table.index_.emplace(std::make_pair(entry.component, entry.action), table.entries_.size());
    table.entries_.push_back(entry);
  }
  return table;
}

EnergyTable EnergyTable::Load(const std::string& path) {
  const std::string text = ReadFile(path);
  return Parse(text, path, std::filesystem::path(path).stem().string());
}

const EnergyEntry* EnergyTable::Find(std::string_view component, std::string_view action) const {
  const auto it = index_.find(std::make_pair(std::string(component), std::string(action)));
  return it == index_.end() ? nullptr : &entries_[it->second];
}

const EnergyEntry& EnergyTable::Price(std::string_view component, std::string_view action) const {
  if (const EnergyEntry* entry = Find(component, action)) return *entry;
  std::string same_component;
  for (const EnergyEntry& entry : entries_) {
    if (entry.component == component)
      same_component += (same_component.empty() ? "" : ", ") + entry.action;
  }
  std::string message = "energy table '" + name_ + "' (" + origin_ + ") has no price for action (" +
                        std::string(component) + ", " + std::string(action) + ")";
  message += same_component.empty()
                 ? "; it prices no actions of component '" + std::string(component) + "'"
                 : "; it prices '" + std::string(component) + "' actions: " + same_component;
  message +=
      ". Fix: add an [[entry]] with its source to the table, or choose another table "
      "(landauer hardware list)";
  throw MissingPriceError(message);
}

std::string HardwareDirectory() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("LANDAUER_DATA_DIR"); env != nullptr && *env != '\0') {
    return (fs::path(env) / "hardware").string();
  }
  std::error_code error;
  const fs::path exe = fs::read_symlink("/proc/self/exe", error);
  if (!error) {
    for (const fs::path& candidate : {exe.parent_path() / ".." / "share" / "landauer" / "data",
                                      exe.parent_path() / ".." / ".." / "data"}) {
      if (fs::is_directory(candidate / "hardware", error)) {
        return fs::weakly_canonical(candidate / "hardware", error).string();
      }
    }
  }
#ifdef LANDAUER_SOURCE_DATA_DIR
  return std::string(LANDAUER_SOURCE_DATA_DIR) + "/hardware";
#else
  return "data/hardware";
#endif
}

std::vector<std::string> ListHardwareTables(const std::string& directory) {
  namespace fs = std::filesystem;
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& item : fs::directory_iterator(directory, error)) {
    if (item.path().extension() == ".toml") names.push_back(item.path().stem().string());
  }
  if (error) {
    throw InputError(directory,
                     0,
                     "cannot list energy tables: " + error.message(),
                     "set LANDAUER_DATA_DIR to the folder that holds hardware/*.toml");
  }
  std::sort(names.begin(), names.end());
  return names;
}

EnergyTable LoadHardwareTable(const std::string& name, const std::string& directory) {
  if (name.find('/') != std::string::npos || name.ends_with(".toml"))
    return EnergyTable::Load(name);
  const std::vector<std::string> names = ListHardwareTables(directory);
  if (std::find(names.begin(), names.end(), name) == names.end()) {
    std::string known;
    for (const std::string& n : names) known += (known.empty() ? "" : ", ") + n;
    throw InputError(
        "",
        0,
        "unknown hardware '" + name + "'",
        "choose one of: " + known + " (from " + directory + "), or pass the path of a .toml table");
  }
  return EnergyTable::Load((std::filesystem::path(directory) / (name + ".toml")).string());
}

}  // namespace landauer

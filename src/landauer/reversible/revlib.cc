#include "landauer/reversible/revlib.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <map>
#include <set>
#include <sstream>

#include "landauer/core/atomic_file.h"
#include "landauer/core/errors.h"

namespace landauer::reversible {
namespace {

// Splits on whitespace; "quoted words" keep their spaces (quotes removed).
std::vector<std::string> Tokenize(const std::string& text,
                                  const std::string& origin,
                                  int line_number) {
  std::vector<std::string> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    if (std::isspace(static_cast<unsigned char>(text[i]))) {
      ++i;
    } else if (text[i] == '"') {
      const std::size_t close = text.find('"', i + 1);
      if (close == std::string::npos)
        throw InputError(origin, line_number, "unterminated quote", "close the \"name\"");
      if (close == i + 1)
        throw InputError(origin, line_number, "empty quoted name", "give the name some text");
      tokens.push_back(text.substr(i + 1, close - i - 1));
      i = close + 1;
    } else {
      std::size_t j = i;
      while (j < text.size() && !std::isspace(static_cast<unsigned char>(text[j]))) ++j;
      tokens.push_back(text.substr(i, j - i));
      i = j;
    }
  }
  return tokens;
}

struct Header {
  int numvars = -1;
  std::vector<std::string> variables, inputs, outputs;
  std::string constants, garbage, restored;
  int restored_at = 0;                     // the line of the #@restored pragma
  std::vector<std::pair<Bus, int>> buses;  // with the line of the declaration, names resolved later
  std::vector<std::vector<std::string>> bus_names;
};

}  // namespace

Circuit ParseReal(const std::string& text, const std::string& origin) {
  std::istringstream in(text);
  std::string raw;
  int line_number = 0;
  Header header;
  Circuit circuit;
  bool begun = false, ended = false;
  std::set<std::string> seen_directives;
  auto resolve = [&](const std::string& name, int at) {
    const int index = circuit.FindLine(name);
    if (index < 0) {
      throw InputError(
          origin, at, fmt::format("unknown variable '{}'", name), "declare it in .variables");
    }
    return index;
  };
  auto build_lines = [&](int at) {
    if (header.numvars < 0)
      throw InputError(origin, at, ".begin before .numvars", "declare .numvars N first");
    if (header.variables.empty())
      throw InputError(origin, at, ".begin before .variables", "declare .variables first");
    const auto n = static_cast<std::size_t>(header.numvars);
    for (std::size_t i = 0; i < n; ++i) {
      Line line;
      line.name = header.variables[i];
      if (!header.inputs.empty()) line.input_label = header.inputs[i];
      if (!header.outputs.empty()) line.output_label = header.outputs[i];
      if (!header.constants.empty() && header.constants[i] != '-')
        line.constant = header.constants[i] - '0';
      line.garbage = !header.garbage.empty() && header.garbage[i] == '1';
      if (!header.restored.empty() && header.restored[i] != '-') {
        if (!line.garbage || !line.constant) {
          throw InputError(
              origin,
              header.restored_at,
              fmt::format("#@restored marks '{}', which is not a constant garbage line", line.name),
              "mark only ancillae ('0'/'1' in .constants) that .garbage lists");
        }
        line.restored = header.restored[i] - '0';
      }
      circuit.AddLine(std::move(line));
    }
    for (std::size_t b = 0; b < header.buses.size(); ++b) {
      Bus bus = header.buses[b].first;
      for (const std::string& name : header.bus_names[b])
        bus.lines.push_back(resolve(name, header.buses[b].second));
      circuit.AddBus(std::move(bus));
    }
  };
  auto expect_count = [&](const std::vector<std::string>& tokens, const std::string& what, int at) {
    if (header.numvars < 0)
      throw InputError(origin, at, what + " before .numvars", "declare .numvars N first");
    if (static_cast<int>(tokens.size()) - 1 != header.numvars) {
      throw InputError(
          origin,
          at,
          fmt::format(
              "{} lists {} names but .numvars is {}", what, tokens.size() - 1, header.numvars),
          "give exactly one name per variable");
    }
  };
  auto expect_mask = [&](const std::vector<std::string>& tokens,
                         const std::string& what,
                         const std::string& allowed,
                         int at) {
    if (header.numvars < 0)
      throw InputError(origin, at, what + " before .numvars", "declare .numvars N first");
    std::string mask;
    for (std::size_t i = 1; i < tokens.size(); ++i) mask += tokens[i];
    if (static_cast<int>(mask.size()) != header.numvars) {
      throw InputError(
          origin,
          at,
          fmt::format("{} has {} characters but .numvars is {}", what, mask.size(), header.numvars),
          fmt::format("write one of '{}' per variable", allowed));
    }
    for (char c : mask) {
      if (allowed.find(c) == std::string::npos) {
        throw InputError(origin,
                         at,
                         fmt::format("{} contains '{}'", what, c),
                         fmt::format("use only '{}'", allowed));
      }
    }
    return mask;
  };

  while (std::getline(in, raw)) {
    ++line_number;
    // landauer's one pragma, a comment to other readers: "#@restored MASK".
    if (raw.starts_with("#@restored")) {
      if (begun) {
        throw InputError(
            origin, line_number, "#@restored inside .begin/.end", "move it before .begin");
      }
      if (header.restored_at != 0)
        throw InputError(origin, line_number, "#@restored appears twice", "keep one");
      std::string rest = raw.substr(1);
      if (!rest.empty() && rest.back() == '\r') rest.pop_back();
      header.restored =
          expect_mask(Tokenize(rest, origin, line_number), "#@restored", "-01", line_number);
      header.restored_at = line_number;
      continue;
    }
    if (const std::size_t hash = raw.find('#'); hash != std::string::npos) raw.resize(hash);
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    const std::vector<std::string> tokens = Tokenize(raw, origin, line_number);
    if (tokens.empty()) continue;
    if (ended) throw InputError(origin, line_number, "text after .end", "remove it");
    const std::string& head = tokens[0];
    if (head[0] == '.') {
      std::string directive = head;
      for (char& c : directive) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      const bool repeatable =
          directive == ".inputbus" || directive == ".outputbus" || directive == ".state";
      if (!repeatable && !seen_directives.insert(directive).second) {
        throw InputError(
            origin, line_number, fmt::format("{} appears twice", directive), "keep one");
      }
      if (begun && directive != ".end") {
        throw InputError(origin,
                         line_number,
                         fmt::format("{} inside .begin/.end", directive),
                         "move it before .begin");
      }
      if (directive == ".version") {
        continue;
      } else if (directive == ".numvars") {
        int value = -1;
        const auto [ptr, ec] =
            tokens.size() == 2
                ? std::from_chars(tokens[1].data(), tokens[1].data() + tokens[1].size(), value)
                : std::from_chars_result{nullptr, std::errc::invalid_argument};
        if (ec != std::errc() || ptr != tokens[1].data() + tokens[1].size() || value <= 0) {
          throw InputError(origin,
                           line_number,
                           fmt::format("bad .numvars '{}'", raw),
                           "write .numvars N with N > 0");
        }
        header.numvars = value;
      } else if (directive == ".variables") {
        expect_count(tokens, ".variables", line_number);
        std::set<std::string> unique(tokens.begin() + 1, tokens.end());
        if (unique.size() != tokens.size() - 1) {
          throw InputError(
              origin, line_number, ".variables repeats a name", "give every line its own name");
        }
        for (std::size_t i = 1; i < tokens.size(); ++i) {
          if (tokens[i][0] == '-') {
            throw InputError(origin,
                             line_number,
                             fmt::format("variable '{}' starts with '-'", tokens[i]),
                             "'-' marks a negative control; rename the variable");
          }
        }
        header.variables.assign(tokens.begin() + 1, tokens.end());
      } else if (directive == ".inputs") {
        expect_count(tokens, ".inputs", line_number);
        header.inputs.assign(tokens.begin() + 1, tokens.end());
      } else if (directive == ".outputs") {
        expect_count(tokens, ".outputs", line_number);
        header.outputs.assign(tokens.begin() + 1, tokens.end());
      } else if (directive == ".constants") {
        header.constants = expect_mask(tokens, ".constants", "-01", line_number);
      } else if (directive == ".garbage") {
        header.garbage = expect_mask(tokens, ".garbage", "-01", line_number);
        for (char& c : header.garbage) c = c == '1' ? '1' : '0';
      } else if (repeatable) {
        if (tokens.size() < 3) {
          throw InputError(origin,
                           line_number,
                           fmt::format("{} needs a name and at least one variable", directive),
                           fmt::format("write {} NAME var1 var2 ...", directive));
        }
        header.buses.push_back({Bus{directive.substr(1), tokens[1], {}}, line_number});
        header.bus_names.emplace_back(tokens.begin() + 2, tokens.end());
      } else if (directive == ".module") {
        throw InputError(origin,
                         line_number,
                         "modules are not supported",
                         "flatten the circuit into one .begin/.end");
      } else if (directive == ".begin") {
        build_lines(line_number);
        begun = true;
      } else if (directive == ".end") {
        if (!begun)
          throw InputError(
              origin, line_number, ".end without .begin", "add .begin before the gates");
        ended = true;
      } else if (directive == ".define" || directive == ".enddefine") {
        throw InputError(origin,
                         line_number,
                         "gate definitions are not supported",
                         "expand them into t/f/p gates");
      } else {
        throw InputError(origin,
                         line_number,
                         fmt::format("unknown directive '{}'", head),
                         "use .version .numvars .variables .inputs .outputs .constants .garbage "
                         ".inputbus .outputbus "
                         ".state .begin .end");
      }
      continue;
    }
    if (!begun) {
      throw InputError(origin,
                       line_number,
                       fmt::format("gate '{}' before .begin", head),
                       "put gates between .begin and .end");
    }
    // A gate: kind letter(s) and an optional line count.
    std::size_t digits = head.size();
    while (digits > 0 && std::isdigit(static_cast<unsigned char>(head[digits - 1]))) --digits;
    std::string kind = head.substr(0, digits);
    for (char& c : kind) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const int operands = static_cast<int>(tokens.size()) - 1;
    if (digits < head.size()) {
      const std::string count = head.substr(digits);
      if (count.size() > 6 || std::stoi(count) != operands) {
        throw InputError(origin,
                         line_number,
                         fmt::format("gate '{}' lists {} lines", head, operands),
                         fmt::format("write {}{}, or list {} lines", kind, operands, count));
      }
    }
    if (kind == "v" || kind == "v+" || kind == "h" || kind == "z" || kind == "y" || kind == "r") {
      throw InputError(
          origin,
          line_number,
          fmt::format("gate '{}' is a quantum gate, not a classical reversible one", head),
          "landauer simulates classical reversible circuits: use t, f and p gates only");
    }
    if (kind != "t" && kind != "f" && kind != "p") {
      throw InputError(origin,
                       line_number,
                       fmt::format("unknown gate '{}'", head),
                       "use tK (Toffoli), fK (Fredkin) or pK (Peres)");
    }
    const int targets = kind == "t" ? 1 : 2;
    if (operands < targets) {
      throw InputError(origin,
                       line_number,
                       fmt::format("gate '{}' needs at least {} line(s)", head, targets),
                       "list the controls, then the target(s)");
    }
    Gate gate;
    gate.kind = kind == "t"   ? GateKind::kToffoli
                : kind == "f" ? GateKind::kFredkin
                              : GateKind::kPeres;
    for (int i = 1; i <= operands; ++i) {
      std::string name = tokens[static_cast<std::size_t>(i)];
      const bool negative = name.size() > 1 && name[0] == '-';
      if (negative) name = name.substr(1);
      const int index = resolve(name, line_number);
      if (i > operands - targets) {
        if (negative) {
          throw InputError(origin,
                           line_number,
                           fmt::format("target '-{}' is negated", name),
                           "only controls can be negative");
        }
        gate.targets.push_back(index);
      } else {
        gate.controls.push_back({index, !negative});
      }
    }
    try {
      circuit.AddGate(std::move(gate));
    } catch (const std::invalid_argument&) {
      throw InputError(origin,
                       line_number,
                       fmt::format("gate '{}' uses a line twice", raw),
                       "each line may appear once per gate");
    }
  }
  if (!begun) throw InputError(origin, line_number, "no .begin", "add .begin, the gates and .end");
  if (!ended) throw InputError(origin, line_number, "no .end", "end the gate list with .end");
  return circuit;
}

Circuit ReadReal(const std::string& path) { return ParseReal(ReadFile(path), path); }

std::string FormatReal(const Circuit& circuit) {
  auto quoted = [](const std::string& s) {
    return s.find(' ') == std::string::npos ? s : fmt::format("\"{}\"", s);
  };
  std::string out = ".version 2.0\n";
  out += fmt::format(".numvars {}\n", circuit.num_lines());
  std::string variables = ".variables", inputs = ".inputs", outputs = ".outputs", constants,
              garbage, restored;
  for (const Line& line : circuit.lines()) {
    variables += fmt::format(" {}", line.name);
    inputs += fmt::format(" {}", quoted(line.input_label));
    outputs += fmt::format(" {}", quoted(line.output_label));
    constants += line.constant ? static_cast<char>('0' + *line.constant) : '-';
    garbage += line.garbage ? '1' : '-';
    restored += line.restored ? static_cast<char>('0' + *line.restored) : '-';
  }
  out += variables + "\n" + inputs + "\n" + outputs + "\n.constants " + constants + "\n.garbage " +
         garbage + "\n";
  if (restored.find_first_not_of('-') != std::string::npos) out += "#@restored " + restored + "\n";
  for (const Bus& bus : circuit.buses()) {
    out += fmt::format(".{} {}", bus.kind, bus.name);
    for (int line : bus.lines) out += fmt::format(" {}", circuit.line(line).name);
    out += "\n";
  }
  out += ".begin\n";
  for (const Gate& gate : circuit.gates()) {
    out += RevLibName(gate);
    for (const Control& c : gate.controls)
      out += fmt::format(" {}{}", c.positive ? "" : "-", circuit.line(c.line).name);
    for (int t : gate.targets) out += fmt::format(" {}", circuit.line(t).name);
    out += "\n";
  }
  out += ".end\n";
  return out;
}

void WriteReal(const std::string& path, const Circuit& circuit) {
  WriteFileAtomically(path, FormatReal(circuit));
}

}  // namespace landauer::reversible

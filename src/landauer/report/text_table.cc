#include "landauer/report/text_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "landauer/core/check.h"

namespace landauer {
namespace {

std::size_t DisplayWidth(const std::string& text) {
  // Count UTF-8 lead bytes: continuation bytes are 10xxxxxx.
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string Pad(const std::string& text, std::size_t width, TextTable::Align align) {
  const std::size_t w = DisplayWidth(text);
  const std::string fill(width > w ? width - w : 0, ' ');
  return align == TextTable::Align::kLeft ? text + fill : fill + text;
}

}  // namespace

TextTable::TextTable(std::vector<std::string> header)
    : header_(std::move(header)), align_(header_.size(), Align::kLeft) {}

void TextTable::SetAlignment(std::size_t column, Align align) {
  LANDAUER_CHECK(column < align_.size()) << "column " << column << " of " << align_.size();
  align_[column] = align;
}

void TextTable::AddRow(std::vector<std::string> cells) {
  LANDAUER_CHECK(cells.size() == header_.size())
      << "row has " << cells.size() << " cells, header has " << header_.size();
  rows_.push_back({std::move(cells), false});
}

void TextTable::AddSection(std::string title) { rows_.push_back({{std::move(title)}, true}); }

std::string TextTable::Render() const {
  std::vector<std::size_t> widths(header_.size());
  for (std::size_t c = 0; c < header_.size(); ++c) widths[c] = DisplayWidth(header_[c]);
  for (const Row& row : rows_) {
    if (row.section) continue;
    for (std::size_t c = 0; c < row.cells.size(); ++c) {
      widths[c] = std::max(widths[c], DisplayWidth(row.cells[c]));
    }
  }
  std::size_t total = 0;
  for (std::size_t w : widths) total += w + 2;
  total = total >= 2 ? total - 2 : 0;
  auto render_cells = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (c > 0) line += "  ";
      line += Pad(cells[c], widths[c], align_[c]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line + "\n";
  };
  std::string out = render_cells(header_);
  out += std::string(total, '-') + "\n";
  for (const Row& row : rows_)
    out += row.section ? row.cells.front() + "\n" : render_cells(row.cells);
  return out;
}

std::string FormatSi(double value, const std::string& unit, int significant) {
  if (value == 0.0 || !std::isfinite(value)) return fmt::format("{} {}", value, unit);
  static constexpr std::array<std::pair<int, const char*>, 17> kPrefixes = {{{24, "Y"},
                                                                             {21, "Z"},
                                                                             {18, "E"},
                                                                             {15, "P"},
                                                                             {12, "T"},
                                                                             {9, "G"},
                                                                             {6, "M"},
                                                                             {3, "k"},
                                                                             {0, ""},
                                                                             {-3, "m"},
                                                                             {-6, "µ"},
                                                                             {-9, "n"},
                                                                             {-12, "p"},
                                                                             {-15, "f"},
                                                                             {-18, "a"},
                                                                             {-21, "z"},
                                                                             {-24, "y"}}};
  const int exponent = static_cast<int>(std::floor(std::log10(std::abs(value)) / 3.0)) * 3;
  for (const auto& [power, prefix] : kPrefixes) {
    if (power == exponent) {
      return fmt::format("{:.{}g} {}{}", value / std::pow(10.0, power), significant, prefix, unit);
    }
  }
  return fmt::format("{:.{}g} {}", value, significant, unit);
}

}  // namespace landauer

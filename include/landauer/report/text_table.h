// landauer/report/text_table.h — aligned plain-text tables for the CLI.
//
//   TextTable table({"quantity", "value", "unit"});
//   table.SetAlignment(1, TextTable::Align::kRight);
//   table.AddRow({"Landauer bound", "2.871e-21", "J"});
//   std::cout << table.Render();
//
// Column widths follow the widest cell (counted in UTF-8 code points, so "µ" is one column).
#ifndef LANDAUER_REPORT_TEXT_TABLE_H_
#define LANDAUER_REPORT_TEXT_TABLE_H_

#include <string>
#include <vector>

namespace landauer {

class TextTable {
 public:
  enum class Align { kLeft, kRight };

  explicit TextTable(std::vector<std::string> header);
  void SetAlignment(std::size_t column, Align align);
  // A row must have as many cells as the header (checked).
  void AddRow(std::vector<std::string> cells);
  // A full-width line of text between rows (e.g. a section title).
  void AddSection(std::string title);
  std::string Render() const;

 private:
  struct Row {
    std::vector<std::string> cells;
    bool section = false;
  };
  std::vector<std::string> header_;
  std::vector<Align> align_;
  std::vector<Row> rows_;
};

// Compact engineering formatting of SI values: FormatSi(2.87e-21, "J") == "2.871 zJ".
std::string FormatSi(double value, const std::string& unit, int significant = 4);

}  // namespace landauer

#endif  // LANDAUER_REPORT_TEXT_TABLE_H_

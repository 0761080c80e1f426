#include "landauer/data/digits.h"

#include <charconv>
#include <cmath>

#include "landauer/core/errors.h"
#include "landauer/data/idx_reader.h"
#include "landauer/data/transforms.h"

namespace landauer {

TrainTest LoadDigits(const std::string& path, std::uint64_t seed, double test_fraction) {
  const std::vector<std::uint8_t> bytes = ReadMaybeGzip(path);
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  std::vector<float> values;
  std::vector<std::int32_t> labels;
  int line = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view row = text.substr(start, end - start);
    start = end + 1;
    ++line;
    if (row.empty()) continue;
    std::vector<double> fields;
    std::size_t field_start = 0;
    while (field_start <= row.size()) {
      std::size_t comma = row.find(',', field_start);
      if (comma == std::string_view::npos) comma = row.size();
      double value = 0;
      const auto [ptr, error] =
          std::from_chars(row.data() + field_start, row.data() + comma, value);
      if (error != std::errc() || ptr != row.data() + comma) {
        throw InputError(path,
                         line,
                         "field " + std::to_string(fields.size() + 1) + " is not a number",
                         "the digits file has 64 pixel values and a label per line");
      }
      fields.push_back(value);
      field_start = comma + 1;
    }
    if (fields.size() != 65) {
      throw InputError(path,
                       line,
                       std::to_string(fields.size()) + " fields, expected 65",
                       "the digits file has 64 pixel values and a label per line");
    }
    const double label = fields.back();
    if (label < 0 || label > 9 || label != static_cast<int>(label)) {
      throw InputError(path, line, "label " + std::to_string(label) + " is not a digit 0-9");
    }
    for (int k = 0; k < 64; ++k)
      values.push_back(static_cast<float>(fields[static_cast<std::size_t>(k)]));
    labels.push_back(static_cast<std::int32_t>(label));
  }
  if (labels.empty()) throw InputError(path, 0, "no samples", "check the file");
  Dataset all;
  all.name = "digits";
  all.num_classes = 10;
  all.input_bits = 64.0 * std::log2(17.0);  // each pixel is a count 0-16
  all.labels = std::move(labels);
  all.features =
      Eigen::Map<MatrixF>(values.data(), static_cast<Eigen::Index>(all.labels.size()), 64);
  return SplitTrainTest(all, test_fraction, seed);
}

}  // namespace landauer

// landauer/spiking/input_trace.h — a time series of inputs, one row per time step, from CSV.
//
//   InputTrace t = ParseInputTrace(text, "lif_exact.csv", /*columns=*/{0});
//   t.rows[s]     // the values fed at step s
//
// Each line holds comma-separated decimal numbers (core/number_parse.h's one rule: finite, no hex
// or words); blank lines and lines starting with '#' are skipped; a first line that is not
// numbers is a header and skipped. `columns` picks which fields feed the network, in order
// (empty: all of them); every row must have each. Errors name the file, line and field and say
// how to fix it (InputError).
#ifndef LANDAUER_SPIKING_INPUT_TRACE_H_
#define LANDAUER_SPIKING_INPUT_TRACE_H_

#include <string>
#include <string_view>
#include <vector>

namespace landauer::spiking {

struct InputTrace {
  std::vector<std::vector<double>> rows;
  std::string header;  // the header line, if the file had one
};

InputTrace ParseInputTrace(std::string_view text,
                           const std::string& origin,
                           const std::vector<int>& columns = {});
InputTrace ReadInputTrace(const std::string& path, const std::vector<int>& columns = {});

}  // namespace landauer::spiking

#endif  // LANDAUER_SPIKING_INPUT_TRACE_H_

#include "thermo_options.h"

#include <fmt/format.h>

#include "landauer/core/errors.h"
#include "landauer/thermo/matrix_market.h"
#include "number_options.h"

namespace landauer::cli {

void AddSpuConverterOptions(CLI::App& command, thermo::SpuParams& spu) {
  AddNumber(command,
            "--coupling-bits",
            spu.coupling_bits,
            "Coupling precision (0 = ideal)",
            BitsOrIdeal(2, 32, "a coupling precision in bits (0 = ideal)", "--coupling-bits 8"));
  AddNumber(command,
            "--dac-bits",
            spu.dac_bits,
            "DAC precision for b (0 = ideal; priced as 16)",
            BitsOrIdeal(2, 32, "a DAC precision in bits (0 = ideal)", "--dac-bits 16"));
  AddNumber(command,
            "--adc-bits",
            spu.adc_bits,
            "ADC read-out precision (0 = ideal; priced as 16)",
            BitsOrIdeal(2, 32, "an ADC precision in bits (0 = ideal)", "--adc-bits 16"));
}

nlohmann::json MatrixJson(const thermo::ColMatrixD& m) {
  if (m.cols() == 1) return std::vector<double>(m.data(), m.data() + m.rows());
  nlohmann::json rows = nlohmann::json::array();
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    std::vector<double> row(static_cast<std::size_t>(m.cols()));
    for (Eigen::Index j = 0; j < m.cols(); ++j) row[static_cast<std::size_t>(j)] = m(i, j);
    rows.push_back(row);
  }
  return rows;
}

Eigen::VectorXd ReadRightHandSide(const std::string& path, Eigen::Index d) {
  Eigen::VectorXd b = thermo::ReadVector(path);
  if (b.size() != d) {
    throw InputError(path,
                     0,
                     fmt::format("{} numbers for a {}x{} matrix", b.size(), d, d),
                     "write one number per row of the matrix");
  }
  return b;
}

}  // namespace landauer::cli

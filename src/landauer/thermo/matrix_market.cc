#include "landauer/thermo/matrix_market.h"

#include <fmt/format.h>

#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <charconv>
#include <cmath>
#include <sstream>

#include "landauer/core/argument_checks.h"
#include "landauer/core/atomic_file.h"
#include "landauer/core/errors.h"
#include "landauer/core/memory_budget.h"
#include "landauer/core/number_parse.h"

namespace landauer::thermo {
namespace {

constexpr long long kMaxSize = 2147483647;  // BLAS and LAPACK index with 32-bit ints

std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    if (i > start) fields.push_back(line.substr(start, i - start));
  }
  return fields;
}

double ParseNumber(std::string_view field, const std::string& origin, int line) {
  const ParsedNumber number = ParseDecimal(field);
  if (!number.ok()) throw InputError(origin, line, Describe(number.problem, field));
  return number.value;
}

long long ParseIndex(std::string_view field, const std::string& origin, int line) {
  const ParsedInteger number = ParseInteger(field);
  if (!number.ok()) {
    throw InputError(
        origin, line, Describe(number.problem, field), "indices and sizes are whole numbers");
  }
  return number.value;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

namespace {

// Both readers: `im` null for the real one (complex fields refused), else it receives the
// imaginary parts (and real files give zeros).
ColMatrixD Parse(const std::string& text, const std::string& origin, ColMatrixD* im) {
  std::istringstream in(text);
  std::string line;
  int number = 0;
  const std::string fix = "see https://math.nist.gov/MatrixMarket/formats.html";
  if (!std::getline(in, line))
    throw InputError(origin, 0, "empty file", "write a Matrix Market header first");
  ++number;
  const auto header = Fields(line);
  if (header.size() != 5 || Lower(header[0]) != "%%matrixmarket" || Lower(header[1]) != "matrix") {
    throw InputError(
        origin,
        1,
        "not a Matrix Market file (expected '%%MatrixMarket matrix FORMAT FIELD SYMMETRY')",
        fix);
  }
  const std::string format = Lower(header[2]), field = Lower(header[3]),
                    symmetry = Lower(header[4]);
  if (format != "coordinate" && format != "array") {
    throw InputError(origin, 1, "unsupported format '" + format + "'", "use coordinate or array");
  }
  const bool complex = field == "complex";
  if (field != "real" && field != "integer" && field != "double" && !(complex && im != nullptr)) {
    throw InputError(origin,
                     1,
                     "unsupported field '" + field + "'" +
                         (im ? " (pattern matrices have no values)"
                             : " (pattern and complex matrices have no real values)"),
                     im ? "use a real, integer or complex matrix" : "use a real or integer matrix");
  }
  const bool hermitian = symmetry == "hermitian" && complex;
  if (symmetry != "general" && symmetry != "symmetric" && !hermitian) {
    throw InputError(origin,
                     1,
                     "unsupported symmetry '" + symmetry + "'",
                     complex ? "use general, symmetric or hermitian" : "use general or symmetric");
  }
  const bool symmetric = symmetry == "symmetric" || hermitian;
  const std::size_t values = complex ? 2 : 1;
  // Size line (after comments).
  std::vector<std::string_view> size;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '%') continue;
    size = Fields(line);
    break;
  }
  const std::size_t expected_size_fields = format == "coordinate" ? 3 : 2;
  if (size.size() != expected_size_fields) {
    throw InputError(
        origin, number, fmt::format("size line must have {} integers", expected_size_fields), fix);
  }
  const long long rows = ParseIndex(size[0], origin, number),
                  cols = ParseIndex(size[1], origin, number);
  if (rows < 1 || cols < 1) {
    throw InputError(origin,
                     number,
                     fmt::format("matrix size {}x{}: both sizes must be at least 1", rows, cols),
                     fix);
  }
  if (symmetric && rows != cols) {
    // Checked before any entry is mirrored: a symmetric matrix is square by definition.
    throw InputError(
        origin,
        number,
        fmt::format("a symmetric matrix must be square, the size line says {}x{}", rows, cols),
        "write the size line as 'N N NNZ', or declare the matrix 'general'");
  }
  if (rows > kMaxSize || cols > kMaxSize) {
    throw InputError(
        origin,
        number,
        fmt::format("matrix size {}x{} is too large (at most {} per side)", rows, cols, kMaxSize),
        fix);
  }
  // The dense matrix is allocated below: price it first (which also bounds the sizes, so the
  // products below cannot overflow).
  CheckMemory(
      fmt::format("{}:{}", origin, number),
      8.0 * static_cast<double>(values) * static_cast<double>(rows) * static_cast<double>(cols),
      fmt::format("the {}x{} matrix is stored densely; use a smaller matrix", rows, cols));
  const long long entries = format == "coordinate"
                                ? ParseIndex(size[2], origin, number)
                                : (symmetric ? rows * (rows + 1) / 2 : rows * cols);
  if (entries < 0) throw InputError(origin, number, "negative entry count", fix);
  if (format == "coordinate" &&
      static_cast<double>(entries) > static_cast<double>(rows) * static_cast<double>(cols)) {
    throw InputError(origin,
                     number,
                     fmt::format("{} entries declared for a {}x{} matrix, which has only {} places",
                                 entries,
                                 rows,
                                 cols,
                                 static_cast<double>(rows) * static_cast<double>(cols)),
                     fix);
  }
  ColMatrixD a = ColMatrixD::Zero(rows, cols);
  if (im) *im = ColMatrixD::Zero(rows, cols);
  long long seen = 0;
  long long array_row = 0, array_col = 0;  // array format: the next entry's position
  while (std::getline(in, line)) {
    ++number;
    const auto fields = Fields(line);
    if (fields.empty() || line[0] == '%') continue;
    if (seen == entries)
      throw InputError(origin, number, fmt::format("more entries than the {} declared", entries));
    ++seen;
    long long i = 0, j = 0;
    double value = 0, imag = 0;
    if (format == "coordinate") {
      if (fields.size() != 2 + values) {
        throw InputError(origin,
                         number,
                         complex ? "an entry needs 'row column real imaginary'"
                                 : "an entry needs 'row column value'");
      }
      i = ParseIndex(fields[0], origin, number) - 1, j = ParseIndex(fields[1], origin, number) - 1;
      value = ParseNumber(fields[2], origin, number);
      if (complex) imag = ParseNumber(fields[3], origin, number);
    } else {
      if (fields.size() != values) {
        throw InputError(origin,
                         number,
                         complex ? "an array entry is 'real imaginary', one per line"
                                 : "an array entry is one value per line");
      }
      value = ParseNumber(fields[0], origin, number);
      if (complex) imag = ParseNumber(fields[1], origin, number);
      // Column-major; a symmetric file holds the lower triangle, column by column.
      i = array_row, j = array_col;
      if (++array_row == rows) ++array_col, array_row = symmetric ? array_col : 0;
    }
    if (i < 0 || i >= rows || j < 0 || j >= cols) {
      throw InputError(
          origin,
          number,
          fmt::format("entry ({}, {}) is outside the {}x{} matrix", i + 1, j + 1, rows, cols));
    }
    if (symmetric && j > i) {
      throw InputError(
          origin, number, "a symmetric file stores the lower triangle only (row >= column)");
    }
    a(i, j) = value;
    if (symmetric) a(j, i) = value;
    if (hermitian && i == j && imag != 0.0) {
      throw InputError(
          origin,
          number,
          fmt::format("diagonal entry ({}, {}) of a hermitian matrix has the imaginary "
                      "part {}; a hermitian matrix's diagonal is real",
                      i + 1,
                      j + 1,
                      imag),
          "declare the matrix 'general', or make the diagonal real");
    }
    if (im) {
      (*im)(i, j) = imag;
      if (symmetric) (*im)(j, i) = hermitian && i != j ? -imag : imag;
    }
  }
  if (seen != entries) {
    throw InputError(origin,
                     number,
                     fmt::format("file ends after {} of {} entries (truncated?)", seen, entries));
  }
  return a;
}

}  // namespace

ColMatrixD ParseMatrixMarket(const std::string& text, const std::string& origin) {
  return Parse(text, origin, nullptr);
}

ColMatrixD ReadMatrixMarket(const std::string& path) {
  return ParseMatrixMarket(ReadFile(path), path);
}

std::pair<ColMatrixD, ColMatrixD> ParseComplexMatrixMarket(const std::string& text,
                                                           const std::string& origin) {
  ColMatrixD im;
  ColMatrixD re = Parse(text, origin, &im);
  return {std::move(re), std::move(im)};
}

std::pair<ColMatrixD, ColMatrixD> ReadComplexMatrixMarket(const std::string& path) {
  return ParseComplexMatrixMarket(ReadFile(path), path);
}

Eigen::VectorXd ParseVector(const std::string& text, const std::string& origin) {
  std::istringstream in(text);
  std::string line;
  std::vector<double> values;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    const auto fields = Fields(line);
    if (fields.empty() || fields[0][0] == '#') continue;
    if (fields.size() != 1) throw InputError(origin, number, "expected one number per line");
    values.push_back(ParseNumber(fields[0], origin, number));
  }
  if (values.empty()) throw InputError(origin, 0, "no numbers found", "write one number per line");
  return Eigen::Map<const Eigen::VectorXd>(values.data(), static_cast<Eigen::Index>(values.size()));
}

Eigen::VectorXd ReadVector(const std::string& path) { return ParseVector(ReadFile(path), path); }

bool IsSymmetric(const ColMatrixD& a) {
  return a.rows() == a.cols() && (a - a.transpose()).norm() <= 1e-10 * std::max(a.norm(), 1e-300);
}

void CheckStable(const ColMatrixD& a, const std::string& origin) {
  if (a.rows() != a.cols()) {
    throw InputError(origin,
                     0,
                     fmt::format("matrix is {}x{}, not square", a.rows(), a.cols()),
                     "the SPU couples d cells with a d x d matrix");
  }
  const Eigen::VectorXcd eigenvalues = a.eigenvalues();
  Eigen::Index worst = 0;
  eigenvalues.real().minCoeff(&worst);
  const std::complex<double> lambda = eigenvalues[worst];
  if (!(lambda.real() > 0.0)) {
    throw InputError(
        origin,
        0,
        fmt::format("the drift is not stable: it has the eigenvalue {:.6g}{:+.6g}i, whose real "
                    "part is not positive",
                    lambda.real(),
                    lambda.imag()),
        fmt::format("the device only relaxes when every eigenvalue has a positive real part; "
                    "shift it, e.g. A + c I with c > {:.3g}",
                    -lambda.real()));
  }
}

void CheckSymmetricPositiveDefinite(const ColMatrixD& a, const std::string& origin) {
  if (a.rows() != a.cols()) {
    throw InputError(origin,
                     0,
                     fmt::format("matrix is {}x{}, not square", a.rows(), a.cols()),
                     "the SPU couples d cells with a d x d matrix");
  }
  const double asymmetry = (a - a.transpose()).norm(), scale = std::max(a.norm(), 1e-300);
  if (asymmetry > 1e-10 * scale) {
    throw InputError(
        origin,
        0,
        fmt::format("matrix is not symmetric (||A - A^T|| / ||A|| = {:.3g})", asymmetry / scale),
        "the first-order SPU needs a symmetric positive-definite matrix");
  }
  // Eigenvalues only: a third of the work of the full decomposition.
  const double smallest =
      Eigen::SelfAdjointEigenSolver<ColMatrixD>(a, Eigen::EigenvaluesOnly).eigenvalues().minCoeff();
  if (!(smallest > 0.0)) {
    throw InputError(
        origin,
        0,
        fmt::format("matrix is not positive definite: its smallest eigenvalue is {:.6g}", smallest),
        "the device only relaxes for positive-definite couplings; shift it, e.g. A + c I with c "
        "> " +
            fmt::format("{:.3g}", -smallest));
  }
}

ColMatrixD RandomSpdMatrix(int dimension, double condition, std::uint64_t seed) {
  CheckPositive("RandomSpdMatrix", "dimension", dimension, "");
  CheckInInterval(
      "RandomSpdMatrix", "condition", condition, "", 1.0, Bound::kClosed, 1e12, Bound::kClosed);
  Rng rng(seed, "thermo", "random_spd");
  ColMatrixD g(dimension, dimension);
  for (Eigen::Index i = 0; i < g.size(); ++i) g.data()[i] = rng.Normal();
  const Eigen::HouseholderQR<ColMatrixD> qr(g);
  ColMatrixD q = qr.householderQ();
  // Sign fix (Mezzadri 2007) so Q is Haar distributed.
  for (int i = 0; i < dimension; ++i) {
    if (qr.matrixQR()(i, i) < 0) q.col(i) = -q.col(i);
  }
  Eigen::VectorXd lambda(dimension);
  for (int i = 0; i < dimension; ++i) {
    lambda[i] =
        dimension == 1 ? 1.0 : std::pow(condition, -static_cast<double>(i) / (dimension - 1));
  }
  const ColMatrixD a = q * lambda.asDiagonal() * q.transpose();
  return 0.5 * (a + a.transpose());
}

}  // namespace landauer::thermo

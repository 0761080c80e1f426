#include "landauer/thermo/matrix_market.h"

#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>

#include "landauer/core/errors.h"

namespace landauer::thermo {
namespace {

std::string ErrorOf(const std::string& text) {
  try {
    ParseMatrixMarket(text, "m.mtx");
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

TEST(MatrixMarket, CoordinateArrayAndSymmetric) {
  const ColMatrixD general = ParseMatrixMarket(
      "%%MatrixMarket matrix coordinate real general\n% comment\n2 3 2\n1 3 4.5\n2 1 -1\n",
      "m.mtx");
  EXPECT_EQ(general.rows(), 2);
  EXPECT_EQ(general(0, 2), 4.5);
  EXPECT_EQ(general(1, 0), -1);
  const ColMatrixD symmetric = ParseMatrixMarket(
      "%%MatrixMarket matrix coordinate real symmetric\n2 2 2\n1 1 2\n2 1 0.5\n", "m.mtx");
  EXPECT_EQ(symmetric(0, 1), 0.5);
  const ColMatrixD array =
      ParseMatrixMarket("%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n4\n", "m.mtx");
  EXPECT_EQ(array(1, 0), 2);  // column-major
  EXPECT_EQ(array(0, 1), 3);
  const ColMatrixD packed =
      ParseMatrixMarket("%%MatrixMarket matrix array integer symmetric\n2 2\n1\n2\n3\n", "m.mtx");
  EXPECT_EQ(packed(1, 0), 2);
  EXPECT_EQ(packed(0, 1), 2);
  EXPECT_EQ(packed(1, 1), 3);
}

TEST(MatrixMarket, MalformedFilesNameTheLine) {
  EXPECT_NE(ErrorOf("").find("empty file"), std::string::npos);
  EXPECT_NE(ErrorOf("hello\n").find("m.mtx:1: not a Matrix Market file"), std::string::npos);
  EXPECT_NE(ErrorOf("%%MatrixMarket matrix coordinate complex general\n")
                .find("unsupported field 'complex'"),
            std::string::npos);
  EXPECT_NE(ErrorOf("%%MatrixMarket matrix coordinate pattern general\n").find("unsupported field"),
            std::string::npos);
  EXPECT_NE(ErrorOf("%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1\n")
                .find("m.mtx:3: file ends after 1 of 2"),
            std::string::npos);
  EXPECT_NE(ErrorOf("%%MatrixMarket matrix coordinate real general\n2 2 1\n3 1 1\n")
                .find("m.mtx:3: entry (3, 1) is outside"),
            std::string::npos);
  EXPECT_NE(ErrorOf("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 nan\n")
                .find("not a finite number"),
            std::string::npos);
  EXPECT_NE(ErrorOf("%%MatrixMarket matrix coordinate real symmetric\n2 2 1\n1 2 1\n")
                .find("lower triangle"),
            std::string::npos);
  EXPECT_NE(ErrorOf("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 1\n2 2 2\n")
                .find("more entries"),
            std::string::npos);
  EXPECT_NE(ErrorOf("%%MatrixMarket matrix coordinate real general\n2 2\n").find("size line"),
            std::string::npos);
}

TEST(MatrixMarket, VectorsAndChecks) {
  EXPECT_EQ(ParseVector("# b\n1\n\n2.5\n", "b.txt"), Eigen::Vector2d(1, 2.5));
  EXPECT_THROW(ParseVector("1 2\n", "b.txt"), InputError);
  EXPECT_THROW(ParseVector("", "b.txt"), InputError);
  ColMatrixD indefinite(2, 2);
  indefinite << 1, 2, 2, 1;  // eigenvalues 3 and -1
  try {
    CheckSymmetricPositiveDefinite(indefinite, "a.mtx");
    FAIL();
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("smallest eigenvalue is -1"), std::string::npos)
        << error.what();
  }
  ColMatrixD asymmetric(2, 2);
  asymmetric << 1, 2, 0, 1;
  EXPECT_THROW(CheckSymmetricPositiveDefinite(asymmetric, "a.mtx"), InputError);
  EXPECT_THROW(CheckSymmetricPositiveDefinite(ColMatrixD::Ones(2, 3), "a.mtx"), InputError);
}

TEST(MatrixMarket, Issue11Class1SymmetricNonSquareIsRefusedAtTheSizeLine) {
  // Rows > columns: the entries would have been mirrored out of bounds.
  const std::string message =
      ErrorOf("%%MatrixMarket matrix coordinate real symmetric\n100000 1 3\n1 1 1\n50000 1 7\n");
  EXPECT_NE(message.find("m.mtx:2:"), std::string::npos) << message;
  EXPECT_NE(message.find("must be square"), std::string::npos) << message;
  EXPECT_NE(ErrorOf("%%MatrixMarket matrix array real symmetric\n2 3\n1\n2\n3\n4\n"), "");
  EXPECT_NE(ErrorOf("%%MatrixMarket matrix coordinate real general\n2 2 5\n1 1 1\n"), "")
      << "more entries declared than the matrix has places";
}

TEST(MatrixMarket, ArraySymmetricFillsTheLowerTriangleColumnByColumn) {
  const ColMatrixD a = ParseMatrixMarket(
      "%%MatrixMarket matrix array real symmetric\n3 3\n1\n2\n3\n4\n5\n6\n", "m.mtx");
  ColMatrixD expected(3, 3);
  expected << 1, 2, 3, 2, 4, 5, 3, 5, 6;
  EXPECT_EQ(a, expected);
}

TEST(MatrixMarket, Issue11Class4SizesArePricedBeforeAllocating) {
  const std::string message =
      ErrorOf("%%MatrixMarket matrix coordinate real general\n100000 100000 1\n1 1 1\n");
  EXPECT_NE(message.find("80 GB"), std::string::npos) << message;
  EXPECT_NE(ErrorOf("%%MatrixMarket matrix coordinate real general\n3000000000 1 1\n1 1 1\n"), "");
}

TEST(MatrixMarket, Issue11Class11NumbersReadAsEverywhere) {
  // A subnormal is a finite number; inf, nan and overflow are refused with what they are.
  const ColMatrixD a = ParseMatrixMarket(
      "%%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 1e-320\n", "m.mtx");
  EXPECT_GT(a(0, 0), 0.0);
  EXPECT_NE(ErrorOf("%%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 1e400\n")
                .find("too large"),
            std::string::npos);
  EXPECT_NE(ErrorOf("%%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 nan\n")
                .find("not a finite number"),
            std::string::npos);
}

// The complex reader: coordinate and array entries, hermitian files mirrored as the conjugate,
// real files with zero imaginary parts; the real reader still refuses complex files; a hermitian
// diagonal must be real.
TEST(MatrixMarket, ComplexReaderTakesComplexAndHermitianFiles) {
  const auto [re, im] = ParseComplexMatrixMarket(
      "%%MatrixMarket matrix array complex hermitian\n2 2\n1 0\n0.5 0.25\n2 0\n", "h.mtx");
  EXPECT_EQ(re(1, 0), 0.5);
  EXPECT_EQ(im(1, 0), 0.25);
  EXPECT_EQ(re(0, 1), 0.5);
  EXPECT_EQ(im(0, 1), -0.25);
  EXPECT_EQ(re(1, 1), 2.0);
  const auto [r2, i2] = ParseComplexMatrixMarket(
      "%%MatrixMarket matrix coordinate complex general\n2 2 1\n2 1 3 -4\n", "c.mtx");
  EXPECT_EQ(r2(1, 0), 3.0);
  EXPECT_EQ(i2(1, 0), -4.0);
  EXPECT_EQ(i2(0, 0), 0.0);
  const auto [r3, i3] = ParseComplexMatrixMarket(
      "%%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 7\n", "r.mtx");
  EXPECT_EQ(r3(0, 0), 7.0);
  EXPECT_EQ(i3(0, 0), 0.0);
  EXPECT_NE(
      ErrorOf("%%MatrixMarket matrix coordinate complex general\n1 1 1\n1 1 1 0\n").find("complex"),
      std::string::npos);
  try {
    ParseComplexMatrixMarket(
        "%%MatrixMarket matrix coordinate complex hermitian\n2 2 1\n2 2 1 0.5\n", "d.mtx");
    ADD_FAILURE() << "an imaginary diagonal was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("d.mtx:3"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("diagonal"), std::string::npos) << e.what();
  }
  EXPECT_THROW(ParseComplexMatrixMarket(
                   "%%MatrixMarket matrix coordinate complex general\n1 1 1\n1 1 1\n", "x.mtx"),
               InputError);
}

TEST(RandomSpdMatrix, HasTheRequestedConditionNumber) {
  const ColMatrixD a = RandomSpdMatrix(12, 50.0, 3);
  const Eigen::VectorXd lambda = Eigen::SelfAdjointEigenSolver<ColMatrixD>(a).eigenvalues();
  EXPECT_NEAR(lambda.maxCoeff(), 1.0, 1e-12);
  EXPECT_NEAR(lambda.maxCoeff() / lambda.minCoeff(), 50.0, 1e-9);
  EXPECT_EQ(a, RandomSpdMatrix(12, 50.0, 3));
  EXPECT_NE(a, RandomSpdMatrix(12, 50.0, 4));
  EXPECT_THROW(RandomSpdMatrix(3, 0.5, 0), std::domain_error);
}

}  // namespace
}  // namespace landauer::thermo

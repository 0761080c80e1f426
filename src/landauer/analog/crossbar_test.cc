#include "landauer/analog/crossbar.h"

#include <gtest/gtest.h>

#include <Eigen/LU>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "random_matrix.h"

namespace landauer::analog {
namespace {

MatrixF Random(int rows, int cols, std::uint64_t seed) {
  return RandomMatrix(rows, cols, seed, "test");
}

TileParams Ideal(int rows, int cols) {
  return {.rows = rows,
          .cols = cols,
          .dac_bits = 0,
          .adc_bits = 0,
          .out_bound = 1e6,
          .out_noise = 0.0,
          .bm_rounds = 0};
}

double RelativeError(const MatrixF& a, const MatrixF& b) { return (a - b).norm() / b.norm(); }

// A noiseless crossbar with ideal converters is the exact product, on one tile and split over
// many (partial sums added digitally), with a zero column and a zero input.
TEST(Crossbar, NoiselessTilesComputeTheExactProduct) {
  const DeviceModel ideal(DeviceParams::Preset("ideal"));
  MatrixF w = Random(70, 300, 1), x = Random(9, 300, 2);
  w.row(5).setZero();
  x.row(3).setZero();
  const MatrixF exact = x * w.transpose();
  for (const auto& [rows, cols] : {std::pair{512, 512}, std::pair{128, 32}, std::pair{7, 5}}) {
    AnalogLayer layer(Ideal(rows, cols), ideal);
    AnalogWork work;
    layer.Program(w, Rng(3, "test", "d2d"), work);
    layer.ReadAt(0.0, Rng(5, "test", "c2c"));
    MatrixF y;
    layer.Forward(x, y, Rng(4, "test", "noise"), work);
    EXPECT_LT(RelativeError(y, exact), 1e-5) << rows << "x" << cols;
    EXPECT_EQ(layer.row_tiles(), (300 + rows - 1) / rows);
    EXPECT_EQ(layer.col_tiles(), (70 + cols - 1) / cols);
    EXPECT_LT(RelativeError(layer.EffectiveWeights(), w), 1e-6);
    // One read per (sample with input, tile); every read converts each row and column once.
    const double tiles = layer.row_tiles() * layer.col_tiles();
    EXPECT_EQ(work.reads, 8 * tiles);
    EXPECT_EQ(work.devices_programmed, 2.0 * 70 * 300);
    EXPECT_EQ(work.rereads, 0.0);
  }
}

// With an output range too small for the product, bound management reads again with the input
// halved until the output fits: an ideal ADC then still gives the exact product. Without it the
// outputs clip.
TEST(Crossbar, BoundManagementRereadsInsteadOfClipping) {
  const DeviceModel ideal(DeviceParams::Preset("ideal"));
  const MatrixF w = Random(16, 64, 5), x = Random(32, 64, 6);
  const MatrixF exact = x * w.transpose();
  TileParams tile = Ideal(64, 16);
  tile.out_bound = 2.0;
  tile.bm_rounds = 10;
  AnalogLayer layer(tile, ideal);
  AnalogWork work;
  layer.Program(w, Rng(3, "test", "d2d"), work);
  layer.ReadAt(0.0, Rng(5, "test", "c2c"));
  MatrixF y;
  layer.Forward(x, y, Rng(4, "test", "noise"), work);
  EXPECT_LT(RelativeError(y, exact), 1e-5);
  EXPECT_GT(work.rereads, 0.0);
  EXPECT_EQ(work.reads, 32.0 + work.rereads);
  EXPECT_EQ(work.clipped_outputs, 0.0);
  tile.bm_rounds = 0;
  AnalogLayer clipping(tile, ideal);
  clipping.Program(w, Rng(3, "test", "d2d"), work);
  clipping.ReadAt(0.0, Rng(5, "test", "c2c"));
  AnalogWork clipped;
  clipping.Forward(x, y, Rng(4, "test", "noise"), clipped);
  EXPECT_GT(RelativeError(y, exact), 0.05);
  EXPECT_GT(clipped.clipped_outputs, 0.0);
}

// Converters: the ADC's rounding error per output is at most half a step (times the scales);
// an 8-bit DAC's is a fraction of a per cent.
TEST(Crossbar, ConvertersQuantiseWithinHalfAStep) {
  const DeviceModel ideal(DeviceParams::Preset("ideal"));
  const MatrixF w = Random(32, 128, 7), x = Random(16, 128, 8);
  const MatrixF exact = x * w.transpose();
  TileParams tile = Ideal(128, 32);
  tile.adc_bits = 8;
  tile.out_bound = 40.0;
  AnalogLayer layer(tile, ideal);
  AnalogWork work;
  layer.Program(w, Rng(3, "test", "d2d"), work);
  layer.ReadAt(0.0, Rng(5, "test", "c2c"));
  MatrixF y;
  layer.Forward(x, y, Rng(4, "test", "noise"), work);
  const float step = 40.0f / 127.0f;
  for (int b = 0; b < 16; ++b) {
    const float alpha = x.row(b).cwiseAbs().maxCoeff();
    for (int j = 0; j < 32; ++j) {
      const float s = w.row(j).cwiseAbs().maxCoeff();
      EXPECT_LE(std::abs(y(b, j) - exact(b, j)), 0.5f * step * s * alpha * 1.001f);
    }
  }
  // An 8-bit DAC alone rounds each input by at most α/254: a fraction of a per cent.
  tile.adc_bits = 0;
  tile.dac_bits = 8;
  AnalogLayer dac(tile, ideal);
  dac.Program(w, Rng(3, "test", "d2d"), work);
  dac.ReadAt(0.0, Rng(5, "test", "c2c"));
  dac.Forward(x, y, Rng(4, "test", "noise"), work);
  EXPECT_LT(RelativeError(y, exact), 0.01);
  EXPECT_GT(RelativeError(y, exact), 1e-4);
}

// PCM tiles with converters and noise: the result does not depend on the thread count, and the
// same streams give the same result.
TEST(Crossbar, ResultsDoNotDependOnThreads) {
  const DeviceModel pcm(DeviceParams::Preset("pcm"));
  const MatrixF w = Random(300, 520, 9), x = Random(130, 520, 10);
  AnalogLayer layer(TileParams{}, pcm);
  AnalogWork work;
  layer.Program(w, Rng(3, "test", "d2d"), work, 2);
  layer.ReadAt(3600.0, Rng(5, "test", "c2c"), 2);
  MatrixF y1, y2;
  AnalogWork w1, w2;
  layer.Forward(x, y1, Rng(4, "test", "noise"), w1, 1.0, 1);
  layer.Forward(x, y2, Rng(4, "test", "noise"), w2, 1.0, 2);
  EXPECT_EQ(y1, y2);
  EXPECT_EQ(w1.conductance_pulses_us, w2.conductance_pulses_us);
  EXPECT_EQ(w1.reads, w2.reads);
  AnalogLayer again(TileParams{}, pcm);
  again.Program(w, Rng(3, "test", "d2d"), work, 1);
  again.ReadAt(3600.0, Rng(5, "test", "c2c"), 1);
  MatrixF y3;
  again.Forward(x, y3, Rng(4, "test", "noise"), w1, 1.0, 1);
  EXPECT_EQ(y1, y3);
  // And the PCM tiles are close to the exact product, but not equal to it.
  const double error = RelativeError(y1, x * w.transpose());
  EXPECT_GT(error, 0.01);
  EXPECT_LT(error, 0.3);
}

// One tile, more threads than tiles: the first read splits the batch over the threads in pieces
// of whole 64-sample blocks, and the result is still the one-thread result — also for batches
// whose remainder is one sample (65, 129), which alone would take Eigen's GEMV path.
TEST(Crossbar, OneTileSplitsItsBatchOverThreads) {
  const DeviceModel pcm(DeviceParams::Preset("pcm"));
  const MatrixF w = Random(200, 180, 21);
  AnalogLayer layer(TileParams{}, pcm);
  AnalogWork work;
  layer.Program(w, Rng(3, "test", "d2d"), work, 1);
  layer.ReadAt(1.0, Rng(5, "test", "c2c"), 1);
  ASSERT_EQ(layer.row_tiles() * layer.col_tiles(), 1);
  for (const int batch : {300, 65, 129}) {
    const MatrixF x = Random(batch, 180, 22);
    MatrixF y1;
    AnalogWork w1;
    layer.Forward(x, y1, Rng(4, "test", "noise"), w1, 1.0, 1);
    for (const int threads : {2, 3, 8}) {
      MatrixF y;
      AnalogWork wt;
      layer.Forward(x, y, Rng(4, "test", "noise"), wt, 1.0, threads);
      EXPECT_EQ(y, y1) << batch << " samples, " << threads << " threads";
      EXPECT_EQ(wt.conductance_pulses_us, w1.conductance_pulses_us) << batch << ", " << threads;
    }
  }
}

// A batch whose first read would not fit in one pass (512 inputs on tiles of 16 rows, 2048
// outputs: 256 samples per pass) runs in passes; each sample block keeps its own noise stream
// (the index of the block in the whole batch) and its own rows of x and y. Samples 256–319 repeat
// samples 0–63: the same inputs on other blocks' streams, so close but not equal results.
TEST(Crossbar, LargeBatchesRunInPassesWithEachBlocksOwnNoise) {
  const DeviceModel pcm(DeviceParams::Preset("pcm"));
  const MatrixF w = Random(2048, 512, 23);
  MatrixF x(320, 512);
  x.topRows(256) = Random(256, 512, 24);
  x.bottomRows(64) = x.topRows(64);
  TileParams tile;
  tile.rows = 16;
  AnalogLayer layer(tile, pcm);
  AnalogWork work;
  layer.Program(w, Rng(3, "test", "d2d"), work, 2);
  layer.ReadAt(1.0, Rng(5, "test", "c2c"), 2);
  MatrixF y;
  AnalogWork wy;
  layer.Forward(x, y, Rng(4, "test", "noise"), wy, 1.0, 2);
  const MatrixF exact = x * w.transpose();
  const MatrixF first = y.topRows(64), repeat = y.bottomRows(64);
  EXPECT_NE(first, repeat);
  EXPECT_LT(RelativeError(repeat, exact.bottomRows(64)), 0.3);
  EXPECT_LT(RelativeError(repeat, first), 0.3);
  EXPECT_EQ(wy.reads, 320.0 * layer.row_tiles() * layer.col_tiles() + wy.rereads);
}

// Multi-device unit cells: n PCM devices per polarity, each programmed to the cell's target, read
// as their mean — independent programming errors average, so the weight error's variance falls as
// 1/n (a 256 × 256 layer: 65 536 weights, the ratio known to a few %), while the array's current
// and the devices programmed grow n-fold. One device per cell is the single pair, draw for draw.
TEST(Crossbar, UnitCellsAverageTheirDevicesNoise) {
  const DeviceModel pcm(DeviceParams::Preset("pcm"));
  const MatrixF w = Random(256, 256, 7), x = MatrixF::Ones(1, 256);
  double mse[3], driven[3], programmed[3];
  MatrixF single;
  for (const int n : {1, 2, 4}) {
    TileParams tile = Ideal(256, 256);
    tile.cell_devices = n;
    AnalogLayer layer(tile, pcm);
    AnalogWork work;
    layer.Program(w, Rng(11, "test", "d2d"), work, 1, /*drift=*/false);
    layer.ReadAt(0.0, Rng(12, "test", "c2c"));
    const int k = n == 4 ? 2 : n - 1;
    const MatrixF effective = layer.EffectiveWeights();
    mse[k] = (effective - w).squaredNorm() / static_cast<double>(w.size());
    if (n == 1) single = effective;
    MatrixF y;
    layer.Forward(x, y, Rng(13, "test", "noise"), work);
    driven[k] = work.conductance_pulses_us;
    programmed[k] = work.devices_programmed;
  }
  EXPECT_NEAR(mse[1] / mse[0], 0.5, 0.05);
  EXPECT_NEAR(mse[2] / mse[0], 0.25, 0.025);
  EXPECT_NEAR(driven[1] / driven[0], 2.0, 0.02);
  EXPECT_NEAR(driven[2] / driven[0], 4.0, 0.04);
  EXPECT_EQ(programmed[0], 2.0 * 256 * 256);
  EXPECT_EQ(programmed[2], 4 * programmed[0]);
  // n = 1 is the single pair: G⁺ from substream 0 and G⁻ from substream 1 of the programming and
  // read streams, drawn here by the device model itself.
  AnalogLayer pair(Ideal(256, 256), pcm);
  AnalogWork work;
  pair.Program(w, Rng(11, "test", "d2d"), work, 1, false);
  const std::size_t n = static_cast<std::size_t>(w.size());
  MatrixF g[2];
  for (const int sign : {0, 1}) {
    const MatrixF& target = sign == 0 ? pair.target_plus() : pair.target_minus();
    const ProgrammedDevices devices =
        pcm.Program({target.data(), n}, Rng(11, "test", "d2d").Substream(sign), 1, /*drift=*/false);
    g[sign].resize(w.rows(), w.cols());
    pcm.Read({target.data(), n},
             devices,
             0.0,
             Rng(12, "test", "c2c").Substream(sign),
             {g[sign].data(), n});
  }
  const MatrixF normalised = (g[0] - g[1]) * (1.0f / static_cast<float>(pcm.params().g_max_us));
  MatrixF expected(w.rows(), w.cols());
  for (Eigen::Index j = 0; j < w.rows(); ++j) {
    expected.row(j) = pair.scales()(j, 0) * normalised.row(j);
  }
  EXPECT_EQ(expected, single);
}

TEST(Crossbar, BadTilesAreRefusedByName) {
  const DeviceModel pcm(DeviceParams::Preset("pcm"));
  TileParams tile;
  tile.rows = 0;
  EXPECT_THROW(AnalogLayer(tile, pcm), std::invalid_argument);
  tile = {};
  tile.out_bound = -1.0;
  try {
    AnalogLayer layer(tile, pcm);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("out_bound = -1"), std::string::npos);
  }
  tile = {};
  tile.cell_devices = 0;
  EXPECT_THROW(AnalogLayer(tile, pcm), std::invalid_argument);
  AnalogLayer layer(TileParams{}, pcm);
  MatrixF y;
  AnalogWork work;
  EXPECT_THROW(layer.Forward(MatrixF::Ones(2, 3), y, Rng(1), work), std::logic_error);
  layer.Program(MatrixF::Ones(4, 3), Rng(1), work);
  EXPECT_THROW(layer.Forward(MatrixF::Ones(2, 5), y, Rng(1), work), std::invalid_argument);
  EXPECT_THROW(layer.Forward(MatrixF::Ones(2, 3), y, Rng(1), work), std::logic_error);
}

// NaN and ±inf anywhere in the weights are refused before anything is programmed: the previous
// programming reads as before. The largest finite weight and −0 program.
TEST(Crossbar, NonFiniteWeightsAreRefusedAndTheOldProgrammingStays) {
  const DeviceModel ideal(DeviceParams::Preset("ideal"));
  AnalogLayer layer(Ideal(4, 4), ideal);  // 10 inputs: three row tiles, the last of 2 rows
  AnalogWork work;
  const MatrixF w = Random(5, 10, 7), x = Random(3, 10, 8);
  layer.Program(w, Rng(1), work);
  layer.ReadAt(0.0, Rng(2));
  MatrixF before, after;
  layer.Forward(x, before, Rng(3), work);
  const float inf = std::numeric_limits<float>::infinity();
  for (const float bad : {std::nanf(""), -std::nanf(""), inf, -inf}) {
    for (const auto& [j, i] : {std::pair{0, 0}, std::pair{2, 5}, std::pair{4, 9}}) {
      MatrixF broken = w;
      broken(j, i) = bad;
      EXPECT_THROW(layer.Program(broken, Rng(1), work), std::invalid_argument)
          << bad << " at (" << j << ", " << i << ")";
      layer.Forward(x, after, Rng(3), work);
      EXPECT_EQ(after, before);
    }
  }
  // Edge values program, and each row tile's scale is its largest |w|: the largest finite
  // float, −0 beside other values, a tile of a lone subnormal (g_max / s overflows: the targets
  // must stay finite) and a tile of −0 alone (scale 1, both devices at 0 µS).
  MatrixF edge = w;
  edge(1, 1) = std::numeric_limits<float>::max();
  edge(3, 8) = -0.0f;
  edge.row(2).segment(4, 4).setZero();
  edge(2, 6) = -std::numeric_limits<float>::denorm_min() * 3.0f;
  edge.row(4).segment(8, 2).setConstant(-0.0f);
  layer.Program(edge, Rng(1), work);
  for (int j = 0; j < 5; ++j) {
    for (int r = 0; r < 3; ++r) {
      const float largest = edge.row(j).segment(4 * r, r < 2 ? 4 : 2).cwiseAbs().maxCoeff();
      EXPECT_EQ(layer.scales()(j, r), largest == 0.0f ? 1.0f : largest) << j << ", " << r;
    }
  }
  layer.ReadAt(0.0, Rng(2));
  const MatrixF effective = layer.EffectiveWeights();
  EXPECT_TRUE(effective.allFinite());
  EXPECT_EQ(effective(2, 6), edge(2, 6));  // the subnormal, read back through an ideal device
  EXPECT_EQ(effective(4, 8), 0.0f);
  EXPECT_EQ(effective(4, 9), 0.0f);
}

}  // namespace
}  // namespace landauer::analog

namespace landauer::analog {
namespace {

// The exact currents of a 2 × 2 crossbar with line resistance r per cell: word line i driven at
// v_i before column 0, bit line j read at 0 V after row 1. Nodal analysis of the 8 line nodes.
Eigen::Vector2d ExactTwoByTwo(const Eigen::Matrix2d& g, const Eigen::Vector2d& v, double r) {
  // Unknowns: W(i, j) at 2i + j, B(i, j) at 4 + 2i + j.
  Eigen::Matrix<double, 8, 8> a = Eigen::Matrix<double, 8, 8>::Zero();
  Eigen::Matrix<double, 8, 1> rhs = Eigen::Matrix<double, 8, 1>::Zero();
  const double y = 1.0 / r;
  for (int i = 0; i < 2; ++i) {
    for (int j = 0; j < 2; ++j) {
      const int w = 2 * i + j, b = 4 + 2 * i + j;
      // Word node: to its left neighbour (or the driver), its right neighbour, its device.
      a(w, w) += y + g(i, j);
      if (j == 0) rhs(w) += y * v(i);
      if (j == 0) a(w, w + 1) -= y, a(w, w) += y;
      if (j == 1) a(w, w - 1) -= y;
      a(w, b) -= g(i, j);
      // Bit node: its device, the node above, the node below (or the amplifier at 0 V).
      a(b, b) += g(i, j) + y;
      a(b, w) -= g(i, j);
      if (i == 0) a(b, b + 2) -= y;
      if (i == 1) a(b, b - 2) -= y, a(b, b) += y;
    }
  }
  const Eigen::Matrix<double, 8, 1> x = a.fullPivLu().solve(rhs);
  return {x(4 + 2 + 0) * y, x(4 + 2 + 1) * y};  // the current into each amplifier
}

// The first-order IR-drop read against the exact 2 × 2 network: the uncorrected product is off by
// O(ρ), the correction leaves O(ρ²) (halving ρ quarters its error).
TEST(Crossbar, IrDropMatchesTheExactTwoByTwoNetwork) {
  const Eigen::Matrix2d g{{0.9, 0.4}, {0.6, 1.0}};  // g(i, j): row i, column j, in g_max
  const Eigen::Vector2d v{1.0, 0.7};
  MatrixF gt(2, 2);  // IrDropRead's layout: cols × rows
  for (int i = 0; i < 2; ++i) {
    for (int j = 0; j < 2; ++j) gt(j, i) = static_cast<float>(g(i, j));
  }
  const Eigen::RowVectorXf vf = v.transpose().cast<float>();
  double previous = 0.0;
  for (const double rho : {0.01, 0.005}) {
    const Eigen::Vector2d exact = ExactTwoByTwo(g, v, rho);
    const Eigen::Vector2d zero = g.transpose() * v;
    const Eigen::Vector2d model =
        IrDropRead(gt, vf, static_cast<float>(rho)).transpose().cast<double>();
    const double error = (model - exact).norm(), uncorrected = (zero - exact).norm();
    EXPECT_GT(uncorrected, 0.5 * rho);
    EXPECT_LT(error, 0.05 * uncorrected) << rho;
    if (previous > 0.0) EXPECT_NEAR(previous / error, 4.0, 1.0);
    previous = error;
  }
  // ρ = 0 is the exact product.
  EXPECT_LT((IrDropRead(gt, vf, 0.0f).transpose().cast<double>() - g.transpose() * v).norm(), 1e-6);
}

// With the lines' resistance on, a layer's outputs shrink in magnitude (every device sees less
// than its input voltage), and more so with more rows.
TEST(Crossbar, IrDropShrinksTheOutputs) {
  const DeviceModel ideal(DeviceParams::Preset("ideal"));
  MatrixF w = MatrixF::Constant(8, 64, 0.5f);
  const MatrixF x = MatrixF::Constant(4, 64, 1.0f);
  TileParams tile = Ideal(64, 8);
  tile.wire_ohm = 1.0;  // ρ = 1 Ω × 25 µS = 2.5e-5
  AnalogLayer layer(tile, ideal);
  AnalogWork work;
  layer.Program(w, Rng(1), work);
  layer.ReadAt(0.0, Rng(5));
  MatrixF y;
  layer.Forward(x, y, Rng(2), work);
  const MatrixF exact = x * w.transpose();
  EXPECT_LT(y.sum(), exact.sum());
  EXPECT_GT(y.sum(), 0.8 * exact.sum());
}

}  // namespace
}  // namespace landauer::analog

namespace landauer::analog {
namespace {

// Slices add up to the weights quantised to slices × slice_bits bits (per output row's largest
// |w|), each slice's digits are integers below 2^slice_bits, and one slice is the weights.
TEST(Crossbar, BitSlicesAddUpToTheQuantisedWeights) {
  const MatrixF w = Random(6, 40, 11);
  const std::vector<MatrixF> one = SliceWeights(w, 1, 4);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0], w);
  const std::vector<MatrixF> slices = SliceWeights(w, 3, 2);  // 6 bits: 63 levels
  ASSERT_EQ(slices.size(), 3u);
  for (int j = 0; j < 6; ++j) {
    const float s = w.row(j).cwiseAbs().maxCoeff();
    for (int i = 0; i < 40; ++i) {
      float sum = 0.0f;
      for (int k = 0; k < 3; ++k) {
        const float digit =
            std::abs(slices[k](j, i)) / (s / 63.0f) / static_cast<float>(1 << (2 * k));
        EXPECT_NEAR(digit, std::nearbyint(digit), 1e-3) << j << " " << i << " " << k;
        EXPECT_LE(digit, 3.0f + 1e-3f);
        sum += slices[k](j, i);
      }
      EXPECT_NEAR(sum, std::nearbyint(w(j, i) / s * 63.0f) * s / 63.0f, 1e-5f * s);
    }
  }
}

}  // namespace
}  // namespace landauer::analog

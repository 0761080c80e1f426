// landauer/analog/crossbar.h — a weight matrix on crossbar tiles of resistive devices, read by
// DACs and ADCs (after IBM aihwkit's InferenceTile and its IOParameters; Le Gallo et al., HERMES,
// Nat. Electron. 6:680, 2023 for the architecture).
//
//   AnalogLayer layer(TileParams{}, DeviceModel(DeviceParams::Preset("pcm")));
//   layer.Program(w, d2d);              // w: out × in
//   layer.ReadAt(3600.0, c2c);          // the conductances one hour after programming
//   layer.Forward(x, y, noise, work);   // y = x wᵀ as the tiles compute it
//
// Mapping. W (out × in) is cut into tiles of `rows` inputs (word lines) × `cols` outputs (bit
// lines); a layer larger than one tile uses ⌈in/rows⌉ × ⌈out/cols⌉ tiles and adds the row tiles'
// partial sums digitally. Each weight is a differential pair: w > 0 programs G⁺ = |w|/s · g_max
// and G⁻ = 0, w < 0 the reverse, with s the largest |w| of its column within the tile (a
// per-column scale, applied digitally after the ADC). Both devices are programmed (a device
// programmed to 0 µS still carries programming noise), so a tile holds 2·rows·cols devices
// (2·cell_devices·rows·cols with multi-device unit cells, below).
//
// Forward, per sample and tile (aihwkit's ABS_MAX noise management and ITERATIVE bound
// management), in units where a device at g_max driven by a full-scale input gives 1:
//   α       = max_i |x_i| over the tile's inputs (the input range, per sample; α = 0 reads 0)
//   q_i     = DAC(x_i / (α·2^k)): round to ±(2^(b_DAC−1) − 1) levels of [−1, 1]
//   ŷ_j     = Σ_i (G⁺_ij − G⁻_ij)/g_max · q_i + σ_out z   (Kirchhoff's current sum; output noise)
//   ADC     = round ŷ_j to ±(2^(b_ADC−1) − 1) levels of [−out_bound, out_bound], clipped
//   if any ŷ_j of the tile falls outside ±out_bound, the tile reads the sample again with the
//   input halved (k ← k + 1), up to `bm_rounds` extra reads; the last read is clipped
//   y_j    += s_j · α · 2^k · ADC(ŷ_j) · c          (digital: scale, compensation c, partial sum)
// b = 0 turns a converter off (ideal). Every read, including each bound-management re-read, is
// one DAC conversion per row and one ADC conversion per column, and the array's energy is
// Σ_i |q_i| Σ_j (G⁺_ij + G⁻_ij): the conductance driven by each input for its share of a
// full-scale pulse (pulse-width-modulated inputs, as in HERMES), in µS·pulse (AnalogWork).
//
// IR drop (wire_ohm > 0), to first order in ρ = r·g_max (r the line resistance per cell): each
// word line is driven before its first column and each bit line read after its last row, so with
// zero-order currents I_ij = G_ij v_i the device at (i, j) sees
//   v_i − ρ Σ_{k≤j} Σ_{m≥k} I_im/g_max − ρ Σ_{k≥i} Σ_{m≤k} I_mj/g_max
// (the word line's segments carry the currents of every device beyond them, the bit line's those
// of every device before), and the column current is Σ_i G_ij times that voltage. The positive and
// negative devices of a pair sit on their own lines and drop separately. The error of this one
// correction step is O(ρ² n⁴) against the exact network (tested on a 2 × 2 one); it costs
// O(rows·cols) per sample and tile outside the GEMM, so it is off by default.
//
// Multi-device unit cells (cell_devices = n > 1; HERMES's cell holds two PCM devices per sign):
// each polarity of a cell is n devices on the same word and bit lines, each programmed to the
// cell's target with its own programming noise, drift exponent and read noise, so the cell
// conducts n times a device's current and its weight is the mean device's,
//   (Σ_k G⁺_k − Σ_k G⁻_k) / (n g_max),
// whose independent device errors average down by √n (Joshi et al., Nat. Commun. 11:2473, 2020,
// use several devices per weight for this). The output bound and noise stay in cells at g_max; the
// array's energy counts every device's current (n times one device's), the programming every
// device, and the IR drop the cell's current. Device k of a polarity draws from substream 2k (G⁺)
// and 2k + 1 (G⁻) of the programming and read streams, so n = 1 is the single pair.
//
// Not modelled (yet): per-column drift compensation. Noise for each read comes from the stream
// passed to Forward: the samples of block β (samples 64β … 64β + 63 of the batch) draw read k's
// output noise on tile t from noise.Substream(t).Substream(β).Substream(k), so the result does not
// depend on the thread count. The first read of every tile is one GEMM over the batch, in passes
// of whole blocks that keep its outputs within 64 MiB.
#ifndef LANDAUER_ANALOG_CROSSBAR_H_
#define LANDAUER_ANALOG_CROSSBAR_H_

#include <cstdint>
#include <vector>

#include "landauer/analog/device_model.h"
#include "landauer/core/matrix.h"
#include "landauer/nn/linear_engine.h"

namespace landauer::analog {

struct TileParams {
  int rows = 256;           // inputs per tile (word lines)
  int cols = 256;           // outputs per tile (bit lines)
  int dac_bits = 8;         // input DAC (0: ideal)
  int adc_bits = 8;         // output ADC (0: ideal)
  double out_bound = 12.0;  // ADC full scale ±, in fully-on cells (g_max each) at full input
  double out_noise = 0.06;  // σ of the output-referred noise per read, same unit
  int bm_rounds = 10;       // bound management: re-reads with the input halved (0: clip)
  double wire_ohm = 0.0;    // line resistance per cell, Ω, on word and bit lines (0: no IR drop)
  int slices = 1;           // bit slices per weight, each on its own device pairs (SliceWeights)
  int slice_bits = 4;       // bits per slice (with slices > 1)
  int cell_devices = 1;     // devices per polarity in each unit cell, in parallel (HERMES: 2)

  // Throws std::invalid_argument naming the field, its value and unit.
  void Validate() const;
};

// What the tiles did, for the ledger (analog_cost.h).
struct AnalogWork {
  double reads = 0.0;            // tile reads (one sample through one tile), re-reads included
  double rereads = 0.0;          // of which bound-management re-reads
  double dac_conversions = 0.0;  // one per row per read
  double adc_conversions = 0.0;  // one per column per read
  double conductance_pulses_us = 0.0;  // Σ |q_i| Σ_j (G⁺ + G⁻), µS·(full-scale pulse)
  double digital_macs = 0.0;  // scaling and partial sums: one per column per read kept, one
                              // per row per sample for the input range
  double devices_programmed = 0.0;
  double clipped_outputs = 0.0;  // outputs clipped on their last read

  AnalogWork& operator+=(const AnalogWork& other);
  AnalogWork& operator-=(const AnalogWork& other);
};

// Bit slicing (aihwkit#287): |w|/s, with s the largest |w| of the weight's output row, is
// quantised to B = slices · slice_bits bits, W = round(|w|/s · (2^B − 1)), and split into base-2^b
// digits d_k (k = 0 the least significant). Slice k holds sign(w) · d_k · 2^(bk) · s / (2^B − 1),
// so the slices add up to the quantised weights; each is programmed onto its own tiles and read
// by its own ADCs, and the periphery adds the slices' outputs. One slice returns w unquantised.
std::vector<MatrixF> SliceWeights(const nn::ConstMatrixRef& w, int slices, int slice_bits);

// One read of input voltages v (fractions of V_read, one per row) by conductances g (cols × rows,
// in units of g_max) with IR drop to first order in rho = r·g_max (see above; a layer passes
// r·g_max·cell_devices, its cells' full current): the column currents in units of g_max·V_read.
Eigen::RowVectorXf IrDropRead(const Eigen::Ref<const MatrixF>& g,
                              const Eigen::Ref<const Eigen::RowVectorXf>& v,
                              float rho);

class AnalogLayer {
 public:
  AnalogLayer(const TileParams& tile, const DeviceModel& device);

  // Maps `w` (out × in) to conductance targets and programs every device, drawing programming
  // noise from `d2d`; ReadAt then sets the conductances the tiles read (Forward before it is a
  // logic error). Counts the devices programmed. drift = false: the drift exponents are not
  // drawn, and only ReadAt(0) is allowed.
  void Program(const nn::ConstMatrixRef& w,
               const Rng& d2d,
               AnalogWork& work,
               int threads = 1,
               bool drift = true);
  // The conductances at t seconds after programming (drift and read noise from `c2c`).
  void ReadAt(double t_s, const Rng& c2c, int threads = 1);
  // y (batch × out) = x (batch × in) Wᵀ as the tiles compute it; `scale` multiplies every output
  // (drift compensation).
  void Forward(const nn::ConstMatrixRef& x,
               MatrixF& y,
               const Rng& noise,
               AnalogWork& work,
               double scale = 1.0,
               int threads = 1) const;

  // The weights the tiles hold now: s · (G⁺ − G⁻)/g_max (out × in), without converters or noise.
  MatrixF EffectiveWeights() const;
  int in() const { return in_; }
  int out() const { return out_; }
  int row_tiles() const { return row_tiles_; }
  int col_tiles() const { return col_tiles_; }
  const TileParams& tile() const { return tile_; }
  const DeviceModel& device() const { return device_; }
  // Conductance targets (µS), out × in, of the positive and negative device of each pair.
  const MatrixF& target_plus() const { return target_plus_; }
  const MatrixF& target_minus() const { return target_minus_; }
  // Per-column scales: out × row_tiles.
  const MatrixF& scales() const { return scales_; }

 private:
  // Forward on rows [row0, row0 + rows) of x into the same rows of y (row0 a multiple of the
  // sample block).
  void ForwardRows(const nn::ConstMatrixRef& x,
                   std::int64_t row0,
                   std::int64_t rows,
                   MatrixF& y,
                   const Rng& noise,
                   AnalogWork& work,
                   double scale,
                   int threads) const;
  // normalised_ and driven_ from the conductances (µS, out × in) of each pair's two polarities,
  // the mean over each cell's devices.
  void SetConductances(const float* plus, const float* minus);

  TileParams tile_;
  DeviceModel device_;
  int in_ = 0, out_ = 0, row_tiles_ = 0, col_tiles_ = 0;
  MatrixF target_plus_, target_minus_, scales_;
  std::vector<ProgrammedDevices> plus_, minus_;  // cell_devices of each polarity
  MatrixF plus_normalised_, minus_normalised_;   // G⁺/g_max, G⁻/g_max (with IR drop only)
  MatrixF normalised_;                           // (G⁺ − G⁻)/g_max now, out × in
  MatrixF driven_;  // cell_devices · Σ_j (G⁺ + G⁻) per (input row, column tile), µS: every
                    // device's conductance, in × col_tiles
};

}  // namespace landauer::analog

#endif  // LANDAUER_ANALOG_CROSSBAR_H_

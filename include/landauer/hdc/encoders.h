// landauer/hdc/encoders.h — turning feature vectors into binary hypervectors.
//
// Item memory: one independent random hypervector per symbol (a feature's position, a class).
//
// Level memory (Rahimi et al., "Hyperdimensional biosignal processing", ICRC 2016; Imani et al.):
// L hypervectors for L quantised values, correlated so that near values are similar. Level 0 is
// random; level i+1 flips a fresh set of f = ⌊D / (2(L − 1))⌋ dimensions of level i, taken in the
// order of a seeded permutation, so Hamming(level_i, level_j) = |i − j|·f exactly and the extremes
// are about orthogonal (D/2 apart). torchhd's functional.level draws a random threshold per
// dimension instead, which gives the same distances in expectation.
//
// ID–level record encoding of x ∈ R^n (Imani et al., "VoiceHD", ICRC 2017; torchhd's MNIST
// example): feature i's value is quantised to level q_i = round((x_i − lo_i)/(hi_i − lo_i)·(L−1)),
// clamped, with lo_i, hi_i the feature's range over the training set; the record is
//   H(x) = majority_i ( ID_i ⊗ level_{q_i} )
// with a fixed tie-breaking vector added when n is even (hypervector.h).
//
// MAP records (Gayler 1998; torchhd's MAPTensor multiset, without hard_quantize): the same
// binding, with the bundle kept as the integer sum instead of its sign,
//   M(x) = Σ_i b(ID_i ⊗ level_{q_i}) ∈ [−n, n]^D,   b(bit) = +1 for 0, −1 for 1,
// read out of the bit-sliced counters as n − 2·count_d (so H(x) = sign(M(x)) for odd n). A
// record is an int16 vector (n ≤ 32,767 features), held as exact integers in float.
//
// FHRR records (Plate 2003; torchhd's FHRRTensor with its level and hash_table): item vectors
// of D unit phasors, level vectors that replace a fresh D/(L − 1) of the phases of the level
// before with those of an independent random vector (so level 0 and level L − 1 are unrelated,
// and the similarity of levels i and j is 1 − |i − j|/(L − 1) in expectation), and the record
//   F(x) = Σ_i ID_i ⊙ level_{q_i} ∈ C^D,
// stored as 2D floats [Re F | Im F], so that Re⟨F, G⟩ is the real dot product of two rows.
//
// Random projection (Imani et al. 2019, "A framework for HD computing"; torchhd's Projection with
// hard_quantize): H(x) = sign(P x) with P ∈ {±1}^{D×n} random, bit 1 where P x ≤ 0 (ties to −1,
// as torchhd's hard_quantize).
//
// Each encoder reports its work (EncodeWork) so that the cost model counts what was done.
#ifndef LANDAUER_HDC_ENCODERS_H_
#define LANDAUER_HDC_ENCODERS_H_

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "landauer/core/matrix.h"
#include "landauer/hdc/hypervector.h"

namespace landauer::hdc {

// Word-level operations an encoding did, for hdc_cost.h.
struct EncodeWork {
  std::int64_t xor_words = 0;        // 64-bit XORs of binding
  std::int64_t bundle_words = 0;     // 64-bit logic operations of bundling (adders, CSA tree)
  std::int64_t compare_words = 0;    // word-wide logic operations of the majority threshold
  std::int64_t id_bits_read = 0;     // item-memory bits read (once per block of samples)
  std::int64_t level_bits_read = 0;  // level-memory bits read (once per sample and feature)
  double projection_macs = 0.0;      // multiply-adds of P x (projection only)
  std::int64_t readout_values = 0;   // MAP: counts read out of the counters as n − 2·count
  double phasor_macs = 0.0;          // FHRR: real multiply-adds of the complex bind and bundle
  EncodeWork& operator+=(const EncodeWork& o);
};

class LevelMemory {
 public:
  // L ≥ 2 levels of dimension D (a multiple of 64), from `rng`.
  LevelMemory(int levels, int dimension, Rng& rng);
  int levels() const { return static_cast<int>(levels_.size()); }
  int flips_per_level() const { return flips_; }
  const BinaryHv& operator[](int i) const { return levels_[static_cast<std::size_t>(i)]; }

 private:
  std::vector<BinaryHv> levels_;
  int flips_ = 0;
};

// Per-feature quantisation into L levels: q_i = round((x_i − lo_i)·scale_i), clamped to
// [0, L − 1], with scale_i = (L − 1)/(hi_i − lo_i) (0 for a constant feature) from the training
// split's range [lo_i, hi_i].
class LevelQuantizer {
 public:
  LevelQuantizer(int features, int levels);
  // Learns each feature's range from the training features (n × features); throws
  // std::invalid_argument for another width, no rows or a non-finite value.
  void Fit(const MatrixF& train);
  int Level(int feature, float x) const;
  int features() const { return static_cast<int>(lo_.size()); }
  int levels() const { return levels_; }
  std::span<const float> lo() const { return lo_; }
  std::span<const float> scale() const { return scale_; }
  // Sets the ranges saved by a model file; throws std::invalid_argument for another length or a
  // non-finite or negative scale.
  void Restore(std::span<const float> lo, std::span<const float> scale);

 private:
  int levels_;
  std::vector<float> lo_, scale_;
};

class IdLevelEncoder {
 public:
  // `features` positions, D dimensions, L levels; random vectors from the run seed's
  // ("hdc.idlevel", "item_memory" | "level_memory" | "tie_breaker") streams.
  IdLevelEncoder(int features, int dimension, int levels, std::uint64_t seed);
  // Learns each feature's range [lo_i, hi_i] from the training features (n × features).
  void Fit(const MatrixF& train) { quantizer_.Fit(train); }
  // The level index of value x of feature i.
  int Level(int feature, float x) const { return quantizer_.Level(feature, x); }
  LevelQuantizer& quantizer() { return quantizer_; }
  const LevelQuantizer& quantizer() const { return quantizer_; }
  // Encodes one sample into `out`; adds its work to `work`. `counter` is scratch space of
  // dimension D (cleared here), so that a thread reuses one.
  void Encode(std::span<const float> x,
              BinaryHv& out,
              BitSlicedCounter& counter,
              EncodeWork& work) const;
  // Every row of `x`, in parallel on `threads` threads; `work` gets the sum, in row order. Rows
  // are encoded in blocks of kBlock, each position's item vector read once per block (as a
  // digital layer reads its weights once per batch).
  static constexpr std::int64_t kBlock = 32;
  std::vector<BinaryHv> EncodeAll(const MatrixF& x, int threads, EncodeWork& work) const;
  // The MAP records M(x) of every row (n × D), by the same binding and counters.
  MatrixF EncodeSums(const MatrixF& x, int threads, EncodeWork& work) const;

  int features() const { return static_cast<int>(ids_.size()); }
  int dimension() const { return dimension_; }
  const LevelMemory& levels() const { return levels_; }
  const BinaryHv& id(int feature) const { return ids_[static_cast<std::size_t>(feature)]; }
  const BinaryHv& tie_breaker() const { return tie_breaker_; }

 private:
  int dimension_;
  std::vector<BinaryHv> ids_;
  LevelMemory levels_;
  BinaryHv tie_breaker_;
  LevelQuantizer quantizer_;
  // Binds and bundles every row of `x` into per-row counters, in blocks of kBlock, then calls
  // finish(row, counter, work) for each row; `work` gets the sum in block order.
  void Bundle(const MatrixF& x,
              int threads,
              EncodeWork& work,
              const std::function<void(std::int64_t, BitSlicedCounter&, EncodeWork&)>& finish,
              bool tie_break) const;
};

// FHRR ID–level records (see the top of this file), from the run seed's ("hdc.fhrr", ...)
// streams.
class PhasorIdLevelEncoder {
 public:
  PhasorIdLevelEncoder(int features, int dimension, int levels, std::uint64_t seed);
  void Fit(const MatrixF& train) { quantizer_.Fit(train); }
  // Every row of `x` (n × features) as a record of 2D floats [Re | Im], in blocks of 32 rows
  // that read each item vector once.
  MatrixF EncodeAll(const MatrixF& x, int threads, EncodeWork& work) const;
  int features() const { return quantizer_.features(); }
  int dimension() const { return dimension_; }
  LevelQuantizer& quantizer() { return quantizer_; }
  const LevelQuantizer& quantizer() const { return quantizer_; }
  // Phase components: item vector i and level l, real and imaginary parts (D each).
  std::span<const float> id_re(int i) const { return Row(id_re_, i); }
  std::span<const float> id_im(int i) const { return Row(id_im_, i); }
  std::span<const float> level_re(int l) const { return Row(level_re_, l); }
  std::span<const float> level_im(int l) const { return Row(level_im_, l); }

 private:
  std::span<const float> Row(const std::vector<float>& v, int r) const {
    return std::span<const float>(v).subspan(
        static_cast<std::size_t>(r) * static_cast<std::size_t>(dimension_),
        static_cast<std::size_t>(dimension_));
  }
  int dimension_;
  std::vector<float> id_re_, id_im_, level_re_, level_im_;
  LevelQuantizer quantizer_;
};

// N-gram encoding of a symbol sequence (Rahimi et al., "A robust and energy-efficient classifier
// using brain-inspired hyperdimensional computing", ISLPED 2016; torchhd's functional.ngrams):
// each window s_i … s_{i+n−1} becomes ρ^{n−1}(item(s_i)) ⊗ ρ^{n−2}(item(s_{i+1})) ⊗ … ⊗
// item(s_{i+n−1}), with ρ a rotation by one dimension, and the sequence is the majority of its
// windows (a fixed tie-breaking vector added when their number is even).
class NgramEncoder {
 public:
  // `symbols` item vectors of dimension D from the run seed's ("hdc.ngram", ...) streams.
  NgramEncoder(int symbols, int dimension, int n, std::uint64_t seed);
  // Throws std::invalid_argument for a symbol outside [0, symbols) or a sequence shorter than n.
  BinaryHv Encode(std::span<const std::int32_t> sequence, EncodeWork& work) const;
  int n() const { return n_; }

 private:
  int dimension_, n_;
  std::vector<BinaryHv> items_;
  std::vector<std::vector<BinaryHv>> rotated_;  // rotated_[k][s] = ρ^k(item(s)), k < n
  BinaryHv tie_breaker_;
};

class ProjectionEncoder {
 public:
  ProjectionEncoder(int features, int dimension, std::uint64_t seed);
  // Every row of `x` (n × features), in parallel; `work` gets the multiply-adds.
  std::vector<BinaryHv> EncodeAll(const MatrixF& x, int threads, EncodeWork& work) const;
  int dimension() const { return static_cast<int>(projection_.rows()); }

 private:
  MatrixF projection_;  // D × features, entries ±1
};

}  // namespace landauer::hdc

#endif  // LANDAUER_HDC_ENCODERS_H_

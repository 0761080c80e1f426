// landauer/hdc/hypervector.h — binary and bipolar hypervectors and their three operations.
//
// Hyperdimensional computing (Kanerva, "Hyperdimensional computing", Cognitive Computation 1(2),
// 2009) represents everything as D-dimensional random vectors, D ~ 10,000, and computes with
//   bind      associates two vectors; the result is dissimilar to both      a ⊗ b
//   bundle    superposes n vectors; the result is similar to each           [a + b + …]
//   permute   a fixed rotation; encodes order                               ρ(a)
// and compares by similarity. Two models live here, one the image of the other:
//
//   BSC (binary spatter codes, Kanerva 1996): bits, bind = XOR, bundle = bitwise majority,
//       similarity = Hamming distance. Stored packed, 64 dimensions per word (torchhd stores a
//       byte per element; torchhd#69 asks for packing). D must be a positive multiple of 64.
//   MAP (multiply–add–permute, Gayler 1998): ±1 components, bind = elementwise product,
//       bundle = sum then sign, similarity = dot product.
//   FHRR (Plate 2003): unit complex phasors, bind = elementwise product; see PhasorHv below.
//
// The map bit 0 ↔ +1, bit 1 ↔ −1 (torchhd's convention, bsc.py) takes one to the other exactly:
// XOR ↔ product, majority ↔ sign of the sum, and dot = D − 2·Hamming. Ties cannot happen: a
// bundle of an even number of vectors adds a fixed random tie-breaking vector (Kanerva 2009), so
// the MAP sum is never 0 and both models give the same vector; a test checks the two paths
// prediction for prediction.
//
// Bundling many binary vectors counts, per dimension, how many have a 1. BitSlicedCounter keeps
// those counts bit-sliced (plane k holds bit k of 64 counters in one word), so adding a vector is
// a ripple of word-wide half adders instead of 64 increments; eight at a time, a carry-save adder
// tree (Harley & Seal's popcount scheme, W. Muła et al., "Faster population counts using AVX2",
// Comput. J. 61(1), 2018) does it in 35 word operations per word and a ripple of the eights.
// Counts never overflow (the planes grow), which torchhd's float sums do (torchhd#171).
#ifndef LANDAUER_HDC_HYPERVECTOR_H_
#define LANDAUER_HDC_HYPERVECTOR_H_

#include <complex>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace landauer {
class Rng;  // core/rng.h
}  // namespace landauer

namespace landauer::hdc {

inline constexpr int kWordBits = 64;

// The VSA model a classifier runs (model.h): BSC packed bits; MAP records kept as their integer
// sums; FHRR phasor records (encoders.h).
enum class Vsa { kBsc, kMap, kFhrr };
Vsa VsaFromString(const std::string& name);  // "bsc" | "map" | "fhrr"
const char* ToString(Vsa vsa);
// Bits a stored record takes per dimension: 1 (BSC), 16 (MAP, int16), 64 (FHRR, two fp32).
int RecordBits(Vsa vsa);

// Throws std::invalid_argument naming `what` unless d is a positive multiple of 64.
void CheckDimension(std::int64_t d, const std::string& what);

// A packed binary hypervector: bit j of word w is dimension 64w + j.
class BinaryHv {
 public:
  BinaryHv() = default;
  explicit BinaryHv(int dimension);  // all zeros
  static BinaryHv Random(int dimension, Rng& rng);

  int dimension() const { return dimension_; }
  int words() const { return static_cast<int>(words_.size()); }
  std::span<std::uint64_t> data() { return words_; }
  std::span<const std::uint64_t> data() const { return words_; }
  bool bit(int d) const { return (words_[d / kWordBits] >> (d % kWordBits)) & 1u; }
  void set_bit(int d, bool value);
  bool operator==(const BinaryHv&) const = default;

 private:
  int dimension_ = 0;
  std::vector<std::uint64_t> words_;
};

// a XOR b (bind; its own inverse: Bind(Bind(a, b), b) == a).
BinaryHv Bind(const BinaryHv& a, const BinaryHv& b);
// Rotation by k dimensions: dimension d moves to (d + k) mod D.
BinaryHv Permute(const BinaryHv& a, int k);
// Number of differing dimensions.
std::int64_t Hamming(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b);
inline std::int64_t Hamming(const BinaryHv& a, const BinaryHv& b) {
  return Hamming(a.data(), b.data());
}
// 1 − Hamming / D: 1 for equal vectors, about 0.5 for independent random ones.
double HammingSimilarity(const BinaryHv& a, const BinaryHv& b);

// Per-dimension counts of 1-bits over the vectors added, bit-sliced.
class BitSlicedCounter {
 public:
  explicit BitSlicedCounter(int dimension);
  int dimension() const { return dimension_; }
  // Adds a vector of `words` words. Returns the word-wide half-adder steps it took (each an AND
  // and an XOR on 64 bits), for the cost model.
  std::int64_t Add(std::span<const std::uint64_t> words);
  // Adds eight vectors stored one after another (8 × words words) by a carry-save tree; returns
  // the 64-bit logic operations it took. The counts equal eight calls of Add.
  std::int64_t Add8(std::span<const std::uint64_t> eight);
  // The vector with bit d set where count(d) ≥ threshold; `steps` (optional) receives the
  // word-wide logic operations of the comparison.
  BinaryHv AtLeast(std::int64_t threshold, std::int64_t* steps = nullptr) const;
  std::int64_t count(int d) const;
  // Every count at once, plane by plane (D values).
  void Counts(std::span<std::int32_t> out) const;
  std::int64_t added() const { return added_; }
  void Clear();

 private:
  int dimension_ = 0, words_ = 0;
  std::int64_t added_ = 0;
  // Adds `carry` into word w from `plane` up (half adders); returns the steps taken.
  std::int64_t Ripple(int plane, int w, std::uint64_t carry);
  std::vector<std::uint64_t> planes_;  // planes_[k * words_ + w]: bit k of the counts of word w
  int depth_ = 0;                      // planes in use
};

// The bitwise majority of n vectors (n odd), or of n vectors and `tie_breaker` (n even).
BinaryHv Majority(std::span<const BinaryHv> vectors, const BinaryHv& tie_breaker);

// FHRR (Fourier holographic reduced representations; Plate, "Holographic Reduced
// Representations", CSLI 2003, ch. 3; torchhd's FHRRTensor): D unit phasors e^{iθ_d}, θ uniform
// on [0, 2π). Bind multiplies elementwise (the phases add), unbind multiplies by the conjugate
// (exact inverse), bundle sums and projects each component back onto the unit circle, and the
// similarity is Re⟨a, b⟩ / D = mean cos(θ_a − θ_b): 1 for equal vectors, 0 ± 1/√(2D) for
// independent ones.
class PhasorHv {
 public:
  PhasorHv() = default;
  static PhasorHv Random(int dimension, Rng& rng);
  int dimension() const { return static_cast<int>(phases_.size()); }
  std::span<const std::complex<double>> data() const { return phases_; }
  std::span<std::complex<double>> data() { return phases_; }
  explicit PhasorHv(std::vector<std::complex<double>> phases) : phases_(std::move(phases)) {}

 private:
  std::vector<std::complex<double>> phases_;
};
PhasorHv Bind(const PhasorHv& a, const PhasorHv& b);
PhasorHv Unbind(const PhasorHv& bound, const PhasorHv& key);
// Σ vectors, each component divided by its modulus (a zero sum becomes phase 0).
PhasorHv Bundle(std::span<const PhasorHv> vectors);
double Similarity(const PhasorHv& a, const PhasorHv& b);

// The MAP image of a binary vector, and back: bit 0 ↔ +1, bit 1 ↔ −1.
std::vector<std::int8_t> ToBipolar(const BinaryHv& a);
BinaryHv FromBipolarSign(std::span<const std::int32_t> sums);  // sign(sum); sum must not be 0
// The MAP operations on ±1 vectors: bind is the product, similarity the dot product.
std::vector<std::int8_t> BindBipolar(std::span<const std::int8_t> a,
                                     std::span<const std::int8_t> b);
std::int64_t Dot(std::span<const std::int8_t> a, std::span<const std::int8_t> b);

}  // namespace landauer::hdc

#endif  // LANDAUER_HDC_HYPERVECTOR_H_

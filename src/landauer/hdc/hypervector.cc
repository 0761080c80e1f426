#include "landauer/hdc/hypervector.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <numbers>
#include <stdexcept>

#include "landauer/core/rng.h"

namespace landauer::hdc {

Vsa VsaFromString(const std::string& name) {
  if (name == "bsc") return Vsa::kBsc;
  if (name == "map") return Vsa::kMap;
  if (name == "fhrr") return Vsa::kFhrr;
  throw std::invalid_argument(fmt::format(
      "VSA model '{}': choose bsc (packed binary), map (bipolar, integer records) or fhrr "
      "(complex phasors)",
      name));
}

const char* ToString(Vsa vsa) {
  switch (vsa) {
    case Vsa::kBsc:
      return "bsc";
    case Vsa::kMap:
      return "map";
    case Vsa::kFhrr:
      return "fhrr";
  }
  return "?";
}

int RecordBits(Vsa vsa) {
  switch (vsa) {
    case Vsa::kBsc:
      return 1;
    case Vsa::kMap:
      return 16;
    case Vsa::kFhrr:
      return 64;
  }
  return 0;
}

void CheckDimension(std::int64_t d, const std::string& what) {
  if (d <= 0 || d % kWordBits != 0 || d > (std::int64_t{1} << 30)) {
    throw std::invalid_argument(fmt::format(
        "{} = {}: a binary hypervector's dimension must be a positive multiple of {} (the bits of "
        "a packed word), at most 2^30; e.g. {}",
        what,
        d,
        kWordBits,
        d > 0 ? (d + kWordBits - 1) / kWordBits * kWordBits : 10048));
  }
}

BinaryHv::BinaryHv(int dimension) : dimension_(dimension) {
  CheckDimension(dimension, "dimension");
  words_.assign(static_cast<std::size_t>(dimension / kWordBits), 0);
}

BinaryHv BinaryHv::Random(int dimension, Rng& rng) {
  BinaryHv v(dimension);
  for (std::uint64_t& w : v.words_) w = rng.NextU64();
  return v;
}

void BinaryHv::set_bit(int d, bool value) {
  const std::uint64_t mask = std::uint64_t{1} << (d % kWordBits);
  std::uint64_t& w = words_[static_cast<std::size_t>(d / kWordBits)];
  w = value ? (w | mask) : (w & ~mask);
}

BinaryHv Bind(const BinaryHv& a, const BinaryHv& b) {
  if (a.dimension() != b.dimension()) {
    throw std::invalid_argument(
        fmt::format("Bind: dimensions differ ({} and {})", a.dimension(), b.dimension()));
  }
  BinaryHv c(a.dimension());
  for (int w = 0; w < a.words(); ++w) c.data()[w] = a.data()[w] ^ b.data()[w];
  return c;
}

BinaryHv Permute(const BinaryHv& a, int k) {
  const int d = a.dimension();
  if (d == 0) throw std::invalid_argument("Permute: an empty hypervector");
  const int shift = ((k % d) + d) % d;
  BinaryHv c(d);
  for (int i = 0; i < d; ++i) {
    if (a.bit(i)) c.set_bit((i + shift) % d, true);
  }
  return c;
}

std::int64_t Hamming(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b) {
  if (a.size() != b.size()) {
    throw std::invalid_argument(
        fmt::format("Hamming: {} and {} words differ in dimension", a.size(), b.size()));
  }
  std::int64_t h = 0;
  for (std::size_t w = 0; w < a.size(); ++w) h += std::popcount(a[w] ^ b[w]);
  return h;
}

double HammingSimilarity(const BinaryHv& a, const BinaryHv& b) {
  if (a.dimension() == 0) throw std::invalid_argument("HammingSimilarity: an empty hypervector");
  return 1.0 - static_cast<double>(Hamming(a, b)) / a.dimension();
}

BitSlicedCounter::BitSlicedCounter(int dimension)
    : dimension_(dimension), words_(dimension / kWordBits) {
  CheckDimension(dimension, "dimension");
}

std::int64_t BitSlicedCounter::Ripple(int plane, int w, std::uint64_t carry) {
  std::int64_t steps = 0;
  for (int k = plane; carry != 0; ++k, ++steps) {
    if (k == depth_) {
      planes_.resize(planes_.size() + static_cast<std::size_t>(words_), 0);
      ++depth_;
    }
    std::uint64_t& p = planes_[static_cast<std::size_t>(k) * words_ + w];
    const std::uint64_t next = p & carry;
    p ^= carry;
    carry = next;
  }
  return steps;
}

std::int64_t BitSlicedCounter::Add(std::span<const std::uint64_t> words) {
  if (static_cast<int>(words.size()) != words_) {
    throw std::invalid_argument(
        fmt::format("BitSlicedCounter::Add: {} words, expected {}", words.size(), words_));
  }
  std::int64_t steps = 0;
  for (int w = 0; w < words_; ++w) steps += Ripple(0, w, words[static_cast<std::size_t>(w)]);
  ++added_;
  return steps;
}

namespace {

// Carry-save adder: (high, low) = a + b + c, bitwise; 5 operations.
inline void Csa(
    std::uint64_t& high, std::uint64_t& low, std::uint64_t a, std::uint64_t b, std::uint64_t c) {
  const std::uint64_t u = a ^ b;
  high = (a & b) | (u & c);
  low = u ^ c;
}

}  // namespace

std::int64_t BitSlicedCounter::Add8(std::span<const std::uint64_t> eight) {
  if (static_cast<int>(eight.size()) != 8 * words_) {
    throw std::invalid_argument(
        fmt::format("BitSlicedCounter::Add8: {} words, expected {}", eight.size(), 8 * words_));
  }
  while (depth_ < 3) {
    planes_.resize(planes_.size() + static_cast<std::size_t>(words_), 0);
    ++depth_;
  }
  std::int64_t operations = 0;
  const auto in = [&](int i, int w) {
    return eight[static_cast<std::size_t>(i) * words_ + static_cast<std::size_t>(w)];
  };
  for (int w = 0; w < words_; ++w) {
    std::uint64_t& ones = planes_[static_cast<std::size_t>(w)];
    std::uint64_t& twos = planes_[static_cast<std::size_t>(words_ + w)];
    std::uint64_t& fours = planes_[static_cast<std::size_t>(2 * words_ + w)];
    std::uint64_t twos_a, twos_b, fours_a, fours_b, eights;
    Csa(twos_a, ones, ones, in(0, w), in(1, w));
    Csa(twos_b, ones, ones, in(2, w), in(3, w));
    Csa(fours_a, twos, twos, twos_a, twos_b);
    Csa(twos_a, ones, ones, in(4, w), in(5, w));
    Csa(twos_b, ones, ones, in(6, w), in(7, w));
    Csa(fours_b, twos, twos, twos_a, twos_b);
    Csa(eights, fours, fours, fours_a, fours_b);
    operations += 35;
    operations += 2 * Ripple(3, w, eights);  // the eights carry into plane 3 and up
  }
  added_ += 8;
  return operations;
}

BinaryHv BitSlicedCounter::AtLeast(std::int64_t threshold, std::int64_t* steps) const {
  BinaryHv out(dimension_);
  if (steps != nullptr) *steps = 0;
  if (threshold <= 0) {
    for (std::uint64_t& w : out.data()) w = ~std::uint64_t{0};
    return out;
  }
  if (depth_ < 63 && threshold >= (std::int64_t{1} << depth_)) return out;  // above every count
  for (int w = 0; w < words_; ++w) {
    std::uint64_t greater = 0, equal = ~std::uint64_t{0};
    for (int k = depth_ - 1; k >= 0; --k) {
      const std::uint64_t plane = planes_[static_cast<std::size_t>(k) * words_ + w];
      if ((threshold >> k) & 1) {
        equal &= plane;
      } else {
        greater |= equal & plane;
        equal &= ~plane;
      }
    }
    out.data()[static_cast<std::size_t>(w)] = greater | equal;
  }
  if (steps != nullptr) *steps = 3LL * depth_ * words_;
  return out;
}

std::int64_t BitSlicedCounter::count(int d) const {
  std::int64_t c = 0;
  const int w = d / kWordBits, j = d % kWordBits;
  for (int k = 0; k < depth_; ++k) {
    c |= static_cast<std::int64_t>((planes_[static_cast<std::size_t>(k) * words_ + w] >> j) & 1u)
         << k;
  }
  return c;
}

void BitSlicedCounter::Counts(std::span<std::int32_t> out) const {
  if (static_cast<int>(out.size()) != dimension_) {
    throw std::invalid_argument(
        fmt::format("BitSlicedCounter::Counts: {} values, expected {}", out.size(), dimension_));
  }
  std::fill(out.begin(), out.end(), 0);
  for (int k = 0; k < depth_; ++k) {
    for (int w = 0; w < words_; ++w) {
      const std::uint64_t plane = planes_[static_cast<std::size_t>(k) * words_ + w];
      std::int32_t* o = out.data() + static_cast<std::size_t>(w) * kWordBits;
      for (int j = 0; j < kWordBits; ++j) o[j] |= static_cast<std::int32_t>((plane >> j) & 1u) << k;
    }
  }
}

void BitSlicedCounter::Clear() {
  planes_.clear();
  depth_ = 0;
  added_ = 0;
}

BinaryHv Majority(std::span<const BinaryHv> vectors, const BinaryHv& tie_breaker) {
  if (vectors.empty()) throw std::invalid_argument("Majority: no vectors to bundle");
  BitSlicedCounter counter(vectors.front().dimension());
  for (const BinaryHv& v : vectors) counter.Add(v.data());
  if (vectors.size() % 2 == 0) counter.Add(tie_breaker.data());
  return counter.AtLeast(counter.added() / 2 + 1);
}

PhasorHv PhasorHv::Random(int dimension, Rng& rng) {
  if (dimension < 1) {
    throw std::invalid_argument(fmt::format("PhasorHv: dimension {} must be >= 1", dimension));
  }
  std::vector<std::complex<double>> phases(static_cast<std::size_t>(dimension));
  for (std::complex<double>& p : phases)
    p = std::polar(1.0, 2.0 * std::numbers::pi * rng.Uniform());
  return PhasorHv(std::move(phases));
}

namespace {

void CheckSame(const PhasorHv& a, const PhasorHv& b, const char* what) {
  if (a.dimension() != b.dimension()) {
    throw std::invalid_argument(
        fmt::format("{}: dimensions differ ({} and {})", what, a.dimension(), b.dimension()));
  }
}

}  // namespace

PhasorHv Bind(const PhasorHv& a, const PhasorHv& b) {
  CheckSame(a, b, "Bind");
  std::vector<std::complex<double>> c(a.data().size());
  for (std::size_t d = 0; d < c.size(); ++d) c[d] = a.data()[d] * b.data()[d];
  return PhasorHv(std::move(c));
}

PhasorHv Unbind(const PhasorHv& bound, const PhasorHv& key) {
  CheckSame(bound, key, "Unbind");
  std::vector<std::complex<double>> c(bound.data().size());
  for (std::size_t d = 0; d < c.size(); ++d) c[d] = bound.data()[d] * std::conj(key.data()[d]);
  return PhasorHv(std::move(c));
}

PhasorHv Bundle(std::span<const PhasorHv> vectors) {
  if (vectors.empty()) throw std::invalid_argument("Bundle: no vectors to bundle");
  std::vector<std::complex<double>> sum(vectors.front().data().size());
  for (const PhasorHv& v : vectors) {
    CheckSame(v, vectors.front(), "Bundle");
    for (std::size_t d = 0; d < sum.size(); ++d) sum[d] += v.data()[d];
  }
  for (std::complex<double>& s : sum) {
    const double r = std::abs(s);
    s = r > 0.0 ? s / r : std::complex<double>(1.0, 0.0);
  }
  return PhasorHv(std::move(sum));
}

double Similarity(const PhasorHv& a, const PhasorHv& b) {
  CheckSame(a, b, "Similarity");
  double s = 0.0;
  for (std::size_t d = 0; d < a.data().size(); ++d)
    s += (a.data()[d] * std::conj(b.data()[d])).real();
  return s / a.dimension();
}

std::vector<std::int8_t> ToBipolar(const BinaryHv& a) {
  std::vector<std::int8_t> v(static_cast<std::size_t>(a.dimension()));
  for (int d = 0; d < a.dimension(); ++d) v[static_cast<std::size_t>(d)] = a.bit(d) ? -1 : 1;
  return v;
}

BinaryHv FromBipolarSign(std::span<const std::int32_t> sums) {
  BinaryHv a(static_cast<int>(sums.size()));
  for (std::size_t d = 0; d < sums.size(); ++d) {
    if (sums[d] == 0) {
      throw std::invalid_argument(fmt::format(
          "FromBipolarSign: dimension {} sums to 0; bundle an odd number of vectors", d));
    }
    if (sums[d] < 0) a.set_bit(static_cast<int>(d), true);
  }
  return a;
}

std::vector<std::int8_t> BindBipolar(std::span<const std::int8_t> a,
                                     std::span<const std::int8_t> b) {
  if (a.size() != b.size()) throw std::invalid_argument("BindBipolar: dimensions differ");
  std::vector<std::int8_t> c(a.size());
  for (std::size_t d = 0; d < a.size(); ++d) c[d] = static_cast<std::int8_t>(a[d] * b[d]);
  return c;
}

std::int64_t Dot(std::span<const std::int8_t> a, std::span<const std::int8_t> b) {
  if (a.size() != b.size()) throw std::invalid_argument("Dot: dimensions differ");
  std::int64_t s = 0;
  for (std::size_t d = 0; d < a.size(); ++d) s += a[d] * b[d];
  return s;
}

}  // namespace landauer::hdc

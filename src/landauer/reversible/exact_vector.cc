#include "landauer/reversible/exact_vector.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace landauer::reversible {
namespace {

// Floor division and the matching non-negative remainder, for a positive divisor.
inline std::int64_t FloorMod(std::int64_t i, std::int64_t m) {
  const std::int64_t r = i % m;
  return r < 0 ? r + m : r;
}

}  // namespace

Rational Rational::FromGamma(double gamma) {
  if (!(gamma > 0.0 && gamma <= 1.0)) {
    throw std::domain_error(
        fmt::format("momentum gamma = {} must be in (0, 1] for exact reversal", gamma));
  }
  Rational r;
  r.denominator = static_cast<std::uint32_t>(65536.0 / std::floor(gamma + 1.0));
  r.numerator = static_cast<std::uint32_t>(std::floor(gamma * r.denominator + 1.0));
  if (r.numerator > r.denominator) r.numerator = r.denominator;  // gamma = 1
  return r;
}

ExactVector::ExactVector(std::span<const double> values, int radix_bits)
    : radix_bits_(radix_bits),
      scale_(std::ldexp(1.0, radix_bits)),
      inverse_scale_(std::ldexp(1.0, -radix_bits)),
      raw_(values.size(), 0),
      buffers_(values.size()) {
  if (radix_bits < 8 || radix_bits > 60) {
    throw std::domain_error(
        fmt::format("ExactVector: radix_bits = {} is outside [8, 60]", radix_bits));
  }
  Add(values);
}

double ExactVector::Value(std::size_t i) const {
  return static_cast<double>(raw_[i]) * inverse_scale_;
}

void ExactVector::Values(std::span<double> out) const {
  for (std::size_t i = 0; i < raw_.size(); ++i)
    out[i] = static_cast<double>(raw_[i]) * inverse_scale_;
}

std::vector<double> ExactVector::Values() const {
  std::vector<double> out(raw_.size());
  Values(out);
  return out;
}

void ExactVector::Shear(std::span<const double> x, int sign) {
  if (x.size() != raw_.size()) throw std::invalid_argument("ExactVector: size mismatch");
  const double limit = std::ldexp(1.0, 62);
  for (std::size_t i = 0; i < raw_.size(); ++i) {
    const double scaled = x[i] * scale_;
    std::int64_t out = 0;
    if (!(std::fabs(scaled) < limit) ||
        __builtin_add_overflow(raw_[i], sign * static_cast<std::int64_t>(scaled), &out)) {
      throw std::domain_error(
          fmt::format("element {} left the fixed-point range (value {} + {} at 2^-{} resolution "
                      "holds at most +-2^{}): lower the "
                      "learning rate or the initial scale",
                      i,
                      Value(i),
                      sign * x[i],
                      radix_bits_,
                      63 - radix_bits_));
    }
    raw_[i] = out;
  }
}

void ExactVector::Add(std::span<const double> x) { Shear(x, +1); }
void ExactVector::Sub(std::span<const double> x) { Shear(x, -1); }

// i ← i · up / down, exactly: push(i mod down, down); i ← i div down; i ← i · up + pop(up).
// Multiply is (up, down) = (n, d); Divide, its inverse, is (d, n).
void ExactVector::Rescale(std::uint32_t up, std::uint32_t down) {
  const auto u = static_cast<std::int64_t>(up), w = static_cast<std::int64_t>(down);
  for (std::size_t i = 0; i < raw_.size(); ++i) {
    const std::int64_t rem = FloorMod(raw_[i], w);
    buffers_[i].Push(static_cast<std::uint32_t>(rem), down);
    raw_[i] = (raw_[i] - rem) / w * u + static_cast<std::int64_t>(buffers_[i].Pop(up));
  }
}

void ExactVector::Multiply(Rational r) { Rescale(r.numerator, r.denominator); }
void ExactVector::Divide(Rational r) { Rescale(r.denominator, r.numerator); }

double ExactVector::BufferBits() const {
  double bits = 0.0;
  for (const InformationBuffer& b : buffers_) bits += b.Log2();
  return bits;
}

bool ExactVector::BuffersEmpty() const {
  for (const InformationBuffer& b : buffers_) {
    if (!b.empty()) return false;
  }
  return true;
}

std::int64_t ExactVector::BufferBitsAllocated() const {
  std::int64_t bits = 0;
  for (const InformationBuffer& b : buffers_) bits += b.bits_allocated();
  return bits;
}

}  // namespace landauer::reversible

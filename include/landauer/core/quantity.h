// landauer/core/quantity.h — strong physical-quantity types for the public API.
//
// A Quantity stores one double in SI base units and carries its dimension in the type, so a
// time cannot be passed where an energy is expected, and products and quotients get the right
// dimension at compile time (a small in-house version of mp-units / Au):
//
//   Joules e = Joules(2.0e-21);
//   Seconds t = Seconds(1.0e-9);
//   Watts p = e / t;                       // Quantity<2,1,-3,0>
//   double ratio = e / LandauerBound(...);  // dimensionless quotients decay to double
//   double pj = e.value() * 1e12;           // leave the type only at the edge, explicitly
//
// Dimensions are exponents of (length m, mass kg, time s, temperature K, current A). Inside
// numerical kernels use plain doubles in SI units with a unit suffix on the name (`energy_j`,
// `time_s`); never store prefixed units.
#ifndef LANDAUER_CORE_QUANTITY_H_
#define LANDAUER_CORE_QUANTITY_H_

#include <cmath>
#include <compare>

namespace landauer {

template <int L, int M, int T, int K, int I = 0>
class Quantity {
 public:
  constexpr Quantity() = default;
  constexpr explicit Quantity(double value) : value_(value) {}

  // The value in SI base units (J, s, K, W, m, ...).
  constexpr double value() const { return value_; }

  constexpr Quantity operator+(Quantity other) const { return Quantity(value_ + other.value_); }
  constexpr Quantity operator-(Quantity other) const { return Quantity(value_ - other.value_); }
  constexpr Quantity operator-() const { return Quantity(-value_); }
  constexpr Quantity& operator+=(Quantity other) {
    value_ += other.value_;
    return *this;
  }
  constexpr Quantity& operator-=(Quantity other) {
    value_ -= other.value_;
    return *this;
  }
  constexpr Quantity operator*(double scale) const { return Quantity(value_ * scale); }
  constexpr Quantity operator/(double scale) const { return Quantity(value_ / scale); }
  friend constexpr Quantity operator*(double scale, Quantity q) { return q * scale; }
  constexpr auto operator<=>(const Quantity&) const = default;

 private:
  double value_ = 0.0;
};

// Products and quotients add and subtract exponents; a dimensionless result is a plain double.
template <int L1, int M1, int T1, int K1, int I1, int L2, int M2, int T2, int K2, int I2>
constexpr auto operator*(Quantity<L1, M1, T1, K1, I1> a, Quantity<L2, M2, T2, K2, I2> b) {
  if constexpr (L1 + L2 == 0 && M1 + M2 == 0 && T1 + T2 == 0 && K1 + K2 == 0 && I1 + I2 == 0) {
    return a.value() * b.value();
  } else {
    return Quantity<L1 + L2, M1 + M2, T1 + T2, K1 + K2, I1 + I2>(a.value() * b.value());
  }
}

template <int L1, int M1, int T1, int K1, int I1, int L2, int M2, int T2, int K2, int I2>
constexpr auto operator/(Quantity<L1, M1, T1, K1, I1> a, Quantity<L2, M2, T2, K2, I2> b) {
  if constexpr (L1 == L2 && M1 == M2 && T1 == T2 && K1 == K2 && I1 == I2) {
    return a.value() / b.value();
  } else {
    return Quantity<L1 - L2, M1 - M2, T1 - T2, K1 - K2, I1 - I2>(a.value() / b.value());
  }
}

template <int L, int M, int T, int K, int I>
constexpr Quantity<-L, -M, -T, -K, -I> operator/(double numerator, Quantity<L, M, T, K, I> q) {
  return Quantity<-L, -M, -T, -K, -I>(numerator / q.value());
}

// Square root of a quantity whose exponents are all even (e.g. V² -> V).
template <int L, int M, int T, int K, int I>
requires(L % 2 == 0 && M % 2 == 0 && T % 2 == 0 && K % 2 == 0 &&
         I % 2 == 0) Quantity<L / 2, M / 2, T / 2, K / 2, I / 2> Sqrt(Quantity<L, M, T, K, I> q) {
  return Quantity<L / 2, M / 2, T / 2, K / 2, I / 2>(std::sqrt(q.value()));
}

using Meters = Quantity<1, 0, 0, 0>;
using Seconds = Quantity<0, 0, 1, 0>;
using Kelvin = Quantity<0, 0, 0, 1>;
using Joules = Quantity<2, 1, -2, 0>;
using Watts = Quantity<2, 1, -3, 0>;
using Hertz = Quantity<0, 0, -1, 0>;
using JoulesPerKelvin = Quantity<2, 1, -2, -1>;
using JouleSeconds = Quantity<2, 1, -1, 0>;
using SquareMetersPerSecond = Quantity<2, 0, -1, 0>;
using Amperes = Quantity<0, 0, 0, 0, 1>;
using Coulombs = Quantity<0, 0, 1, 0, 1>;
using Volts = Quantity<2, 1, -3, 0, -1>;
using Farads = Quantity<-2, -1, 4, 0, 2>;
using Ohms = Quantity<2, 1, -3, 0, -2>;
using SquareVolts = Quantity<4, 2, -6, 0, -2>;
using SquareAmperes = Quantity<0, 0, 0, 0, 2>;

}  // namespace landauer

#endif  // LANDAUER_CORE_QUANTITY_H_

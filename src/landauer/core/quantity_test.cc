#include "landauer/core/quantity.h"

#include <gtest/gtest.h>

#include <functional>
#include <type_traits>

namespace landauer {
namespace {

TEST(Quantity, DimensionsComposeAtCompileTime) {
  constexpr Joules energy(2.0);
  constexpr Seconds time(4.0);
  constexpr auto power = energy / time;
  static_assert(std::is_same_v<std::remove_const_t<decltype(power)>, Watts>);
  static_assert(power.value() == 0.5);
  static_assert(std::is_same_v<decltype(energy / energy), double>);  // dimensionless decays
  static_assert(std::is_same_v<decltype(Watts(1) * Seconds(1)), Joules>);
  static_assert(std::is_same_v<decltype(Volts(1) * Amperes(1)), Watts>);
  static_assert(std::is_same_v<decltype(Joules(1) / Farads(1)), SquareVolts>);
  static_assert(std::is_same_v<decltype(Sqrt(SquareVolts(4))), Volts>);
  static_assert(std::is_same_v<decltype(1.0 / Seconds(2)), Hertz>);
  // Joules and Seconds do not mix: this line must not compile.
  static_assert(!std::is_invocable_v<std::plus<>, Joules, Seconds>);
}

TEST(Quantity, Arithmetic) {
  Joules e(1.0);
  e += Joules(2.0);
  EXPECT_EQ(e.value(), 3.0);
  EXPECT_EQ((e * 2.0).value(), 6.0);
  EXPECT_EQ((2.0 * e).value(), 6.0);
  EXPECT_EQ((-e).value(), -3.0);
  EXPECT_LT(Joules(1.0), Joules(2.0));
  EXPECT_DOUBLE_EQ(Sqrt(SquareVolts(9.0)).value(), 3.0);
}

}  // namespace
}  // namespace landauer

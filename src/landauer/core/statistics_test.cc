#include "landauer/core/statistics.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace landauer {
namespace {

// Reference values from the closed form, checked against Wilson (1927) as tabulated by
// R. G. Newcombe, Stat. Med. 17, 857-872 (1998), Table II: 81/263 gives 0.2553-0.3662, and
// 0/10 gives 0-0.2775.
TEST(Wilson, MatchesNewcombesTable) {
  const Interval a = WilsonInterval(81, 263);
  EXPECT_NEAR(a.low, 0.2553, 5e-5);
  EXPECT_NEAR(a.high, 0.3662, 5e-5);
  const Interval b = WilsonInterval(0, 10);
  EXPECT_EQ(b.low, 0.0);
  EXPECT_NEAR(b.high, 0.2775, 5e-5);
  const Interval c = WilsonInterval(10, 10);
  EXPECT_NEAR(c.low, 1.0 - 0.2775, 5e-5);
  EXPECT_EQ(c.high, 1.0);
  const Interval none = WilsonInterval(0, 0);
  EXPECT_EQ(none.low, 0.0);
  EXPECT_EQ(none.high, 1.0);
  EXPECT_THROW(WilsonInterval(3, 2), std::invalid_argument);
  EXPECT_THROW(WilsonInterval(-1, 2), std::invalid_argument);
  // 3 test images in 10,000 are well inside the interval of 88 %.
  const Interval i = WilsonInterval(8830, 10000), j = WilsonInterval(8827, 10000);
  EXPECT_TRUE(i.Overlaps(j));
  EXPECT_GT(i.high - i.low, 0.0125);
}

TEST(MeanSd, SampleStandardDeviation) {
  const std::vector<double> v = {2, 4, 4, 4, 5, 5, 7, 9};
  const MeanSd m = MeanAndSd(v);
  EXPECT_DOUBLE_EQ(m.mean, 5.0);
  EXPECT_NEAR(m.sd, 2.138089935299395, 1e-15);  // sqrt(32 / 7)
  EXPECT_EQ(MeanAndSd(std::vector<double>{3.0}).sd, 0.0);
  EXPECT_THROW(MeanAndSd(std::vector<double>{}), std::invalid_argument);
}

}  // namespace
}  // namespace landauer

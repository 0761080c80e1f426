#include "landauer/core/progress.h"

#include <gtest/gtest.h>

#include <sstream>

namespace landauer {
namespace {

int CountLines(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

TEST(ProgressReporter, PlainLinesAtEachTenthWhenNotATerminal) {
  std::ostringstream out;
  {
    ProgressReporter progress("train", 100, out, ProgressReporter::Mode::kAuto);
    EXPECT_EQ(progress.mode(), ProgressReporter::Mode::kLines);  // not stderr, so no TTY
    for (int i = 0; i < 100; ++i) progress.Advance(1, "loss 0.5");
    progress.Finish("done");
  }
  const std::string text = out.str();
  EXPECT_EQ(text.find('\r'), std::string::npos);
  EXPECT_EQ(CountLines(text), 10);  // 10%, 20%, ..., 100%
  EXPECT_NE(text.find("train:  10% (10/100)"), std::string::npos) << text;
  EXPECT_NE(text.find("train: 100% (100/100)"), std::string::npos) << text;
}

TEST(ProgressReporter, BarRedrawsInPlace) {
  std::ostringstream out;
  ProgressReporter progress("sweep", 4, out, ProgressReporter::Mode::kBar);
  progress.Advance(2);
  progress.Finish("ok");
  const std::string text = out.str();
  EXPECT_EQ(text.front(), '\r');
  EXPECT_NE(text.find("[##############################] 100% 4/4"), std::string::npos) << text;
  EXPECT_EQ(text.back(), '\n');
}

TEST(ProgressReporter, QuietPrintsNothing) {
  std::ostringstream out;
  ProgressReporter progress("x", 10, out, ProgressReporter::Mode::kQuiet);
  progress.Advance(10);
  progress.Finish();
  EXPECT_TRUE(out.str().empty());
  EXPECT_EQ(progress.done(), 10);
}

}  // namespace
}  // namespace landauer

#include "landauer/core/progress.h"

#include <gtest/gtest.h>

#include <chrono>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

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

TEST(ProgressSink, TerminalDrawsOneReporterPerTask) {
  std::ostringstream out;
  TerminalProgress terminal(out, ProgressReporter::Mode::kLines);
  {
    ProgressTask first(&terminal, "a", 2);
    first.Advance(2);
  }  // ended by its destructor
  ProgressTask second(&terminal, "b", 1);
  second.End("done");
  second.End("twice");  // a second End is ignored
  const std::string text = out.str();
  EXPECT_NE(text.find("a: 100% (2/2)"), std::string::npos) << text;
  EXPECT_NE(text.find("b: 100% (1/1)"), std::string::npos) << text;
  EXPECT_NE(text.find("done"), std::string::npos) << text;
  EXPECT_EQ(text.find("twice"), std::string::npos) << text;
}

TEST(ProgressSink, CallbackSeesEveryEventWithRunningCounts) {
  std::vector<ProgressEvent> events;
  CallbackProgress callback([&](const ProgressEvent& event) { events.push_back(event); });
  {
    ProgressTask task(&callback, "fit", 4);
    task.Advance(1, "one");
    task.Advance(5, "too many");  // clamped to the total
  }
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].kind, ProgressEvent::Kind::kBegin);
  EXPECT_EQ(events[0].task, "fit");
  EXPECT_EQ(events[1].done, 1);
  EXPECT_EQ(events[1].status, "one");
  EXPECT_EQ(events[2].done, 4);
  EXPECT_EQ(events[3].kind, ProgressEvent::Kind::kEnd);
  EXPECT_EQ(events[3].done, 4);
}

TEST(ProgressSink, NullSinkIsQuiet) {
  ProgressTask task(nullptr, "nothing", 3);
  task.Advance(3, "ignored");
  task.End();
}

// A callback may throw (a Python callback raising); ending the task in a destructor must not.
TEST(ProgressSink, ATaskEndedByAnExceptionIsAbortedNotCompleted) {
  std::vector<ProgressEvent> events;
  CallbackProgress sink([&](const ProgressEvent& e) { events.push_back(e); });
  try {
    ProgressTask task(&sink, "train", 10);
    task.Advance(3);
    throw std::runtime_error("bad checkpoint");
  } catch (const std::runtime_error&) {
  }
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events.back().kind, ProgressEvent::Kind::kAbort);
  EXPECT_EQ(events.back().done, 3);  // not 10: the task did not finish
  std::ostringstream out;
  {
    TerminalProgress terminal(out, ProgressReporter::Mode::kLines);
    try {
      ProgressTask task(&terminal, "train", 10);
      throw std::runtime_error("x");
    } catch (const std::runtime_error&) {
    }
  }
  EXPECT_EQ(out.str().find("100%"), std::string::npos) << out.str();
}

TEST(ProgressSink, TheHeartbeatSpeaksOnlyWhileNoTaskRuns) {
  std::ostringstream out;
  {
    TerminalProgress terminal(out, ProgressReporter::Mode::kBar);
    terminal.StartHeartbeat("landauer rev compile");
    std::this_thread::sleep_for(std::chrono::milliseconds(1300));
    terminal.StopHeartbeat();
  }
  EXPECT_NE(out.str().find("landauer rev compile: working, 1 s"), std::string::npos) << out.str();
  // A quiet terminal stays quiet.
  std::ostringstream quiet;
  {
    TerminalProgress terminal(quiet, ProgressReporter::Mode::kQuiet);
    terminal.StartHeartbeat("x");
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(quiet.str().empty());
}

TEST(ProgressSink, ADestructorSwallowsAThrowingSink) {
  CallbackProgress raising([](const ProgressEvent& e) {
    if (e.kind == ProgressEvent::Kind::kEnd) throw std::runtime_error("raised in the callback");
  });
  EXPECT_NO_THROW({ ProgressTask task(&raising, "t", 1); });
  ProgressTask task(&raising, "t", 1);
  EXPECT_THROW(task.End(), std::runtime_error);  // an explicit End still reports it
}
}  // namespace
}  // namespace landauer

// landauer/core/progress.h — progress of long work: a bar on a terminal, plain lines into a log,
// or events for an embedding program (the Python bindings).
//
// Library code reports through a ProgressSink, one task at a time, usually with a ProgressTask:
//
//   TerminalProgress terminal;                         // CLI: a bar on a TTY, lines otherwise
//   CallbackProgress python([](const ProgressEvent& e) { ... });  // an embedder's callback
//   ProgressTask task(&terminal, "train", /*total=*/epochs * batches);   // null sink: quiet
//   for (...) { ...; task.Advance(1, fmt::format("loss {:.3f}", loss)); }
//   task.End("done");                                  // or when `task` goes out of scope
//
// ProgressReporter draws one task. On a TTY it redraws one line in place ("train [#####     ] 50%
// 120/240 loss 0.412"), at most every 100 ms. Into a pipe or file it prints a plain line at each
// 10% step instead, so CI logs stay readable. Output goes to the stream given (stderr by default)
// and never to stdout, which belongs to `--json`. Sinks are not thread-safe: report from the
// thread that runs the task.
#ifndef LANDAUER_CORE_PROGRESS_H_
#define LANDAUER_CORE_PROGRESS_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace landauer {

class ProgressReporter {
 public:
  enum class Mode { kAuto, kBar, kLines, kQuiet };

  // kAuto chooses kBar when `out` is std::cerr and stderr is a terminal, else kLines.
  ProgressReporter(std::string label, std::int64_t total, Mode mode = Mode::kAuto);
  ProgressReporter(std::string label, std::int64_t total, std::ostream& out, Mode mode);
  ~ProgressReporter();
  ProgressReporter(const ProgressReporter&) = delete;
  ProgressReporter& operator=(const ProgressReporter&) = delete;

  void Advance(std::int64_t steps = 1, const std::string& status = "");
  void Finish(const std::string& status = "");

  Mode mode() const { return mode_; }
  std::int64_t done() const { return done_; }

 private:
  void Draw(const std::string& status, bool force);

  std::string label_;
  std::int64_t total_;
  std::ostream& out_;
  Mode mode_;
  std::int64_t done_ = 0;
  int last_decile_ = 0;
  bool finished_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

// Receives the progress of long work. Tasks do not nest: Begin, any number of Advance, End.
class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  // A task of `total` steps starts, e.g. ("digital-mlp", 2345).
  virtual void Begin(std::string_view task, std::int64_t total) = 0;
  // `steps` more steps are done; `status` is a short line ("epoch 2 loss 0.31"), may be empty.
  virtual void Advance(std::int64_t steps, std::string_view status) = 0;
  // The task is over (all its steps count as done); `status` may be empty.
  virtual void End(std::string_view status) = 0;
  // The task stopped early, on an error: what was done stays as it was (no "100%").
  virtual void Abort(std::string_view status) { End(status); }
};

// The terminal: a ProgressReporter per task on `out` (stderr by default) in `mode`.
class TerminalProgress final : public ProgressSink {
 public:
  explicit TerminalProgress(ProgressReporter::Mode mode = ProgressReporter::Mode::kAuto);
  TerminalProgress(std::ostream& out, ProgressReporter::Mode mode);
  ~TerminalProgress() override;
  void Begin(std::string_view task, std::int64_t total) override;
  void Advance(std::int64_t steps, std::string_view status) override;
  void End(std::string_view status) override;
  void Abort(std::string_view status) override;

  // While no task runs, says that `label` is still working, so that no command is silent for
  // long: on a terminal after 1 s, a line redrawn in place ("landauer rev compile: working, 3 s");
  // into a log a line after 10 s and then every minute. A task's bar replaces it. Runs on its own
  // thread until StopHeartbeat (or destruction).
  void StartHeartbeat(std::string label);
  void StopHeartbeat();

 private:
  void HeartbeatLoop(std::string label);
  void ClearHeartbeatLine();  // with mutex_ held

  std::ostream& out_;
  ProgressReporter::Mode mode_;
  std::unique_ptr<ProgressReporter> current_;
  // The heartbeat thread and the caller's thread both write to out_: mutex_ orders them.
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  bool heartbeat_shown_ = false;  // a heartbeat line is on screen (bar mode)
  std::thread heartbeat_;
};

struct ProgressEvent {
  enum class Kind { kBegin, kAdvance, kEnd, kAbort };
  Kind kind = Kind::kBegin;
  std::string task;
  std::int64_t done = 0;   // steps done so far in the task
  std::int64_t total = 0;  // the task's total
  std::string status;
};

// Every event, with the running count, to a callback (for Python: a function it passes in).
class CallbackProgress final : public ProgressSink {
 public:
  explicit CallbackProgress(std::function<void(const ProgressEvent&)> callback);
  void Begin(std::string_view task, std::int64_t total) override;
  void Advance(std::int64_t steps, std::string_view status) override;
  void End(std::string_view status) override;
  void Abort(std::string_view status) override;

 private:
  std::function<void(const ProgressEvent&)> callback_;
  ProgressEvent current_;
};

// One task on a sink, ended when it goes out of scope — or aborted, when it goes out of scope
// because an exception is unwinding the stack. A null sink makes every call a no-op.
class ProgressTask {
 public:
  ProgressTask(ProgressSink* sink, std::string_view task, std::int64_t total);
  ~ProgressTask();
  ProgressTask(const ProgressTask&) = delete;
  ProgressTask& operator=(const ProgressTask&) = delete;
  void Advance(std::int64_t steps = 1, std::string_view status = "");
  void End(std::string_view status = "");

 private:
  ProgressSink* sink_;
  bool ended_ = false;
  int exceptions_ = 0;  // std::uncaught_exceptions() when the task began
};

}  // namespace landauer

#endif  // LANDAUER_CORE_PROGRESS_H_

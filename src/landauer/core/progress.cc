#include "landauer/core/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <iostream>
#include <system_error>

namespace landauer {
namespace {

constexpr int kBarWidth = 30;
constexpr auto kRedrawInterval = std::chrono::milliseconds(100);

ProgressReporter::Mode Resolve(ProgressReporter::Mode mode, const std::ostream& out) {
  if (mode != ProgressReporter::Mode::kAuto) return mode;
  const bool is_stderr = &out == &std::cerr;
  return is_stderr && isatty(fileno(stderr)) ? ProgressReporter::Mode::kBar
                                             : ProgressReporter::Mode::kLines;
}

}  // namespace

ProgressReporter::ProgressReporter(std::string label, std::int64_t total, Mode mode)
    : ProgressReporter(std::move(label), total, std::cerr, mode) {}

ProgressReporter::ProgressReporter(std::string label,
                                   std::int64_t total,
                                   std::ostream& out,
                                   Mode mode)
    : label_(std::move(label)),
      total_(std::max<std::int64_t>(total, 1)),
      out_(out),
      mode_(Resolve(mode, out)),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_ - kRedrawInterval) {}

ProgressReporter::~ProgressReporter() {
  if (!finished_ && mode_ == Mode::kBar && done_ > 0) out_ << "\n";
}

void ProgressReporter::Advance(std::int64_t steps, const std::string& status) {
  done_ = std::min(total_, done_ + steps);
  Draw(status, false);
}

void ProgressReporter::Finish(const std::string& status) {
  if (finished_) return;
  done_ = total_;
  Draw(status, true);
  if (mode_ == Mode::kBar) out_ << "\n";
  out_.flush();
  finished_ = true;
}

void ProgressReporter::Draw(const std::string& status, bool force) {
  if (mode_ == Mode::kQuiet) return;
  const auto now = std::chrono::steady_clock::now();
  const double fraction = static_cast<double>(done_) / static_cast<double>(total_);
  const double elapsed_s = std::chrono::duration<double>(now - start_).count();
  const std::string tail = status.empty() ? "" : " " + status;
  if (mode_ == Mode::kBar) {
    if (!force && now - last_draw_ < kRedrawInterval) return;
    last_draw_ = now;
    const int filled = static_cast<int>(fraction * kBarWidth);
    out_ << fmt::format("\r{} [{}{}] {:3.0f}% {}/{} {:.1f}s{}\x1b[K",
                        label_,
                        std::string(filled, '#'),
                        std::string(kBarWidth - filled, ' '),
                        100.0 * fraction,
                        done_,
                        total_,
                        elapsed_s,
                        tail);
    out_.flush();
    return;
  }
  // Lines mode: one line per 10% crossed (10% ... 90%) and the final line from Finish().
  const int decile = static_cast<int>(fraction * 10.0);
  if (!force && (decile == last_decile_ || decile >= 10)) return;
  last_decile_ = decile;
  out_ << fmt::format(
      "{}: {:3.0f}% ({}/{}) {:.1f}s{}\n", label_, 100.0 * fraction, done_, total_, elapsed_s, tail);
  out_.flush();
}

TerminalProgress::TerminalProgress(ProgressReporter::Mode mode)
    : TerminalProgress(std::cerr, mode) {}

TerminalProgress::TerminalProgress(std::ostream& out, ProgressReporter::Mode mode)
    : out_(out), mode_(mode) {}

TerminalProgress::~TerminalProgress() { StopHeartbeat(); }

void TerminalProgress::Begin(std::string_view task, std::int64_t total) {
  const std::lock_guard<std::mutex> lock(mutex_);
  ClearHeartbeatLine();
  current_ = std::make_unique<ProgressReporter>(std::string(task), total, out_, mode_);
}

void TerminalProgress::Advance(std::int64_t steps, std::string_view status) {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (current_) current_->Advance(steps, std::string(status));
}

void TerminalProgress::End(std::string_view status) {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (current_) current_->Finish(std::string(status));
  current_.reset();
}

void TerminalProgress::Abort(std::string_view status) {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (current_ && current_->mode() == ProgressReporter::Mode::kBar && current_->done() > 0) {
    out_ << (status.empty() ? "" : " ") << status;  // the reporter's destructor ends the line
  }
  current_.reset();
}

void TerminalProgress::StartHeartbeat(std::string label) {
  StopHeartbeat();
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stop_ = false;
  }
  try {
    heartbeat_ = std::thread([this, label = std::move(label)] { HeartbeatLoop(label); });
  } catch (const std::system_error&) {
    // No thread to spare (a process limit): the command runs without a heartbeat.
  }
}

void TerminalProgress::StopHeartbeat() {
  if (!heartbeat_.joinable()) return;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
    ClearHeartbeatLine();
  }
  wake_.notify_all();
  heartbeat_.join();
}

void TerminalProgress::ClearHeartbeatLine() {
  if (!heartbeat_shown_) return;
  out_ << "\r\x1b[K";
  out_.flush();
  heartbeat_shown_ = false;
}

void TerminalProgress::HeartbeatLoop(std::string label) {
  const ProgressReporter::Mode mode = Resolve(mode_, out_);
  if (mode == ProgressReporter::Mode::kQuiet) return;
  const bool bar = mode == ProgressReporter::Mode::kBar;
  const auto start = std::chrono::steady_clock::now();
  auto next = start + (bar ? std::chrono::seconds(1) : std::chrono::seconds(10));
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stop_) {
    wake_.wait_until(lock, next, [this] { return stop_; });
    if (stop_) break;
    const auto now = std::chrono::steady_clock::now();
    const auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(now - start).count();
    if (current_ == nullptr) {  // a task's own bar says more
      if (bar) {
        out_ << fmt::format("\r{}: working, {} s\x1b[K", label, elapsed);
        heartbeat_shown_ = true;
      } else {
        out_ << fmt::format("{}: working, {} s\n", label, elapsed);
      }
      out_.flush();
    }
    next = now + (bar ? std::chrono::seconds(1) : std::chrono::seconds(60));
  }
}

CallbackProgress::CallbackProgress(std::function<void(const ProgressEvent&)> callback)
    : callback_(std::move(callback)) {}

void CallbackProgress::Begin(std::string_view task, std::int64_t total) {
  current_ = {
      ProgressEvent::Kind::kBegin, std::string(task), 0, std::max<std::int64_t>(total, 1), ""};
  callback_(current_);
}

void CallbackProgress::Advance(std::int64_t steps, std::string_view status) {
  current_.kind = ProgressEvent::Kind::kAdvance;
  current_.done = std::min(current_.total, current_.done + steps);
  current_.status = status;
  callback_(current_);
}

void CallbackProgress::End(std::string_view status) {
  current_.kind = ProgressEvent::Kind::kEnd;
  current_.done = current_.total;
  current_.status = status;
  callback_(current_);
}

void CallbackProgress::Abort(std::string_view status) {
  current_.kind = ProgressEvent::Kind::kAbort;
  current_.status = status;
  callback_(current_);
}

ProgressTask::ProgressTask(ProgressSink* sink, std::string_view task, std::int64_t total)
    : sink_(sink), exceptions_(std::uncaught_exceptions()) {
  if (sink_ != nullptr) sink_->Begin(task, total);
}

ProgressTask::~ProgressTask() {
  // A sink's End may throw (an embedder's callback); a destructor must not.
  try {
    if (std::uncaught_exceptions() > exceptions_) {
      if (sink_ != nullptr && !ended_) sink_->Abort("stopped");
      ended_ = true;
    } else {
      End();
    }
  } catch (...) {
  }
}

void ProgressTask::Advance(std::int64_t steps, std::string_view status) {
  if (sink_ != nullptr && !ended_) sink_->Advance(steps, status);
}

void ProgressTask::End(std::string_view status) {
  if (sink_ != nullptr && !ended_) sink_->End(status);
  ended_ = true;
}

}  // namespace landauer

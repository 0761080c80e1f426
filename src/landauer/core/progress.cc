#include "landauer/core/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>

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

}  // namespace landauer

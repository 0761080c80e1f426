// landauer/core/progress.h — progress for long work: a bar on a terminal, plain lines otherwise.
//
//   ProgressReporter progress("train", /*total=*/epochs * batches);
//   for (...) { ...; progress.Advance(1, fmt::format("loss {:.3f}", loss)); }
//   progress.Finish("done");
//
// On a TTY it redraws one line in place ("train [#####     ] 50% 120/240 loss 0.412"), at most
// every 100 ms. Into a pipe or file it prints a plain line at each 10% step instead, so CI logs
// stay readable. Output goes to the stream given (stderr by default) and never to stdout, which
// belongs to `--json`.
#ifndef LANDAUER_CORE_PROGRESS_H_
#define LANDAUER_CORE_PROGRESS_H_

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <string>

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

}  // namespace landauer

#endif  // LANDAUER_CORE_PROGRESS_H_

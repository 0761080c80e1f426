#include "landauer/core/parallel.h"

#include <sched.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

namespace landauer {
namespace {

// True on the pool's own threads and on a caller while it runs a loop: a ParallelFor from inside
// a body runs inline instead of waiting for workers that are busy with the outer loop.
thread_local bool in_parallel_region = false;

// Marks the calling thread as inside a loop for its lifetime (exceptions included).
class InRegion {
 public:
  InRegion() { in_parallel_region = true; }
  ~InRegion() { in_parallel_region = false; }
  InRegion(const InRegion&) = delete;
  InRegion& operator=(const InRegion&) = delete;
};

// Contention back-off. When another process holds a core, a helper can be descheduled while it
// holds a block, and the caller then waits a whole scheduler time slice for it. A loop whose
// caller waited longer than kStallMin, and longer than a quarter of its own work, is a stall;
// after one, the next `backoff` loops run on the caller alone (results never depend on the thread
// count, so this changes only speed), and each further stall doubles the back-off up to
// kMaxBackoff. A parallel loop without a stall shrinks it by 1/64 (and at least 1): a stall costs
// a time slice (milliseconds) and a loop gains tens of microseconds, so the pool stays backed off
// unless stalls are rarer than about one loop in a hundred, and recovers within a few hundred
// loops once the other process is gone.
//
// A back-off also ends kMaxSkipTime after the stall that started it, however many loops remain.
// Counted in loops alone it would last 8,192 loops, which is a fraction of a second for loops of
// tens of microseconds but hours for coarse ones (a diffractive network's batch takes about a
// second), long after the contention has gone. Probing once per kMaxSkipTime costs at most one
// stall (a time slice) per second while the contention lasts.
constexpr auto kStallMin = std::chrono::microseconds(500);
constexpr int kFirstBackoff = 16;
constexpr int kMaxBackoff = 8192;
constexpr auto kMaxSkipTime = std::chrono::seconds(1);

// Spins before a thread blocks. A worker that finds the next loop within this many polls starts
// it without a wake-up; past it, every thread sleeps, so a busy core is never fought for.
constexpr int kSpinPolls = 64;

// One loop handed to the pool: workers and the caller claim indices from `next` until it passes
// `end`, so a thread that the OS deschedules delays only the index it holds.
struct Loop {
  const std::function<void(std::int64_t, std::int64_t)>* body = nullptr;
  std::int64_t end = 0;
  std::atomic<std::int64_t> next{0};
  std::mutex failure_mutex;
  std::exception_ptr failure;

  void Run() {
    for (;;) {
      const std::int64_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= end) return;
      try {
        (*body)(i, i + 1);
      } catch (...) {
        const std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next.store(end, std::memory_order_relaxed);  // Claim nothing more.
      }
    }
  }
};

// A process-wide pool of helper threads that wait passively (condition variable) between loops.
class Pool {
 public:
  static Pool& Instance() {
    // Leaked on purpose: helper threads must not be joined during static destruction.
    static Pool* pool = new Pool;
    return *pool;
  }

  // Runs `loop` on the caller plus `helpers` pool threads. Returns false, running nothing, when
  // another thread holds the pool or the pool is backing off after a stall; the caller then runs
  // the loop inline.
  bool TryRun(Loop& loop, int helpers) {
    std::unique_lock submit(submit_mutex_, std::try_to_lock);
    if (!submit.owns_lock()) return false;
    if (skip_ > 0) {
      --skip_;
      if (std::chrono::steady_clock::now() < skip_until_) return false;
      skip_ = 0;
    }
    Grow(helpers);
    const auto start = std::chrono::steady_clock::now();
    {
      const std::lock_guard lock(mutex_);
      loop_ = &loop;
      participants_ = helpers;
      pending_ = helpers;
      ++generation_;
    }
    wake_.notify_all();
    {
      const InRegion region;
      loop.Run();
    }
    const auto own_done = std::chrono::steady_clock::now();
    // Wait for the helpers that joined (they may still hold one index each).
    for (int poll = 0; poll < kSpinPolls && pending_.load(std::memory_order_acquire) != 0; ++poll) {
      std::this_thread::yield();
    }
    std::unique_lock lock(mutex_);
    done_.wait(lock, [&] { return pending_.load(std::memory_order_acquire) == 0; });
    loop_ = nullptr;
    lock.unlock();
    const auto waited = std::chrono::steady_clock::now() - own_done;
    if (waited > kStallMin && waited * 4 > own_done - start) {
      backoff_ = backoff_ == 0 ? kFirstBackoff : std::min(2 * backoff_, kMaxBackoff);
      skip_ = backoff_;
      skip_until_ = std::chrono::steady_clock::now() + kMaxSkipTime;
    } else {
      backoff_ -= backoff_ / 64 + (backoff_ > 0 ? 1 : 0);
    }
    return true;
  }

 private:
  void Grow(int helpers) {
    while (static_cast<int>(threads_.size()) < helpers) {
      const int id = static_cast<int>(threads_.size());
      threads_.emplace_back([this, id] { Work(id); });
      threads_.back().detach();
    }
  }

  void Work(int id) {
    in_parallel_region = true;
    std::uint64_t seen = 0;
    for (;;) {
      Loop* loop = nullptr;
      for (int poll = 0; poll < kSpinPolls && generation_.load(std::memory_order_acquire) == seen;
           ++poll) {
        std::this_thread::yield();
      }
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [&] { return generation_.load(std::memory_order_acquire) != seen; });
        seen = generation_.load(std::memory_order_acquire);
        if (id >= participants_) continue;
        loop = loop_;
      }
      loop->Run();
      if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        const std::lock_guard lock(mutex_);
        done_.notify_one();
      }
    }
  }

  std::mutex submit_mutex_;  // One loop at a time.
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  std::atomic<std::uint64_t> generation_{0};
  std::atomic<int> pending_{0};
  Loop* loop_ = nullptr;
  int participants_ = 0;
  int backoff_ = 0;  // Guarded by submit_mutex_, as are skip_ and skip_until_.
  int skip_ = 0;
  std::chrono::steady_clock::time_point skip_until_;
  std::vector<std::thread> threads_;
};

}  // namespace

int AvailableCores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    const int count = CPU_COUNT(&set);
    if (count > 0) return count;
  }
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

int ResolveThreads(int requested) {
  if (requested < 0) {
    throw std::domain_error("ResolveThreads: threads = " + std::to_string(requested) +
                            " is invalid; use 0 (one per available core) or a positive count.");
  }
  if (requested == 0) return AvailableCores();
  return requested;
}

void ParallelFor(std::int64_t begin,
                 std::int64_t end,
                 int threads,
                 const std::function<void(std::int64_t, std::int64_t)>& body) {
  if (end <= begin) return;
  const std::int64_t count = end - begin;
  const int workers = static_cast<int>(std::min<std::int64_t>(ResolveThreads(threads), count));
  if (workers == 1 || in_parallel_region) {
    body(begin, end);
    return;
  }
  const std::function<void(std::int64_t, std::int64_t)> shifted =
      [&](std::int64_t lo, std::int64_t hi) { body(begin + lo, begin + hi); };
  Loop loop;
  loop.body = &shifted;
  loop.end = count;
  bool ran = false;
  try {
    ran = Pool::Instance().TryRun(loop, workers - 1);
  } catch (const std::system_error&) {
    ran = false;  // no thread could be started: run on the caller
  }
  if (!ran) {
    // Inline, and marked so: a loop inside the body runs inline too (parallel.h).
    const InRegion region;
    body(begin, end);
    return;
  }
  if (loop.failure) std::rethrow_exception(loop.failure);
}

void ParallelFor(std::int64_t begin,
                 std::int64_t end,
                 int threads,
                 double work,
                 const std::function<void(std::int64_t, std::int64_t)>& body) {
  if (work < kMinParallelWork) {
    ResolveThreads(threads);  // Still refuse a negative count.
    if (end > begin) body(begin, end);
    return;
  }
  ParallelFor(begin, end, threads, body);
}

}  // namespace landauer

// aio::thread_pool: worker threads for blocking work (see aio/to_thread.hpp).
#pragma once

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

namespace aio {

/// A fixed set of worker threads running submitted jobs in FIFO order.
///
/// - Starts: the threads start in the constructor. The destructor lets them
///   finish every job already submitted, then joins them (it blocks).
/// - Signals: workers start with every signal blocked, so process-directed
///   signals (SIGINT, SIGTERM) go to the loop thread or to a signalfd
///   (aio::wait_for_signal), never to a worker.
/// - Jobs must not throw (aio::run_in catches for its jobs); a throwing job
///   terminates the program, as an exception escaping std::thread does.
/// - submit is thread-safe; the pool is usable from any thread and any
///   number of loops. Awaiting work on it: aio::run_in(pool, f, args...).
///
/// corolint role: none on the class; aio::run_in and aio::to_thread carry
/// `offload`.
class thread_pool {
public:
  explicit thread_pool(std::size_t threads) {
    if (threads == 0) throw std::invalid_argument("aio: thread_pool needs at least one thread");
    // Threads inherit the creator's signal mask: block everything around
    // their creation instead of racing a signal in each worker.
    sigset_t all;
    sigset_t old;
    ::sigfillset(&all);
    ::pthread_sigmask(SIG_BLOCK, &all, &old);
    try {
      threads_.reserve(threads);
      for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
    } catch (...) {
      ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
      stop();
      throw;
    }
    ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
  }
  thread_pool(const thread_pool&) = delete;
  thread_pool& operator=(const thread_pool&) = delete;
  ~thread_pool() { stop(); }

  /// Queues `job` for a worker. Thread-safe.
  void submit(std::function<void()> job) {
    {
      std::lock_guard lock(mutex_);
      jobs_.push_back(std::move(job));
    }
    ready_.notify_one();
  }

  [[nodiscard]] std::size_t size() const noexcept { return threads_.size(); }

private:
  void work() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        if (jobs_.empty()) return;  // stopping, and nothing left to run
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job();
    }
  }
  void stop() noexcept {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_all();
    for (std::thread& t : threads_) t.join();
    threads_.clear();
  }

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

/// The pool aio::to_thread uses: max(4, hardware threads) workers, created
/// on first use and joined at static destruction (program exit waits for
/// jobs still running).
[[nodiscard]] inline thread_pool& default_thread_pool() {
  static thread_pool pool(std::max<std::size_t>(4, std::thread::hardware_concurrency()));
  return pool;
}

}  // namespace aio

// aio::mutex and aio::mutex_guard: mutual exclusion between tasks of a loop.
#pragma once

#include <cassert>
#include <optional>
#include <utility>

#include "aio/detail/wait_list.hpp"
#include "aio/roles.hpp"
#include "aio/task.hpp"

namespace aio {

class mutex;

/// Proof that the calling task holds an aio::mutex; unlocks it when destroyed
/// (or at unlock()). Move-only. Returned by `co_await m.lock()` and
/// m.try_lock(); never hold one across a point where the task may be
/// destroyed without unwinding.
///
/// corolint role: `async_lock` (while a guard is alive, the mutex is held).
class AIO_ROLE(async_lock) [[nodiscard]] mutex_guard {
public:
  mutex_guard(mutex_guard&& o) noexcept : m_(std::exchange(o.m_, nullptr)) {}
  mutex_guard& operator=(mutex_guard&& o) noexcept {
    if (this != &o) {
      unlock();
      m_ = std::exchange(o.m_, nullptr);
    }
    return *this;
  }
  mutex_guard(const mutex_guard&) = delete;
  mutex_guard& operator=(const mutex_guard&) = delete;
  ~mutex_guard() { unlock(); }

  /// Releases the mutex early; the guard then owns nothing.
  void unlock() noexcept;
  [[nodiscard]] bool owns_lock() const noexcept { return m_ != nullptr; }

private:
  friend class mutex;
  explicit mutex_guard(mutex& m) noexcept : m_(&m) {}
  mutex* m_;
};

/// An asynchronous mutex (asyncio.Lock, cppcoro::async_mutex) for tasks on
/// one event loop: `auto guard = co_await m.lock();`.
///
/// - Starts: lock() is a lazy task; when the mutex is free it completes
///   without suspending.
/// - Fairness: FIFO. unlock() hands the mutex directly to the longest
///   waiter, which resumes on the loop thread in a later step; nobody can
///   barge in between.
/// - Cancellation: a task cancelled (or timed out) while waiting is removed
///   from the queue and the await throws aio::cancelled_error (or
///   aio::timeout_error); it never acquires the mutex. A cancel that arrives
///   after the mutex was handed over is delivered at the task's next
///   suspension point instead, so the guard is never lost.
/// - Ownership is not tied to a task: a guard may be moved to another task.
/// - Loop-thread only; not recursive. Destroying a mutex with waiters, or
///   while locked, is undefined.
///
/// corolint role: none on the mutex; its mutex_guard carries `async_lock`.
class mutex {
public:
  mutex() = default;
  mutex(const mutex&) = delete;
  mutex& operator=(const mutex&) = delete;
  ~mutex() { assert(!locked_ && "aio: mutex destroyed while locked"); }

  /// `co_await m.lock()` yields a mutex_guard once the mutex is held.
  [[nodiscard]] task<mutex_guard> lock() {
    if (!locked_) {
      locked_ = true;
      co_return mutex_guard(*this);
    }
    // Only unlock() wakes us, and it has already handed the mutex over.
    co_await detail::park(waiters_);
    co_return mutex_guard(*this);
  }

  /// The guard if the mutex was free, otherwise nullopt; never suspends.
  [[nodiscard]] std::optional<mutex_guard> try_lock() noexcept {
    if (locked_) return std::nullopt;
    locked_ = true;
    return mutex_guard(*this);
  }

  [[nodiscard]] bool locked() const noexcept { return locked_; }

private:
  friend class mutex_guard;

  void unlock() noexcept {
    assert(locked_);
    // Hand-over: locked_ stays true for the woken waiter.
    if (!waiters_.wake_one()) locked_ = false;
  }

  detail::wait_list waiters_;
  bool locked_ = false;
};

inline void mutex_guard::unlock() noexcept {
  if (m_ != nullptr) std::exchange(m_, nullptr)->unlock();
}

}  // namespace aio

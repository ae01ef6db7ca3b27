// aio::semaphore and aio::semaphore_permit: bound the concurrency of tasks.
#pragma once

#include <cstddef>
#include <optional>
#include <utility>

#include "aio/detail/wait_list.hpp"
#include "aio/roles.hpp"
#include "aio/task.hpp"

namespace aio {

class semaphore;

/// One permit of an aio::semaphore; released when destroyed (or at
/// release()). Move-only.
class [[nodiscard]] AIO_ROLE(limiter) semaphore_permit {
public:
  semaphore_permit(semaphore_permit&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
  semaphore_permit& operator=(semaphore_permit&& o) noexcept {
    if (this != &o) {
      release();
      s_ = std::exchange(o.s_, nullptr);
    }
    return *this;
  }
  semaphore_permit(const semaphore_permit&) = delete;
  semaphore_permit& operator=(const semaphore_permit&) = delete;
  ~semaphore_permit() { release(); }

  void release() noexcept;
  [[nodiscard]] bool owns_permit() const noexcept { return s_ != nullptr; }

private:
  friend class semaphore;
  explicit semaphore_permit(semaphore& s) noexcept : s_(&s) {}
  semaphore* s_;
};

/// A counting semaphore for tasks on one event loop (asyncio.Semaphore):
/// `aio::semaphore s(4); auto permit = co_await s.acquire();`.
///
/// - Starts: acquire() is a lazy task; with a permit available it completes
///   without suspending.
/// - Fairness: FIFO. A released permit goes straight to the longest waiter,
///   which resumes on the loop thread in a later step.
/// - Cancellation: a task cancelled (or timed out) while waiting leaves the
///   queue and the await throws aio::cancelled_error (or timeout_error); it
///   holds no permit. A cancel arriving after the hand-over is delivered at
///   the next suspension point, so permits are never lost.
/// - Loop-thread only. Destroying a semaphore with waiters is undefined.
///
/// Not an `async_lock` for corolint: a permit bounds concurrency, it does not
/// make shared state exclusive. corolint role: limiter (so is the permit).
class AIO_ROLE(limiter) semaphore {
public:
  explicit semaphore(std::size_t permits) noexcept : available_(permits) {}
  semaphore(const semaphore&) = delete;
  semaphore& operator=(const semaphore&) = delete;

  /// `co_await s.acquire()` yields a permit.
  [[nodiscard]] task<semaphore_permit> acquire() {
    if (available_ > 0 && waiters_.empty()) {
      --available_;
      co_return semaphore_permit(*this);
    }
    // Only release() wakes us, and it has handed a permit over.
    co_await detail::park(waiters_);
    co_return semaphore_permit(*this);
  }

  /// A permit if one is free and nobody is queued, otherwise nullopt.
  [[nodiscard]] std::optional<semaphore_permit> try_acquire() noexcept {
    if (available_ == 0 || !waiters_.empty()) return std::nullopt;
    --available_;
    return semaphore_permit(*this);
  }

  /// Adds a permit (for permits taken without an RAII object, or to grow the
  /// semaphore); wakes the longest waiter with it.
  void release() noexcept {
    if (!waiters_.wake_one()) ++available_;
  }

  [[nodiscard]] std::size_t available() const noexcept { return available_; }

private:
  detail::wait_list waiters_;
  std::size_t available_;
};

inline void semaphore_permit::release() noexcept {
  if (s_ != nullptr) std::exchange(s_, nullptr)->release();
}

}  // namespace aio

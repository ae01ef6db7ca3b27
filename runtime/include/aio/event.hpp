// aio::event: a flag tasks can wait for.
#pragma once

#include "aio/detail/wait_list.hpp"
#include "aio/task.hpp"

namespace aio {

/// A manual-reset event for tasks on one event loop (asyncio.Event).
///
/// - `co_await e.wait()` completes at once if the event is set, otherwise
///   suspends until set(); every waiter then resumes on the loop thread in a
///   later step, in the order they started waiting, even if clear() is
///   called before they run.
/// - Starts: wait() is a lazy task.
/// - Cancellation: a task cancelled (or timed out) while waiting leaves the
///   wait list and the await throws aio::cancelled_error (or timeout_error).
/// - Loop-thread only (from other threads, post set() with
///   event_loop::call_soon_threadsafe). Destroying an event with waiters is
///   undefined.
///
/// corolint role: none.
class event {
public:
  event() = default;
  event(const event&) = delete;
  event& operator=(const event&) = delete;

  void set() noexcept {
    if (set_) return;
    set_ = true;
    waiters_.wake_all();
  }
  void clear() noexcept { set_ = false; }
  [[nodiscard]] bool is_set() const noexcept { return set_; }

  [[nodiscard]] task<> wait() {
    if (set_) co_return;
    co_await detail::park(waiters_);
  }

private:
  detail::wait_list waiters_;
  bool set_ = false;
};

}  // namespace aio

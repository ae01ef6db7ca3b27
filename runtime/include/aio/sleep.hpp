// aio::sleep, aio::sleep_until and aio::yield: timer-based suspension points.
#pragma once

#include <chrono>
#include <coroutine>

#include "aio/detail/cancellable_operation.hpp"
#include "aio/detail/task_state.hpp"
#include "aio/detail/timer_heap.hpp"
#include "aio/event_loop.hpp"
#include "aio/roles.hpp"

namespace aio {

namespace detail {

/// The reference cancellable awaiter: a loop timer undone on cancellation
/// (the protocol is in cancellable_operation). Lives in the awaiting frame;
/// neither copyable nor movable. The timer is a private base, so on_timer
/// gets back to the awaiter with a static_cast and no back pointer; and it
/// keeps no loop pointer either: a timer fires, and a sleeping task is
/// cancelled or destroyed, on the thread of the loop it sleeps on, whose
/// current_loop that loop is (8 bytes less in every sleeping frame).
class sleep_awaiter : public cancellable_operation<sleep_awaiter>, private timer {
public:
  explicit sleep_awaiter(std::chrono::steady_clock::time_point at) noexcept { deadline = at; }
  ~sleep_awaiter() {
    // Only while in flight if the awaiting frame is destroyed while
    // suspended; keep the loop and the task state free of dangling pointers.
    if (!in_flight()) return;
    if (current_loop != nullptr) current_loop->remove_timer(*this);
    disarm();
  }

  void await_resume() { throw_if_cancelled(); }

private:
  friend class cancellable_operation<sleep_awaiter>;

  void start() {
    fire = &on_timer;
    this_loop().add_timer(*this);
  }
  event_loop& loop() noexcept { return *current_loop; }
  void cancel_operation() noexcept { current_loop->remove_timer(*this); }

  static void on_timer(timer* t) noexcept { static_cast<sleep_awaiter*>(t)->complete(*current_loop); }
};

/// Reschedules the awaiting coroutine behind the work already ready.
class yield_awaiter {
public:
  yield_awaiter() = default;
  yield_awaiter(const yield_awaiter&) = delete;
  yield_awaiter& operator=(const yield_awaiter&) = delete;

  bool await_ready() const noexcept { return false; }
  template <class Promise>
  bool await_suspend(std::coroutine_handle<Promise> h) {
    state_ = state_of(h);
    if (state_ != nullptr && state_->cancel_deliverable()) return false;
    this_loop().post(h, state_);
    return true;
  }
  void await_resume() {
    // The handle is already queued, so a cancel that arrives meanwhile is
    // not delivered by a callback: check for it on the way out.
    if (state_ != nullptr && state_->cancel_deliverable()) state_->throw_cancel();
  }

private:
  task_state* state_ = nullptr;
};

}  // namespace detail

/// Awaitable that suspends the current task until `deadline` (steady clock).
///
/// Cancellable: on cancellation the timer is removed and the await throws
/// aio::cancelled_error (or the timeout_scope's aio::timeout_error). Resumes
/// on the loop thread in a later step, never inline, even for a deadline in
/// the past.
class [[nodiscard]] sleep_until_operation {
public:
  explicit sleep_until_operation(std::chrono::steady_clock::time_point deadline) noexcept : deadline_(deadline) {}
  detail::sleep_awaiter operator co_await() const noexcept { return detail::sleep_awaiter{deadline_}; }

private:
  std::chrono::steady_clock::time_point deadline_;
};

/// corolint role: sleep.
AIO_ROLE(sleep) [[nodiscard]] inline sleep_until_operation sleep_until(std::chrono::steady_clock::time_point deadline) noexcept {
  return sleep_until_operation{deadline};
}

/// `co_await aio::sleep(d)`: suspend the current task for at least `d`.
/// corolint role: sleep (as sleep_until).
template <class Rep, class Period>
AIO_ROLE(sleep) [[nodiscard]] sleep_until_operation sleep(std::chrono::duration<Rep, Period> d) {
  return sleep_until_operation{std::chrono::steady_clock::now() +
                               std::chrono::duration_cast<std::chrono::steady_clock::duration>(d)};
}

/// `co_await aio::yield()`: let every other ready task run one step first.
/// A cancellation checkpoint: throws aio::cancelled_error if the task has a
/// deliverable cancellation.
class [[nodiscard]] yield_operation {
public:
  detail::yield_awaiter operator co_await() const noexcept { return {}; }
};
[[nodiscard]] inline yield_operation yield() noexcept { return {}; }

}  // namespace aio

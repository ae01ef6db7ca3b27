// aio::timeout, aio::timeout_or and aio::timeout_scope: deadlines.
#pragma once

#include <chrono>
#include <coroutine>
#include <exception>
#include <stdexcept>
#include <utility>

#include "aio/concepts.hpp"
#include "aio/detail/task_state.hpp"
#include "aio/detail/timer_heap.hpp"
#include "aio/event_loop.hpp"
#include "aio/roles.hpp"
#include "aio/task.hpp"

namespace aio {

/// Thrown when the deadline of a timeout or timeout_scope passes while the
/// bounded operation is still running. Not a cancelled_error: the operation
/// was cancelled (it saw cancelled_error), but the awaiting code sees a
/// timeout.
class timeout_error : public std::exception {
public:
  [[nodiscard]] const char* what() const noexcept override { return "aio: operation timed out"; }
};

class timeout_scope;

namespace detail {
class timeout_scope_starter;
}

/// A deadline over every await in a block of the current task.
///
/// `auto scope = co_await aio::timeout_scope::after(200ms);` arms a loop
/// timer and pushes a deadline on the task's state. When the timer fires,
/// the suspension point the task is currently at (or the next one it
/// reaches while the scope is alive) throws aio::timeout_error; operations
/// that forward cancellation (join, gather, task_group) cancel their children
/// first and throw timeout_error once those finished. The error propagates
/// out of the scope like any exception. Destroying the scope (leaving the
/// block) disarms the timer and withdraws a timeout not yet delivered, so
/// code after the block never sees it.
///
/// - Starts: at construction; bounded: only the task that created it (spawned
///   tasks have their own state and are reached only through joins).
/// - Not copyable or movable; must be destroyed in the task that created it
///   (it lives in that task's frame).
/// - Shields: a shield opened inside the scope does not hide its deadline; a
///   shield around the scope does.
///
/// corolint role: `timeout`.
class AIO_ROLE(timeout) timeout_scope {
public:
  template <class Rep, class Period>
  [[nodiscard]] static detail::timeout_scope_starter after(std::chrono::duration<Rep, Period> d) noexcept;
  [[nodiscard]] static detail::timeout_scope_starter at(std::chrono::steady_clock::time_point deadline) noexcept;

  timeout_scope(const timeout_scope&) = delete;
  timeout_scope& operator=(const timeout_scope&) = delete;
  ~timeout_scope() {
    loop_->remove_timer(timer_);
    state_->pop_deadline(node_);
  }

  /// The deadline has passed (whether or not the timeout was delivered).
  [[nodiscard]] bool expired() const noexcept { return node_.fired; }
  [[nodiscard]] std::chrono::steady_clock::time_point deadline() const noexcept { return timer_.deadline; }

private:
  friend class detail::timeout_scope_starter;

  struct scope_timer : detail::timer {
    timeout_scope* scope = nullptr;
  };

  timeout_scope(detail::task_state& state, std::chrono::steady_clock::time_point deadline)
      : state_(&state), loop_(&this_loop()) {
    node_.raise = [] { throw timeout_error(); };
    state_->push_deadline(node_);
    timer_.deadline = deadline;
    timer_.scope = this;
    timer_.fire = [](detail::timer* t) noexcept {
      timeout_scope* self = static_cast<scope_timer*>(t)->scope;
      self->state_->fire_deadline(self->node_);
    };
    loop_->add_timer(timer_);
  }

  detail::task_state* state_;
  event_loop* loop_;
  detail::deadline_node node_;
  scope_timer timer_;
};

namespace detail {

/// `co_await`ing it creates the scope in the awaiting task without
/// suspending.
class [[nodiscard]] timeout_scope_starter {
public:
  explicit timeout_scope_starter(std::chrono::steady_clock::time_point deadline) noexcept : deadline_(deadline) {}
  bool await_ready() const noexcept { return false; }
  template <class Promise>
  bool await_suspend(std::coroutine_handle<Promise> h) {
    state_ = state_of(h);
    if (state_ == nullptr) throw std::logic_error("aio: timeout_scope outside an aio task");
    return false;
  }
  timeout_scope await_resume() { return timeout_scope(*state_, deadline_); }

private:
  std::chrono::steady_clock::time_point deadline_;
  task_state* state_ = nullptr;
};

}  // namespace detail

template <class Rep, class Period>
detail::timeout_scope_starter timeout_scope::after(std::chrono::duration<Rep, Period> d) noexcept {
  return detail::timeout_scope_starter{std::chrono::steady_clock::now() +
                                       std::chrono::duration_cast<std::chrono::steady_clock::duration>(d)};
}
inline detail::timeout_scope_starter timeout_scope::at(std::chrono::steady_clock::time_point deadline) noexcept {
  return detail::timeout_scope_starter{deadline};
}

/// Awaits `a`, cancelling it and throwing aio::timeout_error if it has not
/// finished after `d`. Lazy: the clock starts when the returned task is
/// awaited. Result and other exceptions are those of `a`.
///
/// corolint role: `timeout`.
template <awaitable Awaitable, class Rep, class Period>
AIO_ROLE(timeout)
[[nodiscard]] task<await_result_t<Awaitable>> timeout(std::chrono::duration<Rep, Period> d, Awaitable a) {
  auto scope = co_await timeout_scope::after(d);
  co_return co_await std::move(a);
}

/// Like aio::timeout, but yields `fallback` instead of throwing when the
/// deadline passes.
///
/// corolint role: `timeout`.
template <awaitable Awaitable, class Rep, class Period, class Fallback>
  requires(!std::is_void_v<await_result_t<Awaitable>> && std::convertible_to<Fallback, await_result_t<Awaitable>>)
AIO_ROLE(timeout)
[[nodiscard]] task<await_result_t<Awaitable>> timeout_or(std::chrono::duration<Rep, Period> d, Awaitable a,
                                                         Fallback fallback) {
  auto scope = co_await timeout_scope::after(d);
  try {
    co_return co_await std::move(a);
  } catch (const timeout_error&) {
    if (!scope.expired()) throw;  // an inner deadline, not ours
  }
  co_return std::move(fallback);
}

}  // namespace aio

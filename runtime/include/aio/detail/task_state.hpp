// Per-task cancellation state and the promise base every aio coroutine shares.
//
// A *task state* belongs to one independently scheduled unit of work: the root
// task of aio::run, a task started by aio::spawn, a child of aio::gather or of
// an aio::task_group. Coroutines awaited from inside that unit (plain
// `co_await some_task()`) share their parent's state, so cancelling the unit
// reaches whatever leaf operation it is currently suspended in.
//
// Protocol for a suspending operation (see docs/runtime.md, "Writing a
// cancellable awaitable"; detail::cancellable_operation implements it):
//   1. in await_suspend, get the state with state_of(handle); if
//      cancel_deliverable(), do not suspend (return false) and throw from
//      await_resume through throw_cancel();
//   2. otherwise start the operation and arm(fn, ctx) a cancel callback;
//   3. when the operation completes normally, disarm() before resuming;
//   4. when fn(ctx) runs, the state has already disarmed it: stop the
//      operation, schedule the coroutine on the loop (never resume it inline),
//      and have await_resume call throw_cancel().
#pragma once

#include <cassert>
#include <coroutine>
#include <cstdint>
#include <exception>
#include <source_location>
#include <type_traits>

#include "aio/cancellation.hpp"
#include "aio/detail/frame_cache.hpp"

namespace aio::detail {

using cancel_fn = void (*)(void* ctx) noexcept;

/// A deadline registered by an aio::timeout_scope. Scopes of one task nest
/// strictly (they live in coroutine frames of the same await chain), so they
/// form a stack threaded through `outer`.
struct deadline_node {
  deadline_node* outer = nullptr;
  /// Shield depth at the scope's creation: a shield opened *inside* the scope
  /// does not hide the scope's own deadline, a shield around it does.
  unsigned shield_depth = 0;
  bool fired = false;
  bool delivered = false;
  /// Throws the scope's error (aio::timeout_error); set by the scope.
  void (*raise)() = nullptr;
};

class task_state {
public:
  explicit task_state(std::source_location origin) noexcept : origin_(origin) {}
  task_state(const task_state&) = delete;
  task_state& operator=(const task_state&) = delete;

  /// Where the unit was started (the aio::run or aio::spawn call site); used
  /// by debug-mode messages.
  [[nodiscard]] std::source_location origin() const noexcept { return origin_; }

  /// True when the next suspension point must throw instead of suspending:
  /// a plain cancel outside any shield, or a fired deadline whose scope is
  /// not hidden by a shield opened around it.
  [[nodiscard]] bool cancel_deliverable() const noexcept {
    return (cancel_pending_ && shield_depth_ == 0) || deliverable_deadline() != nullptr;
  }
  [[nodiscard]] bool cancel_requested() const noexcept { return cancel_pending_; }
  /// Some timeout_scope still open in this unit has expired, delivered or
  /// not: lets code that retries on timeout_error (aio::retry) tell an
  /// enclosing deadline from the one of an attempt it already left.
  [[nodiscard]] bool deadline_expired() const noexcept {
    for (deadline_node* d = deadlines_; d != nullptr; d = d->outer)
      if (d->fired) return true;
    return false;
  }

  /// Registers the callback that cancels the operation this unit is
  /// suspended in. At most one is armed at a time: a unit suspends at one
  /// point only.
  void arm(cancel_fn fn, void* ctx) noexcept {
    canceller_ = fn;
    canceller_ctx_ = ctx;
  }
  void disarm() noexcept {
    canceller_ = nullptr;
    canceller_ctx_ = nullptr;
  }

  /// Consumes the deliverable cancellation and throws it: aio::cancelled_error
  /// for a plain cancel, the scope's error for a deadline. Delivery is
  /// edge-triggered (as in asyncio): a caught cancellation is not rethrown at
  /// the next suspension point.
  [[noreturn]] void throw_cancel() {
    if (cancel_pending_ && shield_depth_ == 0) {
      cancel_pending_ = false;
      throw cancelled_error();
    }
    if (deadline_node* d = deliverable_deadline()) {
      d->delivered = true;
      d->raise();
    }
    throw cancelled_error();  // an operation was cancelled with nothing pending
  }

  /// Requests cancellation with aio::cancelled_error. Runs the armed callback
  /// if the request is deliverable now; otherwise it stays pending until the
  /// next suspension point outside every shield.
  void request_cancel() noexcept {
    cancel_pending_ = true;
    fire_if_deliverable();
  }

  void push_deadline(deadline_node& d) noexcept {
    d.outer = deadlines_;
    d.shield_depth = shield_depth_;
    deadlines_ = &d;
  }
  /// Removes a scope; an undelivered fired deadline is withdrawn with it.
  void pop_deadline(deadline_node& d) noexcept {
    for (deadline_node** p = &deadlines_; *p != nullptr; p = &(*p)->outer) {
      if (*p == &d) {
        *p = d.outer;
        return;
      }
    }
  }
  void fire_deadline(deadline_node& d) noexcept {
    d.fired = true;
    fire_if_deliverable();
  }

  void enter_shield() noexcept {
    assert(shield_depth_ < UINT16_MAX && "aio: shields nested too deeply");
    ++shield_depth_;
  }
  void leave_shield() noexcept {
    --shield_depth_;
    fire_if_deliverable();
  }

private:
  // Outermost fired, undelivered deadline not hidden by a shield: when both
  // an outer and an inner deadline expired, the outer one wins because its
  // error must travel through the inner scope anyway.
  [[nodiscard]] deadline_node* deliverable_deadline() const noexcept {
    deadline_node* found = nullptr;
    for (deadline_node* d = deadlines_; d != nullptr; d = d->outer)
      if (d->fired && !d->delivered && shield_depth_ <= d->shield_depth) found = d;
    return found;
  }
  void fire_if_deliverable() noexcept {
    if (canceller_ != nullptr && cancel_deliverable()) {
      cancel_fn fn = canceller_;
      void* ctx = canceller_ctx_;
      disarm();
      fn(ctx);
    }
  }

  cancel_fn canceller_ = nullptr;
  void* canceller_ctx_ = nullptr;
  deadline_node* deadlines_ = nullptr;
  std::source_location origin_;
  // Small members last: unit_state puts its flags into the tail padding.
  std::uint16_t shield_depth_ = 0;
  bool cancel_pending_ = false;
};

enum class unit_outcome : std::uint8_t { running, succeeded, failed, cancelled };

/// A task state that an event loop tracks: the root of aio::run and every
/// spawned unit (spawn, gather and task_group children). The loop cancels and
/// drains the units still linked when aio::run's main task finishes.
///
/// The unit is also what a frame started as a unit reports to when it
/// finishes: a promise whose continuation is empty has a unit_state as its
/// state (see promise_base), and its final suspension calls finished().
class unit_state : public task_state {
public:
  using task_state::task_state;

  /// The unit's frame reached its final suspension with `error` as its
  /// exception (null on success); returns the coroutine to transfer to. May
  /// destroy the finished frame.
  virtual std::coroutine_handle<> finished(std::exception_ptr error) noexcept = 0;

  // Bookkeeping of detail::spawned_base, declared here so that it fills the
  // tail padding of task_state (a spawn record is part of every task's
  // memory). outcome_ is set when the frame finishes.
  unit_outcome outcome_ = unit_outcome::running;
  /// Somebody (a handle, gather, group) will look at the outcome.
  bool observed_ = false;
  /// The outcome was looked at; no "never retrieved" report.
  bool retrieved_ = false;
  /// References to a spawn record: at most two (the loop while the task
  /// runs, and its handle, gather or group).
  std::uint8_t refs_ = 0;

  unit_state* prev_ = nullptr;
  unit_state* next_ = nullptr;

protected:
  ~unit_state() = default;
};

/// Base of every aio promise: links a frame to its task state and to whoever
/// resumes when it finishes, and names the coroutine for debug mode.
///
/// - Started: a frame is started once it has a continuation (awaited by a
///   coroutine) or a state (started as a unit by run/spawn/gather/group);
///   a started frame with no continuation reports to its unit_state.
/// - Frames come from detail::frame_cache (a bounded per-thread cache of
///   recently freed frames, off under ASan): operator new/delete below are
///   the ones the compiler uses for every frame of a promise derived from
///   this class.
/// - `where_` is the coroutine itself: std::source_location::current() as a
///   default argument of the final promise class's constructor (task_promise,
///   generator_promise) is evaluated in the coroutine, so it gives the coroutine's function name and the line of
///   its definition (clang: the function's name; GCC: the end of its body).
///   A coroutine whose first parameter is a std::source_location hands that
///   one to the promise instead.
class promise_base {
public:
  explicit promise_base(std::source_location where) noexcept : where_(where) {}

  [[nodiscard]] task_state* state() const noexcept { return state_; }
  [[nodiscard]] bool started() const noexcept { return state_ != nullptr || continuation_; }
  [[nodiscard]] std::source_location where() const noexcept { return where_; }

  static void* operator new(std::size_t n) { return frame_cache::allocate(n); }
  static void operator delete(void* p, std::size_t n) noexcept { frame_cache::deallocate(p, n); }

  task_state* state_ = nullptr;
  std::coroutine_handle<> continuation_;

private:
  std::source_location where_;
};

/// The task state of the coroutine behind `h`, or nullptr when `h` is not an
/// aio coroutine (its suspension points are then not cancellable).
template <class Promise>
[[nodiscard]] task_state* state_of(std::coroutine_handle<Promise> h) noexcept {
  if constexpr (std::is_base_of_v<promise_base, Promise>)
    return h.promise().state();
  else
    return nullptr;
}

/// The cancellation step of an awaiter that owns children and forwards
/// cancellation to them instead of undoing an operation (child_set,
/// join_handle): runs `forward(ctx)` now if a cancellation is already
/// deliverable, otherwise arms it. Either way the awaiter suspends and keeps
/// waiting for its children. Leaf operations use cancellable_operation.
inline void arm_forwarding(task_state* s, cancel_fn forward, void* ctx) noexcept {
  if (s == nullptr) return;
  if (s->cancel_deliverable())
    forward(ctx);
  else
    s->arm(forward, ctx);
}

/// `co_await current_state()` yields the task state of the awaiting aio
/// coroutine (nullptr outside aio tasks) without suspending: how a coroutine
/// body reaches its own state (timeout_scope, shield).
class current_state_awaiter {
public:
  bool await_ready() const noexcept { return false; }
  template <class Promise>
  bool await_suspend(std::coroutine_handle<Promise> h) noexcept {
    state_ = state_of(h);
    return false;
  }
  task_state* await_resume() const noexcept { return state_; }

private:
  task_state* state_ = nullptr;
};
[[nodiscard]] inline current_state_awaiter current_state() noexcept { return {}; }

}  // namespace aio::detail

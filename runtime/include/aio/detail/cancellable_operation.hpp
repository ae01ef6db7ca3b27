// The cancellable-awaiter protocol of task_state.hpp, written once.
#pragma once

#include <coroutine>

#include "aio/detail/task_state.hpp"
#include "aio/event_loop.hpp"

namespace aio::detail {

/// CRTP base of an awaiter that suspends on one leaf operation (a timer, an
/// fd, a wait-list slot, a worker job) and undoes it when the task is
/// cancelled. It owns the protocol of task_state.hpp (docs/runtime.md,
/// "Writing a cancellable awaitable"); the derived class owns the operation:
///
///   void start();                          // in await_suspend; may throw
///   event_loop& loop() noexcept;           // where the coroutine resumes
///   void cancel_operation() noexcept;      // undo start() (the state has
///                                          // disarmed already)
///   T await_resume() { throw_if_cancelled(); return result; }
///
/// and calls complete() when the operation finishes normally. Its destructor
/// undoes an operation still in_flight() and calls disarm(): that happens
/// only when the awaiting frame is destroyed while suspended.
///
/// Guarantees, so the derived class need not repeat them:
/// - a cancellation deliverable at suspension throws at once, without
///   starting the operation;
/// - the coroutine is always resumed through loop().post, never inline;
/// - a completed operation keeps its result: a cancel that arrives after
///   complete() stays pending for the next suspension point;
/// - no virtual call and no allocation: the cancel callback is one static
///   function per derived class, and the base adds a task_state*, a handle
///   and two flags (whose padding the derived class's small members reuse).
template <class Derived>
class cancellable_operation {
public:
  cancellable_operation(const cancellable_operation&) = delete;
  cancellable_operation& operator=(const cancellable_operation&) = delete;

  bool await_ready() const noexcept { return false; }

  template <class Promise>
  bool await_suspend(std::coroutine_handle<Promise> h) {
    state_ = state_of(h);
    if (state_ != nullptr && state_->cancel_deliverable()) {
      cancelled_ = true;  // await_resume throws; nothing was started
      return false;
    }
    handle_ = h;
    derived().start();  // if it throws, nothing is armed
    if (state_ != nullptr) state_->arm(&on_cancel, this);
    in_flight_ = true;
    return true;
  }

protected:
  cancellable_operation() = default;
  ~cancellable_operation() = default;

  /// The operation finished normally: disarm the cancel callback and
  /// schedule the coroutine on `loop`.
  void complete(event_loop& loop) noexcept {
    in_flight_ = false;
    disarm();
    loop.post(handle_, state_);
  }
  /// Started and neither completed nor cancelled yet.
  [[nodiscard]] bool in_flight() const noexcept { return in_flight_; }
  void disarm() noexcept {
    if (state_ != nullptr) state_->disarm();
  }
  /// First step of await_resume: throws the task's cancellation
  /// (cancelled_error or timeout_error) only if *this* operation was
  /// cancelled.
  void throw_if_cancelled() const {
    if (cancelled_) state_->throw_cancel();
  }
  [[nodiscard]] task_state* state() const noexcept { return state_; }

private:
  Derived& derived() noexcept { return static_cast<Derived&>(*this); }

  // Armed on the task state; runs on the loop thread from request_cancel or
  // a fired deadline, after the state disarmed it.
  static void on_cancel(void* ctx) noexcept {
    auto* self = static_cast<cancellable_operation*>(ctx);
    // Read the loop first: cancel_operation may forget it (to_thread does).
    event_loop& loop = self->derived().loop();
    self->derived().cancel_operation();
    self->in_flight_ = false;
    self->cancelled_ = true;
    loop.post(self->handle_, self->state_);
  }

  task_state* state_ = nullptr;
  std::coroutine_handle<> handle_;
  bool cancelled_ = false;
  bool in_flight_ = false;
};

}  // namespace aio::detail

// aio::spawn and aio::join_handle: start a task that runs concurrently.
#pragma once

#include <coroutine>
#include <source_location>
#include <stdexcept>
#include <utility>

#include "aio/detail/spawned.hpp"
#include "aio/detail/task_state.hpp"
#include "aio/event_loop.hpp"
#include "aio/roles.hpp"
#include "aio/task.hpp"

namespace aio {

/// Handle to a task started with aio::spawn.
///
/// - `co_await h` (once) suspends until the task finishes and returns its
///   value or rethrows its exception.
/// - Cancelling the awaiting task while it waits cancels the spawned task
///   too, then keeps waiting for it to finish; the await then throws the
///   awaiter's cancellation (or returns normally if the child still
///   completed successfully, in which case the cancellation is delivered at
///   the awaiter's next suspension point).
/// - Dropping the handle does not cancel the task: the loop keeps it alive
///   until it finishes. If it then fails and nobody awaited it, the exception
///   is reported on stderr ("aio: task exception was never retrieved").
/// - Loop-thread only; one awaiter at a time.
template <class T>
class [[nodiscard]] join_handle {
public:
  join_handle() noexcept = default;
  explicit join_handle(detail::spawned<T>* rec) noexcept : rec_(rec) { rec_->observed_ = true; }
  join_handle(join_handle&& o) noexcept : rec_(std::exchange(o.rec_, nullptr)) {}
  join_handle& operator=(join_handle&& o) noexcept {
    if (this != &o) {
      drop();
      rec_ = std::exchange(o.rec_, nullptr);
    }
    return *this;
  }
  join_handle(const join_handle&) = delete;
  join_handle& operator=(const join_handle&) = delete;
  ~join_handle() { drop(); }

  [[nodiscard]] bool valid() const noexcept { return rec_ != nullptr; }
  /// The task has finished (with a value, an exception or cancelled).
  [[nodiscard]] bool done() const noexcept { return rec_->done(); }
  /// Requests cancellation: the task's current (or next) suspension point
  /// throws aio::cancelled_error. No effect on a finished task.
  void cancel() noexcept {
    if (!rec_->done()) rec_->request_cancel();
  }

  class awaiter : private detail::completion_observer {
  public:
    explicit awaiter(detail::spawned<T>* rec) noexcept : rec_(rec) {}
    awaiter(const awaiter&) = delete;
    awaiter& operator=(const awaiter&) = delete;
    ~awaiter() {
      // The awaiting frame is being destroyed while suspended: detach.
      if (waiting_) {
        rec_->observer_ = nullptr;
        if (state_ != nullptr) state_->disarm();
      }
    }

    bool await_ready() const noexcept { return rec_->done(); }

    template <class Promise>
    void await_suspend(std::coroutine_handle<Promise> h) {
      if (rec_->observer_ != nullptr) throw std::logic_error("aio: join_handle awaited twice concurrently");
      parent_ = h;
      state_ = detail::state_of(h);
      on_complete = &complete;
      rec_->observer_ = this;
      waiting_ = true;
      detail::arm_forwarding(state_, &forward_cancel, this);
    }

    T await_resume() {
      rec_->retrieved_ = true;
      if (forwarded_ && rec_->outcome() == detail::unit_outcome::cancelled) state_->throw_cancel();
      return rec_->take_result();
    }

  private:
    static std::coroutine_handle<> complete(detail::completion_observer* o, detail::spawned_base*) noexcept {
      auto* self = static_cast<awaiter*>(o);
      self->waiting_ = false;
      self->rec_->observer_ = nullptr;
      if (self->state_ != nullptr) self->state_->disarm();
      return self->parent_;
    }
    static void forward_cancel(void* ctx) noexcept {
      auto* self = static_cast<awaiter*>(ctx);
      self->forwarded_ = true;
      self->rec_->request_cancel();
    }

    detail::spawned<T>* rec_;
    detail::task_state* state_ = nullptr;
    std::coroutine_handle<> parent_;
    bool waiting_ = false;
    bool forwarded_ = false;
  };

  awaiter operator co_await() & noexcept { return awaiter{rec_}; }
  awaiter operator co_await() && noexcept { return awaiter{rec_}; }

private:
  void drop() noexcept {
    if (rec_ == nullptr) return;
    if (rec_->done()) {
      if (rec_->outcome() == detail::unit_outcome::failed && !rec_->retrieved_)
        detail::report_unretrieved(rec_->exception(), rec_->origin());
    } else {
      rec_->observed_ = false;  // the loop reports a failure when it finishes
    }
    std::exchange(rec_, nullptr)->release();
  }

  detail::spawned<T>* rec_ = nullptr;
};

/// Starts `t` on the current loop: it is scheduled immediately and runs
/// concurrently with the caller from the caller's next suspension point.
///
/// The loop owns the task until it finishes; the returned handle observes it
/// (see join_handle). Tasks still running when aio::run's main task returns
/// are cancelled and drained. Throws std::logic_error outside aio::run.
///
/// corolint role: `spawn` (the returned handle must be awaited or the task
/// must be owned by a structure that does).
template <class T>
AIO_ROLE(spawn)
[[nodiscard]] join_handle<T> spawn(task<T> t, std::source_location origin = std::source_location::current()) {
  if (!t.valid()) throw std::logic_error("aio: spawn of an empty task");
  return join_handle<T>{detail::spawned<T>::start_new(this_loop(), std::move(t), origin)};
}

}  // namespace aio

// The FIFO of parked coroutines behind mutex, semaphore, event and queue.
#pragma once

#include <coroutine>

#include "aio/detail/task_state.hpp"
#include "aio/event_loop.hpp"

namespace aio::detail {

class wait_list;

/// One coroutine parked on a wait_list; lives in the awaiting frame (it is
/// the awaiter of `co_await park(list)`), so neither copyable nor movable.
///
/// Follows the cancellable-awaiter protocol of task_state.hpp:
/// - woken (wait_list::wake_one/wake_all): unlinked, disarmed, posted; the
///   await returns normally even if a cancel arrives before it runs (that
///   cancel stays pending for the next suspension point), so whatever the
///   primitive handed over with the wakeup (a lock, a permit) is never lost;
/// - cancelled while queued: unlinked, posted, and the await throws the
///   task's cancellation (cancelled_error or timeout_error).
class park_awaiter {
public:
  explicit park_awaiter(wait_list& list) noexcept : list_(&list) {}
  park_awaiter(const park_awaiter&) = delete;
  park_awaiter& operator=(const park_awaiter&) = delete;
  ~park_awaiter();

  bool await_ready() const noexcept { return false; }
  template <class Promise>
  bool await_suspend(std::coroutine_handle<Promise> h);
  void await_resume() {
    if (cancelled_) state_->throw_cancel();
  }

private:
  friend class wait_list;
  static void on_cancel(void* ctx) noexcept;

  wait_list* list_;
  park_awaiter* prev_ = nullptr;
  park_awaiter* next_ = nullptr;
  event_loop* loop_ = nullptr;
  task_state* state_ = nullptr;
  std::coroutine_handle<> handle_;
  bool queued_ = false;
  bool cancelled_ = false;
};

/// Intrusive doubly linked FIFO of park_awaiters. Loop-thread only. The owner
/// must not be destroyed while coroutines are parked on it.
class wait_list {
public:
  wait_list() = default;
  wait_list(const wait_list&) = delete;
  wait_list& operator=(const wait_list&) = delete;

  [[nodiscard]] bool empty() const noexcept { return head_ == nullptr; }

  /// Schedules the longest-waiting coroutine; false if none is parked.
  bool wake_one() noexcept {
    park_awaiter* w = head_;
    if (w == nullptr) return false;
    unlink(*w);
    if (w->state_ != nullptr) w->state_->disarm();
    w->loop_->post(w->handle_, w->state_);
    return true;
  }
  void wake_all() noexcept {
    while (wake_one()) {
    }
  }

private:
  friend class park_awaiter;

  void push_back(park_awaiter& w) noexcept {
    w.prev_ = tail_;
    w.next_ = nullptr;
    if (tail_ != nullptr) tail_->next_ = &w;
    else head_ = &w;
    tail_ = &w;
    w.queued_ = true;
  }
  void unlink(park_awaiter& w) noexcept {
    if (w.prev_ != nullptr) w.prev_->next_ = w.next_;
    else head_ = w.next_;
    if (w.next_ != nullptr) w.next_->prev_ = w.prev_;
    else tail_ = w.prev_;
    w.prev_ = w.next_ = nullptr;
    w.queued_ = false;
  }

  park_awaiter* head_ = nullptr;
  park_awaiter* tail_ = nullptr;
};

inline park_awaiter::~park_awaiter() {
  // Only reached while queued if the awaiting frame is destroyed while
  // suspended: leave no dangling pointer in the list or the task state.
  if (!queued_) return;
  list_->unlink(*this);
  if (state_ != nullptr) state_->disarm();
}

template <class Promise>
bool park_awaiter::await_suspend(std::coroutine_handle<Promise> h) {
  state_ = state_of(h);
  if (state_ != nullptr && state_->cancel_deliverable()) {
    cancelled_ = true;
    return false;
  }
  loop_ = &this_loop();
  handle_ = h;
  list_->push_back(*this);
  if (state_ != nullptr) state_->arm(&on_cancel, this);
  return true;
}

inline void park_awaiter::on_cancel(void* ctx) noexcept {
  auto* self = static_cast<park_awaiter*>(ctx);
  self->list_->unlink(*self);
  self->cancelled_ = true;
  self->loop_->post(self->handle_, self->state_);
}

/// `co_await park(list)`: suspend until woken through `list`; the primitive
/// re-checks its condition afterwards.
[[nodiscard]] inline park_awaiter park(wait_list& list) noexcept { return park_awaiter{list}; }

}  // namespace aio::detail

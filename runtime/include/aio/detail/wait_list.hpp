// The FIFO of parked coroutines behind mutex, semaphore, event and queue.
#pragma once

#include <coroutine>

#include "aio/detail/cancellable_operation.hpp"
#include "aio/detail/task_state.hpp"
#include "aio/event_loop.hpp"

namespace aio::detail {

class wait_list;

/// One coroutine parked on a wait_list; lives in the awaiting frame (it is
/// the awaiter of `co_await park(list)`), so neither copyable nor movable.
///
/// Cancellation follows cancellable_operation:
/// - woken (wait_list::wake_one/wake_all): unlinked, disarmed, posted; the
///   await returns normally even if a cancel arrives before it runs (that
///   cancel stays pending for the next suspension point), so whatever the
///   primitive handed over with the wakeup (a lock, a permit) is never lost;
/// - cancelled while queued: unlinked, posted, and the await throws the
///   task's cancellation (cancelled_error or timeout_error).
class park_awaiter : public cancellable_operation<park_awaiter> {
public:
  explicit park_awaiter(wait_list& list) noexcept : list_(&list) {}
  ~park_awaiter();

  void await_resume() { throw_if_cancelled(); }

private:
  friend class wait_list;
  friend class cancellable_operation<park_awaiter>;

  // Queued on list_ exactly while in_flight().
  void start();
  event_loop& loop() noexcept { return *loop_; }
  void cancel_operation() noexcept;

  wait_list* list_;
  park_awaiter* prev_ = nullptr;
  park_awaiter* next_ = nullptr;
  event_loop* loop_ = nullptr;
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
    w->complete(*w->loop_);
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
  }
  void unlink(park_awaiter& w) noexcept {
    if (w.prev_ != nullptr) w.prev_->next_ = w.next_;
    else head_ = w.next_;
    if (w.next_ != nullptr) w.next_->prev_ = w.prev_;
    else tail_ = w.prev_;
    w.prev_ = w.next_ = nullptr;
  }

  park_awaiter* head_ = nullptr;
  park_awaiter* tail_ = nullptr;
};

inline park_awaiter::~park_awaiter() {
  // Only reached while queued if the awaiting frame is destroyed while
  // suspended: leave no dangling pointer in the list or the task state.
  if (!in_flight()) return;
  list_->unlink(*this);
  disarm();
}

inline void park_awaiter::start() {
  loop_ = &this_loop();
  list_->push_back(*this);
}

inline void park_awaiter::cancel_operation() noexcept { list_->unlink(*this); }

/// `co_await park(list)`: suspend until woken through `list`; the primitive
/// re-checks its condition afterwards.
[[nodiscard]] inline park_awaiter park(wait_list& list) noexcept { return park_awaiter{list}; }

}  // namespace aio::detail

// aio::queue<T>: a FIFO channel between tasks, with back-pressure and shutdown.
#pragma once

#include <algorithm>
#include <cstddef>
#include <deque>
#include <exception>
#include <optional>
#include <stdexcept>
#include <utility>

#include "aio/detail/wait_list.hpp"
#include "aio/task.hpp"

namespace aio {

/// Thrown by put on a closed queue, and by get on a closed queue that has no
/// items left (asyncio.QueueShutDown).
class queue_closed : public std::exception {
public:
  [[nodiscard]] const char* what() const noexcept override { return "aio: queue closed"; }
};

/// A FIFO queue for tasks on one event loop (asyncio.Queue, Python 3.13).
///
/// - Capacity: `aio::queue<T> q(maxsize)`; 0 means unbounded. put waits
///   while the queue is full, get while it is empty. Waiters are served in
///   FIFO order.
/// - Starts: put, get and join are lazy tasks; they complete without
///   suspending when they can.
/// - Work tracking: every put item counts as unfinished until a consumer
///   calls task_done() for it; `co_await q.join()` waits until none is
///   unfinished.
/// - Shutdown: close() (= shutdown(false)) makes every put, pending or
///   future, throw aio::queue_closed; gets keep draining the items left and
///   then throw queue_closed. shutdown(true) also drops the items left (and
///   counts them as done, so join() returns) and makes every get throw.
/// - Cancellation: a put or get cancelled (or timed out) while waiting
///   leaves the queue untouched (the item of a cancelled put is not
///   enqueued) and throws aio::cancelled_error (or timeout_error).
/// - Loop-thread only. Destroying a queue with waiting tasks is undefined.
///
/// corolint role: none (put and get wait on other tasks of the program, not
/// on an external peer, so they do not carry `needs_timeout`).
template <class T>
class queue {
public:
  explicit queue(std::size_t maxsize = 0) noexcept : maxsize_(maxsize) {}
  queue(const queue&) = delete;
  queue& operator=(const queue&) = delete;

  /// `co_await q.put(v)`: appends `v`, waiting for room if the queue is
  /// bounded and full. Throws aio::queue_closed once the queue is closed.
  [[nodiscard]] task<> put(T value) {
    while (full()) {
      if (closed_) throw queue_closed();
      co_await detail::park(putters_);
    }
    if (closed_) throw queue_closed();
    push(std::move(value));
  }

  /// `co_await q.get()`: removes and returns the first item, waiting for
  /// one if the queue is empty. Throws aio::queue_closed when the queue is
  /// closed and empty.
  [[nodiscard]] task<T> get() {
    while (items_.empty()) {
      if (closed_) throw queue_closed();
      co_await detail::park(getters_);
    }
    co_return pop();
  }

  /// Appends `v` if there is room; false if full. Throws queue_closed once
  /// closed.
  bool try_put(T value) {
    if (closed_) throw queue_closed();
    if (full()) return false;
    push(std::move(value));
    return true;
  }

  /// The first item, or nullopt if empty. Throws queue_closed when closed
  /// and empty.
  [[nodiscard]] std::optional<T> try_get() {
    if (items_.empty()) {
      if (closed_) throw queue_closed();
      return std::nullopt;
    }
    return pop();
  }

  /// Marks one item taken by get as processed. Throws std::logic_error when
  /// called more often than items were put.
  void task_done() {
    if (unfinished_ == 0) throw std::logic_error("aio: queue::task_done called too many times");
    if (--unfinished_ == 0) joiners_.wake_all();
  }

  /// `co_await q.join()`: waits until every item put has been marked done.
  [[nodiscard]] task<> join() {
    while (unfinished_ > 0) co_await detail::park(joiners_);
  }

  /// shutdown(false): no more puts; gets drain what is left.
  void close() noexcept { shutdown(false); }

  /// Closes the queue and wakes every blocked put (they throw) and get
  /// (they drain, then throw). With `immediate`, the items left are dropped
  /// and counted as done.
  void shutdown(bool immediate = false) noexcept {
    closed_ = true;
    if (immediate) {
      unfinished_ -= std::min(unfinished_, items_.size());
      items_.clear();
      if (unfinished_ == 0) joiners_.wake_all();
    }
    putters_.wake_all();
    getters_.wake_all();
  }

  [[nodiscard]] std::size_t size() const noexcept { return items_.size(); }
  [[nodiscard]] bool empty() const noexcept { return items_.empty(); }
  [[nodiscard]] bool full() const noexcept { return maxsize_ != 0 && items_.size() >= maxsize_; }
  [[nodiscard]] bool closed() const noexcept { return closed_; }
  [[nodiscard]] std::size_t maxsize() const noexcept { return maxsize_; }
  [[nodiscard]] std::size_t unfinished() const noexcept { return unfinished_; }

private:
  // A woken waiter re-checks its condition (another task may have taken the
  // item or the slot first) and parks again at the back if it lost.
  void push(T&& value) {
    items_.push_back(std::move(value));
    ++unfinished_;
    getters_.wake_one();
  }
  T pop() {
    T v = std::move(items_.front());
    items_.pop_front();
    putters_.wake_one();
    return v;
  }

  std::deque<T> items_;
  detail::wait_list getters_;
  detail::wait_list putters_;
  detail::wait_list joiners_;
  std::size_t maxsize_;
  std::size_t unfinished_ = 0;
  bool closed_ = false;
};

}  // namespace aio

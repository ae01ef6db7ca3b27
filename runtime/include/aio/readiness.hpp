// aio::wait_readable / aio::wait_writable: fd readiness through epoll.
#pragma once

#include <sys/epoll.h>

#include <coroutine>
#include <cstdint>
#include <stdexcept>

#include "aio/detail/task_state.hpp"
#include "aio/event_loop.hpp"

namespace aio {

namespace detail {

/// Waits for one epoll event on a non-blocking fd: registers on suspension,
/// unregisters when the event arrives or on cancellation (one watch per fd:
/// don't wait for reading and writing on the same fd from two tasks at once).
/// Two epoll_ctl calls per wait: for an fd waited on again and again (a
/// socket), use io_registration instead.
class readiness_awaiter {
public:
  readiness_awaiter(int fd, std::uint32_t events) noexcept : fd_(fd), events_(events) {}
  readiness_awaiter(const readiness_awaiter&) = delete;
  readiness_awaiter& operator=(const readiness_awaiter&) = delete;
  ~readiness_awaiter() {
    if (!watching_) return;
    loop_->unwatch_fd(fd_);
    if (state_ != nullptr) state_->disarm();
  }

  bool await_ready() const noexcept { return false; }
  template <class Promise>
  bool await_suspend(std::coroutine_handle<Promise> h) {
    state_ = state_of(h);
    if (state_ != nullptr && state_->cancel_deliverable()) {
      cancelled_ = true;
      return false;
    }
    loop_ = &this_loop();
    handle_ = h;
    watch_.self = this;
    watch_.ready = &on_ready;
    loop_->watch_fd(fd_, events_, watch_);
    watching_ = true;
    if (state_ != nullptr) state_->arm(&on_cancel, this);
    return true;
  }
  /// The epoll event mask (EPOLLIN, EPOLLOUT, EPOLLHUP, EPOLLERR, ...).
  std::uint32_t await_resume() {
    if (cancelled_) state_->throw_cancel();
    return received_;
  }

private:
  struct watch : fd_watch {
    readiness_awaiter* self = nullptr;
  };
  static void on_ready(fd_watch* w, std::uint32_t events) noexcept {
    readiness_awaiter* self = static_cast<watch*>(w)->self;
    self->received_ = events;
    self->stop();
  }
  static void on_cancel(void* ctx) noexcept {
    auto* self = static_cast<readiness_awaiter*>(ctx);
    self->cancelled_ = true;
    self->stop();
  }
  void stop() noexcept {
    if (!watching_) return;
    watching_ = false;
    loop_->unwatch_fd(fd_);
    if (state_ != nullptr) state_->disarm();
    loop_->post(handle_, state_);
  }

  int fd_;
  std::uint32_t events_;
  std::uint32_t received_ = 0;
  event_loop* loop_ = nullptr;
  task_state* state_ = nullptr;
  std::coroutine_handle<> handle_;
  watch watch_;
  bool watching_ = false;
  bool cancelled_ = false;
};

class [[nodiscard]] readiness_operation {
public:
  readiness_operation(int fd, std::uint32_t events) noexcept : fd_(fd), events_(events) {}
  readiness_awaiter operator co_await() const noexcept { return {fd_, events_}; }

private:
  int fd_;
  std::uint32_t events_;
};

class io_wait_awaiter;

/// A non-blocking fd registered with epoll once, for its owner's lifetime
/// (tcp_stream, tcp_listener): EPOLL_CTL_ADD in the constructor, for
/// EPOLLIN | EPOLLOUT | EPOLLRDHUP edge-triggered, EPOLL_CTL_DEL in the
/// destructor (which must run before the fd is closed). No epoll_ctl per wait.
///
/// One reader and one writer may wait at the same time (full duplex); a
/// second reader (or writer) while one waits throws std::logic_error.
///
/// Contract: wait only after the operation returned EAGAIN. Edge-triggered
/// epoll reports every readiness change after that EAGAIN, so no readiness
/// cache is needed: an event that arrives while nobody waits is dropped, and
/// the next operation tries its syscall first anyway. A stale event (queued
/// before the EAGAIN, delivered after) only causes one more EAGAIN and wait.
///
/// If the loop is destroyed first, it nulls loop() and the destructor does
/// nothing (the epoll fd is gone).
class io_registration : public persistent_watch {
public:
  io_registration(event_loop& loop, int fd) : fd_(fd) {
    ready = &on_ready;
    loop.watch_persistent(fd, EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, *this);
  }
  io_registration(const io_registration&) = delete;
  io_registration& operator=(const io_registration&) = delete;
  ~io_registration() {
    if (loop_ != nullptr) loop_->unwatch_persistent(fd_, *this);
  }

  /// The loop it is registered with; null once that loop is gone.
  [[nodiscard]] event_loop* loop() const noexcept { return loop_; }
  [[nodiscard]] int fd() const noexcept { return fd_; }

  /// `co_await reg.wait_readable()`: until readable, hung up or failed; the
  /// epoll mask. Cancellable (cancelled_error / timeout_error).
  [[nodiscard]] io_wait_awaiter wait_readable() noexcept;
  [[nodiscard]] io_wait_awaiter wait_writable() noexcept;

private:
  friend class io_wait_awaiter;
  static void on_ready(fd_watch* w, std::uint32_t events) noexcept;

  int fd_;
  io_wait_awaiter* reader_ = nullptr;
  io_wait_awaiter* writer_ = nullptr;
};

/// One waiter of an io_registration; follows the cancellable-awaiter
/// protocol of task_state.hpp (arm on suspension, disarm on wake, post the
/// coroutine from the fd or cancel callback, never resume inline).
class io_wait_awaiter {
public:
  io_wait_awaiter(io_registration& reg, bool write) noexcept : reg_(&reg), write_(write) {}
  io_wait_awaiter(const io_wait_awaiter&) = delete;
  io_wait_awaiter& operator=(const io_wait_awaiter&) = delete;
  ~io_wait_awaiter() {
    // Only while waiting if the awaiting frame is destroyed while suspended.
    if (!waiting_) return;
    slot() = nullptr;
    if (state_ != nullptr) state_->disarm();
  }

  bool await_ready() const noexcept { return false; }
  template <class Promise>
  bool await_suspend(std::coroutine_handle<Promise> h) {
    state_ = state_of(h);
    if (state_ != nullptr && state_->cancel_deliverable()) {
      cancelled_ = true;
      return false;
    }
    io_wait_awaiter*& s = slot();
    if (s != nullptr)
      throw std::logic_error(write_ ? "aio: two tasks wait to write the same fd at once"
                                    : "aio: two tasks wait to read the same fd at once");
    s = this;
    handle_ = h;
    waiting_ = true;
    if (state_ != nullptr) state_->arm(&on_cancel, this);
    return true;
  }
  std::uint32_t await_resume() {
    if (cancelled_) state_->throw_cancel();
    return received_;
  }

private:
  friend class io_registration;

  io_wait_awaiter*& slot() noexcept { return write_ ? reg_->writer_ : reg_->reader_; }
  void wake(std::uint32_t events) noexcept {
    received_ = events;
    waiting_ = false;
    slot() = nullptr;
    if (state_ != nullptr) state_->disarm();
    reg_->loop_->post(handle_, state_);
  }
  static void on_cancel(void* ctx) noexcept {
    auto* self = static_cast<io_wait_awaiter*>(ctx);
    self->waiting_ = false;
    self->slot() = nullptr;
    self->cancelled_ = true;
    self->reg_->loop_->post(self->handle_, self->state_);
  }

  io_registration* reg_;
  task_state* state_ = nullptr;
  std::coroutine_handle<> handle_;
  std::uint32_t received_ = 0;
  bool write_;
  bool waiting_ = false;
  bool cancelled_ = false;
};

inline io_wait_awaiter io_registration::wait_readable() noexcept { return {*this, false}; }
inline io_wait_awaiter io_registration::wait_writable() noexcept { return {*this, true}; }

inline void io_registration::on_ready(fd_watch* w, std::uint32_t events) noexcept {
  auto* self = static_cast<io_registration*>(w);
  constexpr std::uint32_t failed = EPOLLHUP | EPOLLERR;
  if (self->reader_ != nullptr && (events & (EPOLLIN | EPOLLRDHUP | failed)) != 0) self->reader_->wake(events);
  if (self->writer_ != nullptr && (events & (EPOLLOUT | failed)) != 0) self->writer_->wake(events);
}

}  // namespace detail

/// `co_await aio::wait_readable(fd)`: suspends until `fd` (non-blocking) is
/// readable, or has hung up or failed; returns the epoll event mask.
/// Cancellable: unregisters the fd and throws aio::cancelled_error.
[[nodiscard]] inline detail::readiness_operation wait_readable(int fd) noexcept {
  return {fd, EPOLLIN | EPOLLRDHUP};
}
/// `co_await aio::wait_writable(fd)`: as wait_readable, for writing.
[[nodiscard]] inline detail::readiness_operation wait_writable(int fd) noexcept { return {fd, EPOLLOUT}; }

}  // namespace aio

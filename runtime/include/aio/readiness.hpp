// aio::wait_readable / aio::wait_writable: fd readiness through epoll.
#pragma once

#include <sys/epoll.h>

#include <coroutine>
#include <cstdint>

#include "aio/detail/task_state.hpp"
#include "aio/event_loop.hpp"

namespace aio {

namespace detail {

/// Waits for one epoll event on a non-blocking fd: registers on suspension,
/// unregisters when the event arrives or on cancellation (one watch per fd:
/// don't wait for reading and writing on the same fd from two tasks at once).
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

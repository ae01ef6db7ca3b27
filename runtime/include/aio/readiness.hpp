// aio::wait_readable / aio::wait_writable: fd readiness through epoll.
#pragma once

#include <sys/epoll.h>

#include <coroutine>
#include <cstdint>
#include <stdexcept>

#include "aio/detail/cancellable_operation.hpp"
#include "aio/detail/task_state.hpp"
#include "aio/event_loop.hpp"

namespace aio {

namespace detail {

/// Waits for one epoll event on a non-blocking fd: registers on suspension,
/// unregisters when the event arrives or on cancellation (one watch per fd:
/// don't wait for reading and writing on the same fd from two tasks at once).
/// Two epoll_ctl calls per wait: for an fd waited on again and again (a
/// socket), use io_registration instead.
class readiness_awaiter : public cancellable_operation<readiness_awaiter> {
public:
  readiness_awaiter(int fd, std::uint32_t events) noexcept : fd_(fd), events_(events) {}
  ~readiness_awaiter() {
    // Only while in flight if the awaiting frame is destroyed while suspended.
    if (!in_flight()) return;
    loop_->unwatch_fd(fd_);
    disarm();
  }

  /// The epoll event mask (EPOLLIN, EPOLLOUT, EPOLLHUP, EPOLLERR, ...).
  std::uint32_t await_resume() {
    throw_if_cancelled();
    return received_;
  }

private:
  friend class cancellable_operation<readiness_awaiter>;

  struct watch : fd_watch {
    readiness_awaiter* self = nullptr;
  };
  void start() {
    loop_ = &this_loop();
    watch_.self = this;
    watch_.ready = &on_ready;
    loop_->watch_fd(fd_, events_, watch_);
  }
  event_loop& loop() noexcept { return *loop_; }
  void cancel_operation() noexcept { loop_->unwatch_fd(fd_); }
  static void on_ready(fd_watch* w, std::uint32_t events) noexcept {
    readiness_awaiter* self = static_cast<watch*>(w)->self;
    // An event of the same epoll batch may follow a cancellation.
    if (!self->in_flight()) return;
    self->received_ = events;
    self->loop_->unwatch_fd(self->fd_);
    self->complete(*self->loop_);
  }

  int fd_;
  std::uint32_t events_;
  std::uint32_t received_ = 0;
  event_loop* loop_ = nullptr;
  watch watch_;
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

  /// Read-readiness hint (the idea of Asio's "exhausted" reads): a read that
  /// returned less than it asked for emptied the socket's receive queue, so
  /// the next read waits for the next edge instead of trying a recv that
  /// would fail with EAGAIN. Every readable (or hangup/error) edge sets the
  /// hint again, whether a reader waits or not; since edges are delivered
  /// by this loop's own epoll_wait, after the read that cleared the hint,
  /// none is missed. A stale edge only costs one EAGAIN, as before.
  /// Once the peer hung up (EPOLLRDHUP/HUP/ERR seen) the hint stays set: a
  /// drained queue then reads end of stream, and no further edge would come.
  [[nodiscard]] bool maybe_readable() const noexcept { return maybe_readable_; }
  void read_drained() noexcept {
    if (!hung_up_) maybe_readable_ = false;
  }
  [[nodiscard]] int fd() const noexcept { return fd_; }

  /// `co_await reg.wait_readable()`: until readable, hung up or failed; the
  /// epoll mask. Cancellable (cancelled_error / timeout_error).
  [[nodiscard]] io_wait_awaiter wait_readable() noexcept;
  [[nodiscard]] io_wait_awaiter wait_writable() noexcept;

private:
  friend class io_wait_awaiter;
  static void on_ready(fd_watch* w, std::uint32_t events) noexcept;

  int fd_;
  bool maybe_readable_ = true;
  bool hung_up_ = false;
  io_wait_awaiter* reader_ = nullptr;
  io_wait_awaiter* writer_ = nullptr;
};

/// One waiter of an io_registration, in its reader or writer slot; the
/// cancellation protocol is cancellable_operation's.
class io_wait_awaiter : public cancellable_operation<io_wait_awaiter> {
public:
  io_wait_awaiter(io_registration& reg, bool write) noexcept : write_(write), reg_(&reg) {}
  ~io_wait_awaiter() {
    // Only while in flight if the awaiting frame is destroyed while suspended.
    if (!in_flight()) return;
    slot() = nullptr;
    disarm();
  }

  std::uint32_t await_resume() {
    throw_if_cancelled();
    return received_;
  }

private:
  friend class io_registration;
  friend class cancellable_operation<io_wait_awaiter>;

  io_wait_awaiter*& slot() noexcept { return write_ ? reg_->writer_ : reg_->reader_; }
  void start() {
    io_wait_awaiter*& s = slot();
    if (s != nullptr)
      throw std::logic_error(write_ ? "aio: two tasks wait to write the same fd at once"
                                    : "aio: two tasks wait to read the same fd at once");
    s = this;
  }
  event_loop& loop() noexcept { return *reg_->loop_; }
  void cancel_operation() noexcept { slot() = nullptr; }
  void wake(std::uint32_t events) noexcept {
    received_ = events;
    slot() = nullptr;
    complete(*reg_->loop_);
  }

  // write_ and received_ first: they fit in the base's tail padding.
  bool write_;
  std::uint32_t received_ = 0;
  io_registration* reg_;
};

inline io_wait_awaiter io_registration::wait_readable() noexcept { return {*this, false}; }
inline io_wait_awaiter io_registration::wait_writable() noexcept { return {*this, true}; }

inline void io_registration::on_ready(fd_watch* w, std::uint32_t events) noexcept {
  auto* self = static_cast<io_registration*>(w);
  constexpr std::uint32_t failed = EPOLLHUP | EPOLLERR;
  if ((events & (EPOLLRDHUP | failed)) != 0) self->hung_up_ = true;
  if ((events & (EPOLLIN | EPOLLRDHUP | failed)) != 0) {
    self->maybe_readable_ = true;
    if (self->reader_ != nullptr) self->reader_->wake(events);
  }
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

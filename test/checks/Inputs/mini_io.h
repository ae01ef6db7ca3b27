// A minimal I/O vocabulary for corolint-missing-timeout fixtures: operations
// on external resources (role needs_timeout), timeout functions and a
// timeout scope (role timeout), and the argument types that bound a call.
#pragma once
#include "mini_task.h"

#include <chrono>
#include <stop_token>
#include <utility>

namespace mini_io {

using clock = std::chrono::steady_clock;

/// What an I/O operation returns: an awaiter.
struct io_awaiter {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  int await_resume() const noexcept { return 0; }
  /// Bounds this operation (a method with role timeout).
  ROLE(timeout) io_awaiter with_deadline(clock::duration) && { return {}; }
  io_awaiter on_executor(int) && { return {}; }
};

/// A user-defined deadline type (bounding: its name contains "deadline").
struct request_deadline {
  clock::time_point at;
};

/// A cancellation token of another runtime.
struct cancellation_token {};

class socket {
public:
  ROLE(needs_timeout) io_awaiter read(char *buf);
  ROLE(needs_timeout) io_awaiter read(char *buf, std::chrono::milliseconds);
  ROLE(needs_timeout) io_awaiter read(char *buf, request_deadline);
  ROLE(needs_timeout) io_awaiter read(char *buf, std::stop_token);
  ROLE(needs_timeout) io_awaiter read(char *buf, cancellation_token);
  /// The default timeout is "none": only a timeout the caller passes counts.
  ROLE(needs_timeout)
  io_awaiter write(const char *buf, std::chrono::milliseconds timeout = {});
  /// Served from a local buffer: never waits on the peer.
  io_awaiter read_buffered(char *buf);
};

ROLE(needs_timeout) io_awaiter connect(const char *host);
ROLE(needs_timeout) io_awaiter connect(const char *host, clock::time_point);

/// Waits for all of its awaitables (a combinator without role).
template <class... A> struct all_of {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
template <class... A> all_of<A...> when_all(A &&...) { return {}; }

/// Bounds an awaitable in time (a function with role timeout).
template <class Awaitable> struct timed {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  bool await_resume() const noexcept { return true; }
};
template <class Rep, class Period, class Awaitable>
ROLE(timeout)
timed<Awaitable> with_timeout(std::chrono::duration<Rep, Period>,
                              Awaitable &&) {
  return {};
}

/// A timeout wrapper built as an object (a class with role timeout).
template <class Awaitable> struct ROLE(timeout) timeout_op {
  timeout_op(clock::duration, Awaitable &&) {}
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
template <class Awaitable>
timeout_op(clock::duration, Awaitable &&) -> timeout_op<Awaitable>;

/// While alive, every await in the enclosing block is cancelled at the
/// deadline (a class with role timeout).
class ROLE(timeout) timeout_scope {
public:
  explicit timeout_scope(clock::duration);
  ~timeout_scope();
};
/// Returns a scope object: the role is on the type.
timeout_scope move_on_after(clock::duration);

} // namespace mini_io

// aio::wait_for_signal: receive POSIX signals as an awaitable, via signalfd.
#pragma once

#include <pthread.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "aio/readiness.hpp"
#include "aio/task.hpp"

namespace aio {

namespace detail {

/// Owns a signalfd; closes it on every exit path of wait_for_signal.
class signal_fd {
public:
  explicit signal_fd(const sigset_t& mask) : fd_(::signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC)) {
    if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "aio: signalfd");
  }
  signal_fd(const signal_fd&) = delete;
  signal_fd& operator=(const signal_fd&) = delete;
  ~signal_fd() { ::close(fd_); }

  /// The number of one pending signal, or 0 if none is pending.
  [[nodiscard]] int take() const {
    signalfd_siginfo info{};
    ssize_t n = ::read(fd_, &info, sizeof info);
    if (n == static_cast<ssize_t>(sizeof info)) return static_cast<int>(info.ssi_signo);
    if (n < 0 && errno != EAGAIN && errno != EINTR)
      throw std::system_error(errno, std::generic_category(), "aio: read(signalfd)");
    return 0;
  }
  [[nodiscard]] int fd() const noexcept { return fd_; }

private:
  int fd_;
};

}  // namespace detail

/// Up to eight signal numbers, written `{SIGINT, SIGTERM}` or `SIGTERM`.
///
/// A bit mask built by a constructor, not an initializer_list: GCC 12 cannot
/// keep a temporary array (an initializer_list's) alive across a co_await
/// ("array used as initializer"), which `co_await wait_for_signal({...})`
/// would need.
class signal_set {
public:
  // Implicit on purpose: `wait_for_signal({SIGINT, SIGTERM})`.
  signal_set(int s1, int s2 = 0, int s3 = 0, int s4 = 0, int s5 = 0, int s6 = 0, int s7 = 0, int s8 = 0) {
    for (int s : {s1, s2, s3, s4, s5, s6, s7, s8}) {
      if (s == 0) continue;
      if (s < 1 || s > 64) throw std::invalid_argument("aio: bad signal number");
      bits_ |= std::uint64_t{1} << (s - 1);
    }
  }
  [[nodiscard]] bool contains(int s) const noexcept { return s >= 1 && s <= 64 && ((bits_ >> (s - 1)) & 1) != 0; }
  [[nodiscard]] sigset_t mask() const noexcept {
    sigset_t m;
    ::sigemptyset(&m);
    for (int s = 1; s <= 64; ++s)
      if (contains(s)) ::sigaddset(&m, s);
    return m;
  }

private:
  std::uint64_t bits_ = 0;
};

/// `co_await aio::wait_for_signal({SIGINT, SIGTERM})`: suspends until one of
/// the signals arrives and returns its number.
///
/// - Blocking: the first call blocks the given signals in the calling (loop)
///   thread with pthread_sigmask and leaves them blocked: their default
///   action (terminating the process) no longer happens; they stay pending
///   until a wait_for_signal takes them. Block them early (or call this
///   before starting other threads): other threads of the process that do
///   not block them may still receive process-directed signals. aio's
///   thread pools block every signal in their workers.
/// - A signal already pending is returned without waiting. Each delivery is
///   taken by one waiter.
/// - Starts: lazily; a signalfd is created for each call and closed when it
///   returns.
/// - Cancellation: cancellable (the fd interest is removed); throws
///   aio::cancelled_error (or timeout_error).
///
/// Graceful shutdown pattern (see docs/runtime.md): a supervisor task waits
/// for SIGINT/SIGTERM, closes the work queue and cancels the workers or lets
/// them drain it.
[[nodiscard]] inline task<int> wait_for_signal(signal_set signals) {
  const sigset_t mask = signals.mask();
  if (int err = ::pthread_sigmask(SIG_BLOCK, &mask, nullptr); err != 0)
    throw std::system_error(err, std::generic_category(), "aio: pthread_sigmask");
  detail::signal_fd sfd(mask);
  for (;;) {
    // take() reads an SFD_NONBLOCK signalfd: it returns 0 instead of waiting.
    if (int signo = sfd.take(); signo != 0) co_return signo;
    co_await wait_readable(sfd.fd());
  }
}

}  // namespace aio

// corolint-blocking-call on descriptor calls: a read, write, send, recv,
// accept or connect does not block when the translation unit shows the
// descriptor is non-blocking (opened with SOCK_NONBLOCK/O_NONBLOCK/..., set
// with fcntl(F_SETFL, O_NONBLOCK), or awaited for readiness before the
// call), and functions with the non_blocking role never block.
// CHECKS: corolint-blocking-call
#include "mini.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>

// --- Positive cases: no evidence ------------------------------------------

mini::task<> no_evidence(int fd, char *buf) {
  ::recv(fd, buf, 16, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'recv' in coroutine 'no_evidence' stalls the event loop
  int client = ::accept4(fd, nullptr, nullptr, SOCK_NONBLOCK);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: blocking call to 'accept4' in coroutine 'no_evidence'
  ::read(client, buf, 1); // the accepted socket is non-blocking: no diagnostic
  co_return;
}

mini::task<> made_blocking(int fd, char *buf) {
  int flags = ::fcntl(fd, F_GETFL);
  ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK); // clears the flag
  ::read(fd, buf, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read' in coroutine 'made_blocking'
  co_return;
}

mini::task<> readiness_of_another_descriptor(int fd, int other, char *buf) {
  co_await mini_fd::poll(other, mini_fd::op::read);
  ::recv(fd, buf, 16, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'recv' in coroutine 'readiness_of_another_descriptor'
}

// --- No diagnostic: the descriptor was produced non-blocking ----------------

mini::task<> opened_non_blocking(char *buf) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  ::connect(fd, nullptr, 0); // returns EINPROGRESS at once
  ::send(fd, buf, 1, 0);
  int client = -1;
  client = ::accept4(fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
  ::recv(client, buf, 1, 0); // accept4 made the new socket non-blocking
  int wakeup = ::eventfd(0, EFD_NONBLOCK);
  ::read(wakeup, buf, 8);
  int file = ::open("/dev/null", O_RDONLY | O_NONBLOCK);
  ::read(file, buf, 1);
  co_return;
}

// A member made non-blocking anywhere in the translation unit.
struct connection {
  int fd = -1;
  int native_handle() const { return fd; }
  void make_non_blocking();
};
void connection::make_non_blocking() {
  int flags = ::fcntl(fd, F_GETFL);
  flags |= O_NONBLOCK;
  ::fcntl(fd, F_SETFL, flags);
}

mini::task<> set_non_blocking(connection &c, char *buf) {
  ::recv(c.fd, buf, 1, 0);              // connection::fd is set O_NONBLOCK above
  ::send(c.native_handle(), buf, 1, 0); // the accessor returns that member
  co_return;
}

// A member initialised from a non-blocking socket, used by a helper.
struct channel {
  channel() : fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0)) {}
  int try_read(char *b) { return ::read(fd, b, 1); }
  int fd;
};

mini::task<> helper_on_a_non_blocking_descriptor(channel &ch, char *buf) {
  ch.try_read(buf); // the read in the helper cannot wait
  co_return;
}

// --- No diagnostic: readiness awaited on the same descriptor ---------------

mini::task<> readiness_before(int fd, mini_fd::socket &sock, char *buf) {
  co_await mini_fd::poll(fd, mini_fd::op::read);
  ::recv(fd, buf, 16, 0); // the descriptor was awaited for readiness
  co_await sock.poll(mini_fd::op::write);
  ::send(sock.native_handle(), buf, 16, 0); // the socket object was awaited
}

mini::task<> readiness_awaited_after(int fd, char *buf) {
  ::recv(fd, buf, 16, 0); // try first; the readiness wait shows fd is non-blocking
  co_await mini_fd::poll(fd, mini_fd::op::read);
}

mini::task<> readiness_in_a_loop(int fd, char *buf) {
  for (;;) {
    if (::recv(fd, buf, 16, 0) >= 0) // retried after the readiness wait below
      co_return;
    co_await mini_fd::poll(fd, mini_fd::op::read);
  }
}

// A client whose helpers read its own socket, polled by the coroutine
// through another helper on the same object.
struct client {
  mini_fd::socket sock{-1};
  mini_fd::socket log{-1};
  mini::sleep_awaiter wait_readable() { return sock.poll(mini_fd::op::read); }
  long take(char *b) { return ::recv(sock.native_handle(), b, 1, 0); }
  long write_log(const char *b) { return ::write(log.native_handle(), b, 1); }

  mini::task<> read_and_log(char *buf) {
    take(buf); // sock is awaited below through wait_readable()
    co_await wait_readable();
    take(buf);
    write_log(buf);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: call to 'client::write_log' blocks the event loop in coroutine 'read_and_log' (via 'write')
    // CHECK-NOTES: :[[@LINE-8]]:42: note: 'client::write_log' blocks: call to 'write' here
  }
};

// A server whose class offers an await of its listening socket's readiness:
// callers await poll() before accept(), so the socket is non-blocking and
// accept() takes what is there.
struct listener {
  mini_fd::socket listening{-1};
  mini::sleep_awaiter poll() { return listening.poll(mini_fd::op::read); }
  mini::task<> accept_one() {
    ::accept(listening.native_handle(), nullptr, nullptr); // no diagnostic
    co_return;
  }
};

// --- No diagnostic: the call's own arguments say it cannot wait -------------

mini::task<> flags_and_timeouts(int fd, char *buf, int flags, pollfd *fds) {
  flags |= MSG_DONTWAIT;
  ::recv(fd, buf, 1, flags); // MSG_DONTWAIT put in the flags passed
  ::poll(fds, 1, 0);         // a zero timeout returns at once
  co_return;
}

// --- No diagnostic: a wake-up write of one small value ---------------------

// Waking a waiter through an eventfd or a self-pipe writes a counter or a
// byte; such a write returns at once (an eventfd blocks only on counter
// overflow, a pipe only when kilobytes are left unread).
mini::task<> wakes_a_waiter(int pipe_fd, int event_fd) {
  std::uint64_t one = 1;
  ::write(event_fd, &one, sizeof(one));
  ::write(pipe_fd, "x", 1);
  char signal = 's';
  ::send(pipe_fd, &signal, sizeof signal, 0);
  co_return;
}

// A write of a buffer, or of a runtime or large size, is I/O and can wait.
mini::task<> writes_data(int fd, const char *data, std::size_t n) {
  ::write(fd, data, n);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'write' in coroutine 'writes_data'
  char block[64] = {};
  ::write(fd, &block, sizeof block);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'write' in coroutine 'writes_data'
  ::write(fd, "a line of text\n", 15);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'write' in coroutine 'writes_data'
  char one = '1';
  ::read(fd, &one, sizeof one); // reads wait for data, whatever their size
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read' in coroutine 'writes_data'
  co_return;
}

// --- No diagnostic: the non_blocking role -----------------------------------

/// A runtime's "read what is there" helper, described with the role.
ROLE(non_blocking) int drain(int fd) {
  char b;
  return int(::read(fd, &b, 1));
}
struct reactor {
  ROLE(non_blocking) void wake(int fd) { drain(fd); }
};

mini::task<> uses_non_blocking_functions(reactor &r, int fd) {
  drain(fd);  // the role says it never blocks
  r.wake(fd); // and every chain through it is cut
  co_return;
}

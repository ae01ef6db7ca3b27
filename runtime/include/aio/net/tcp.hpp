// aio::net::tcp_stream, aio::net::tcp_listener and aio::net::connect: TCP on
// the event loop with non-blocking sockets and epoll readiness.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include "aio/readiness.hpp"
#include "aio/roles.hpp"
#include "aio/task.hpp"

namespace aio::net {

/// Thrown by read_exact when the peer closes the connection before the
/// buffer is full.
class end_of_stream : public std::runtime_error {
public:
  explicit end_of_stream(std::size_t got) : std::runtime_error("aio: connection closed by peer"), received(got) {}
  /// Bytes read into the buffer before the end of the stream.
  std::size_t received;
};

namespace detail {

[[noreturn]] inline void throw_errno(const char* what, int err = errno) {
  throw std::system_error(err, std::generic_category(), what);
}

/// A numeric IPv4/IPv6 address (or "localhost", read as 127.0.0.1) and a
/// port. Never resolves names: that would block the loop.
struct socket_address {
  sockaddr_storage storage{};
  socklen_t size = 0;

  static socket_address parse(std::string_view host, std::uint16_t port) {
    socket_address a;
    std::string h(host == "localhost" ? "127.0.0.1" : host);
    auto* v4 = reinterpret_cast<sockaddr_in*>(&a.storage);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&a.storage);
    if (::inet_pton(AF_INET, h.c_str(), &v4->sin_addr) == 1) {
      v4->sin_family = AF_INET;
      v4->sin_port = htons(port);
      a.size = sizeof(sockaddr_in);
    } else if (::inet_pton(AF_INET6, h.c_str(), &v6->sin6_addr) == 1) {
      v6->sin6_family = AF_INET6;
      v6->sin6_port = htons(port);
      a.size = sizeof(sockaddr_in6);
    } else {
      throw std::invalid_argument("aio::net: '" + h +
                                  "' is not a numeric IP address; resolve host names with getaddrinfo "
                                  "through aio::to_thread");
    }
    return a;
  }
  [[nodiscard]] int family() const noexcept { return storage.ss_family; }
  [[nodiscard]] const sockaddr* get() const noexcept { return reinterpret_cast<const sockaddr*>(&storage); }
};

/// Owns a socket fd.
class socket_fd {
public:
  socket_fd() noexcept = default;
  explicit socket_fd(int fd) noexcept : fd_(fd) {}
  socket_fd(socket_fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  socket_fd& operator=(socket_fd&& o) noexcept {
    if (this != &o) {
      reset();
      fd_ = std::exchange(o.fd_, -1);
    }
    return *this;
  }
  socket_fd(const socket_fd&) = delete;
  socket_fd& operator=(const socket_fd&) = delete;
  ~socket_fd() { reset(); }

  void reset() noexcept {
    if (fd_ >= 0) ::close(std::exchange(fd_, -1));
  }
  [[nodiscard]] int get() const noexcept { return fd_; }
  [[nodiscard]] bool valid() const noexcept { return fd_ >= 0; }

private:
  int fd_ = -1;
};

inline socket_fd open_socket(int family) {
  int fd = ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) throw_errno("aio::net: socket");
  return socket_fd(fd);
}

/// The epoll registration of a socket on the current loop, made on the
/// first wait and kept until the socket closes (or moves to another loop).
inline aio::detail::io_registration& registration_of(std::unique_ptr<aio::detail::io_registration>& reg, int fd) {
  event_loop& loop = this_loop();
  if (!reg || reg->loop() != &loop) {
    reg.reset();
    reg = std::make_unique<aio::detail::io_registration>(loop, fd);
  }
  return *reg;
}

/// The socket's registration on the current loop, if it has one and it
/// says the receive queue was drained since the last readable edge: then a
/// recv now would only fail with EAGAIN (io_registration::maybe_readable).
inline aio::detail::io_registration* drained_registration(const std::unique_ptr<aio::detail::io_registration>& reg) {
  if (reg && reg->loop() == aio::detail::current_loop && !reg->maybe_readable()) return reg.get();
  return nullptr;
}

}  // namespace detail

/// A connected TCP socket (non-blocking, on the loop thread).
///
/// - Made by aio::net::connect and tcp_listener::accept; owns the socket
///   (move-only), closes it when destroyed or at close().
/// - Operations are lazy tasks that try the syscall first and wait for
///   epoll readiness only when it would block; they resume on the loop
///   thread. The socket is registered with epoll on its first wait and stays
///   registered (edge-triggered) until it is closed: no epoll_ctl per wait.
/// - Cancellation and timeouts: every wait is cancellable; cancelling (or
///   aio::timeout around the operation) stops the wait (the socket stays
///   registered with epoll) and throws aio::cancelled_error (or aio::timeout_error). Bytes already
///   transferred by a cancelled read_exact or write_all are not undone:
///   treat the stream as unusable after that.
/// - Errors: std::system_error; write_all never raises SIGPIPE (MSG_NOSIGNAL).
/// - Full duplex: one task may read while another writes; two concurrent
///   readers (or writers) throw std::logic_error when the second one waits.
///
/// corolint role: read_some, read_exact and write_all carry
/// `needs_timeout` (a peer may never answer).
class tcp_stream {
public:
  tcp_stream() noexcept = default;
  explicit tcp_stream(detail::socket_fd fd) noexcept : fd_(std::move(fd)) {}
  tcp_stream(tcp_stream&&) noexcept = default;
  tcp_stream& operator=(tcp_stream&& o) noexcept {
    if (this != &o) {
      close();
      fd_ = std::move(o.fd_);
      reg_ = std::move(o.reg_);
    }
    return *this;
  }
  tcp_stream(const tcp_stream&) = delete;
  tcp_stream& operator=(const tcp_stream&) = delete;
  ~tcp_stream() { close(); }

  [[nodiscard]] bool is_open() const noexcept { return fd_.valid(); }
  [[nodiscard]] int native_handle() const noexcept { return fd_.get(); }

  /// Reads what is available (waiting until something is); returns the byte
  /// count, 0 at end of stream (or for an empty buffer).
  AIO_ROLE(needs_timeout)
  [[nodiscard]] task<std::size_t> read_some(std::span<std::byte> buffer) {
    if (buffer.empty()) co_return 0;
    for (;;) {
      if (auto* reg = detail::drained_registration(reg_)) co_await reg->wait_readable();
      ssize_t n = ::recv(fd_.get(), buffer.data(), buffer.size(), MSG_DONTWAIT);
      if (n >= 0) {
        if (n > 0 && static_cast<std::size_t>(n) < buffer.size() && reg_) reg_->read_drained();
        co_return static_cast<std::size_t>(n);
      }
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) detail::throw_errno("aio::net: recv");
      co_await detail::registration_of(reg_, fd_.get()).wait_readable();
    }
  }

  /// Fills `buffer` completely; throws aio::net::end_of_stream if the peer
  /// closes first.
  AIO_ROLE(needs_timeout)
  [[nodiscard]] task<> read_exact(std::span<std::byte> buffer) {
    std::size_t got = 0;
    while (got < buffer.size()) {
      if (auto* reg = detail::drained_registration(reg_)) co_await reg->wait_readable();
      ssize_t n = ::recv(fd_.get(), buffer.data() + got, buffer.size() - got, MSG_DONTWAIT);
      if (n > 0) {
        if (static_cast<std::size_t>(n) < buffer.size() - got && reg_) reg_->read_drained();
        got += static_cast<std::size_t>(n);
        continue;
      }
      if (n == 0) throw end_of_stream(got);
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) detail::throw_errno("aio::net: recv");
      co_await detail::registration_of(reg_, fd_.get()).wait_readable();
    }
  }

  /// Writes all of `data`, waiting for the socket buffer to drain as needed.
  AIO_ROLE(needs_timeout)
  [[nodiscard]] task<> write_all(std::span<const std::byte> data) {
    std::size_t sent = 0;
    while (sent < data.size()) {
      ssize_t n = ::send(fd_.get(), data.data() + sent, data.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n >= 0) {
        sent += static_cast<std::size_t>(n);
        continue;
      }
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) detail::throw_errno("aio::net: send");
      co_await detail::registration_of(reg_, fd_.get()).wait_writable();
    }
  }
  AIO_ROLE(needs_timeout)
  [[nodiscard]] task<> write_all(std::string_view data) { return write_all(std::as_bytes(std::span(data))); }

  /// Half-close: the peer reads end of stream; reading still works.
  void shutdown_write() {
    if (::shutdown(fd_.get(), SHUT_WR) < 0) detail::throw_errno("aio::net: shutdown");
  }
  /// Closes the socket now (idempotent). Must not race a pending operation
  /// on this stream.
  void close() noexcept {
    reg_.reset();  // EPOLL_CTL_DEL while the fd is still open
    fd_.reset();
  }

private:
  detail::socket_fd fd_;
  std::unique_ptr<aio::detail::io_registration> reg_;
};

/// `co_await aio::net::connect("127.0.0.1", port)`: a connected tcp_stream.
///
/// `host` must be a numeric IPv4 or IPv6 address or "localhost"; anything
/// else throws std::invalid_argument without blocking (run getaddrinfo
/// through aio::to_thread and pass the numeric result). Lazy; cancellable
/// while the connection is being established (the socket is closed).
/// Connection failures throw std::system_error (ECONNREFUSED, ...).
///
/// corolint role: `needs_timeout`.
AIO_ROLE(needs_timeout)
[[nodiscard]] inline task<tcp_stream> connect(std::string host, std::uint16_t port) {
  auto addr = detail::socket_address::parse(host, port);
  detail::socket_fd fd = detail::open_socket(addr.family());
  // The socket is SOCK_NONBLOCK: connect returns EINPROGRESS at once.
  if (::connect(fd.get(), addr.get(), addr.size) < 0) {
    if (errno != EINPROGRESS && errno != EINTR) detail::throw_errno("aio::net: connect");
    co_await wait_writable(fd.get());
    int err = 0;
    socklen_t len = sizeof err;
    if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &len) < 0) detail::throw_errno("aio::net: getsockopt");
    if (err != 0) detail::throw_errno("aio::net: connect", err);
  }
  int one = 1;
  ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  co_return tcp_stream(std::move(fd));
}

/// A listening TCP socket.
///
/// - `auto l = aio::net::tcp_listener::bind("127.0.0.1", 0);` binds (with
///   SO_REUSEADDR) and listens at once, synchronously; port 0 picks a free
///   port, see port().
/// - `co_await l.accept()` yields the next connection as a tcp_stream;
///   cancellable (throws cancelled_error; the socket stays registered).
/// - Owns the socket (move-only); one accepting task at a time.
///
/// corolint role: accept carries `needs_timeout`.
class tcp_listener {
public:
  [[nodiscard]] static tcp_listener bind(std::string_view address, std::uint16_t port, int backlog = 128) {
    auto addr = detail::socket_address::parse(address, port);
    detail::socket_fd fd = detail::open_socket(addr.family());
    int one = 1;
    if (::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0)
      detail::throw_errno("aio::net: setsockopt");
    if (::bind(fd.get(), addr.get(), addr.size) < 0) detail::throw_errno("aio::net: bind");
    if (::listen(fd.get(), backlog) < 0) detail::throw_errno("aio::net: listen");
    return tcp_listener(std::move(fd));
  }

  /// The bound port (the one the kernel picked for port 0).
  [[nodiscard]] std::uint16_t port() const {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    if (::getsockname(fd_.get(), reinterpret_cast<sockaddr*>(&ss), &len) < 0)
      detail::throw_errno("aio::net: getsockname");
    if (ss.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port);
    return ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
  }

  AIO_ROLE(needs_timeout)
  [[nodiscard]] task<tcp_stream> accept() {
    for (;;) {
      // The listening socket is non-blocking: accept4 returns EAGAIN at once.
      int fd = ::accept4(fd_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd >= 0) {
        int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        co_return tcp_stream(detail::socket_fd(fd));
      }
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) detail::throw_errno("aio::net: accept");
      co_await detail::registration_of(reg_, fd_.get()).wait_readable();
    }
  }

  tcp_listener(tcp_listener&&) noexcept = default;
  tcp_listener& operator=(tcp_listener&& o) noexcept {
    if (this != &o) {
      close();
      fd_ = std::move(o.fd_);
      reg_ = std::move(o.reg_);
    }
    return *this;
  }
  tcp_listener(const tcp_listener&) = delete;
  tcp_listener& operator=(const tcp_listener&) = delete;
  ~tcp_listener() { close(); }

  void close() noexcept {
    reg_.reset();  // EPOLL_CTL_DEL while the fd is still open
    fd_.reset();
  }
  [[nodiscard]] int native_handle() const noexcept { return fd_.get(); }

private:
  explicit tcp_listener(detail::socket_fd fd) noexcept : fd_(std::move(fd)) {}
  detail::socket_fd fd_;
  std::unique_ptr<aio::detail::io_registration> reg_;  // on the first accept that waits
};

}  // namespace aio::net

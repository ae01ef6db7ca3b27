// Declaration-only shapes of cppcoro's API (andreasbuhr/cppcoro b8e41b9),
// for the cppcoro model's fixture: the names and signatures, no behaviour.
#pragma once

#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <exception>

namespace cppcoro {

namespace detail {
template <typename T> struct task_promise_result {
  template <typename U> void return_value(U &&);
};
template <> struct task_promise_result<void> {
  void return_void() noexcept;
};
} // namespace detail

template <typename T = void> class task {
public:
  struct promise_type : detail::task_promise_result<T> {
    task get_return_object() noexcept;
    std::suspend_always initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void unhandled_exception() noexcept;
  };
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  T await_resume();
};

template <typename AWAITABLE> auto sync_wait(AWAITABLE &&awaitable) -> int;

class cancellation_token {
public:
  cancellation_token() noexcept;
  bool is_cancellation_requested() const noexcept;
};

class operation_cancelled : public std::exception {
public:
  operation_cancelled() noexcept;
  const char *what() const noexcept override;
};

class async_scope {
public:
  template <typename AWAITABLE> void spawn(AWAITABLE &&awaitable);
};

class io_service {
public:
  std::uint64_t process_events();
  std::uint64_t process_pending_events();
  std::uint64_t process_one_event();
  std::uint64_t process_one_pending_event();
  void stop() noexcept;
};

class async_mutex_lock {
public:
  ~async_mutex_lock();
};

class async_mutex {
public:
  struct async_mutex_scoped_lock_operation {
    bool await_ready() const noexcept;
    bool await_suspend(std::coroutine_handle<>) noexcept;
    async_mutex_lock await_resume() const noexcept;
  };
  async_mutex_scoped_lock_operation scoped_lock_async() noexcept;
  bool try_lock() noexcept;
  void unlock();
};

namespace net {
class ip_endpoint {};

struct socket_operation {
  bool await_ready() const noexcept;
  bool await_suspend(std::coroutine_handle<>) noexcept;
  std::size_t await_resume();
};

class socket {
public:
  static socket create_tcpv4(io_service &ioSvc);
  [[nodiscard]] socket_operation connect(const ip_endpoint &remoteEndPoint) noexcept;
  [[nodiscard]] socket_operation connect(const ip_endpoint &remoteEndPoint,
                                         cancellation_token ct) noexcept;
  [[nodiscard]] socket_operation accept(socket &acceptingSocket) noexcept;
  [[nodiscard]] socket_operation send(const void *buffer, std::size_t size) noexcept;
  [[nodiscard]] socket_operation send(const void *buffer, std::size_t size,
                                      cancellation_token ct) noexcept;
  [[nodiscard]] socket_operation recv(void *buffer, std::size_t size) noexcept;
  [[nodiscard]] socket_operation recv(void *buffer, std::size_t size,
                                      cancellation_token ct) noexcept;
  [[nodiscard]] socket_operation send_to(const ip_endpoint &destination,
                                         const void *buffer,
                                         std::size_t size) noexcept;
};
} // namespace net

} // namespace cppcoro

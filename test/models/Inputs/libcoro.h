// Declaration-only shapes of libcoro's API (jbaldwin/libcoro 277467f), for
// the libcoro model's fixture: the names and signatures, no behaviour.
#pragma once

#include <chrono>
#include <coroutine>
#include <cstddef>
#include <exception>
#include <memory>
#include <span>
#include <utility>

#include <sys/socket.h>

namespace coro {

template <typename T = void> class task {
public:
  struct promise_type {
    task get_return_object() noexcept;
    std::suspend_always initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void unhandled_exception() noexcept;
    template <typename U> void return_value(U &&) noexcept;
  };
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  T await_resume();
};

template <> class task<void> {
public:
  struct promise_type {
    task get_return_object() noexcept;
    std::suspend_always initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void unhandled_exception() noexcept;
    void return_void() noexcept;
  };
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  void await_resume();
};

template <typename awaitable_type> auto sync_wait(awaitable_type &&a) -> int;

enum class poll_op { read, write, read_write };
enum class poll_status { event, timeout, error, closed };

class thread_pool {
public:
  struct schedule_operation {
    bool await_ready() const noexcept;
    void await_suspend(std::coroutine_handle<>) noexcept;
    void await_resume() noexcept;
  };
  [[nodiscard]] auto schedule() -> schedule_operation;
  auto spawn_detached(coro::task<void> &&task) noexcept -> bool;
  auto spawn_joinable(coro::task<void> &&task) noexcept -> coro::task<void>;
  auto shutdown() noexcept -> void;
};

class scheduler {
public:
  auto process_events(std::chrono::milliseconds timeout =
                          std::chrono::milliseconds{0}) -> std::size_t;
  auto spawn_detached(coro::task<void> &&task) -> bool;
  auto spawn_joinable(coro::task<void> &&task) -> coro::task<void>;
  template <class rep_type, class period_type>
  [[nodiscard]] auto
  schedule_after(std::chrono::duration<rep_type, period_type> amount)
      -> coro::task<void>;
  template <class rep_type, class period_type>
  [[nodiscard]] auto yield_for(std::chrono::duration<rep_type, period_type> amount)
      -> coro::task<void>;
  [[nodiscard]] auto poll(int fd, coro::poll_op op,
                          std::chrono::milliseconds timeout =
                              std::chrono::milliseconds{0})
      -> coro::task<poll_status>;
  auto shutdown() noexcept -> void;
};

// The names of the releases before scheduler and task_group (io_scheduler
// until 328b510, task_container and the detaching spawn until f671edb).
class io_scheduler {
public:
  auto process_events(std::chrono::milliseconds timeout =
                          std::chrono::milliseconds{0}) -> std::size_t;
  auto spawn(coro::task<void> &&task) -> bool;
  template <class rep_type, class period_type>
  [[nodiscard]] auto yield_for(std::chrono::duration<rep_type, period_type> amount)
      -> coro::task<void>;
  auto shutdown() noexcept -> void;
};

template <typename executor_type> class task_container {
public:
  explicit task_container(std::shared_ptr<executor_type> e);
  auto start(coro::task<void> &&user_task) -> bool;
};

template <typename executor_type> class task_group {
public:
  explicit task_group(executor_type *executor);
  [[nodiscard]] auto start(coro::task<void> &&task) -> bool;
};

class scoped_lock {
public:
  ~scoped_lock();
  auto unlock() -> void;
};

class mutex {
public:
  struct scoped_lock_operation {
    bool await_ready() const noexcept;
    void await_suspend(std::coroutine_handle<>) noexcept;
    coro::scoped_lock await_resume() noexcept;
  };
  [[nodiscard]] auto scoped_lock() -> scoped_lock_operation;
};

namespace net {
enum class io_status { ok, would_block, closed };
enum class connect_status { connected, timeout, error };

namespace tcp {
class client {
public:
  auto connect(std::chrono::milliseconds timeout =
                   std::chrono::milliseconds{0}) -> coro::task<connect_status>;
  template <typename buffer_type>
  auto read_some(buffer_type &buffer, const std::chrono::milliseconds timeout =
                                          std::chrono::milliseconds{0})
      -> coro::task<std::pair<io_status, std::span<char>>>;
  template <typename buffer_type>
  auto write_all(const buffer_type &buffer,
                 const std::chrono::milliseconds timeout =
                     std::chrono::milliseconds{0})
      -> coro::task<std::pair<io_status, std::span<const char>>>;
  auto poll(const coro::poll_op op, const std::chrono::milliseconds timeout =
                                        std::chrono::milliseconds{0})
      -> coro::task<coro::poll_status>;
  // recv and send have bodies, as libcoro's do: one POSIX call on the
  // client's non-blocking descriptor, which the model says never waits.
  template <typename buffer_type>
  auto recv(buffer_type &&buffer) -> std::pair<io_status, std::span<char>> {
    auto n = ::recv(fd_, buffer.data(), buffer.size(), 0);
    return {n < 0 ? io_status::would_block : io_status::ok,
            std::span<char>(buffer.data(), n < 0 ? 0 : n)};
  }
  template <typename buffer_type>
  auto send(const buffer_type &buffer)
      -> std::pair<io_status, std::span<const char>> {
    auto n = ::send(fd_, buffer.data(), buffer.size(), 0);
    return {n < 0 ? io_status::would_block : io_status::ok,
            std::span<const char>(buffer.data(), n < 0 ? 0 : n)};
  }

private:
  int fd_ = -1;
};

class server {
public:
  auto accept(std::chrono::milliseconds timeout = std::chrono::milliseconds{0})
      -> coro::task<client>;
  auto accept_now() -> client;
};
} // namespace tcp
} // namespace net

} // namespace coro

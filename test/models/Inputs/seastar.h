// Declaration-only shapes of seastar's API (scylladb/seastar 525fcc86e), for
// the seastar model's fixture: the names and signatures, no behaviour.
#pragma once

#include <chrono>
#include <coroutine>
#include <cstddef>
#include <exception>
#include <functional>

namespace seastar {

namespace internal {
template <typename T> struct promise_result {
  template <typename U> void return_value(U &&);
};
template <> struct promise_result<void> {
  void return_void() noexcept;
};
} // namespace internal

template <typename T = void> class [[nodiscard]] future {
public:
  struct promise_type : internal::promise_result<T> {
    future get_return_object() noexcept;
    std::suspend_never initial_suspend() noexcept;
    std::suspend_never final_suspend() noexcept;
    // The future receives the exception (seastar's promise sets it).
    void unhandled_exception() noexcept { error = std::current_exception(); }
    std::exception_ptr error;
  };
  T get();
  void wait() noexcept;
  bool available() const noexcept;
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  T await_resume();
};

// (A body: a template called with a lambda must be defined; it only names
// the callable's use.)
template <typename Func> auto async(Func &&func) noexcept -> future<int> {
  return future<int>{};
}

template <typename Rep, typename Period>
future<> sleep(std::chrono::duration<Rep, Period> dur);

template <typename Clock, typename Duration, typename... T>
future<T...> with_timeout(std::chrono::time_point<Clock, Duration> timeout,
                          future<T...> f);

class socket_address {};
class connected_socket {};
future<connected_socket> connect(socket_address sa);

class reactor {
public:
  int run() noexcept;
};

class app_template {
public:
  int run(int ac, char **av, std::function<future<int>()> &&func) noexcept;
};

// Counting semaphores: seastar::semaphore is basic_semaphore with the
// default exception factory; get_units returns the units it holds.
struct semaphore_default_exception_factory {};
template <typename ExceptionFactory, typename Clock = std::chrono::steady_clock>
class basic_semaphore {
public:
  explicit basic_semaphore(std::size_t count);
  future<> wait(std::size_t nr = 1);
  void signal(std::size_t nr = 1);
};
using semaphore = basic_semaphore<semaphore_default_exception_factory>;
template <typename ExceptionFactory, typename Clock = std::chrono::steady_clock>
class semaphore_units {
public:
  ~semaphore_units();
};
template <typename ExceptionFactory, typename Clock>
future<semaphore_units<ExceptionFactory, Clock>>
get_units(basic_semaphore<ExceptionFactory, Clock> &sem, std::size_t units);

// when_all_succeed(futures) waits for every future of a range.
template <typename Container>
future<> when_all_succeed(Container &&futures);

class abort_requested_exception : public std::exception {
public:
  const char *what() const noexcept override;
};

} // namespace seastar

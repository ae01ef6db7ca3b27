// Declaration-only shapes of concurrencpp's API (David-Haim/concurrencpp
// 7a88f54), for the concurrencpp model's fixture: the names and signatures,
// no behaviour.
#pragma once

#include <chrono>
#include <coroutine>
#include <cstddef>
#include <exception>
#include <memory>
#include <span>
#include <stdexcept>
#include <type_traits>
#include <vector>

namespace concurrencpp {

enum class result_status { idle, value, exception };

namespace details {
template <typename T> struct result_promise_result {
  template <typename U> void return_value(U &&);
};
template <> struct result_promise_result<void> {
  void return_void() noexcept;
};
} // namespace details

template <class type> class result {
public:
  struct promise_type : details::result_promise_result<type> {
    result get_return_object() noexcept;
    std::suspend_never initial_suspend() noexcept;
    std::suspend_never final_suspend() noexcept;
    // The result's state receives the exception (result_coro_promise).
    void unhandled_exception() noexcept { error = std::current_exception(); }
    std::exception_ptr error;
  };
  void wait() const;
  template <class duration_type, class ratio_type>
  result_status wait_for(std::chrono::duration<duration_type, ratio_type> duration) const;
  type get();
  struct resolve_awaitable {
    bool await_ready() const noexcept;
    void await_suspend(std::coroutine_handle<>) noexcept;
    result await_resume();
  };
  resolve_awaitable resolve();
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  type await_resume();
};

// A coroutine returning null_result runs eagerly and returns nothing to
// wait on; its promise's unhandled_exception is empty, as concurrencpp's is
// (results/promises.h): an exception leaving the coroutine is dropped.
class null_result {};

namespace details {
struct null_result_promise {
  null_result get_return_object() const noexcept { return {}; }
  std::suspend_never initial_suspend() const noexcept { return {}; }
  std::suspend_never final_suspend() const noexcept { return {}; }
  void unhandled_exception() const noexcept {}
  void return_void() const noexcept {}
};
} // namespace details

template <class type> class shared_result {
public:
  void wait();
  std::add_lvalue_reference_t<type> get();
};

class executor {
public:
  virtual ~executor() noexcept;
  template <class callable_type, class... argument_types>
  void post(callable_type &&callable, argument_types &&...arguments);
  template <class callable_type, class... argument_types>
  auto submit(callable_type &&callable, argument_types &&...arguments)
      -> result<std::invoke_result_t<callable_type, argument_types...>>;
};

template <class concrete_executor_type>
class derivable_executor : public executor {
public:
  // (Empty bodies: a template called with a lambda must be defined in the
  // translation unit.)
  template <class callable_type, class... argument_types>
  void post(callable_type &&callable, argument_types &&...arguments) {}
  template <class callable_type, class... argument_types>
  auto submit(callable_type &&callable, argument_types &&...arguments)
      -> result<std::invoke_result_t<callable_type, argument_types...>> {
    return {};
  }
};

class thread_executor final : public derivable_executor<thread_executor> {};
class thread_pool_executor final
    : public derivable_executor<thread_pool_executor> {};
class inline_executor final : public executor {};

class manual_executor final : public derivable_executor<manual_executor> {
public:
  bool loop_once();
  std::size_t loop(std::size_t max_count);
  void wait_for_task();
};

// A delay object completes after its duration on the given executor.
template <class type> class lazy_result {
public:
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  type await_resume();
};
class timer_queue {
public:
  lazy_result<void> make_delay_object(std::chrono::milliseconds due_time,
                                      std::shared_ptr<executor> executor);
};

class async_lock;
class scoped_async_lock {
public:
  scoped_async_lock() noexcept = default;
  ~scoped_async_lock() noexcept;
  void unlock();
};

class async_lock {
public:
  struct lock_awaitable {
    bool await_ready() const noexcept;
    void await_suspend(std::coroutine_handle<>) noexcept;
    scoped_async_lock await_resume();
  };
  lock_awaitable lock(std::shared_ptr<executor> resume_executor);
};

namespace errors {
struct interrupted_task : public std::runtime_error {
  using runtime_error::runtime_error;
};
struct broken_task : public interrupted_task {
  using interrupted_task::interrupted_task;
};
} // namespace errors

} // namespace concurrencpp

// concurrencpp gives its task types their promises through
// std::coroutine_traits, not a nested promise_type.
template <class... arguments>
struct std::coroutine_traits<concurrencpp::null_result, arguments...> {
  using promise_type = concurrencpp::details::null_result_promise;
};

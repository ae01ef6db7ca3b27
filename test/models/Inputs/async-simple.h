// Declaration-only shapes of async_simple's API (alibaba/async_simple
// d8abc4f), for the async-simple model's fixture: the names and signatures,
// no behaviour.
#pragma once

#include <coroutine>
#include <exception>
#include <stdexcept>

namespace async_simple {

class Executor;

template <typename T> class Future {
public:
  T get() &&;
  void wait();
};

// Try<T> holds a value or the exception an operation failed with;
// value() rethrows the exception.
template <typename T> class Try {
public:
  bool available() const noexcept;
  bool hasError() const noexcept;
  const T &value() const &;
  std::exception_ptr getException() const;
};
template <> class Try<void> {
public:
  bool hasError() const noexcept;
  void value() const;
  std::exception_ptr getException() const;
};

class SignalException : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

namespace coro {

namespace detail {
template <typename T> struct LazyPromiseResult {
  template <typename U> void return_value(U &&);
};
template <> struct LazyPromiseResult<void> {
  void return_void() noexcept;
};
} // namespace detail

template <typename T> class RescheduleLazy;

namespace detail {
// start(callback) runs the coroutine and hands its outcome to the callback.
// (A body: a template called with a lambda must be defined; it only names
// the callback's use.)
template <typename T, bool reschedule> class LazyBase {
public:
  template <typename F> void start(F &&callback) {
    callback(Try<T>{});
  }
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  T await_resume();
};
} // namespace detail

template <typename T = void>
class [[nodiscard]] Lazy : public detail::LazyBase<T, false> {
public:
  struct promise_type : detail::LazyPromiseResult<T> {
    Lazy get_return_object() noexcept;
    std::suspend_always initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void unhandled_exception() noexcept;
  };
  // via binds an executor: the coroutine is resumed on it.
  RescheduleLazy<T> via(Executor *ex) &&;
};

template <typename T = void>
class [[nodiscard]] RescheduleLazy : public detail::LazyBase<T, true> {
public:
  void detach();
};

template <typename LazyType> inline auto syncAwait(LazyType &&lazy) -> int;
template <typename LazyType, typename Executor>
inline auto syncAwait(LazyType &&lazy, Executor *ex) -> int;

} // namespace coro
} // namespace async_simple

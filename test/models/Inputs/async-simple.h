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

template <typename T = void> class [[nodiscard]] Lazy {
public:
  struct promise_type : detail::LazyPromiseResult<T> {
    Lazy get_return_object() noexcept;
    std::suspend_always initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void unhandled_exception() noexcept;
  };
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  T await_resume();
};

template <typename LazyType> inline auto syncAwait(LazyType &&lazy) -> int;
template <typename LazyType, typename Executor>
inline auto syncAwait(LazyType &&lazy, Executor *ex) -> int;

} // namespace coro
} // namespace async_simple

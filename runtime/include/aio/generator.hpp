// aio::async_generator<T>: a coroutine that co_yields values and may co_await.
#pragma once

#include <concepts>
#include <coroutine>
#include <exception>
#include <functional>
#include <optional>
#include <type_traits>
#include <utility>

#include "aio/concepts.hpp"
#include "aio/detail/task_state.hpp"
#include "aio/task.hpp"

namespace aio {

template <class T>
class async_generator;

namespace detail {

template <class T>
class generator_promise final : public promise_base {
public:
  // The default argument is evaluated in the coroutine: it names it.
  explicit generator_promise(std::source_location where = std::source_location::current()) noexcept
      : promise_base(where) {}

  async_generator<T> get_return_object() noexcept;

  std::suspend_always initial_suspend() noexcept { return {}; }

  // Both co_yield and the end of the body hand control back to the consumer
  // awaiting next(), by symmetric transfer.
  struct to_consumer {
    bool await_ready() const noexcept { return false; }
    template <class Promise>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> h) noexcept {
      return h.promise().continuation_;
    }
    void await_resume() const noexcept {}
  };

  template <class U = T>
    requires std::constructible_from<T, U&&>
  to_consumer yield_value(U&& v) {
    value_.emplace(std::forward<U>(v));
    return {};
  }
  to_consumer final_suspend() noexcept { return {}; }
  void return_void() noexcept {}
  void unhandled_exception() noexcept { error_ = std::current_exception(); }

  std::optional<T> value_;
  std::exception_ptr error_;
};

}  // namespace detail

/// A lazy asynchronous sequence of T (a Python async generator): the body
/// produces values with `co_yield` and may `co_await` anything a task can.
///
///   aio::async_generator<int> ticks(int n) {
///     for (int i = 0; i < n; ++i) { co_await aio::sleep(1ms); co_yield i; }
///   }
///   while (auto item = co_await gen.next()) use(*item);
///
/// - Starts: the body runs only inside `co_await gen.next()`, up to its next
///   co_yield or its end; next() then returns the value, or std::nullopt
///   once the body finished (and on every later call).
/// - Frame: owned by the generator object (move-only). Destroying it while
///   the body is suspended at a co_yield (consumer stopped early) destroys
///   the frame and runs the body's destructors; never destroy it while a
///   next() is in progress.
/// - Resumes the consumer by symmetric transfer on the loop thread.
/// - Exceptions thrown by the body are rethrown from that next(); the
///   generator is then finished.
/// - Cancellation: the body runs as part of the consuming task (it shares
///   its cancellation state), so cancelling the consumer cancels the
///   suspension point the body is at, and the cancelled_error comes out of
///   next().
/// - One consumer at a time.
///
/// corolint role: none (a coroutine return type, like aio::task).
template <class T>
class [[nodiscard]] async_generator {
public:
  using promise_type = detail::generator_promise<T>;
  using handle_type = std::coroutine_handle<promise_type>;
  using value_type = T;

  async_generator() noexcept = default;
  explicit async_generator(handle_type h) noexcept : h_(h) {}
  async_generator(async_generator&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  async_generator& operator=(async_generator&& o) noexcept {
    if (this != &o) {
      if (h_) h_.destroy();
      h_ = std::exchange(o.h_, {});
    }
    return *this;
  }
  async_generator(const async_generator&) = delete;
  async_generator& operator=(const async_generator&) = delete;
  ~async_generator() {
    if (h_) h_.destroy();
  }

  class next_awaiter {
  public:
    explicit next_awaiter(handle_type h) noexcept : h_(h) {}
    next_awaiter(const next_awaiter&) = delete;
    next_awaiter& operator=(const next_awaiter&) = delete;

    bool await_ready() const noexcept { return !h_ || h_.done(); }
    template <class Promise>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> consumer) noexcept {
      promise_type& p = h_.promise();
      p.state_ = detail::state_of(consumer);
      p.continuation_ = consumer;
      p.value_.reset();
      return h_;
    }
    std::optional<T> await_resume() {
      if (!h_) return std::nullopt;
      promise_type& p = h_.promise();
      if (p.error_) std::rethrow_exception(std::exchange(p.error_, nullptr));
      if (h_.done() || !p.value_) return std::nullopt;
      std::optional<T> out(std::move(*p.value_));
      p.value_.reset();
      return out;
    }

  private:
    handle_type h_;
  };

  /// `co_await gen.next()`: the next value, or std::nullopt at the end.
  [[nodiscard]] next_awaiter next() noexcept { return next_awaiter{h_}; }

  /// The body has finished (returned or thrown).
  [[nodiscard]] bool done() const noexcept { return !h_ || h_.done(); }

private:
  handle_type h_;
};

namespace detail {
template <class T>
async_generator<T> generator_promise<T>::get_return_object() noexcept {
  return async_generator<T>{std::coroutine_handle<generator_promise<T>>::from_promise(*this)};
}
}  // namespace detail

/// `co_await aio::for_each(gen, fn)`: the `for co_await` loop. Calls `fn`
/// with each value (an rvalue); if `fn` returns an awaitable, awaits it
/// before asking for the next value. Exceptions from the body or from `fn`
/// propagate; `gen` must outlive the returned task.
template <class T, class Fn>
[[nodiscard]] task<> for_each(async_generator<T>& gen, Fn fn) {
  while (auto item = co_await gen.next()) {
    if constexpr (awaitable<std::invoke_result_t<Fn&, T&&>>)
      co_await std::invoke(fn, std::move(*item));
    else
      std::invoke(fn, std::move(*item));
  }
}

}  // namespace aio

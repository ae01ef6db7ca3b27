// aio::task<T>: the lazy coroutine type of aio.
#pragma once

#include <cassert>
#include <coroutine>
#include <cstdio>
#include <exception>
#include <source_location>
#include <type_traits>
#include <utility>
#include <variant>

#include "aio/detail/debug.hpp"
#include "aio/detail/task_state.hpp"

namespace aio {

template <class T = void>
class task;

namespace detail {

/// The result slot of a task: empty, a value, or an exception. References
/// are stored as pointers.
template <class T>
class result_slot {
  using stored = std::conditional_t<std::is_reference_v<T>, std::remove_reference_t<T>*, T>;

public:
  template <class U>
  void set_value(U&& v) {
    if constexpr (std::is_reference_v<T>)
      slot_.template emplace<1>(std::addressof(v));
    else
      slot_.template emplace<1>(std::forward<U>(v));
  }
  void set_exception(std::exception_ptr e) noexcept { slot_.template emplace<2>(std::move(e)); }
  [[nodiscard]] std::exception_ptr exception() const noexcept {
    return slot_.index() == 2 ? std::get<2>(slot_) : nullptr;
  }
  T take() {
    if (slot_.index() == 2) std::rethrow_exception(std::get<2>(slot_));
    assert(slot_.index() == 1 && "aio: result of an unfinished task");
    if constexpr (std::is_reference_v<T>)
      return static_cast<T>(*std::get<1>(slot_));
    else
      return std::move(std::get<1>(slot_));
  }

private:
  std::variant<std::monostate, stored, std::exception_ptr> slot_;
};

template <>
class result_slot<void> {
public:
  void set_exception(std::exception_ptr e) noexcept { error_ = std::move(e); }
  [[nodiscard]] std::exception_ptr exception() const noexcept { return error_; }
  void take() {
    if (error_) std::rethrow_exception(error_);
  }

private:
  std::exception_ptr error_;
};

template <class T>
class task_promise_common : public promise_base {
public:
  explicit task_promise_common(std::source_location where) noexcept : promise_base(where) {}

  std::suspend_always initial_suspend() noexcept { return {}; }

  // Symmetric transfer: the finished task resumes its awaiter by returning
  // its handle, so a loop of synchronously completing awaits runs in constant
  // stack (guaranteed by clang at every -O level, by GCC 12 only at -O2).
  struct final_awaiter {
    bool await_ready() noexcept { return false; }
    template <class Promise>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> h) noexcept {
      Promise& p = h.promise();
      if (p.continuation_) return p.continuation_;
      // Started as a unit (promise_base): its state is the unit_state.
      // finished() may destroy this frame.
      if (p.state_ != nullptr) return static_cast<unit_state*>(p.state_)->finished(p.result_.exception());
      return std::noop_coroutine();
    }
    void await_resume() noexcept {}
  };
  final_awaiter final_suspend() noexcept { return {}; }

  void unhandled_exception() noexcept { result_.set_exception(std::current_exception()); }

  result_slot<T> result_;
};

template <class T>
class task_promise final : public task_promise_common<T> {
public:
  // The default argument is evaluated in the coroutine: it names it.
  explicit task_promise(std::source_location where = std::source_location::current()) noexcept
      : task_promise_common<T>(where) {}

  task<T> get_return_object() noexcept;
  template <class U = T>
    requires std::convertible_to<U&&, T>
  void return_value(U&& v) {
    this->result_.set_value(std::forward<U>(v));
  }
};

template <>
class task_promise<void> final : public task_promise_common<void> {
public:
  explicit task_promise(std::source_location where = std::source_location::current()) noexcept
      : task_promise_common<void>(where) {}

  task<void> get_return_object() noexcept;
  void return_void() noexcept {}
};

}  // namespace detail

/// A lazy coroutine producing a T (or an exception).
///
/// - Starts: lazily, when first co_awaited (or handed to aio::run, aio::spawn,
///   aio::gather, task_group::spawn). Creating a task and dropping it runs
///   nothing; debug mode reports it.
/// - Frame: owned by the task object (move-only); destroyed with it.
/// - Resumes: the awaiting coroutine is resumed by symmetric transfer on the
///   loop thread when the body finishes; a body never moves between threads
///   unless an awaitable it uses says so.
/// - Exceptions: an exception escaping the body is rethrown from `co_await`.
/// - Cancellation: an awaited task shares the cancellation state of its
///   awaiter, so cancelling the outer unit of work cancels the suspension
///   point the inner task is at.
/// - Await with `co_await f()` or `co_await std::move(t)`: a task is awaited
///   at most once.
///
/// corolint role: `task` (the coroutine return type corolint tracks).
template <class T>
class [[nodiscard]] task {
public:
  using promise_type = detail::task_promise<T>;
  using handle_type = std::coroutine_handle<promise_type>;
  using value_type = T;

  task() noexcept = default;
  explicit task(handle_type h) noexcept : h_(h) {}
  task(task&& other) noexcept : h_(std::exchange(other.h_, {})) {}
  task& operator=(task&& other) noexcept {
    if (this != &other) {
      destroy();
      h_ = std::exchange(other.h_, {});
    }
    return *this;
  }
  task(const task&) = delete;
  task& operator=(const task&) = delete;
  ~task() { destroy(); }

  [[nodiscard]] bool valid() const noexcept { return static_cast<bool>(h_); }

  class awaiter {
  public:
    explicit awaiter(handle_type h) noexcept : h_(h) {}
    awaiter(const awaiter&) = delete;
    awaiter& operator=(const awaiter&) = delete;

    bool await_ready() const noexcept { return false; }
    template <class Promise>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> parent) noexcept {
      promise_type& p = h_.promise();
      p.state_ = detail::state_of(parent);
      p.continuation_ = parent;
      return h_;
    }
    T await_resume() { return h_.promise().result_.take(); }

  private:
    handle_type h_;
  };

  awaiter operator co_await() && noexcept {
    assert(h_ && !h_.promise().started() && "aio: co_await on an empty or already awaited task");
    return awaiter{h_};
  }

  /// Machinery access for run/spawn/gather; not for user code.
  [[nodiscard]] handle_type handle() const noexcept { return h_; }

private:
  void destroy() noexcept {
    if (!h_) return;
    if (!h_.promise().started() && detail::debug_enabled()) detail::report_never_awaited(h_.promise().where());
    h_.destroy();
    h_ = {};
  }

  handle_type h_;
};

namespace detail {
template <class T>
task<T> task_promise<T>::get_return_object() noexcept {
  return task<T>{std::coroutine_handle<task_promise<T>>::from_promise(*this)};
}
inline task<void> task_promise<void>::get_return_object() noexcept {
  return task<void>{std::coroutine_handle<task_promise<void>>::from_promise(*this)};
}
}  // namespace detail

}  // namespace aio

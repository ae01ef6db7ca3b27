// A minimal lazy task and awaiters, standing in for any runtime in fixtures.
// Real runtimes are recognised the same way: structurally (promise_type,
// await_ready/await_suspend/await_resume) and through role annotations.
#pragma once
#include <coroutine>
#include <exception>
#include <utility>

#define ROLE(name) [[clang::annotate("corolint::" #name)]]

namespace mini {

template <class T = void> struct [[nodiscard]] task {
  struct promise_type {
    task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    template <class U> void return_value(U &&) {}
    void unhandled_exception() {}
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  T await_resume() const { return T(); }
  bool done() const { return false; }
};

template <> struct [[nodiscard]] task<void> {
  struct promise_type {
    task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const {}
  bool done() const { return false; }
};

/// An awaiter (not a task): what sleep() and I/O operations return.
struct sleep_awaiter {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
inline sleep_awaiter sleep(int /*ms*/) { return {}; }

template <class T> struct join_handle {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  T await_resume() const { return T(); }
  void cancel() {}
};
template <> struct join_handle<void> {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const {}
  void cancel() {}
};

template <class T> ROLE(spawn) join_handle<T> spawn(task<T>) { return {}; }
template <class T> ROLE(runner) T run(task<T>) { return T(); }
ROLE(runner) inline void run(task<void>) {}

} // namespace mini

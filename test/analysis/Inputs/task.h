// A minimal lazy task for analysis unit tests that count coroutines: only
// the coroutines a test writes exist in its TU.
#pragma once
#include <coroutine>

namespace t {
template <class T = void> struct task {
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
};
inline std::suspend_always sleep() { return {}; }
} // namespace t

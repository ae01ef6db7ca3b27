//===----------------------------------------------------------------------===//
//
// A self-contained coroutine vocabulary for analysis unit tests that build
// their translation unit from a string with no system headers: just enough
// of <coroutine> for `task` to be a coroutine's return type.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TEST_ANALYSIS_COROUTINEPRELUDE_H
#define COROLINT_TEST_ANALYSIS_COROUTINEPRELUDE_H

namespace corolint::test {

/// Source text declaring std::coroutine_traits, std::coroutine_handle,
/// std::suspend_always and a lazy `task`; prepend it to a test's code.
constexpr const char *CoroutinePrelude = R"cpp(
namespace std {
template <class R, class... A> struct coroutine_traits { using promise_type = typename R::promise_type; };
template <class P = void> struct coroutine_handle;
template <> struct coroutine_handle<void> { static coroutine_handle from_address(void *) { return {}; } };
template <class P> struct coroutine_handle : coroutine_handle<> {
  static coroutine_handle from_address(void *) { return {}; }
  static coroutine_handle from_promise(P &) { return {}; }
};
struct suspend_always {
  bool await_ready() const noexcept { return false; }
  void await_suspend(coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
} // namespace std
struct task {
  struct promise_type {
    task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
)cpp";

} // namespace corolint::test

#endif

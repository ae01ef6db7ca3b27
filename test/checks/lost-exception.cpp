// Fixture for corolint-lost-exception: exceptions of coroutines that
// nothing receives: a promise type whose unhandled_exception() neither
// stores nor rethrows, a spawn's completion handler that ignores the
// std::exception_ptr, a spawn handle that is only cancelled.
#include "mini.h"

#include <cstdio>
#include <stdexcept>

mini::task<int> compute();
void log(const char *);
void record(std::exception_ptr);

// --- Promise types --------------------------------------------------------

struct logging_task {
  struct promise_type {
    logging_task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::puts("coroutine failed"); }
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'unhandled_exception' of 'logging_task::promise_type' neither stores nor rethrows the exception: an exception that leaves a coroutine's body is lost and its awaiter sees a normal completion; store std::current_exception() and rethrow it when the result is taken, or call std::terminate() [corolint-lost-exception]
  };
};

struct flag_task {
  struct promise_type {
    bool failed = false;
    flag_task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() noexcept { failed = true; }
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'unhandled_exception' of 'flag_task::promise_type' neither stores nor rethrows
  };
};

// A class template: reported once, on the template.
template <class T> struct value_task {
  struct promise_type {
    value_task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(T) {}
    void unhandled_exception() {}
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'unhandled_exception' of 'value_task::promise_type' neither stores nor rethrows
  };
};
value_task<int> make_int() { co_return 1; }
value_task<long> make_long() { co_return 2; }

// No diagnostic: stores the exception.
struct storing_task {
  struct promise_type {
    std::exception_ptr error;
    storing_task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() noexcept { error = std::current_exception(); }
  };
};

// No diagnostic: rethrows into whoever resumed the coroutine.
struct rethrowing_task {
  struct promise_type {
    rethrowing_task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { throw; }
  };
};

// No diagnostic: terminates, which is loud.
struct terminating_task {
  struct promise_type {
    terminating_task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() noexcept {
      std::puts("fatal");
      std::terminate();
    }
  };
};

// No diagnostic: stores through a helper whose body is visible.
struct helper_task {
  struct promise_type {
    std::exception_ptr error;
    void capture() { error = std::current_exception(); }
    helper_task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { capture(); }
  };
};

// No diagnostic: calls a function whose body is not visible (it may store).
void store_current_exception_somewhere();
struct opaque_task {
  struct promise_type {
    opaque_task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { store_current_exception_somewhere(); }
  };
};

// --- Completion handlers --------------------------------------------------

mini::task<> may_throw() {
  co_await compute();
}
mini::task<> never_throws() { co_return; }

void handlers() {
  mini::spawn_with(may_throw(), [](std::exception_ptr) {});
  // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: completion handler of 'mini::spawn_with' ignores the std::exception_ptr it receives: an exception of 'may_throw' is lost; rethrow it with std::rethrow_exception or record it [corolint-lost-exception]
  // CHECK-NOTES: :[[@LINE-2]]:54: note: the exception arrives here
  // CHECK-NOTES: :118:3: note: an exception can leave 'may_throw' here
  mini::spawn_with(may_throw(), [](std::exception_ptr e) {
    // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: completion handler of 'mini::spawn_with' ignores the std::exception_ptr
    // CHECK-NOTES: :[[@LINE-2]]:55: note: the exception arrives here
    // CHECK-NOTES: :118:3: note: an exception can leave 'may_throw' here
    if (e)
      log("failed"); // printing loses it
  });
  mini::spawn_with([]() -> mini::task<> { co_await compute(); }(),
                   [](const std::exception_ptr &) {});
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: completion handler of 'mini::spawn_with' ignores the std::exception_ptr it receives: an exception of the coroutine lambda is lost
  // CHECK-NOTES: :[[@LINE-2]]:49: note: the exception arrives here
  // CHECK-NOTES: :[[@LINE-4]]:43: note: an exception can leave the lambda here

  // No diagnostic: the handler rethrows or records the exception.
  mini::spawn_with(may_throw(), [](std::exception_ptr e) {
    if (e)
      std::rethrow_exception(e);
  });
  mini::spawn_with(may_throw(), [](std::exception_ptr e) { record(e); });
  // No diagnostic: the coroutine cannot throw.
  mini::spawn_with(never_throws(), [](std::exception_ptr) {});
  // No diagnostic: the detached token is corolint-fire-and-forget's.
  mini::spawn_with(never_throws(), mini::detached);
}

// --- Spawn handles --------------------------------------------------------

mini::task<> only_cancelled() {
  auto h = mini::spawn(may_throw());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: spawn handle 'h' is only cancelled, never awaited or joined: an exception the task ended with before the cancellation is lost; await it after cancel() and catch the cancellation [corolint-lost-exception]
  // CHECK-NOTES: :[[@LINE+3]]:3: note: cancelled here
  // CHECK-NOTES: :118:3: note: an exception can leave 'may_throw' here
  co_await mini::sleep(10);
  h.cancel();
}

mini::task<> throws_first() {
  throw std::runtime_error("bad");
  co_return;
}
void cancelled_in_plain_function() {
  auto h = mini::spawn(throws_first());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: spawn handle 'h' is only cancelled
  // CHECK-NOTES: :[[@LINE+2]]:3: note: cancelled here
  // CHECK-NOTES: :[[@LINE-7]]:3: note: an exception can leave 'throws_first' here
  h.cancel();
}

// No diagnostic: cancelled, then awaited.
mini::task<> cancelled_then_awaited() {
  auto h = mini::spawn(may_throw());
  h.cancel();
  try {
    co_await h;
  } catch (const mini::cancelled_error &) {
  }
}

// No diagnostic: never used at all is corolint-fire-and-forget's.
mini::task<> never_used() {
  auto h = mini::spawn(may_throw());
  co_return;
}

// --- Macros and NOLINT ----------------------------------------------------

#define IGNORE_OUTCOME [](std::exception_ptr) {}
void through_macro() {
  mini::spawn_with(may_throw(), IGNORE_OUTCOME);
  // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: completion handler of 'mini::spawn_with' ignores the std::exception_ptr
  // CHECK-NOTES: :[[@LINE-4]]:24: note: expanded from macro 'IGNORE_OUTCOME'
  // CHECK-NOTES: :[[@LINE-3]]:33: note: the exception arrives here
  // CHECK-NOTES: :[[@LINE-6]]:45: note: expanded from macro 'IGNORE_OUTCOME'
  // CHECK-NOTES: :118:3: note: an exception can leave 'may_throw' here
  mini::spawn_with(may_throw(), IGNORE_OUTCOME); // NOLINT(corolint-lost-exception)
}

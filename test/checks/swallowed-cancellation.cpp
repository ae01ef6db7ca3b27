// Fixture for corolint-swallowed-cancellation: a handler in a coroutine that
// catches the cancellation (mini::cancelled_error, role cancellation) thrown
// by a suspension point of its try block, and does not rethrow it.
#include "mini.h"

#include <stdexcept>

mini::task<int> compute();
mini::task<> cleanup();
void log(const char *);
[[noreturn]] void fail(const char *);

// --- Positive cases -------------------------------------------------------

mini::task<int> catch_all_default() {
  try {
    co_return co_await compute();
  } catch (...) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'catch (...)' catches the cancellation 'mini::cancelled_error' thrown by a suspension point of its try block and does not rethrow it: the task can no longer be cancelled or timed out; rethrow it with 'throw;', or catch 'mini::cancelled_error' first and rethrow it [corolint-swallowed-cancellation]
    // CHECK-NOTES: :[[@LINE-3]]:15: note: the cancellation can be thrown here
    // CHECK-NOTES: :[[@LINE+1]]:5: note: the handler leaves here without rethrowing it
    co_return -1;
  }
}

mini::task<> through_std_exception() {
  try {
    co_await compute();
  } catch (const std::exception &e) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: this handler catches the cancellation 'mini::cancelled_error' thrown by a suspension point of its try block and does not rethrow it
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the cancellation can be thrown here
    log(e.what());
  }
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the handler ends here without rethrowing it
}

mini::task<> catches_cancellation_itself() {
  try {
    co_await compute();
  } catch (const mini::cancelled_error &) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: this handler catches the cancellation 'mini::cancelled_error'
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the cancellation can be thrown here
    log("cancelled, carrying on");
  }
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the handler ends here without rethrowing it
  co_await cleanup();
}

// Rethrows on one path only.
mini::task<> rethrows_sometimes(bool strict) {
  try {
    co_await compute();
  } catch (...) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'catch (...)' catches the cancellation
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the cancellation can be thrown here
    if (strict)
      throw;
  }
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the handler ends here without rethrowing it
}

// A retry loop that swallows everything can never be cancelled.
mini::task<> retries_forever() {
  for (;;) {
    try {
      co_await compute();
      co_return;
    } catch (...) {
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'catch (...)' catches the cancellation
      // CHECK-NOTES: :[[@LINE-4]]:7: note: the cancellation can be thrown here
      log("retrying");
    }
    // CHECK-NOTES: :[[@LINE-1]]:5: note: the handler ends here without rethrowing it
  }
}

// The handler for std::runtime_error comes first, but the cancellation is
// not a runtime_error: the catch (...) gets it.
mini::task<> narrow_then_all() {
  try {
    co_await compute();
  } catch (const std::runtime_error &) {
    throw;
  } catch (...) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'catch (...)' catches the cancellation
    // CHECK-NOTES: :[[@LINE-5]]:5: note: the cancellation can be thrown here
  }
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the handler ends here without rethrowing it
}

// Stored, but nobody rethrows it.
mini::task<> stores_and_forgets() {
  std::exception_ptr failure;
  try {
    co_await compute();
  } catch (...) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'catch (...)' catches the cancellation
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the cancellation can be thrown here
    failure = std::current_exception();
  }
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the handler ends here without rethrowing it
  if (failure)
    log("failed");
}

// --- No diagnostic --------------------------------------------------------

// Rethrows.
mini::task<> rethrows() {
  try {
    co_await compute();
  } catch (...) {
    log("failed");
    throw;
  }
}

// A preceding handler for the cancellation rethrows it.
mini::task<int> cancellation_first() {
  try {
    co_return co_await compute();
  } catch (const mini::cancelled_error &) {
    throw;
  } catch (const std::exception &) {
    co_return -1; // other failures become a default value: not a cancellation
  }
}

// Stores the exception, awaits a clean-up, then rethrows it.
mini::task<> cleanup_then_rethrow() {
  std::exception_ptr failure;
  try {
    co_await compute();
  } catch (...) {
    failure = std::current_exception(); // no co_await in a handler
  }
  co_await cleanup();
  if (failure)
    std::rethrow_exception(failure);
}

// Falls through to a rethrow of what it stored, on every path.
mini::task<> falls_through_to_rethrow() {
  std::exception_ptr failure;
  try {
    co_await compute();
    co_return;
  } catch (...) {
    failure = std::current_exception();
  }
  co_await cleanup();
  std::rethrow_exception(failure);
}

// Translates into another exception: the task still ends.
mini::task<> translates() {
  try {
    co_await compute();
  } catch (const std::exception &e) {
    throw std::runtime_error(e.what());
  }
}

// Ends in a [[noreturn]] call on every path.
mini::task<> noreturn_handler(bool verbose) {
  try {
    co_await compute();
  } catch (...) {
    if (verbose)
      log("failing");
    fail("compute failed");
  }
}

// The try block cannot suspend: no cancellation can arrive there.
mini::task<> no_suspension_in_try() {
  try {
    log("synchronous");
  } catch (...) {
  }
  co_await compute();
}

// A handler of a narrower type does not catch the cancellation.
mini::task<> narrow_handler() {
  try {
    co_await compute();
  } catch (const std::runtime_error &) {
  }
}

// The awaiter's await_resume is noexcept: nothing can be thrown there.
mini::task<> awaits_noexcept() {
  try {
    co_await mini::sleep(1);
  } catch (...) {
  }
}

// Collects the cancellation of a child it cancelled itself.
mini::task<> cancels_child() {
  auto child = mini::spawn(compute());
  child.cancel();
  try {
    co_await child;
  } catch (const mini::cancelled_error &) {
  }
}

// Not a coroutine: nothing suspends.
int plain_function() {
  try {
    return mini::run(compute());
  } catch (...) {
    return -1;
  }
}

// An entry coroutine: only ever given to a runner, so nothing above it can
// cancel it or time it out.
mini::task<int> entry() {
  try {
    co_return co_await compute();
  } catch (...) {
    co_return 1;
  }
}
int main_like() { return mini::run(entry()); }

// --- Lambdas, templates, macros ------------------------------------------

void lambdas() {
  auto swallowing = []() -> mini::task<> {
    try {
      co_await compute();
    } catch (...) {
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'catch (...)' catches the cancellation
      // CHECK-NOTES: :[[@LINE-3]]:7: note: the cancellation can be thrown here
    }
    // CHECK-NOTES: :[[@LINE-1]]:5: note: the handler ends here without rethrowing it
  };
  auto rethrowing = []() -> mini::task<> {
    try {
      co_await compute();
    } catch (...) {
      throw;
    }
  };
  (void)swallowing;
  (void)rethrowing;
}

// Reported once, at the template, for its instantiations.
template <class T> mini::task<T> value_or(T fallback) {
  try {
    co_return co_await compute();
  } catch (...) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'catch (...)' catches the cancellation
    // CHECK-NOTES: :[[@LINE-3]]:15: note: the cancellation can be thrown here
    // CHECK-NOTES: :[[@LINE+1]]:5: note: the handler leaves here without rethrowing it
    co_return fallback;
  }
}
mini::task<> uses_value_or() {
  co_await value_or(1);
  co_await value_or(2L);
}

// An uninstantiated template is not analysed.
template <class T> mini::task<> never_instantiated() {
  try {
    co_await compute();
  } catch (...) {
  }
}

#define SWALLOW_ALL                                                            \
  catch (...) {}
mini::task<> through_macro() {
  try {
    co_await compute();
  }
  SWALLOW_ALL
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'catch (...)' catches the cancellation
  // CHECK-NOTES: :[[@LINE-7]]:3: note: expanded from macro 'SWALLOW_ALL'
  // CHECK-NOTES: :[[@LINE-5]]:5: note: the cancellation can be thrown here
  // CHECK-NOTES: :[[@LINE-4]]:3: note: the handler ends here without rethrowing it
  // CHECK-NOTES: :[[@LINE-10]]:16: note: expanded from macro 'SWALLOW_ALL'
}

// A test framework's assertion macro (written in a header) reports any
// exception as a failed test: its handler is the framework's, not a
// swallowed cancellation of the code under test.
mini::task<int> expected_value();
mini::task<> a_test_case() {
  MINI_CHECK(co_await expected_value() == 42);
}

// An assertion that the handler is never reached (a function given the
// literal false, its body in another translation unit) fails the test or
// aborts: it does not carry on.
void assert_true(bool);
mini::task<> asserts_unreachable() {
  try {
    co_await compute();
  } catch (...) {
    assert_true(false);
  }
}

// An assertion of a value that can be true carries on when it is.
mini::task<> asserts_a_value(bool ok) {
  try {
    co_await compute();
  } catch (...) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'catch (...)' catches the cancellation
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the cancellation can be thrown here
    assert_true(ok);
  }
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the handler ends here without rethrowing it
}

mini::task<> silenced() {
  try {
    co_await compute();
  } catch (...) { // NOLINT(corolint-swallowed-cancellation)
  }
}

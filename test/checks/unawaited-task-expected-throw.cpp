// Fixture for corolint-unawaited-task: a lambda handed to a function that
// expects it to throw (a test's assert_throws<E>) is a probe; a task it
// drops was never meant to exist.
// CHECKS: corolint-unawaited-task
#include "mini.h"

#include <stdexcept>

mini::task<int> compute(int limit);
void fail(const char *);

/// Calls `f` and passes when it throws E: the test helper's shape.
template <class E, class F> void assert_throws(F &&f) {
  try {
    f();
  } catch (const E &) {
    return;
  } catch (...) {
  }
  fail("did not throw");
}

/// Runs `f`, keeping whatever it throws: an executor's shape.
template <class F> void run_now(F f) {
  try {
    f();
  } catch (...) {
  }
}

/// Catches one type but only logs: it does not expect the exception.
template <class F> void run_logged(F f) {
  try {
    f();
  } catch (const std::exception &) {
    fail("failed");
  }
}

// --- Positive cases -------------------------------------------------------

void drops_in_executed_lambdas() {
  run_now([] { compute(1); });
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: task returned by 'compute' is discarded without being awaited [corolint-unawaited-task]
  run_logged([] { compute(2); });
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: task returned by 'compute' is discarded without being awaited
  // A named lambda: the helper receives a copy of a variable, not the lambda.
  auto probe = [] { compute(-1); };
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: task returned by 'compute' is discarded without being awaited
  assert_throws<std::invalid_argument>(probe);
}

// --- No diagnostic --------------------------------------------------------

void probes_that_must_throw() {
  // compute(-1) is expected to throw std::invalid_argument before it
  // returns a task: the test checks exactly that.
  assert_throws<std::invalid_argument>([] { compute(-1); });
  assert_throws<std::invalid_argument>([&] {
    int limit = -1;
    compute(limit);
  });
}

// Fixture for corolint-fire-and-forget: work spawned with a detached
// completion (a `spawn` given a `detached` token, or a `detached` function)
// loses the exceptions of a coroutine that can throw.
// CHECKS: corolint-fire-and-forget
#include "mini.h"

#include <stdexcept>

mini::task<int> compute();
void log(const char *);
mini::task<> defined_elsewhere();

// --- Positive cases -------------------------------------------------------

mini::task<> awaits() { co_await compute(); }

mini::task<> throws(bool bad) {
  if (bad)
    throw std::runtime_error("bad");
  co_return;
}

mini::task<> catches_too_little() {
  try {
    co_await compute();
  } catch (const std::invalid_argument &) {
  }
}

mini::task<> rethrows() {
  try {
    co_await compute();
  } catch (...) {
    log("failed");
    throw;
  }
}

void spawns() {
  mini::spawn_with(awaits(), mini::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mini::spawn_with' with a detached completion drops the exceptions of 'awaits': an error ends it silently; catch them inside it, or complete with a handler that receives the std::exception_ptr [corolint-fire-and-forget]
  // CHECK-NOTES: :15:25: note: an exception can leave 'awaits' here
  mini::spawn_with(throws(true), mini::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mini::spawn_with' with a detached completion drops the exceptions of 'throws'
  // CHECK-NOTES: :19:5: note: an exception can leave 'throws' here
  mini::spawn_with(catches_too_little(), mini::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mini::spawn_with' with a detached completion drops the exceptions of 'catches_too_little'
  // CHECK-NOTES: :25:5: note: an exception can leave 'catches_too_little' here
  mini::start_detached(rethrows());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mini::start_detached' drops the exceptions of 'rethrows': an error ends it silently; catch them inside it, or keep the work in a scope that receives them [corolint-fire-and-forget]
  // CHECK-NOTES: :35:5: note: an exception can leave 'rethrows' here
  mini::start_detached([]() -> mini::task<> { co_await compute(); }());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mini::start_detached' drops the exceptions of the coroutine lambda
  // CHECK-NOTES: :[[@LINE-2]]:47: note: an exception can leave the lambda here
  // A cast to void drops the result, not the exception: still lost.
  (void)mini::start_detached(rethrows());
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'mini::start_detached' drops the exceptions of 'rethrows'
  // CHECK-NOTES: :35:5: note: an exception can leave 'rethrows' here
}

// --- No diagnostic --------------------------------------------------------

// Catches everything: detaching it loses nothing.
mini::task<> catches_all() {
  try {
    co_await compute();
  } catch (...) {
    log("failed"); // a handler's calls are logging, not new failures
  }
}

// Catches std::exception: what coroutines throw.
mini::task<> catches_exceptions() {
  try {
    co_await compute();
  } catch (const std::exception &e) {
    log(e.what());
  }
}

// Nothing in it can throw.
mini::task<> quiet() {
  log("hello"); // a body we cannot see is not taken to throw
  co_return;
}

void spawns_safely() {
  mini::spawn_with(catches_all(), mini::detached);
  mini::spawn_with(catches_exceptions(), mini::detached);
  mini::start_detached(quiet());
  // Its body is not in this file: nothing says it can throw.
  mini::start_detached(defined_elsewhere());
  // A token that keeps the outcome.
  mini::spawn_with(awaits(), mini::keep);
}

// Fixture for the concurrencpp model (models/concurrencpp.yaml), against the
// shapes of concurrencpp's API in Inputs/concurrencpp.h.
// CHECKS: corolint-blocking-call,corolint-fire-and-forget,corolint-lost-exception,corolint-unguarded-shared-state,corolint-nested-run
#include "concurrencpp.h"

#include <chrono>
#include <memory>
#include <stdexcept>
#include <thread>

using namespace std::chrono_literals;

concurrencpp::result<int> compute();
concurrencpp::result<void> may_fail(int n);

// --- Positive cases -------------------------------------------------------

concurrencpp::result<int> waits_on_results(concurrencpp::result<int> r,
                                           concurrencpp::shared_result<int> s) {
  // Each of these blocks the executor thread the coroutine runs on.
  r.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'concurrencpp::result::wait' in coroutine 'waits_on_results' stalls the event loop; await an asynchronous equivalent or move it to a thread with an offload function [corolint-blocking-call]
  r.wait_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'concurrencpp::result::wait_for' in coroutine 'waits_on_results' stalls the event loop; await an asynchronous equivalent or move it to a thread with an offload function [corolint-blocking-call]
  s.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'concurrencpp::shared_result::wait' in coroutine 'waits_on_results' stalls the event loop
  co_return 0;
}

concurrencpp::result<void> drives_a_manual_executor(
    concurrencpp::manual_executor &ex) {
  ex.loop(16);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'concurrencpp::manual_executor::loop' in coroutine 'drives_a_manual_executor' runs a nested event loop that stalls the running one; await the task instead [corolint-nested-run]
  ex.wait_for_task();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'concurrencpp::manual_executor::wait_for_task' in coroutine 'drives_a_manual_executor' stalls the event loop; await an asynchronous equivalent or move it to a thread with an offload function [corolint-blocking-call]
  co_return;
}

void posts_a_throwing_coroutine(
    std::shared_ptr<concurrencpp::thread_pool_executor> pool) {
  // post swallows whatever the posted work throws.
  pool->post([]() -> concurrencpp::result<void> {
    throw std::runtime_error("lost");
    co_return;
  });
  // CHECK-MESSAGES: :[[@LINE-4]]:3: warning: 'concurrencpp::derivable_executor::post' drops the exceptions of the coroutine lambda: an error ends it silently; catch them inside it, or keep the work in a scope that receives them [corolint-fire-and-forget]
  // CHECK-NOTES: :[[@LINE-4]]:5: note: an exception can leave the lambda here
}

struct unlocked_counter {
  int value = 0;
  concurrencpp::result<void> add(int n) {
    int cur = value;
    co_await compute();
    value = cur + n;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'value' is written after a suspension point based on a value read before it; another coroutine may have changed it in between (lost update); hold an async lock across the await [corolint-unguarded-shared-state]
    // CHECK-NOTES: :[[@LINE-4]]:15: note: 'value' read here
    // CHECK-NOTES: :[[@LINE-4]]:5: note: suspension point here
  }
};

// A null_result coroutine is concurrencpp's fire-and-forget: its promise
// drops whatever leaves it.
concurrencpp::null_result notify_all(int n) {
  co_await may_fail(n);
}
// CHECK-MESSAGES: :[[@LINE-3]]:27: warning: coroutine 'notify_all' returns 'concurrencpp::null_result', whose promise type drops every exception: an error ends it silently and nothing can receive it; catch its exceptions inside it, or return a task type that delivers them [corolint-lost-exception]
// CHECK-NOTES: :[[@LINE-3]]:3: note: an exception can leave 'notify_all' here

concurrencpp::result<void> checked_step(int n) {
  if (n < 0)
    throw std::invalid_argument("negative step");
  co_await may_fail(n);
}

void discards_an_eager_result() {
  // A result coroutine starts when it is called; the discarded result was
  // the only place its exception could go.
  (void)checked_step(3);
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: result of 'checked_step' is discarded, but it started when called and runs on: nothing receives its exceptions, so an error ends it silently; await the result, or keep it and await it later [corolint-fire-and-forget]
  // CHECK-NOTES: :[[@LINE-9]]:5: note: an exception can leave 'checked_step' here
}

// --- No diagnostic --------------------------------------------------------

concurrencpp::null_result ticks(std::shared_ptr<concurrencpp::timer_queue> tq,
                                std::shared_ptr<concurrencpp::executor> ex) {
  // A delay object fails only when the timer queue shuts down: the end of
  // the ticking, not an error lost.
  while (true)
    co_await tq->make_delay_object(1500ms, ex);
}

concurrencpp::null_result notify_all_safely(int n) {
  // It catches its own exceptions: nothing is left to drop.
  try {
    co_await may_fail(n);
  } catch (...) {
  }
}

int main_thread_get() {
  // Outside any coroutine, get is how a program waits for its results.
  return compute().get();
}

concurrencpp::result<int> offloads_blocking_work(
    std::shared_ptr<concurrencpp::thread_executor> threads) {
  // submit runs the callable on the executor's own thread: blocking there
  // does not stall this coroutine's thread.
  co_return co_await threads->submit([] {
    std::this_thread::sleep_for(10ms);
    return 1;
  });
}

void posts_a_coroutine_that_catches(
    std::shared_ptr<concurrencpp::thread_pool_executor> pool) {
  // The coroutine catches its own exceptions: nothing is lost.
  pool->post([]() -> concurrencpp::result<void> {
    try {
      co_await may_fail(-1);
    } catch (...) {
    }
  });
}

struct locked_counter {
  concurrencpp::async_lock lock;
  int value = 0;
  concurrencpp::result<void> add(std::shared_ptr<concurrencpp::executor> ex,
                                 int n) {
    // The scoped_async_lock is held across the suspension.
    auto guard = co_await lock.lock(ex);
    int cur = value;
    co_await compute();
    value = cur + n;
  }
};

concurrencpp::result<int> gets_awaited_results(concurrencpp::result<int> r) {
  // get waits only on a result that is not ready; the model leaves it out,
  // since code mostly calls it on results it has just awaited or resolved.
  auto done = co_await r.resolve();
  co_return done.get();
}

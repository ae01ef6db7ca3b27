// Fixture for the concurrencpp model (models/concurrencpp.yaml), against the
// shapes of concurrencpp's API in Inputs/concurrencpp.h.
// CHECKS: corolint-blocking-call,corolint-fire-and-forget,corolint-unguarded-shared-state
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
  int a = r.get();
  r.wait();
  r.wait_for(10ms);
  int b = s.get();
  co_return a + b;
}

concurrencpp::result<void> drives_a_manual_executor(
    concurrencpp::manual_executor &ex) {
  ex.loop(16);
  ex.wait_for_task();
  co_return;
}

void posts_a_throwing_coroutine(
    std::shared_ptr<concurrencpp::thread_pool_executor> pool) {
  // post swallows whatever the posted work throws.
  pool->post([]() -> concurrencpp::result<void> {
    throw std::runtime_error("lost");
    co_return;
  });
}

struct unlocked_counter {
  int value = 0;
  concurrencpp::result<void> add(int n) {
    int cur = value;
    co_await compute();
    value = cur + n;
  }
};

// --- No diagnostic --------------------------------------------------------

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

// Fixture for the seastar model (models/seastar.yaml), against the shapes of
// seastar's API in Inputs/seastar.h.
// CHECKS: corolint-blocking-call,corolint-missing-timeout,corolint-fire-and-forget,corolint-unbounded-concurrency
#include "seastar.h"

#include <chrono>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

using namespace std::chrono_literals;

seastar::future<int> compute();

// --- Positive cases -------------------------------------------------------

seastar::future<int> gets_in_a_coroutine(seastar::future<int> f) {
  // Outside a seastar::thread, get on a future that is not ready aborts.
  int v = f.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: blocking call to 'seastar::future::get' in coroutine 'gets_in_a_coroutine' stalls the event loop; await an asynchronous equivalent or move it to a thread with an offload function [corolint-blocking-call]
  co_return v;
}

seastar::future<> connects(seastar::socket_address peer) {
  auto s = co_await seastar::connect(peer);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'seastar::connect' waits on an external resource with no timeout; wrap it in a timeout or pass a deadline [corolint-missing-timeout]
  (void)s;
}

seastar::future<> refresh(int shard) {
  if (shard < 0)
    throw std::invalid_argument("no such shard");
  co_await seastar::sleep(1ms);
}

void refreshes_in_the_background(int shard) {
  // `(void)` is seastar's way to run a future in the background. A
  // coroutine's future has started when it is returned; the exception it may
  // end with dies with the discarded future ("exceptional future ignored").
  (void)refresh(shard);
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: result of 'refresh' is discarded, but it started when called and runs on: nothing receives its exceptions, so an error ends it silently; await the result, or keep it and await it later [corolint-fire-and-forget]
  // CHECK-NOTES: :[[@LINE-10]]:5: note: an exception can leave 'refresh' here
}

seastar::future<> refreshes_every_shard(std::vector<int> shards) {
  // One refresh per element, all at once.
  std::vector<seastar::future<>> pending;
  for (int shard : shards)
    pending.push_back(refresh(shard));
  co_await seastar::when_all_succeed(std::move(pending));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'seastar::when_all_succeed' runs every task of 'pending' at once, one per element, with no limit on how many run at once; pass a limit, acquire a semaphore permit in each task, or gather in bounded batches [corolint-unbounded-concurrency]
  // CHECK-NOTES: :[[@LINE-3]]:5: note: a task is added here
  // CHECK-NOTES: :[[@LINE-5]]:3: note: the loop runs once per element of a range whose size only run time knows, and nothing waits in between
}

// --- No diagnostic --------------------------------------------------------

seastar::future<> refresh_quietly(int shard) {
  try {
    co_await refresh(shard);
  } catch (...) {
  }
}

void refreshes_quietly_in_the_background(int shard) {
  // The coroutine catches its own exceptions: nothing is lost.
  (void)refresh_quietly(shard);
}

seastar::semaphore refresh_limit{4};

seastar::future<> limited_refresh(int shard) {
  // Each refresh holds a unit of a semaphore while it runs.
  auto units = co_await seastar::get_units(refresh_limit, 1);
  co_await refresh(shard);
}

seastar::future<> refreshes_every_shard_four_at_a_time(std::vector<int> shards) {
  std::vector<seastar::future<>> pending;
  for (int shard : shards)
    pending.push_back(limited_refresh(shard));
  co_await seastar::when_all_succeed(std::move(pending));
}

seastar::future<int> waits_in_a_seastar_thread() {
  // Inside seastar::async the callable runs in a seastar::thread, where get
  // parks the thread until the future is ready.
  co_return co_await seastar::async([] { return compute().get(); });
}

seastar::future<> connects_with_a_deadline(seastar::socket_address peer) {
  // with_timeout fails the connect at the deadline.
  auto s = co_await seastar::with_timeout(std::chrono::steady_clock::now() + 1s,
                                          seastar::connect(peer));
  (void)s;
}

int main_runs_the_app(seastar::app_template &app, int argc, char **argv) {
  // Outside any coroutine, app_template::run is how a program starts.
  return app.run(argc, argv, [] { return compute(); });
}

seastar::future<> blocks_the_reactor_in_a_thread() {
  // A known gap, not a correct program: a seastar::thread shares the
  // reactor's OS thread, so a real sleep inside one blocks the reactor, but
  // the model's `offload` on async (which keeps get and wait there quiet)
  // hides it too.
  co_await seastar::async([] {
    std::this_thread::sleep_for(1ms);
    return 0;
  });
}

// Fixture for the seastar model (models/seastar.yaml), against the shapes of
// seastar's API in Inputs/seastar.h.
// CHECKS: corolint-blocking-call,corolint-missing-timeout
#include "seastar.h"

#include <chrono>
#include <thread>

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

// --- No diagnostic --------------------------------------------------------

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

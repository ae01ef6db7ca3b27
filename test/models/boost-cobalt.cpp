// Fixture for the boost-cobalt model (models/boost-cobalt.yaml), against the
// shapes of Boost.cobalt's API in Inputs/boost-cobalt.h.
// CHECKS: corolint-blocking-call,corolint-fire-and-forget,corolint-missing-timeout,corolint-nested-run
#include "boost-cobalt.h"

#include <stdexcept>

namespace cobalt = boost::cobalt;

cobalt::task<int> compute();
cobalt::task<void> may_fail(int n) {
  if (n < 0)
    throw std::invalid_argument("negative");
  co_return;
}
cobalt::task<void> never_fails() noexcept;

// --- Positive cases -------------------------------------------------------

cobalt::task<int> nested_run() {
  // run drives a fresh io_context on this thread.
  co_return cobalt::run(compute());
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: call to 'boost::cobalt::run' in coroutine 'nested_run' runs a nested event loop that stalls the running one; await the task instead [corolint-nested-run]
}

void spawns_detached(boost::asio::any_io_executor ex) {
  // asio::detached drops the exception may_fail throws.
  cobalt::spawn(ex, may_fail(-1), boost::asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'boost::cobalt::spawn' with a detached completion drops the exceptions of 'may_fail': an error ends it silently; catch them inside it, or complete with a handler that receives the std::exception_ptr [corolint-fire-and-forget]
  // CHECK-NOTES: :13:5: note: an exception can leave 'may_fail' here
}

cobalt::task<void> unbounded_io(cobalt::io::stream_socket &s,
                                cobalt::io::mutable_buffer_sequence in) {
  co_await s.connect(cobalt::io::endpoint{});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'boost::cobalt::io::socket::connect' waits on an external resource with no timeout; wrap it in a timeout or pass a deadline [corolint-missing-timeout]
  co_await s.read_some(in);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'boost::cobalt::io::stream_socket::read_some' waits on an external resource with no timeout; wrap it in a timeout or pass a deadline [corolint-missing-timeout]
}

// --- No diagnostic --------------------------------------------------------

int main_thread_run() {
  // Outside any coroutine, run is how a program starts its work.
  return cobalt::run(compute());
}

void spawns_detached_work_that_cannot_throw(boost::asio::any_io_executor ex) {
  // No exception to lose.
  cobalt::spawn(ex, never_fails(), boost::asio::detached);
}

cobalt::task<void> raced_against_a_timer(cobalt::io::stream_socket &s,
                                         cobalt::io::steady_timer &t,
                                         cobalt::io::mutable_buffer_sequence in) {
  // The read loses the race when the timer fires first, and is cancelled.
  co_await cobalt::race(s.read_some(in), t.wait());
}

// Fixture for the libunifex model (models/libunifex.yaml), against the
// shapes of libunifex's API in Inputs/libunifex.h.
// CHECKS: corolint-blocking-call,corolint-nested-run
#include "libunifex.h"
#include "mini.h"

// --- Positive cases -------------------------------------------------------

mini::task<int> nested_event_loops(unifex::manual_event_loop &loop) {
  // sync_wait and manual_event_loop::run drive a loop on this thread.
  auto r = unifex::sync_wait(unifex::just(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:45: warning: call to 'unifex::_sync_wait_cpo::_fn::operator()' in coroutine 'nested_event_loops' runs a nested event loop that stalls the running one; await the task instead [corolint-nested-run]
  loop.run();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'unifex::_manual_event_loop::context::run' in coroutine 'nested_event_loops' runs a nested event loop that stalls the running one; await the task instead [corolint-nested-run]
  co_return *r;
}

// --- No diagnostic --------------------------------------------------------

int main_thread_sync_wait() {
  // Outside any coroutine, sync_wait is how a program starts its work.
  return *unifex::sync_wait(unifex::just(1));
}

// Fixture for the stdexec model (models/stdexec.yaml), against the shapes of
// stdexec's API in Inputs/stdexec.h.
// CHECKS: corolint-blocking-call,corolint-fire-and-forget,corolint-nested-run
#include "mini.h"
#include "stdexec.h"

// --- Positive cases -------------------------------------------------------

mini::task<int> nested_sync_wait(stdexec::run_loop &loop) {
  // sync_wait and run_loop::run drive a loop on the coroutine's thread.
  auto r = stdexec::sync_wait(stdexec::just(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:47: warning: call to 'stdexec::sync_wait_t::operator()' in coroutine 'nested_sync_wait' runs a nested event loop that stalls the running one; await the task instead [corolint-nested-run]
  loop.run();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'stdexec::__run_loop::__run_loop_base::run' in coroutine 'nested_sync_wait' runs a nested event loop that stalls the running one; await the task instead [corolint-nested-run]
  co_return std::get<0>(*r);
}

void drops_the_future(exec::async_scope &scope) {
  // Nobody receives the spawned work's result or error.
  scope.spawn_future(stdexec::just(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'experimental::execution::__scope::async_scope::spawn_future' is discarded; the task's exceptions are lost and nothing waits for it; keep the handle and await it, or spawn into a task group [corolint-fire-and-forget]
}

// --- No diagnostic --------------------------------------------------------

int main_thread_sync_wait() {
  // Outside any coroutine, sync_wait is how a program starts its work.
  return std::get<0>(*stdexec::sync_wait(stdexec::just(1)));
}

void spawns_into_the_scope(exec::async_scope &scope) {
  // spawn terminates the program on an error, and returns nothing to keep.
  scope.spawn(stdexec::just(1));
}

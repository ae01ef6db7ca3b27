// Fixture for the async-simple model (models/async-simple.yaml), against the
// shapes of async_simple's API in Inputs/async-simple.h.
// CHECKS: corolint-blocking-call,corolint-nested-run
#include "async-simple.h"

#include <utility>

async_simple::coro::Lazy<int> compute();

// --- Positive cases -------------------------------------------------------

async_simple::coro::Lazy<int> nested_sync_await(async_simple::Future<int> f,
                                                async_simple::Executor *ex) {
  // syncAwait blocks the thread until the Lazy completes; Future::get waits.
  int v = async_simple::coro::syncAwait(compute(), ex);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: call to 'async_simple::coro::syncAwait' in coroutine 'nested_sync_await' runs a nested event loop that stalls the running one; await the task instead [corolint-nested-run]
  int w = std::move(f).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: blocking call to 'async_simple::Future::get' in coroutine 'nested_sync_await' stalls the event loop; await an asynchronous equivalent or move it to a thread with an offload function [corolint-blocking-call]
  co_return v + w;
}

// --- No diagnostic --------------------------------------------------------

int main_thread_sync_await() {
  // Outside any coroutine, syncAwait is how a program starts its work.
  return async_simple::coro::syncAwait(compute());
}

async_simple::coro::Lazy<int> awaits_it(async_simple::Executor *) {
  // Awaiting is the asynchronous equivalent.
  co_return co_await compute();
}

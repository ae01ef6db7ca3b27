// Fixture for the async-simple model (models/async-simple.yaml), against the
// shapes of async_simple's API in Inputs/async-simple.h.
// CHECKS: corolint-blocking-call,corolint-nested-run,corolint-lost-exception
#include "async-simple.h"

#include <cstdio>
#include <exception>
#include <stdexcept>
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

async_simple::coro::Lazy<int> parse(int raw) {
  if (raw < 0)
    throw std::invalid_argument("negative");
  co_return raw * 2;
}

void starts_and_ignores(int raw) {
  // start runs the Lazy with nobody awaiting it; the callback is the only
  // receiver of its outcome, and never looks at it.
  parse(raw).start([](auto &&) {});
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: completion handler of 'async_simple::coro::detail::LazyBase::start' ignores the 'async_simple::Try<int>' it receives: an exception of 'parse' is lost; read the exception it may hold or record it [corolint-lost-exception]
  // CHECK-NOTES: :[[@LINE-2]]:30: note: the exception arrives here
  // CHECK-NOTES: :[[@LINE-10]]:5: note: an exception can leave 'parse' here
}

void starts_on_an_executor_and_only_tests(async_simple::Executor *ex,
                                          int raw) {
  // Through via(): the work is still parse's. hasError() says that it
  // failed, not why.
  parse(raw).via(ex).start([](async_simple::Try<int> result) {
    if (result.hasError())
      std::puts("parse failed");
  });
  // CHECK-MESSAGES: :[[@LINE-4]]:28: warning: completion handler of 'async_simple::coro::detail::LazyBase::start' ignores the 'async_simple::Try<int>' it receives: an exception of 'parse' is lost; read the exception it may hold or record it [corolint-lost-exception]
  // CHECK-NOTES: :[[@LINE-5]]:54: note: the exception arrives here
  // CHECK-NOTES: :[[@LINE-23]]:5: note: an exception can leave 'parse' here
}

// --- No diagnostic --------------------------------------------------------

void starts_and_rethrows(int raw) {
  // The callback takes the exception out of the Try.
  parse(raw).start([](async_simple::Try<int> result) {
    if (result.hasError())
      std::rethrow_exception(result.getException());
  });
}

void starts_and_reads_the_value(int raw) {
  // value() rethrows what the Try holds.
  parse(raw).start([](auto &&result) { std::printf("%d\n", result.value()); });
}

async_simple::coro::Lazy<int> cannot_fail() { co_return 1; }

void starts_what_cannot_fail() {
  // Nothing can leave the coroutine: the callback has nothing to lose.
  cannot_fail().start([](auto &&) {});
}

int main_thread_sync_await() {
  // Outside any coroutine, syncAwait is how a program starts its work.
  return async_simple::coro::syncAwait(compute());
}

async_simple::coro::Lazy<int> awaits_it(async_simple::Executor *) {
  // Awaiting is the asynchronous equivalent.
  co_return co_await compute();
}

// Fixture for the folly-coro model (models/folly-coro.yaml), against the
// shapes of folly::coro's API in Inputs/folly-coro.h.
// CHECKS: corolint-blocking-call,corolint-fire-and-forget,corolint-lost-exception,corolint-missing-timeout,corolint-unguarded-shared-state,corolint-nested-run
#include "folly-coro.h"

#include <chrono>
#include <cstdio>
#include <stdexcept>

using namespace std::chrono_literals;

folly::coro::Task<int> compute();
folly::coro::Task<void> may_fail(int n) {
  if (n < 0)
    throw std::invalid_argument("negative");
  co_return;
}
folly::coro::Task<void> never_fails() noexcept;

// --- Positive cases -------------------------------------------------------

folly::coro::Task<int> nested_blocking_wait(folly::EventBase &evb,
                                            folly::SemiFuture<int> f) {
  int v = folly::coro::blockingWait(compute());
  // CHECK-MESSAGES: :[[@LINE-1]]:46: warning: call to 'folly::coro::blocking_wait_fn::operator()' in coroutine 'nested_blocking_wait' runs a nested event loop that stalls the running one; await the task instead [corolint-nested-run]
  evb.loopOnce();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'folly::EventBase::loopOnce' in coroutine 'nested_blocking_wait' runs a nested event loop that stalls the running one; await the task instead [corolint-nested-run]
  int w = std::move(f).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: blocking call to 'folly::SemiFuture::get' in coroutine 'nested_blocking_wait' stalls the event loop; await an asynchronous equivalent or move it to a thread with an offload function [corolint-blocking-call]
  co_return v + w;
}

void adds_a_throwing_task(folly::coro::AsyncScope &scope) {
  // AsyncScope logs the exception and drops it.
  scope.add(may_fail(-1));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'folly::coro::AsyncScope::add' drops the exceptions of 'may_fail': an error ends it silently; catch them inside it, or keep the work in a scope that receives them [corolint-fire-and-forget]
  // CHECK-NOTES: :15:5: note: an exception can leave 'may_fail' here
}

void adds_a_task_bound_to_an_executor(folly::coro::AsyncScope &scope,
                                      folly::Executor *ex) {
  // co_withExecutor only binds the task: the work added is may_fail's.
  scope.add(folly::coro::co_withExecutor(ex, may_fail(-1)));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'folly::coro::AsyncScope::add' drops the exceptions of 'may_fail': an error ends it silently; catch them inside it, or keep the work in a scope that receives them [corolint-fire-and-forget]
  // CHECK-NOTES: :15:5: note: an exception can leave 'may_fail' here
}

void starts_with_a_callback_that_ignores_it(folly::Executor *ex) {
  // The callback is the only receiver of the outcome, and never reads it.
  folly::coro::co_withExecutor(ex, may_fail(-1))
      .start([](folly::Try<void> &&) { std::puts("done"); });
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: completion handler of 'folly::coro::TaskWithExecutor::start' ignores the 'folly::Try<void>' it receives: an exception of 'may_fail' is lost; read the exception it may hold or record it [corolint-lost-exception]
  // CHECK-NOTES: :[[@LINE-2]]:36: note: the exception arrives here
  // CHECK-NOTES: :15:5: note: an exception can leave 'may_fail' here
}

void drops_the_started_future(folly::Executor *ex) {
  compute().scheduleOn(ex).start();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'folly::coro::TaskWithExecutor::start' is discarded; the task's exceptions are lost and nothing waits for it; keep the handle and await it, or spawn into a task group [corolint-fire-and-forget]
}

folly::coro::Task<void> unbounded_write(folly::coro::Transport &t,
                                        folly::ByteRange buf) {
  co_await t.write(buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'folly::coro::Transport::write' waits on an external resource with no timeout; wrap it in a timeout or pass a deadline [corolint-missing-timeout]
}

// --- No diagnostic --------------------------------------------------------

int main_thread_blocking_wait() {
  // Outside any coroutine, blockingWait is how a program starts its work.
  return folly::coro::blockingWait(compute());
}

void adds_a_task_that_cannot_throw(folly::coro::AsyncScope &scope) {
  // No exception to lose.
  scope.add(never_fails());
}

void starts_with_a_callback(folly::Executor *ex) {
  // The callback receives the result, exception included, and reads it.
  may_fail(-1).scheduleOn(ex).start([](auto &&result) {
    if (result.hasException())
      std::puts("failed");
    result.value();
  });
}

folly::coro::Task<void> bounded_io(folly::coro::Transport &t,
                                   folly::MutableByteRange in,
                                   folly::ByteRange out) {
  // read and write are bounded by their timeout arguments.
  co_await t.read(in, 5s);
  co_await t.write(out, 1s);
}

folly::coro::Task<void> bounded_by_timeout(folly::coro::Transport &t,
                                           folly::ByteRange out) {
  // folly::coro::timeout cancels the write after a second.
  co_await folly::coro::timeout(t.write(out), 1s);
}

struct cache {
  folly::coro::SharedMutexFair m;
  int value = 0;
  folly::coro::Task<int> read_twice() {
    // The SharedLock is held across the suspension.
    auto lock = co_await m.co_scopedLockShared();
    int first = value;
    co_await compute();
    value = first + 1;
    co_return value;
  }
};

// Fixture for corolint-fire-and-forget.
#include "mini.h"

#include <exception>
#include <future>
#include <stdexcept>
#include <thread>
#include <utility>

mini::task<int> compute();
mini::task<> refresh();
void work();
void keep(mini::join_handle<int> handle);

// --- Positive cases -------------------------------------------------------

mini::task<> discards_the_handle(bool urgent) {
  mini::spawn(compute());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'mini::spawn' is discarded; the task's exceptions are lost and nothing waits for it; keep the handle and await it, or spawn into a task group [corolint-fire-and-forget]
  if (urgent)
    mini::spawn(refresh());
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: result of 'mini::spawn' is discarded
  for (int i = 0; i < 3; ++i)
    mini::spawn(compute());
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: result of 'mini::spawn' is discarded
  co_return;
}

mini::task<> handle_never_used() {
  auto handle = mini::spawn(compute());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: spawn handle 'handle' is never awaited, joined, cancelled or passed on; the task's exceptions are lost and nothing waits for it; await it, or spawn into a task group
  // CHECK-NOTES: :[[@LINE-2]]:17: note: task spawned here by 'mini::spawn'
  co_return;
}

void spawns_outside_a_coroutine() {
  mini::spawn(compute()); // a spawn anywhere starts untracked work
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'mini::spawn' is discarded
}

void detaches(std::thread &worker) {
  std::thread t(work);
  t.detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'detach' leaves the thread untracked; its exceptions terminate the program and nothing joins it; join it, or use std::jthread [corolint-fire-and-forget]
  worker.detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'detach' leaves the thread untracked
  std::jthread j(work);
  j.detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'detach' leaves the thread untracked; its exceptions terminate the program and nothing joins it; join it, or let the std::jthread join it when it is destroyed
}

void discards_async_futures() {
  std::async(std::launch::async, work);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: future returned by 'std::async' is discarded; its destructor blocks until the task completes, so the work runs synchronously [corolint-fire-and-forget]
  std::async(work);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: future returned by 'std::async' is discarded; its destructor blocks
  std::async(std::launch::deferred, work);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: future returned by 'std::async' is discarded; with 'std::launch::deferred' the task never runs
}

// --- No diagnostic --------------------------------------------------------

mini::task<> handled() {
  auto awaited = mini::spawn(compute());
  int v = co_await awaited; // joined
  auto cancelled = mini::spawn(compute());
  cancelled.cancel(); // cancelled
  auto passed = mini::spawn(compute());
  keep(std::move(passed)); // ownership handed on
  co_await mini::spawn(compute()); // awaited at once
  auto captured = mini::spawn(compute());
  auto later = [&captured]() { return &captured; }; // the lambda has it now
  (void)later;
  (void)v;
  offl::task_group group;
  group.spawn(refresh()); // a structured owner: the group joins it
  co_await group.join();
}

mini::join_handle<int> returned() { return mini::spawn(compute()); }

mini::task<> void_cast_is_intentional() {
  (void)mini::spawn(compute()); // the cast says "I mean to drop it"
  (void)std::async(work);
  co_return;
}

void threads_that_are_tracked() {
  std::thread t(work);
  t.join();
  std::jthread j(work); // joins when destroyed
  auto kept = std::async(std::launch::async, work);
  kept.get();
}

// --- Lambdas, templates and macros ----------------------------------------

mini::task<> in_a_lambda() {
  auto start = [] {
    mini::spawn(compute());
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: result of 'mini::spawn' is discarded
  };
  start();
  co_return;
}

template <class T> mini::task<> generic(mini::task<T> t) {
  mini::spawn(std::move(t));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'mini::spawn' is discarded
  co_return;
}
template mini::task<> generic(mini::task<int>);

template <class T> void never_instantiated(mini::task<T> t) {
  mini::spawn(std::move(t)); // dependent: checked in instantiations only
}

#define LAUNCH(t) mini::spawn(t)
void in_a_macro() {
  LAUNCH(compute());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'mini::spawn' is discarded
  // CHECK-NOTES: :[[@LINE-4]]:19: note: expanded from macro 'LAUNCH'
}

// --- Eager coroutines -----------------------------------------------------

// An eager task type whose promise keeps the exception for the result
// (mini::eager_task's terminates on it).
struct started {
  struct promise_type {
    std::exception_ptr error;
    started get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { error = std::current_exception(); }
  };
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  void await_resume();
};

started checked_refresh(int n) {
  if (n < 0)
    throw std::invalid_argument("n");
  co_await refresh();
}
mini::eager_task loud_refresh(int n) {
  if (n < 0)
    throw std::invalid_argument("n");
  co_await refresh();
}
started quiet_refresh(int n) {
  try {
    co_await checked_refresh(n);
  } catch (...) {
  }
}

void discards_eager_results(int n) {
  checked_refresh(n);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'checked_refresh' is discarded, but it started when called and runs on: nothing receives its exceptions, so an error ends it silently; await the result, or keep it and await it later [corolint-fire-and-forget]
  // CHECK-NOTES: :[[@LINE-18]]:5: note: an exception can leave 'checked_refresh' here
  (void)checked_refresh(n);
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: result of 'checked_refresh' is discarded
  // CHECK-NOTES: :[[@LINE-21]]:5: note: an exception can leave 'checked_refresh' here
  // No diagnostic: its exception terminates the program, loudly.
  loud_refresh(n);
  // No diagnostic: it cannot fail.
  quiet_refresh(n);
}

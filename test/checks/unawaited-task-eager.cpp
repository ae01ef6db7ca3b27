// corolint-unawaited-task: eager tasks and futures run whether or not they
// are awaited; dropping one does not lose the work. Only lazy tasks (their
// promise's initial_suspend always suspends) and awaiters are reported.
// CHECKS: corolint-unawaited-task
#include "mini.h"

mini::eager_task start_now();
mini::future<int> fetch_started();

struct server {
  mini::future<void> async_start(); // work that has already started
  mini::task<> serve();             // lazy: runs when awaited
};

/// A task whose first resumption is scheduled by its initial awaiter: the
/// structure does not say whether the body runs without an await.
struct scheduled_task {
  struct scheduling_awaiter {
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) const noexcept { post(h); }
    void await_resume() const noexcept {}
    static void post(std::coroutine_handle<>);
  };
  struct promise_type {
    scheduled_task get_return_object() { return {}; }
    scheduling_awaiter initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
scheduled_task schedule();

// --- Positive cases -------------------------------------------------------

mini::task<> a_lazy_task_never_runs(server &s) {
  s.serve();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task returned by 'server::serve' is discarded without being awaited
  // CHECK-FIXES: co_await s.serve();
  co_return;
}

mini::task<> unknown_start_is_reported() {
  schedule(); // initial_suspend does work of its own: treated as lazy
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task returned by 'schedule' is discarded without being awaited
  // CHECK-FIXES: co_await schedule(); // initial_suspend does work of its own: treated as lazy
  co_return;
}

// --- No diagnostic --------------------------------------------------------

mini::task<> eager_results_are_not_lost(server &s) {
  start_now();     // initial_suspend is suspend_never: the body already ran
  s.async_start(); // a future: the work has started, dropping it is deliberate
  fetch_started(); // the same for a future of a value
  auto f = fetch_started(); // a local future that is never used: the work runs anyway
  auto e = start_now();
  co_return;
}

void eager_outside_a_coroutine(server &s) {
  s.async_start(); // also outside a coroutine
}

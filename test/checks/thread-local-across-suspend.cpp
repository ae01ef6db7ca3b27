// corolint-thread-local-across-suspend: thread-bound state used on both
// sides of a suspension point, where the coroutine may have changed thread.
#include "mini.h"

#include <thread>

thread_local int request_count = 0;
struct context {
  int depth = 0;
};
thread_local context current;
struct metrics {
  static thread_local int hits;
};
int compute(int);
void log_thread(std::thread::id);
bool on_thread(std::thread::id);
void offload(void (*)()); // stand-in, without the role

// --- Positive cases ---------------------------------------------------------

mini::task<> counts_across_await() {
  ++request_count;
  co_await mini::sleep(1);
  --request_count;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread_local 'request_count' is used on both sides of a suspension point in coroutine 'counts_across_await': the coroutine may resume on another thread, where it denotes another thread's object; pass the value explicitly, or read it again after resuming and do not keep it across [corolint-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE-4]]:5: note: used here before the suspension
  // CHECK-NOTES: :[[@LINE-4]]:3: note: suspension point is here
}

// A reference or pointer taken before the suspension still names the first
// thread's object after it.
mini::task<> alias_across_await() {
  context &ctx = current;
  co_await mini::sleep(1);
  ctx.depth = 0;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread_local 'current' is used (through 'ctx') on both sides of a suspension point in coroutine 'alias_across_await'
  // CHECK-NOTES: :[[@LINE-4]]:18: note: used here before the suspension
  // CHECK-NOTES: :[[@LINE-4]]:3: note: suspension point is here
}

mini::task<> pointer_across_await() {
  int *p = &metrics::hits;
  int v = co_await mini::task<int>{};
  *p += v;
  // CHECK-MESSAGES: :[[@LINE-1]]:4: warning: thread_local 'metrics::hits' is used (through 'p') on both sides of a suspension point in coroutine 'pointer_across_await'
  // CHECK-NOTES: :[[@LINE-4]]:13: note: used here before the suspension
  // CHECK-NOTES: :[[@LINE-4]]:11: note: suspension point is here
}

// The thread's id, kept or asked again.
mini::task<> thread_id_across_await() {
  std::thread::id started = std::this_thread::get_id();
  co_await mini::sleep(1);
  log_thread(started);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: the thread id from 'std::this_thread::get_id' is used (through 'started') on both sides of a suspension point in coroutine 'thread_id_across_await': the coroutine may resume on another thread, where the thread has another id
  // CHECK-NOTES: :[[@LINE-4]]:29: note: used here before the suspension
  // CHECK-NOTES: :[[@LINE-4]]:3: note: suspension point is here
}

// A kept id compared with another kept id compares two stale values.
mini::task<> thread_id_compared_with_kept(std::thread::id owner) {
  std::thread::id mine = std::this_thread::get_id();
  co_await mini::sleep(1);
  (void)on_thread(std::thread::id(mine == owner ? mine : owner));
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: the thread id from 'std::this_thread::get_id' is used (through 'mine') on both sides of a suspension point in coroutine 'thread_id_compared_with_kept'
  // CHECK-NOTES: :[[@LINE-4]]:26: note: used here before the suspension
  // CHECK-NOTES: :[[@LINE-4]]:3: note: suspension point is here
}

// One use in a loop that suspends meets itself on the next iteration.
mini::task<> in_a_loop() {
  for (int i = 0; i < 3; ++i) {
    request_count += i;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread_local 'request_count' is used on both sides of a suspension point in coroutine 'in_a_loop'
    // CHECK-NOTES: :[[@LINE-2]]:5: note: used here before the suspension
    // CHECK-NOTES: :[[@LINE+1]]:5: note: suspension point is here
    co_await mini::sleep(i);
  }
}

// --- No diagnostic ----------------------------------------------------------

// Asking again after resuming reads the thread the coroutine is on now.
mini::task<> thread_id_asked_again() {
  log_thread(std::this_thread::get_id());
  co_await mini::sleep(1);
  log_thread(std::this_thread::get_id());
}

// Comparing the kept id with the current one asks whether the coroutine
// moved (the tests of a thread pool do this); it assumes nothing.
mini::task<> thread_id_compared() {
  std::thread::id before = std::this_thread::get_id();
  co_await mini::sleep(1);
  if (before != std::this_thread::get_id())
    log_thread(std::this_thread::get_id());
  std::thread::id after = std::this_thread::get_id();
  (void)on_thread(std::thread::id(before == after ? after : std::thread::id()));
}

// Used on one side only.
mini::task<> before_only() {
  int snapshot = request_count; // a copy is a value, not the thread's object
  co_await mini::sleep(1);
  (void)compute(snapshot);
}
mini::task<> after_only() {
  co_await mini::sleep(1);
  ++request_count;
  --request_count;
}

// Work handed to another thread touches that thread's state, not ours.
mini::task<> offloaded() {
  std::thread worker([] { ++request_count; });
  co_await mini::sleep(1);
  std::thread again([] { --request_count; });
  worker.join();
  again.join();
}

// A plain global is the same object on every thread.
int global_count = 0;
mini::task<> plain_global() {
  ++global_count;
  co_await mini::sleep(1);
  --global_count;
}

// Silenced.
mini::task<> silenced() {
  ++request_count;
  co_await mini::sleep(1);
  --request_count; // NOLINT(corolint-thread-local-across-suspend)
}

// --- Lambdas, templates, macros ---------------------------------------------

void lambdas() {
  auto handler = []() -> mini::task<> {
    ++request_count;
    co_await mini::sleep(1);
    --request_count;
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: thread_local 'request_count' is used on both sides of a suspension point in a coroutine lambda
    // CHECK-NOTES: :[[@LINE-4]]:7: note: used here before the suspension
    // CHECK-NOTES: :[[@LINE-4]]:5: note: suspension point is here
  };
  (void)handler;
}

template <class T> thread_local T per_thread{};
template <class T> mini::task<> templated() {
  per_thread<T> += 1;
  co_await mini::sleep(1);
  per_thread<T> -= 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread_local 'per_thread' is used on both sides of a suspension point in coroutine 'templated'
  // CHECK-NOTES: :[[@LINE-4]]:3: note: used here before the suspension
  // CHECK-NOTES: :[[@LINE-4]]:3: note: suspension point is here
}
void instantiate() { (void)templated<int>(); }

#define BUMP() ++request_count
mini::task<> through_a_macro() {
  BUMP();
  co_await mini::sleep(1);
  BUMP();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread_local 'request_count' is used on both sides of a suspension point in coroutine 'through_a_macro'
  // CHECK-NOTES: :[[@LINE-6]]:18: note: expanded from macro 'BUMP'
  // CHECK-NOTES: :[[@LINE-5]]:3: note: used here before the suspension
  // CHECK-NOTES: :[[@LINE-8]]:18: note: expanded from macro 'BUMP'
  // CHECK-NOTES: :[[@LINE-6]]:3: note: suspension point is here
}

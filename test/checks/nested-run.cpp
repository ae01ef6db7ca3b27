// corolint-nested-run: an event loop run to completion from inside a
// coroutine, directly or through ordinary functions of this file.
#include "mini.h"

#include <chrono>
#include <thread>

using namespace std::chrono_literals;

mini::task<int> compute() { co_return 1; }

// --- Positive cases: in the coroutine ---------------------------------------

mini::task<> runs_inside() {
  mini::run(mini::task<>{});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'mini::run' in coroutine 'runs_inside' runs a nested event loop that stalls the running one; await the task instead [corolint-nested-run]
  int v = mini::run(compute());
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: call to 'mini::run' in coroutine 'runs_inside' runs a nested event loop
  (void)v;
  co_return;
}

// A lambda called inline runs on the coroutine's thread.
mini::task<> runs_in_an_inline_lambda() {
  auto drive = [] { mini::run(mini::task<>{}); };
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: call to 'mini::run' in coroutine 'runs_in_an_inline_lambda' runs a nested event loop
  drive();
  co_return;
}

// --- Positive cases: through ordinary functions of this file ---------------

void drive_loop() { mini::run(mini::task<>{}); }
void settle() {
  std::this_thread::sleep_for(1ms); // blocking-call's finding, not this one
  drive_loop();
}

mini::task<> reaches_a_loop() {
  drive_loop();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'drive_loop' runs a nested event loop in coroutine 'reaches_a_loop' (via 'mini::run'); await the task instead [corolint-nested-run]
  // CHECK-NOTES: :[[@LINE-9]]:21: note: 'drive_loop' runs a nested event loop: call to 'mini::run' here
  settle();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'settle' runs a nested event loop in coroutine 'reaches_a_loop' (via 'drive_loop' -> 'mini::run')
  // CHECK-NOTES: :[[@LINE-9]]:3: note: 'settle' calls 'drive_loop' here
  // CHECK-NOTES: :[[@LINE-13]]:21: note: 'drive_loop' runs a nested event loop: call to 'mini::run' here
  co_return;
}

struct service {
  int refresh() { return mini::run(compute()); }
};

mini::task<> through_a_method(service &s) {
  s.refresh();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'service::refresh' runs a nested event loop in coroutine 'through_a_method' (via 'mini::run')
  // CHECK-NOTES: :[[@LINE-6]]:26: note: 'service::refresh' runs a nested event loop: call to 'mini::run' here
  co_return;
}

// --- No diagnostic ----------------------------------------------------------

// The one loop of the program, started from main: nothing runs yet.
int main_like() { return mini::run(compute()); }

// A private loop on another thread does not stall the coroutine's.
mini::task<> private_loop_on_a_thread() {
  std::thread worker([] { mini::run(mini::task<>{}); });
  worker.join();
  co_return;
}

// The same through a helper: the thread's callable is not the helper's body.
void start_worker() {
  std::thread([] { mini::run(mini::task<>{}); }).detach();
}
mini::task<> starts_a_worker() {
  start_worker();
  co_return;
}

// Awaiting the task is the fix.
mini::task<> awaits_instead() {
  int v = co_await compute();
  (void)v;
}

// A coroutine lambda written here is a coroutine of its own; creating it
// runs nothing.
mini::task<> defines_a_coroutine_lambda() {
  auto inner = []() -> mini::task<> {
    co_await compute();
  };
  co_await inner();
}

// Silenced.
mini::task<> silenced() {
  mini::run(mini::task<>{}); // NOLINT(corolint-nested-run)
  co_return;
}

// --- Lambdas, templates, macros ---------------------------------------------

void coroutine_lambda() {
  auto handler = []() -> mini::task<> {
    drive_loop();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: call to 'drive_loop' runs a nested event loop in a coroutine lambda (via 'mini::run')
    // CHECK-NOTES: :[[@LINE-76]]:21: note: 'drive_loop' runs a nested event loop: call to 'mini::run' here
    co_return;
  };
  mini::run(handler()); // outside any coroutine: the program's loop
}

template <class T> mini::task<T> run_generic() {
  T v = mini::run(compute());
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: call to 'mini::run' in coroutine 'run_generic' runs a nested event loop
  co_return v;
}
mini::task<int> instantiate() { co_return co_await run_generic<int>(); }

// A template never instantiated is not analysed.
template <class T> mini::task<T> never_instantiated() {
  co_return mini::run(compute());
}

#define RUN_NOW(t) mini::run(t)
mini::task<> through_a_macro() {
  RUN_NOW(mini::task<>{});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'mini::run' in coroutine 'through_a_macro' runs a nested event loop
  // CHECK-NOTES: :[[@LINE-4]]:20: note: expanded from macro 'RUN_NOW'
  co_return;
}

// No diagnostic: a generic coroutine that runs the callable it is handed (an
// executor's bridge, whose callable runs wherever the executor runs it) is
// not charged with the loop the callable runs; the code that chose the
// callable is judged where it is written.
template <class F> mini::task<> bridge(F work) {
  work();
  co_return;
}
inline void drive() { mini::run(mini::task<>{}); }
void submits_a_loop() { (void)bridge([] { drive(); }); }

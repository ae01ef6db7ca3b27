// corolint-unawaited-task: tasks dropped through a conditional expression,
// one diagnostic per branch that creates a new task.
// CHECKS: corolint-unawaited-task
#include "mini.h"

mini::task<> send(int message);
mini::task<int> receive();
mini::task<> kept;

// --- Positive cases -------------------------------------------------------

mini::task<> both_branches_dropped(bool ok) {
  ok ? send(1) : send(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task returned by 'send' is discarded without being awaited
  // CHECK-MESSAGES: :[[@LINE-2]]:18: warning: task returned by 'send' is discarded without being awaited
  // CHECK-FIXES: co_await (ok ? send(1) : send(2));
  co_return;
}

mini::task<> one_branch_is_a_stored_task(bool ok) {
  ok ? send(1) : kept; // only the first branch is new: no fix (it would await the copy of `kept` too)
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task returned by 'send' is discarded without being awaited
  co_return;
}

mini::task<> nested_conditionals(int n) {
  n == 0 ? send(0) : n == 1 ? send(1) : send(2); // no fix: the inner conditional is not a single call
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: task returned by 'send' is discarded without being awaited
  // CHECK-MESSAGES: :[[@LINE-2]]:31: warning: task returned by 'send' is discarded without being awaited
  // CHECK-MESSAGES: :[[@LINE-3]]:41: warning: task returned by 'send' is discarded without being awaited
  co_return;
}

void outside_a_coroutine(bool ok) {
  ok ? send(1) : send(2); // no co_await outside a coroutine
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task returned by 'send' is discarded without being awaited
  // CHECK-MESSAGES: :[[@LINE-2]]:18: warning: task returned by 'send' is discarded without being awaited
}

mini::task<> local_from_a_conditional(bool ok) {
  auto t = ok ? send(1) : send(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 't' is never awaited, returned or passed on
  // CHECK-NOTES: :[[@LINE-2]]:17: note: task created here
  // CHECK-NOTES: :[[@LINE-3]]:27: note: task created here
  auto u = ok ? send(3) : std::move(kept);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 'u' is never awaited, returned or passed on
  // CHECK-NOTES: :[[@LINE-2]]:17: note: task created here
  co_return;
}

// --- No diagnostic --------------------------------------------------------

mini::task<> awaited_conditionals(bool ok) {
  co_await (ok ? send(1) : send(2)); // awaited as a whole
  auto t = ok ? send(3) : send(4);
  co_await t; // awaited later
  int v = co_await (ok ? receive() : receive());
  (void)v;
  (void)(ok ? send(5) : send(6)); // the cast says the drop is intentional
  ok ? (void)send(7) : (void)send(8); // the same, per branch
}

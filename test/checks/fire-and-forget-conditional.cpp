// corolint-fire-and-forget: spawn handles dropped through a conditional
// expression or another discarding position.
// CHECKS: corolint-fire-and-forget
#include "mini.h"

mini::task<int> compute();
mini::task<int> fallback();
mini::join_handle<int> existing();
mini::task<> refresh();

// --- Positive cases -------------------------------------------------------

mini::task<> spawn_on_a_branch(bool ok) {
  ok ? mini::spawn(compute()) : mini::spawn(fallback());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: result of 'mini::spawn' is discarded
  // CHECK-MESSAGES: :[[@LINE-2]]:33: warning: result of 'mini::spawn' is discarded
  ok ? mini::spawn(compute()) : existing(); // only the spawn starts untracked work
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: result of 'mini::spawn' is discarded
  co_return;
}

mini::task<> handle_from_a_conditional(bool ok) {
  auto h = ok ? mini::spawn(compute()) : existing();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: spawn handle 'h' is never awaited, joined, cancelled or passed on
  // CHECK-NOTES: :[[@LINE-2]]:17: note: task spawned here by 'mini::spawn'
  co_return;
}

void other_discarding_positions(int n) {
  mini::spawn(compute()), ++n; // the left operand of a comma
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'mini::spawn' is discarded
  for (mini::spawn(compute()); n < 3; ++n) {
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: result of 'mini::spawn' is discarded
  }
  switch (n) {
  case 1:
    mini::spawn(compute());
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: result of 'mini::spawn' is discarded
    break;
  default:
    break;
  }
}

// --- No diagnostic --------------------------------------------------------

mini::task<> handled(bool ok) {
  co_await (ok ? mini::spawn(compute()) : mini::spawn(fallback())); // awaited
  auto h = ok ? mini::spawn(compute()) : existing();
  co_await h; // awaited later
  (void)(ok ? mini::spawn(compute()) : existing()); // the cast says the drop is intentional
  int v = ({ mini::spawn(compute()); }).await_ready(); // a statement expression's value is used
  (void)v;
  mini::spawn_detached(refresh()); // returns nothing: there is no handle to drop
}

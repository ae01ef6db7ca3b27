// Fixture for corolint-unawaited-task.
#include "mini.h"

mini::task<int> compute();
mini::task<> store(int);
void consume(mini::task<int>);

// --- Positive cases -------------------------------------------------------

mini::task<> discards_a_task() {
  compute();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task returned by 'compute' is discarded without being awaited [corolint-unawaited-task]
  // CHECK-FIXES: co_await compute();
  co_return;
}

mini::task<> discards_an_awaiter() {
  mini::sleep(10);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable returned by 'mini::sleep' is discarded without being awaited
  // CHECK-FIXES: co_await mini::sleep(10);
  co_return;
}

mini::task<> local_never_awaited() {
  auto pending = compute();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 'pending' is never awaited, returned or passed on
  // CHECK-NOTES: :[[@LINE-2]]:18: note: task created here
  co_return;
}

mini::task<> local_only_inspected() {
  auto pending = compute();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 'pending' is never awaited, returned or passed on
  // CHECK-NOTES: :[[@LINE-2]]:18: note: task created here
  if (pending.done()) // a const member call only looks at it
    co_return;
}

void outside_a_coroutine() {
  compute(); // a lazy task that nobody starts: still a mistake, but no co_await fix here
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task returned by 'compute' is discarded without being awaited
}

mini::task<> discarding_positions(int n) {
  compute(), ++n; // the left operand of a comma
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task returned by 'compute' is discarded without being awaited
  // CHECK-FIXES: co_await compute(), ++n; // the left operand of a comma
  ++n, compute(); // the right operand of a discarded comma
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task returned by 'compute' is discarded without being awaited
  // CHECK-FIXES: ++n, co_await compute(); // the right operand of a discarded comma
  for (compute(); n < 3; ++n)
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task returned by 'compute' is discarded without being awaited
    // CHECK-FIXES: for (co_await compute(); n < 3; ++n)
    ;
  switch (n) {
  case 1:
    compute();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: task returned by 'compute' is discarded without being awaited
    // CHECK-FIXES: co_await compute();
    break;
  default:
    break;
  }
again:
  [[likely]] compute();
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: task returned by 'compute' is discarded without being awaited
  // CHECK-FIXES: [[likely]] co_await compute();
  if (++n < 5)
    goto again;
  co_return;
}

mini::task<> in_a_handler() {
  try {
    co_await compute();
  } catch (...) {
    compute(); // co_await is not allowed in a handler: no fix
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: task returned by 'compute' is discarded without being awaited
  }
}

struct pipeline {};
mini::task<> operator|(pipeline, int);

mini::task<> an_operator_call(pipeline p) {
  p | 1; // `co_await p | 1` would await `p`: the fix adds parentheses
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task returned by 'operator|' is discarded without being awaited
  // CHECK-FIXES: co_await (p | 1); // `co_await p | 1` would await `p`: the fix adds parentheses
  co_return;
}

template <class T> mini::task<T> make_value();

mini::task<> a_specialisation() {
  make_value<int>(); // the message names the function, not the specialisation
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task returned by 'make_value' is discarded without being awaited
  // CHECK-FIXES: co_await make_value<int>(); // the message names the function, not the specialisation
  co_return;
}

// --- No diagnostic --------------------------------------------------------

mini::task<> awaited() {
  co_await compute();        // awaited directly
  auto t = compute();
  co_await t;                // awaited later
  int v = co_await compute();
  co_await store(v);
}

mini::task<int> returned() { return compute(); } // handed to the caller

mini::task<> passed_on() {
  auto t = compute();
  consume(static_cast<mini::task<int> &&>(t)); // moved into another owner
  consume(compute());                          // passed directly
  co_return;
}

mini::task<> void_cast_is_intentional() {
  (void)compute(); // the cast says "I mean to drop it"
  co_return;
}

mini::task<> captured_by_lambda() {
  auto t = compute();
  auto later = [t]() { return t; }; // the lambda owns it now
  (void)later;
  co_return;
}

mini::task<> spawn_results_belong_to_fire_and_forget() {
  auto h = mini::spawn(compute()); // a join handle: corolint-fire-and-forget's business
  co_return;
}

struct not_awaitable { int value; };
not_awaitable make();
mini::task<> plain_values_are_fine() {
  make();
  co_return;
}

mini::task<> a_statement_expression_value() {
  auto t = ({ compute(); }); // the last statement is the expression's value
  co_await t;
}

mini::task<> unevaluated() {
  using T = decltype(compute(), 0); // never evaluated
  (void)sizeof(compute(), 0);
  T v = 0;
  (void)v;
  co_return;
}

template <class T> mini::task<> generic(T x) {
  co_await compute();
  co_return;
}
template mini::task<> generic<int>(int);

// corolint-unawaited-task with FlagVoidCast: `(void)` no longer silences it.
// CHECKS: corolint-unawaited-task
// CHECK-OPTION: corolint-unawaited-task.FlagVoidCast=true
#include "aio/task.hpp"
#include "mini.h"

mini::task<int> compute();

mini::task<> void_cast_flagged() {
  (void)compute();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: task returned by 'compute' is discarded without being awaited
  co_return;
}

aio::task<int> fetch(); // a task with a destructor: the cast sits in cleanups

mini::task<> void_cast_of_a_task_with_a_destructor() {
  (void)fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: task returned by 'fetch' is discarded without being awaited
  co_return;
}

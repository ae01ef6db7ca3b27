// corolint-unawaited-task with FlagVoidCast: `(void)` no longer silences it.
// CHECKS: corolint-unawaited-task
// CHECK-OPTION: corolint-unawaited-task.FlagVoidCast=true
#include "mini_task.h"

mini::task<int> compute();

mini::task<> void_cast_flagged() {
  (void)compute();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: task returned by 'compute' is discarded without being awaited
  co_return;
}

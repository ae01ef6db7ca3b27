// corolint-fire-and-forget with FlagVoidCast: `(void)` no longer silences it.
// CHECKS: corolint-fire-and-forget
// CHECK-OPTION: corolint-fire-and-forget.FlagVoidCast=true
#include "mini.h"

#include <future>

mini::task<int> compute();
void work();

mini::task<> void_cast_flagged() {
  (void)mini::spawn(compute());
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: result of 'mini::spawn' is discarded
  (void)std::async(work);
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: future returned by 'std::async' is discarded
  co_return;
}

// corolint-blocking-call with Replacements: a configured asynchronous
// equivalent becomes a fix-it on the warning.
// CHECKS: corolint-blocking-call
// CHECK-OPTION: corolint-blocking-call.Replacements=std::this_thread::sleep_for=co_await offl::sleep;::offl::legacy_fetch=co_await offl::fetch_async
#include "mini.h"

#include <stdexcept>
#include <unistd.h>
#include <thread>

using namespace std::chrono_literals;

namespace offl {
mini::task<int> fetch_async(int key);
}

mini::task<> replaced() {
  std::this_thread::sleep_for(100ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'replaced' stalls the event loop
  // CHECK-FIXES: co_await offl::sleep(100ms);
  int v = offl::legacy_fetch(1) + 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: blocking call to 'offl::legacy_fetch' in coroutine 'replaced'
  // CHECK-FIXES: int v = co_await offl::fetch_async(1) + 1;
  using namespace std::this_thread;
  sleep_for(std::chrono::milliseconds(v));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'replaced'
  // CHECK-FIXES: co_await offl::sleep(std::chrono::milliseconds(v));
  co_return;
}

// --- Warnings without a fix -------------------------------------------------

#define NAP() std::this_thread::sleep_for(1ms)
void pause_briefly() { std::this_thread::sleep_for(1ms); }

mini::task<> not_replaced() {
  auto nap = [] { std::this_thread::sleep_for(1ms); };
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'not_replaced'
  // CHECK-FIXES: auto nap = [] { std::this_thread::sleep_for(1ms); };
  nap(); // co_await is not allowed in the non-coroutine lambda
  NAP();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'not_replaced'
  // CHECK-NOTES: :[[@LINE-10]]:15: note: expanded from macro 'NAP'
  // CHECK-FIXES: NAP();
  try {
    throw std::runtime_error("x");
  } catch (...) {
    std::this_thread::sleep_for(1ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'not_replaced'
    // CHECK-FIXES: std::this_thread::sleep_for(1ms);
  }
  pause_briefly();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'pause_briefly' blocks the event loop in coroutine 'not_replaced' (via 'std::this_thread::sleep_for')
  // CHECK-NOTES: :[[@LINE-20]]:24: note: 'pause_briefly' blocks: call to 'std::this_thread::sleep_for' here
  // CHECK-FIXES: pause_briefly();
  ::usleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'usleep' in coroutine 'not_replaced'
  // CHECK-FIXES: ::usleep(1);
  co_return;
}
